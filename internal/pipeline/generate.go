package pipeline

import (
	"context"
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
	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/emit/prismamig"
	"github.com/migrate-bot/migrate-bot/internal/engine/emit/sqlfile"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/migration"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/gitrepo"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// FactsFunc reads the data facts of a target database for a plan (the
// CLI's --target-db); it returns nil facts when the project has none.
type FactsFunc func(ctx context.Context, project string, d *dialect.Dialect, from *schema.Schema, p *plan.Plan) (lint.Facts, error)

// History is a project's existing migrations directory, which the new
// migration continues: its files are rooted at the directory itself.
type History struct {
	FS fs.FS
	// Label names the directory in messages ("--migrations prisma/migrations",
	// "feature:prisma/migrations").
	Label string
}

// GitHistory reads a project's migrations directory at a commit (absent:
// an empty history). Prisma keeps each migration in a folder and Alembic
// its revisions in the environment's versions/ folder, so their directories
// are read recursively; the SQL conventions and Knex keep files flat.
func GitHistory(repo *gitrepo.Repo, c *gitrepo.Commit, dir, format string) (*History, error) {
	recursive := format == config.FormatPrisma || format == config.FormatAlembic
	files, err := repo.ReadDir(c, dir, recursive, func(string) bool { return true })
	if err != nil && !errors.Is(err, gitrepo.ErrNotExist) {
		return nil, err
	}
	// The emitters read an fs.FS; fstest.MapFS is the standard library's
	// in-memory one (it synthesizes the folders of the paths it holds).
	m := fstest.MapFS{}
	for _, f := range files {
		m[strings.TrimPrefix(f.Path, dir+"/")] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return &History{FS: m, Label: c.Rev + ":" + dir}, nil
}

// Job is one plan to make, write and report.
type Job struct {
	Project, SchemaPath string
	From, To            *schema.Schema
	Dialect             *dialect.Dialect
	Renames             []diff.Rename
	// Name is the migration name (sanitized; empty: derived from the
	// changes); Version a fixed version (empty: from Now).
	Name, Version string
	// Format is the migration format (config.Formats).
	Format string
	// History is the existing migrations directory the new migration
	// continues; nil writes a first migration in the format's default
	// layout.
	History *History
	// WriteDir receives the files, at their paths relative to the
	// migrations directory; empty keeps them in the report only.
	WriteDir string
	// RepoMigrations is the project's migrations directory in the
	// repository: the files' RepoPath are under it.
	RepoMigrations string
	FailOn         report.Severity
	// Lint is the rule configuration: the repository's, the project's and
	// the caller's, laid over each other (Overlay).
	Lint lint.Config
	// Facts reads a target database's facts; nil: none.
	Facts FactsFunc
	// MaxLock and MaxStep are MB419's thresholds.
	MaxLock, MaxStep time.Duration
	// Now is the clock for migration versions (zero: time.Now()).
	Now time.Time
	// Shadow opens throwaway databases; with one, a Prisma history is
	// replayed and must build From (checkHistoryDrift). Nil: no replay.
	Shadow ShadowFunc
	// BaseLabel names From in messages ("prisma/schema.prisma at a1b2c3d4e5f6").
	BaseLabel string
}

func (j *Job) now() time.Time {
	if j.Now.IsZero() {
		return time.Now()
	}
	return j.Now
}

// Generate plans one job, writes its files when asked, lints the plan
// (with the target database's facts when there are some), and builds the
// report document.
func Generate(ctx context.Context, j Job) (*report.Document, error) {
	if err := checkHistoryDrift(ctx, j); err != nil {
		return nil, err
	}
	res, err := migration.Generate(j.From, j.To, j.Dialect, migration.Options{Renames: j.Renames})
	if err != nil {
		return nil, err
	}
	in := report.Input{
		Project: j.Project, Schema: j.SchemaPath, Dialect: j.Dialect,
		Plan: res.Plan, Changes: res.Changes, FailOn: j.FailOn,
	}
	for _, lr := range res.LikelyRenames {
		in.LikelyRenames = append(in.LikelyRenames, likelyRename(lr, j.Dialect))
	}
	if !res.Plan.Empty() {
		name := SanitizeName(j.Name)
		if name == "" {
			name = DeriveName(res.Changes, j.Dialect.DefaultNamespace)
		}
		files, err := EmitFiles(res.Plan, j.Dialect, name, j)
		if err != nil {
			return nil, err
		}
		if in.Files, err = PlaceFiles(files, j); err != nil {
			return nil, err
		}
	}
	lctx := &lint.Context{Plan: res.Plan, From: j.From, To: j.To, Dialect: j.Dialect,
		Options: lint.Options{MaxBlockingLock: j.MaxLock, MaxStepDuration: j.MaxStep}}
	if j.Facts != nil && !res.Plan.Empty() {
		if lctx.Facts, err = j.Facts(ctx, j.Project, j.Dialect, j.From, res.Plan); err != nil {
			return nil, err
		}
	}
	var ups []string
	for _, f := range in.Files {
		if f.Kind == "up" {
			ups = append(ups, f.Content)
		}
	}
	in.Findings = LintPlan(lctx, j.Lint, ups)
	return report.Build(in), nil
}

// CheckFormat accepts the formats EmitFiles writes. Adding a format: a
// case here and one in EmitFiles.
func CheckFormat(f string) error {
	switch f {
	case config.FormatSQL, config.FormatPrisma, config.FormatAlembic, config.FormatKnex:
		return nil
	}
	return fmt.Errorf("unknown format %q (want sql, prisma, alembic or knex)", f)
}

// EmitFiles is the format dispatch: it writes the plan in the job's format,
// continuing the job's history when there is one. The paths are relative
// to the migrations directory. It is the one place that knows every
// migration format.
func EmitFiles(p *plan.Plan, d *dialect.Dialect, name string, j Job) ([]schema.File, error) {
	switch j.Format {
	case config.FormatPrisma:
		return prismaFiles(p, d, name, j)
	case config.FormatAlembic:
		return alembicFiles(p, name, j)
	case config.FormatKnex:
		return knexFiles(p, name, j)
	case config.FormatSQL, "":
		return sqlFiles(p, name, j)
	}
	return nil, CheckFormat(j.Format)
}

// sqlFiles writes plain SQL files in the history's convention
// (golang-migrate pairs, goose, dbmate).
func sqlFiles(p *plan.Plan, name string, j Job) ([]schema.File, error) {
	if j.History == nil {
		return sqlfile.Files(p, sqlfile.Options{Version: migrationVersion(j), Name: name}), nil
	}
	conv, names, err := sqlfile.DetectConventionFS(j.History.FS, ".")
	if errors.Is(err, fs.ErrNotExist) {
		conv, names, err = sqlfile.DefaultConvention, nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", j.History.Label, err)
	}
	version := j.Version
	if version == "" {
		version = sqlfile.NextVersion(conv, names, j.now())
	}
	return sqlfile.FilesFor(p, conv, names, sqlfile.Options{Version: version, Name: name}), nil
}

// MigrationVersion is the fixed version, or else the time as UTC
// YYYYMMDDHHMMSS, the prefix that sorts migrations in order.
func MigrationVersion(fixed string, now time.Time) string {
	if fixed != "" {
		return fixed
	}
	return now.UTC().Format("20060102150405")
}

func migrationVersion(j Job) string { return MigrationVersion(j.Version, j.now()) }

// prismaFiles writes the plan as Prisma migration folders. The provider
// comes from the dialect; a history written for another provider (its
// migration_lock.toml) is an error, since Prisma refuses to deploy it.
func prismaFiles(p *plan.Plan, d *dialect.Dialect, name string, j Job) ([]schema.File, error) {
	provider, err := prismamig.ProviderFor(d.Name)
	if err != nil {
		return nil, fmt.Errorf("format prisma: %w", err)
	}
	var h *prismamig.History
	if j.History != nil {
		if h, err = prismamig.ReadHistory(j.History.FS, "."); err != nil {
			return nil, fmt.Errorf("%s: %w", j.History.Label, err)
		}
		if h.Provider != "" && h.Provider != provider {
			return nil, fmt.Errorf("%s: %s says provider %q, but the schema is for %s (provider %q): plan with the dialect the migrations were written for",
				j.History.Label, prismamig.LockFileName, h.Provider, d.Name, provider)
		}
	}
	now := j.now()
	if j.Version != "" {
		// A fixed version fixes the folder's timestamp (still moved after
		// the newest existing folder).
		if now, err = time.Parse(prismamig.TimestampLayout, j.Version); err != nil {
			return nil, fmt.Errorf("--version %q: a Prisma migration folder starts with a UTC timestamp YYYYMMDDHHMMSS, e.g. 20250101120000", j.Version)
		}
	}
	files, err := prismamig.Files(p, h, prismamig.Options{Name: name, Now: now, Provider: provider})
	if err != nil {
		return nil, fmt.Errorf("format prisma: %w", err)
	}
	return files, nil
}

// PlaceFiles turns emitted files into the report's, recording where they
// belong in the repository, and writes them under j.WriteDir when it is
// set. It never overwrites: when one destination exists, nothing is
// written.
func PlaceFiles(files []schema.File, j Job) ([]report.File, error) {
	var out []report.File
	for _, f := range files {
		rf := report.File{Name: f.Path, Kind: FileKind(f.Path), Content: string(f.Data)}
		if j.RepoMigrations != "" {
			rf.RepoPath = path.Join(j.RepoMigrations, f.Path)
		}
		if j.WriteDir != "" {
			rf.Path = filepath.Join(j.WriteDir, filepath.FromSlash(f.Path))
		}
		out = append(out, rf)
	}
	if j.WriteDir == "" {
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

// FileKind tells a migration file's role from its name: up, down, lock or
// other. Goose and dbmate files hold the up section first and the down
// section after it; they count as up files, so findings point at their
// lines.
func FileKind(name string) string {
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
	switch path.Ext(base) {
	case ".py", ".js", ".ts", ".mjs", ".cjs":
		return report.KindCode
	}
	return "other"
}

// likelyRename turns the differ's suspicion into the report's form with
// the full flag that confirms it.
func likelyRename(lr diff.LikelyRename, d *dialect.Dialect) report.LikelyRename {
	flag := lr.Flag
	if !strings.HasPrefix(flag, "--rename") {
		flag = "--rename " + flag
	}
	table := ""
	if lr.Kind == diff.RenameColumn {
		table = lr.Table.String()
	}
	return report.LikelyRename{Kind: lr.Kind.String(), Table: table, From: lr.From, To: lr.To, Flag: flag}
}
