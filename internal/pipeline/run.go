package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/config"
	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/gitrepo"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// Input is one run: a repository, the merge base and head of a change
// (a pull request, or `plan --repo`), and its configuration.
type Input struct {
	Repo            *gitrepo.Repo
	MergeBase, Head *gitrepo.Commit
	// Config is the configuration the change is judged by (the bot reads
	// it from the base branch, `plan --repo` from head).
	Config *config.Config
	// Changed are the repository paths the change touches, relative to
	// the merge base.
	Changed []string
	// Name is the migration name (from the branch or the pull request's
	// title, sanitized); empty derives one from the changes.
	Name string
	// Now is the clock for migration versions (zero: time.Now()).
	Now time.Time
	// Renames are extra OLD=NEW renames per project name (/migrate rename),
	// after the project's configured ones.
	Renames map[string][]string
	// Accept accepts rule codes for this change (code -> reason, from
	// /migrate accept), in every project.
	Accept map[string]string
	// Ignore are repository paths of migration files the bot committed
	// itself: they are neither hand-written migrations nor part of the
	// history a new migration continues, so regenerating replaces them.
	Ignore []string

	// Version fixes the migration version (`plan --version`).
	Version string
	// OutDir, when set, receives each project's files under
	// OUT/<project>/<migrations directory> (`plan --out`).
	OutDir string
	// Lint is laid over the configuration's rules (`plan` rule flags).
	Lint lint.Config
	// FailOn is the severity from which findings fail the verdict; the
	// zero value is notice, so callers set it (the CLI's default: error).
	FailOn report.Severity
	// Facts reads a target database per project (`--target-db`); nil: none.
	Facts FactsFunc
	// MaxLock and MaxStep are MB419's thresholds (zero: its defaults).
	MaxLock, MaxStep time.Duration
	// Shadow opens throwaway databases (ShadowServers) for the
	// hand-written check when the SQL reader cannot read a migration;
	// nil: the reader's error is the project's error.
	Shadow ShadowFunc
}

// ProjectResult is one planned project.
type ProjectResult struct {
	Project *config.Project
	// Doc is the report: of the generated migration, or, when the change
	// brings its own migration, of the changes that migration makes.
	Doc *report.Document
	// Files are the generated files (RepoPath set); none when the schema
	// change needs no statement or the migration is hand-written.
	Files []report.File
	// HandWritten is non-nil when the change adds migration files for the
	// project: nothing is generated, they are checked instead.
	HandWritten *HandWrittenCheck
}

// Result is what Run planned.
type Result struct {
	Projects []ProjectResult
	// Unchanged names the projects whose schema and migrations the change
	// does not touch.
	Unchanged []string
	// Errors are the projects that could not be planned, with a sentence
	// the user can act on (file:line where there is one).
	Errors []report.ProjectError
}

// Run plans every configured project the change touches: its schema at
// the merge base (absent: empty) against its schema at head, continuing
// its migrations directory; or, when the change adds migration files to
// that directory, checks them instead. A project's failure is recorded in
// Result.Errors and the others go on; the error is for the run as a whole
// (a cancelled context).
func Run(ctx context.Context, in Input) (*Result, error) {
	if in.Repo == nil || in.MergeBase == nil || in.Head == nil || in.Config == nil {
		return nil, errors.New("pipeline: Repo, MergeBase, Head and Config are required")
	}
	res := &Result{Projects: []ProjectResult{}, Unchanged: []string{}, Errors: []report.ProjectError{}}
	ignore := map[string]bool{}
	for _, p := range in.Ignore {
		ignore[p] = true
	}
	for _, p := range in.Config.Projects {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		added, err := addedMigrations(in, p, ignore)
		if err != nil {
			res.Errors = append(res.Errors, report.ProjectError{Project: p.Name, Error: err.Error()})
			continue
		}
		if len(added) == 0 && !gitrepo.Touches(in.Changed, p.Schema) {
			res.Unchanged = append(res.Unchanged, p.Name)
			continue
		}
		pr, err := planProject(ctx, in, p, added, ignore)
		if err != nil {
			res.Errors = append(res.Errors, report.ProjectError{Project: p.Name, Error: err.Error()})
			continue
		}
		res.Projects = append(res.Projects, *pr)
	}
	return res, nil
}

