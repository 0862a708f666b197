package config

import (
	"fmt"
	"path"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
)

// Path is where the configuration lives in a repository.
const Path = ".github/migrate-bot.yml"

// SupportedVersion is the only value of the top-level `version` key.
const SupportedVersion = 1

// The migration formats a project may be written in (pipeline.EmitFiles
// writes each).
const (
	FormatSQL     = "sql"
	FormatPrisma  = "prisma"
	FormatAlembic = "alembic"
	FormatKnex    = "knex"
)

// Formats lists the accepted values of a project's `format` key.
var Formats = []string{FormatSQL, FormatPrisma, FormatAlembic, FormatKnex}

// Config is a parsed `.github/migrate-bot.yml`.
type Config struct {
	// File is the name the configuration was read under, used in messages.
	File     string
	Version  int
	Projects []*Project
	// Lint tunes the rules for every project (the top-level `lint` key).
	Lint lint.Config
}

// Project is one schema the bot watches.
type Project struct {
	// Name identifies the project in reports and names its output folder.
	Name string
	// Schema is the repository path of the schema: a .prisma or .sql file,
	// or a folder of them.
	Schema string
	// Dialect is the database dialect; empty means "from the Prisma
	// provider, else postgres".
	Dialect string
	// DialectVersion is the server version ("15"); empty means the newest
	// the planner supports.
	DialectVersion string
	// Format is the migration format to write (Formats); default "sql".
	Format string
	// Migrations is the repository directory of the project's migrations:
	// the new migration continues the history found there at head.
	Migrations string
	// Renames are confirmed renames, OLD=NEW as for `plan --rename`.
	Renames []Rename
	// Lint tunes the rules for this project, over the top-level Lint.
	Lint lint.Config
	// Index is the project's position in the projects list, Line its line.
	Index, Line int
}

// Rename is one entry of a project's `renames` list, with its line so a
// rename the differ rejects can be reported where it was written.
type Rename struct {
	Value string
	Line  int
}

// Key returns the key path of the project for messages ("projects[0]").
func (p *Project) Key() string { return fmt.Sprintf("projects[%d]", p.Index) }

// Error is a problem in the configuration file at a line and key.
type Error struct {
	File string
	Line int
	// Key is the path of the offending key ("projects[0].dialect"), empty
	// for problems with the document as a whole.
	Key string
	Msg string
}

// Error renders "file:line: key: message".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// checkDialect validates a dialect name and version the way the planner
// will resolve them, so a typo fails when the file is read.
func checkDialect(name, version string) (dialectMsg, versionMsg string) {
	if name != "" {
		if _, err := dialect.Lookup(name, ""); err != nil {
			return fmt.Sprintf("unknown dialect %q (want postgres, mysql, mariadb or sqlite)", name), ""
		}
	}
	if version == "" {
		return "", ""
	}
	if _, err := dialect.ParseVersion(version); err != nil {
		return "", fmt.Sprintf("invalid version %q: want MAJOR or MAJOR.MINOR, e.g. \"15\"", version)
	}
	if name != "" {
		if _, err := dialect.Lookup(name, version); err != nil {
			return "", err.Error()
		}
	}
	return "", ""
}

// checkRepoPath validates a repository-relative path: forward slashes, no
// leading slash, no "..", already clean.
func checkRepoPath(p string) string {
	switch {
	case p == "":
		return "must not be empty"
	case strings.HasPrefix(p, "/"):
		return fmt.Sprintf("%q must be relative to the repository root", p)
	case strings.Contains(p, `\`):
		return fmt.Sprintf("%q: use forward slashes", p)
	case path.Clean(p) != strings.TrimSuffix(p, "/"):
		return fmt.Sprintf("%q is not a clean path (want %q)", p, path.Clean(p))
	case p == ".." || strings.HasPrefix(p, "../"):
		return fmt.Sprintf("%q leaves the repository", p)
	}
	return ""
}

// checkName validates a project name: it names an output folder.
func checkName(n string) string {
	if n == "" {
		return "must not be empty"
	}
	for _, r := range n {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return fmt.Sprintf("%q: use letters, digits, '-', '_' and '.' only", n)
		}
	}
	if n == "." || n == ".." {
		return fmt.Sprintf("%q is not a usable name", n)
	}
	return ""
}

// checkRename validates the OLD=NEW shape; the differ checks the names.
func checkRename(v string) string {
	old, nu, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(old) == "" || strings.TrimSpace(nu) == "" {
		return fmt.Sprintf("%q: want OLD=NEW, e.g. users.phone=users.phone_number", v)
	}
	return ""
}
