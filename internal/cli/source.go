package cli

import (
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	// The pgx database/sql driver, registered as "pgx", for database URLs.
	// The mysql and sqlite drivers are registered in targetdb.go.
	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/gitrepo"
	"github.com/migrate-bot/migrate-bot/internal/pipeline"
)

// source is a resolved SOURCE: a pipeline side (its files, or a database
// URL the side's Inspect reads), and once parsed, its schema.
type source struct {
	pipeline.Side
	url string
	// db is where a database source connects.
	db dbSource
}

// resolveSource reads a SOURCE spec given after flag (--from or --to).
func (e *env) resolveSource(flag, spec string) (*source, error) {
	src := &source{Side: pipeline.Side{Label: flag + " " + spec}}
	switch {
	case spec == "empty":
		src.Kind = pipeline.SideEmpty
		return src, nil
	case hasDatabaseScheme(spec):
		src.Kind, src.url = pipeline.SideDatabase, spec
		src.Label = flag + " " + redact(spec)
		db, err := parseDatabaseURL(spec)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", flag, err)
		}
		src.db, src.DBFamily = db, db.family
		src.Inspect = func(ctx context.Context) (*schema.Schema, error) { return inspectDatabase(ctx, db) }
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

// readDisk reads a file or a folder from the file system.
func (s *source) readDisk(p string) error {
	info, err := os.Stat(p)
	if err != nil {
		return fmt.Errorf("%s: %w", s.Label, err)
	}
	if !info.IsDir() {
		k, ok := pipeline.KindOf(p)
		if !ok {
			return fmt.Errorf("%s: %s is not %s", s.Label, p, pipeline.SchemaFileKinds)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("%s: %w", s.Label, err)
		}
		s.Kind, s.Files = k, []schema.File{{Path: filepath.ToSlash(p), Data: data}}
		return nil
	}
	// The folder's kind is the first of pipeline.FolderKinds it holds files
	// of (Prisma and SQLAlchemy nest them, SQL and documents are flat).
	var names []string
	for _, fk := range pipeline.FolderKinds {
		if names, err = schemaFiles(p, fk.Recursive, pipeline.IsKind(fk.Kind)); err != nil {
			return fmt.Errorf("%s: %w", s.Label, err)
		}
		if fk.Kind == pipeline.SideSQLAlchemy {
			names = slices.DeleteFunc(names, func(n string) bool { return !pipeline.IsModelFile(p, n) })
		}
		if len(names) > 0 {
			s.Kind = fk.Kind
			break
		}
	}
	if len(names) == 0 {
		return fmt.Errorf("%s: folder %s holds no schema files (.prisma, .sql, .py or .yaml/.yml/.json)", s.Label, p)
	}
	sort.Strings(names)
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			return fmt.Errorf("%s: %w", s.Label, err)
		}
		s.Files = append(s.Files, schema.File{Path: filepath.ToSlash(n), Data: data})
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
		return fmt.Errorf("%s: %w", s.Label, err)
	}
	if strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") || p == "." || p == ".." {
		// Relative to the current directory, as git show REV:./PATH does.
		root, _ := filepath.EvalSymlinks(repo.Root)
		here, _ := filepath.EvalSymlinks(dir)
		rel, err := filepath.Rel(root, filepath.Join(here, p))
		if err != nil || strings.HasPrefix(rel, "..") {
			return fmt.Errorf("%s: %s is outside the repository %s", s.Label, p, repo.Root)
		}
		p = filepath.ToSlash(rel)
	}
	c, err := repo.Resolve(rev)
	if err != nil {
		return fmt.Errorf("%s: %w", s.Label, err)
	}
	files, kind, err := pipeline.ReadGitSchema(repo, c, p)
	if err != nil {
		return fmt.Errorf("%s: %w", s.Label, err)
	}
	s.Kind, s.Files = kind, files
	return nil
}

// schemaFiles lists the regular files of folder dir that keep accepts,
// walking subfolders when recursive.
func schemaFiles(dir string, recursive bool, keep func(string) bool) ([]string, error) {
	var names []string
	err := filepath.WalkDir(dir, func(fp string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && fp != dir && !recursive {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() && keep(d.Name()) {
			names = append(names, fp)
		}
		return nil
	})
	return names, err
}
