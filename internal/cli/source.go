package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	// The pgx database/sql driver, registered as "pgx", for database URLs.
	// The mysql and sqlite drivers are registered in targetdb.go.
	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/prisma"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqlddl"
	"github.com/migrate-bot/migrate-bot/internal/gitrepo"
)

// sourceKind says how a SOURCE is read.
type sourceKind int

const (
	sourceEmpty sourceKind = iota
	sourcePrisma
	sourceSQL
	sourceDatabase
)

// source is a resolved SOURCE: its files (or URL), and once parsed, its
// schema. Prisma sources are parsed as soon as they are read, because
// their provider decides the dialect the SQL sides are parsed with.
type source struct {
	// label names the source in messages ("--to prisma/schema.prisma").
	label string
	kind  sourceKind
	files []schema.File
	url   string
	// db is where a database source connects.
	db     dbSource
	schema *schema.Schema
}

// resolveSource reads a SOURCE spec given after flag (--from or --to).
func (e *env) resolveSource(flag, spec string) (*source, error) {
	src := &source{label: flag + " " + spec}
	switch {
	case spec == "empty":
		src.kind = sourceEmpty
		return src, nil
	case hasDatabaseScheme(spec):
		src.kind, src.url = sourceDatabase, spec
		src.label = flag + " " + redact(spec)
		db, err := parseDatabaseURL(spec)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", flag, err)
		}
		src.db = db
		return src, nil
	case strings.Contains(spec, "://"):
		scheme, _, _ := strings.Cut(spec, "://")
		return nil, fmt.Errorf("%s: unsupported database URL scheme %q (want postgres://, mysql://, sqlite:/// or file:)", flag, scheme)
	}
	if _, err := os.Stat(spec); err == nil {
		return src, src.readDisk(spec)
	}
	if rev, p, ok := strings.Cut(spec, ":"); ok && rev != "" {
		return src, e.readRevision(src, rev, p)
	}
	return nil, fmt.Errorf("%s: %s: no such file or folder (a SOURCE is a .prisma or .sql file, a folder, REV:PATH, a postgres:// URL or empty)", flag, spec)
}

func hasDatabaseScheme(s string) bool {
	for _, p := range databaseSchemes {
		if strings.HasPrefix(strings.ToLower(s), p) {
			return true
		}
	}
	return false
}

// redact hides a database URL's password for messages.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(database URL)"
	}
	return u.Redacted()
}

// kindOf tells a schema file's kind by its extension.
func kindOf(name string) (sourceKind, bool) {
	switch strings.ToLower(path.Ext(name)) {
	case ".prisma":
		return sourcePrisma, true
	case ".sql":
		return sourceSQL, true
	}
	return 0, false
}

func isPrisma(name string) bool { k, ok := kindOf(name); return ok && k == sourcePrisma }
func isSQL(name string) bool    { k, ok := kindOf(name); return ok && k == sourceSQL }

// readDisk reads a file or a folder from the file system.
func (s *source) readDisk(p string) error {
	info, err := os.Stat(p)
	if err != nil {
		return fmt.Errorf("%s: %w", s.label, err)
	}
	if !info.IsDir() {
		k, ok := kindOf(p)
		if !ok {
			return fmt.Errorf("%s: %s is neither a .prisma nor a .sql file", s.label, p)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("%s: %w", s.label, err)
		}
		s.kind, s.files = k, []schema.File{{Path: filepath.ToSlash(p), Data: data}}
		return nil
	}
	// A Prisma schema folder may nest files in subfolders; an SQL folder is
	// read flat, in name order, so a migrations/ subfolder is not mistaken
	// for the schema.
	var prismaFiles []string
	err = filepath.WalkDir(p, func(fp string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && isPrisma(d.Name()) {
			prismaFiles = append(prismaFiles, fp)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", s.label, err)
	}
	names := prismaFiles
	s.kind = sourcePrisma
	if len(names) == 0 {
		entries, err := os.ReadDir(p)
		if err != nil {
			return fmt.Errorf("%s: %w", s.label, err)
		}
		for _, ent := range entries {
			if ent.Type().IsRegular() && isSQL(ent.Name()) {
				names = append(names, filepath.Join(p, ent.Name()))
			}
		}
		s.kind = sourceSQL
	}
	if len(names) == 0 {
		return fmt.Errorf("%s: folder %s holds no .prisma or .sql files", s.label, p)
	}
	sort.Strings(names)
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			return fmt.Errorf("%s: %w", s.label, err)
		}
		s.files = append(s.files, schema.File{Path: filepath.ToSlash(n), Data: data})
	}
	return nil
}

