package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/mysqlddl"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/prisma"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/schemadoc"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqlalchemy"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqlddl"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqliteddl"
	"github.com/migrate-bot/migrate-bot/internal/gitrepo"
)

// SideKind says how one side of a plan is read.
type SideKind int

// The kinds of side.
const (
	// SideEmpty is no schema at all (a project's first migration).
	SideEmpty SideKind = iota
	// SidePrisma is one or more .prisma files.
	SidePrisma
	// SideSQL is .sql DDL files, read with the dialect's reader.
	SideSQL
	// SideDatabase is a live database, read by the side's Inspect.
	SideDatabase
	// SideSQLAlchemy is SQLAlchemy models: .py files read statically
	// (never run), for Alembic projects.
	SideSQLAlchemy
	// SideDocument is a YAML or JSON schema document
	// (docs/schema-document.md), for Knex projects.
	SideDocument
)

// Side is one side of a plan (the schema before or after): its files or
// its database, and once parsed, its schema. Prisma sides are parsed first,
// because their provider decides the dialect the SQL sides are read with.
type Side struct {
	// Label names the side in messages ("schema at main:db/schema.sql").
	Label string
	Kind  SideKind
	Files []schema.File
	// DBFamily ("postgres", "mysql", "sqlite") and Inspect describe a
	// SideDatabase: Inspect reads its schema.
	DBFamily string
	Inspect  func(ctx context.Context) (*schema.Schema, error)
	// Schema is the parsed schema (set by ParseSides).
	Schema *schema.Schema
}

// KindOf tells a schema file's kind by its extension.
func KindOf(name string) (SideKind, bool) {
	switch strings.ToLower(path.Ext(name)) {
	case ".prisma":
		return SidePrisma, true
	case ".sql":
		return SideSQL, true
	case ".py":
		return SideSQLAlchemy, true
	case ".yaml", ".yml", ".json":
		return SideDocument, true
	}
	return 0, false
}

// SchemaFileKinds names the schema files KindOf knows, for messages.
const SchemaFileKinds = "a .prisma, .sql, .py (SQLAlchemy models) or .yaml/.yml/.json (schema document) file"

// FolderKinds are the kinds a schema folder may hold, in the order they
// are looked for, and whether the folder is read recursively: Prisma and
// SQLAlchemy schemas nest files in subfolders (a Python package); SQL
// files and schema documents are read flat, in name order, so that a
// migrations/ subfolder is never mistaken for the schema.
var FolderKinds = []struct {
	Kind      SideKind
	Recursive bool
}{{SidePrisma, true}, {SideSQL, false}, {SideSQLAlchemy, true}, {SideDocument, false}}

// IsModelFile reports whether file, found under the models folder root,
// is read as SQLAlchemy models: not under a folder sqlalchemy.SkipFolder
// leaves out (migrations, virtual environments, caches...).
func IsModelFile(root, file string) bool {
	rel := strings.TrimPrefix(strings.TrimPrefix(filepath.ToSlash(filepath.Clean(file)), filepath.ToSlash(filepath.Clean(root))), "/")
	parts := strings.Split(rel, "/")
	for _, dir := range parts[:len(parts)-1] {
		if sqlalchemy.SkipFolder(dir) {
			return false
		}
	}
	return true
}

// IsKind returns the file-name test of one kind, for folder walks.
func IsKind(k SideKind) func(name string) bool {
	return func(name string) bool { got, ok := KindOf(name); return ok && got == k }
}

// IsPrisma reports whether name is a .prisma file.
func IsPrisma(name string) bool { k, ok := KindOf(name); return ok && k == SidePrisma }

// IsSQL reports whether name is a .sql file.
func IsSQL(name string) bool { k, ok := KindOf(name); return ok && k == SideSQL }