// project is what planning one project resolved.
type project struct {
	p        *config.Project
	where    string
	from, to *Side
	renames  []diff.Rename
	job      Job
}

// resolveProject reads both sides of a project, settles its dialect and
// renames, and prepares its job.
func resolveProject(ctx context.Context, in Input, p *config.Project, ignore map[string]bool) (*project, error) {
	where := fmt.Sprintf("%s:%d: %s", in.Config.File, p.Line, p.Key())
	if err := CheckFormat(p.Format); err != nil {
		return nil, fmt.Errorf("%s.format: %w", where, err)
	}
	from := &Side{Label: "schema at the merge base " + in.MergeBase.Short() + ":" + p.Schema}
	files, kind, err := ReadGitSchema(in.Repo, in.MergeBase, p.Schema)
	switch {
	case errors.Is(err, gitrepo.ErrNotExist):
		from.Kind = SideEmpty
	case err != nil:
		return nil, err
	default:
		from.Kind, from.Files = kind, files
	}
	to := &Side{Label: "schema at " + in.Head.Rev + ":" + p.Schema}
	if to.Files, to.Kind, err = ReadGitSchema(in.Repo, in.Head, p.Schema); err != nil {
		if errors.Is(err, gitrepo.ErrNotExist) {
			return nil, fmt.Errorf("%s.schema: %s does not exist at %s", where, p.Schema, in.Head.Rev)
		}
		return nil, err
	}
	d, err := ParseSides(ctx, p.Dialect, where+".dialect", p.DialectVersion, from, to)
	if err != nil {
		return nil, err
	}
	var renames []diff.Rename
	for i, r := range p.Renames {
		rn, err := diff.ParseRename(r.Value, d.DefaultNamespace)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %s.renames[%d]: %w", in.Config.File, r.Line, p.Key(), i, err)
		}
		renames = append(renames, rn)
	}
	for _, v := range in.Renames[p.Name] {
		rn, err := diff.ParseRename(v, d.DefaultNamespace)
		if err != nil {
			return nil, fmt.Errorf("rename %s: %w", v, err)
		}
		renames = append(renames, rn)
	}
	// The new migration continues the migrations directory as it is at
	// head (never a working tree, which may be on another branch), less
	// the files the bot wrote itself.
	history, err := GitHistory(in.Repo, in.Head, p.Migrations, p.Format)
	if err != nil {
		return nil, fmt.Errorf("%s.migrations: %w", where, err)
	}
	dropIgnored(history, p.Migrations, ignore)
	out := ""
	if in.OutDir != "" {
		out = filepath.Join(in.OutDir, p.Name, filepath.FromSlash(p.Migrations))
	}
	cfgLint := Overlay(Overlay(in.Config.ProjectLint(p), in.Lint), lint.Config{Accept: in.Accept})
	return &project{p: p, where: where, from: from, to: to, renames: renames, job: Job{
		Project: p.Name, SchemaPath: p.Schema,
		From: from.Schema, To: to.Schema, Dialect: d, Renames: renames,
		Name: in.Name, Version: in.Version, Format: p.Format, History: history,
		WriteDir: out, RepoMigrations: p.Migrations, FailOn: in.FailOn,
		Lint: cfgLint, Facts: in.Facts, MaxLock: in.MaxLock, MaxStep: in.MaxStep, Now: in.Now,
		Shadow: in.Shadow, BaseLabel: p.Schema + " at the merge base " + in.MergeBase.Short(),
	}}, nil
}

// planProject generates a project's migration, or checks the one the
// change brings (added).
func planProject(ctx context.Context, in Input, p *config.Project, added []string, ignore map[string]bool) (*ProjectResult, error) {
	pj, err := resolveProject(ctx, in, p, ignore)
	if err != nil {
		return nil, err
	}
	if len(added) > 0 {
		if _, code := codeFormats[p.Format]; code {
			return uncheckedHandWritten(ctx, pj, added)
		}
		return checkHandWritten(ctx, in, pj, added)
	}
	doc, err := Generate(ctx, pj.job)
	if err != nil {
		return nil, err
	}
	return &ProjectResult{Project: p, Doc: doc, Files: doc.Files}, nil
}
