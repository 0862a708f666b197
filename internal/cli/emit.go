package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing/fstest"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/config"
	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/emit/prismamig"
	"github.com/migrate-bot/migrate-bot/internal/engine/emit/sqlfile"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/gitrepo"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// migrationHistory is a project's existing migrations directory, which the
// new migration continues: its files are rooted at the directory itself.
type migrationHistory struct {
	fsys fs.FS
	// label names the directory in messages ("--migrations prisma/migrations",
	// "feature:prisma/migrations").
	label string
}

// diskHistory opens --migrations DIR. A missing directory is an empty
// history: the project's first migration creates it.
func diskHistory(dir string) (*migrationHistory, error) {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("--migrations: %w", err)
	case !info.IsDir():
		return nil, fmt.Errorf("--migrations: %s is not a folder", dir)
	}
	return &migrationHistory{fsys: os.DirFS(dir), label: "--migrations " + dir}, nil
}

// gitHistory reads a project's migrations directory at a commit (absent:
// an empty history). Prisma keeps each migration in a folder, so its
// directory is read recursively; the SQL conventions keep files flat.
func gitHistory(repo *gitrepo.Repo, c *gitrepo.Commit, dir, format string) (*migrationHistory, error) {
	files, err := repo.ReadDir(c, dir, format == config.FormatPrisma, func(string) bool { return true })
	if err != nil && !errors.Is(err, gitrepo.ErrNotExist) {
		return nil, err
	}
	// The emitters read an fs.FS; fstest.MapFS is the standard library's
	// in-memory one (it synthesizes the folders of the paths it holds).
	m := fstest.MapFS{}
	for _, f := range files {
		m[strings.TrimPrefix(f.Path, dir+"/")] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return &migrationHistory{fsys: m, label: c.Rev + ":" + dir}, nil
}

// migrationFiles writes the plan in the job's format, continuing the
// job's history when there is one. The paths are relative to the
// migrations directory.
func (e *env) migrationFiles(p *plan.Plan, d *dialect.Dialect, name string, j job) ([]schema.File, error) {
	if j.format == config.FormatPrisma {
		return e.prismaFiles(p, d, name, j)
	}
	if j.history == nil {
		return sqlfile.Files(p, sqlfile.Options{Version: e.migrationVersion(j.version), Name: name}), nil
	}
	conv, names, err := sqlfile.DetectConventionFS(j.history.fsys, ".")
	if errors.Is(err, fs.ErrNotExist) {
		conv, names, err = sqlfile.DefaultConvention, nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", j.history.label, err)
	}
	version := j.version
	if version == "" {
		version = sqlfile.NextVersion(conv, names, e.now())
	}
	return sqlfile.FilesFor(p, conv, names, sqlfile.Options{Version: version, Name: name}), nil
}

// prismaFiles writes the plan as Prisma migration folders. The provider
// comes from the dialect; a history written for another provider (its
// migration_lock.toml) is an error, since Prisma refuses to deploy it.
func (e *env) prismaFiles(p *plan.Plan, d *dialect.Dialect, name string, j job) ([]schema.File, error) {
	provider, err := prismamig.ProviderFor(d.Name)
	if err != nil {
		return nil, fmt.Errorf("format prisma: %w", err)
	}
	var h *prismamig.History
	if j.history != nil {
		if h, err = prismamig.ReadHistory(j.history.fsys, "."); err != nil {
			return nil, fmt.Errorf("%s: %w", j.history.label, err)
		}
		if h.Provider != "" && h.Provider != provider {
			return nil, fmt.Errorf("%s: %s says provider %q, but the schema is for %s (provider %q): plan with the dialect the migrations were written for",
				j.history.label, prismamig.LockFileName, h.Provider, d.Name, provider)
		}
	}
	now := e.now()
	if j.version != "" {
		// A fixed --version fixes the folder's timestamp (still moved
		// after the newest existing folder).
		if now, err = time.Parse(prismamig.TimestampLayout, j.version); err != nil {
			return nil, fmt.Errorf("--version %q: a Prisma migration folder starts with a UTC timestamp YYYYMMDDHHMMSS, e.g. 20250101120000", j.version)
		}
	}
	files, err := prismamig.Files(p, h, prismamig.Options{Name: name, Now: now, Provider: provider})
	if err != nil {
		return nil, fmt.Errorf("format prisma: %w", err)
	}
	return files, nil
}

// placeFiles writes the files under j.writeDir keeping their paths
// relative to the migrations directory (or keeps them for printing), and
// records where they belong in the repository. It never overwrites: when
// one destination exists, nothing is written.
func (e *env) placeFiles(files []schema.File, j job) ([]report.File, error) {
	var out []report.File
	for _, f := range files {
		rf := report.File{Name: f.Path, Kind: fileKind(f.Path), Content: string(f.Data)}
		if j.repoMigrations != "" {
			rf.RepoPath = path.Join(j.repoMigrations, f.Path)
		}
		if j.writeDir != "" {
			rf.Path = filepath.Join(j.writeDir, filepath.FromSlash(f.Path))
		}
		out = append(out, rf)
	}
	if j.writeDir == "" {
		return out, nil
	}
	for _, rf := range out {
		if _, err := os.Lstat(rf.Path); err == nil {
			return nil, fmt.Errorf("%s already exists: migrate-bot never overwrites a file (nothing was written; remove it or choose another --out, --name or --version)", rf.Path)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	for _, rf := range out {
		if err := writeNew(rf.Path, []byte(rf.Content)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// writeNew creates a file that must not exist yet, and its folders.
func writeNew(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// fileKind tells a migration file's role from its name. Goose and dbmate
// files hold the up section first and the down section after it; they
// count as up files, so findings point at their lines.
func fileKind(name string) string {
	base := path.Base(name)
	switch {
	case strings.HasSuffix(base, ".up.sql") || base == "migration.sql":
		return "up"
	case strings.HasSuffix(base, ".down.sql") || base == "down.sql":
		return "down"
	case base == prismamig.LockFileName:
		return "lock"
	case strings.HasSuffix(base, ".sql"):
		return "up"
	}
	return "other"
}