// ReadGitSchema reads a schema file or folder at a commit: a folder holds
// .prisma files (nested) or else .sql files (flat, in name order, so a
// migrations/ subfolder is not mistaken for the schema). The error wraps
// gitrepo.ErrNotExist when the path is absent.
func ReadGitSchema(repo *gitrepo.Repo, c *gitrepo.Commit, p string) ([]schema.File, SideKind, error) {
	dir, err := repo.IsDir(c, p)
	if err != nil {
		return nil, 0, err
	}
	if !dir {
		k, ok := KindOf(p)
		if !ok {
			if _, err := repo.ReadFile(c, p); err != nil {
				return nil, 0, err
			}
			return nil, 0, fmt.Errorf("%s:%s is not %s", c.Rev, p, SchemaFileKinds)
		}
		f, err := repo.ReadFile(c, p)
		if err != nil {
			return nil, 0, err
		}
		return []schema.File{f}, k, nil
	}
	for _, fk := range FolderKinds {
		files, err := repo.ReadDir(c, p, fk.Recursive, IsKind(fk.Kind))
		if err != nil {
			return nil, 0, err
		}
		if fk.Kind == SideSQLAlchemy {
			files = slices.DeleteFunc(files, func(f schema.File) bool { return !IsModelFile(p, f.Path) })
		}
		if len(files) > 0 {
			return files, fk.Kind, nil
		}
	}
	return nil, 0, fmt.Errorf("%s:%s: folder holds no schema files (.prisma, .sql, .py or .yaml/.yml/.json)", c.Rev, p)
}

// Family is the family a dialect name belongs to ("mariadb" is "mysql");
// unknown names are their own family.
func Family(name string) string {
	d, err := dialect.Lookup(name, "")
	if err != nil {
		return name
	}
	if d.MySQL != nil {
		return "mysql"
	}
	return d.Name
}

// ParseSQL reads .sql files with the reader of d's family: sqlddl
// (pg_query) for PostgreSQL, mysqlddl for MySQL and MariaDB, sqliteddl
// (SQLite itself) for SQLite.
func ParseSQL(d *dialect.Dialect, files []schema.File) (*schema.Schema, error) {
	switch Family(d.Name) {
	case "mysql":
		return mysqlddl.Parse(d, files...)
	case "sqlite":
		return sqliteddl.Parse(d, files...)
	}
	return sqlddl.Parse(d, files...)
}