// readRevision reads REV:PATH from the repository around the current
// directory.
func (e *env) readRevision(s *source, rev, p string) error {
	dir, err := cwd()
	if err != nil {
		return err
	}
	repo, err := gitrepo.Open(dir)
	if err != nil {
		return fmt.Errorf("%s: %w", s.label, err)
	}
	if strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") || p == "." || p == ".." {
		// Relative to the current directory, as git show REV:./PATH does.
		root, _ := filepath.EvalSymlinks(repo.Root)
		here, _ := filepath.EvalSymlinks(dir)
		rel, err := filepath.Rel(root, filepath.Join(here, p))
		if err != nil || strings.HasPrefix(rel, "..") {
			return fmt.Errorf("%s: %s is outside the repository %s", s.label, p, repo.Root)
		}
		p = filepath.ToSlash(rel)
	}
	c, err := repo.Resolve(rev)
	if err != nil {
		return fmt.Errorf("%s: %w", s.label, err)
	}
	files, kind, err := readGitSchema(repo, c, p)
	if err != nil {
		return fmt.Errorf("%s: %w", s.label, err)
	}
	s.kind, s.files = kind, files
	return nil
}

// readGitSchema reads a schema file or folder at a commit, with the same
// folder rules as on disk. The error wraps gitrepo.ErrNotExist when the
// path is absent.
func readGitSchema(repo *gitrepo.Repo, c *gitrepo.Commit, p string) ([]schema.File, sourceKind, error) {
	dir, err := repo.IsDir(c, p)
	if err != nil {
		return nil, 0, err
	}
	if !dir {
		k, ok := kindOf(p)
		if !ok {
			if _, err := repo.ReadFile(c, p); err != nil {
				return nil, 0, err
			}
			return nil, 0, fmt.Errorf("%s:%s is neither a .prisma nor a .sql file", c.Rev, p)
		}
		f, err := repo.ReadFile(c, p)
		if err != nil {
			return nil, 0, err
		}
		return []schema.File{f}, k, nil
	}
	files, err := repo.ReadDir(c, p, true, isPrisma)
	if err != nil {
		return nil, 0, err
	}
	if len(files) > 0 {
		return files, sourcePrisma, nil
	}
	if files, err = repo.ReadDir(c, p, false, isSQL); err != nil {
		return nil, 0, err
	}
	if len(files) == 0 {
		return nil, 0, fmt.Errorf("%s:%s: folder holds no .prisma or .sql files", c.Rev, p)
	}
	return files, sourceSQL, nil
}

// parsePrisma parses a Prisma source; other kinds wait for the dialect.
func (s *source) parsePrisma() error {
	if s.kind != sourcePrisma {
		return nil
	}
	sc, err := prisma.Parse(s.files...)
	if err != nil {
		return readerError(s, err)
	}
	s.schema = sc
	return nil
}

// parse reads the source's schema for dialect d; SQL files are read with
// sqlp, which the sides of one plan share.
func (s *source) parse(ctx context.Context, d *dialect.Dialect, sqlp *sqlddl.Parser) error {
	switch s.kind {
	case sourceEmpty:
		s.schema = &schema.Schema{Dialect: d.Name}
	case sourcePrisma:
		if s.schema == nil {
			return s.parsePrisma()
		}
	case sourceSQL:
		if s.schema != nil {
			return nil // read with the other side (parseSQLSides)
		}
		var sc *schema.Schema
		var err error
		if familyOf(d.Name) == "postgres" {
			sc, err = sqlp.Parse(s.files...)
		} else {
			sc, err = parseSQLFiles(d, s.files)
		}
		if err != nil {
			return readerError(s, err)
		}
		s.schema = sc
	case sourceDatabase:
		if fam := familyOf(d.Name); fam != s.db.family {
			return fmt.Errorf("%s is a %s database but the dialect is %s", s.label, s.db.family, d.Name)
		}
		sc, err := inspectDatabase(ctx, s.db)
		if err != nil {
			return fmt.Errorf("%s: %w", s.label, err)
		}
		s.schema = sc
	}
	return nil
}

// readerError keeps a reader's file:line:col message first; other errors
// get the source's label.
func readerError(s *source, err error) error {
	var pe *schema.PosError
	if errors.As(err, &pe) && !pe.Pos.IsZero() {
		return err
	}
	return fmt.Errorf("%s: %w", s.label, err)
}