// ParseSides parses the sides and settles the dialect: name (a flag or a
// project's dialect key), else the Prisma provider, else the family of a
// database side, else postgres. what names the dialect's origin in
// messages. MySQL and MariaDB are one family: a Prisma provider "mysql"
// goes with the dialect mariadb.
func ParseSides(ctx context.Context, name, what, version string, sides ...*Side) (*dialect.Dialect, error) {
	var provider, dbFamily string
	var providerFrom, dbFrom *Side
	// The Prisma sides are read in parallel: a reader uses one processor.
	prismaErrs := make([]error, len(sides))
	var wg sync.WaitGroup
	for i, s := range sides {
		wg.Go(func() { prismaErrs[i] = s.parsePrisma() })
	}
	wg.Wait()
	for i, s := range sides {
		if s.Kind == SideDatabase {
			if dbFamily != "" && dbFamily != s.DBFamily {
				return nil, fmt.Errorf("%s is a %s database but %s is a %s database: both sides must use one dialect",
					dbFrom.Label, dbFamily, s.Label, s.DBFamily)
			}
			dbFamily, dbFrom = s.DBFamily, s
		}
		if err := prismaErrs[i]; err != nil {
			return nil, err
		}
		if s.Schema == nil || s.Schema.Dialect == "" {
			continue
		}
		if provider != "" && provider != s.Schema.Dialect {
			return nil, fmt.Errorf("%s is for %s but %s is for %s: both sides must use one dialect",
				providerFrom.Label, provider, s.Label, s.Schema.Dialect)
		}
		provider, providerFrom = s.Schema.Dialect, s
	}
	chosen := name
	if chosen == "" {
		chosen = provider
	}
	if chosen == "" {
		chosen = dbFamily
	}
	if chosen == "" {
		chosen = "postgres"
	}
	d, err := dialect.Lookup(chosen, version)
	if err != nil {
		if name == "" && provider != "" {
			return nil, fmt.Errorf("%s: %w", providerFrom.Label, err)
		}
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if name != "" && provider != "" && Family(provider) != Family(d.Name) {
		return nil, fmt.Errorf("%s %s contradicts %s, whose provider is %s", what, name, providerFrom.Label, provider)
	}
	if dbFamily != "" && dbFamily != Family(d.Name) {
		return nil, fmt.Errorf("%s is a %s database but the dialect is %s", dbFrom.Label, dbFamily, d.Name)
	}
	// One SQL parser for both sides: statements the sides share are
	// parsed once, and the sides are read in parallel.
	sqlp := sqlddl.NewParser(d)
	if err := parseSQLSides(d, sqlp, sides); err != nil {
		return nil, err
	}
	for _, s := range sides {
		if err := s.parse(ctx, d, sqlp); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// parseSQLSides reads the SQL sides together, with the family's
// ParseEach (PostgreSQL: sqlp; SQLite: one sqliteddl.Reader, which
// executes the statements the sides share once; MySQL: mysqlddl, the
// sides in parallel), and returns the error of the first failing one.
func parseSQLSides(d *dialect.Dialect, sqlp *sqlddl.Parser, sides []*Side) error {
	parseEach := sqlp.ParseEach
	switch Family(d.Name) {
	case "sqlite":
		parseEach = sqliteddl.NewReader(d).ParseEach
	case "mysql":
		parseEach = func(files ...[]schema.File) ([]*schema.Schema, error) { return mysqlddl.ParseEach(d, files...) }
	}
	var sqlSides []*Side
	var files [][]schema.File
	for _, s := range sides {
		if s.Kind == SideSQL && s.Schema == nil {
			sqlSides = append(sqlSides, s)
			files = append(files, s.Files)
		}
	}
	if len(sqlSides) == 0 {
		return nil
	}
	schemas, err := parseEach(files...)
	for i, s := range sqlSides {
		if schemas[i] == nil {
			return readerError(s, err)
		}
		s.Schema = schemas[i]
	}
	return nil
}

// parsePrisma parses a Prisma side; other kinds wait for the dialect.
func (s *Side) parsePrisma() error {
	if s.Kind != SidePrisma {
		return nil
	}
	sc, err := prisma.Parse(s.Files...)
	if err != nil {
		return readerError(s, err)
	}
	s.Schema = sc
	return nil
}

// parse reads the side's schema for dialect d; PostgreSQL SQL files are
// read with sqlp, which the sides of one plan share.
func (s *Side) parse(ctx context.Context, d *dialect.Dialect, sqlp *sqlddl.Parser) error {
	switch s.Kind {
	case SideEmpty:
		s.Schema = &schema.Schema{Dialect: d.Name}
	case SidePrisma:
		if s.Schema == nil {
			return s.parsePrisma()
		}
	case SideSQL:
		if s.Schema != nil {
			return nil // read with the other side (parseSQLSides)
		}
		var sc *schema.Schema
		var err error
		if Family(d.Name) == "postgres" {
			sc, err = sqlp.Parse(s.Files...)
		} else {
			sc, err = ParseSQL(d, s.Files)
		}
		if err != nil {
			return readerError(s, err)
		}
		s.Schema = sc
	case SideSQLAlchemy, SideDocument:
		read := sqlalchemy.Parse
		if s.Kind == SideDocument {
			read = schemadoc.Parse
		}
		sc, err := read(d, s.Files...)
		if err != nil {
			return readerError(s, err)
		}
		s.Schema = sc
	case SideDatabase:
		if fam := Family(d.Name); fam != s.DBFamily {
			return fmt.Errorf("%s is a %s database but the dialect is %s", s.Label, s.DBFamily, d.Name)
		}
		if s.Inspect == nil {
			return fmt.Errorf("%s: no way to read the database", s.Label)
		}
		sc, err := s.Inspect(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", s.Label, err)
		}
		s.Schema = sc
	}
	return nil
}

// readerError keeps a reader's file:line:col message first; other errors
// get the side's label.
func readerError(s *Side, err error) error {
	var pe *schema.PosError
	if errors.As(err, &pe) && !pe.Pos.IsZero() {
		return err
	}
	return fmt.Errorf("%s: %w", s.Label, err)
}
