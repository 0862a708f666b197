package cli

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/migrate-bot/migrate-bot/internal/config"
	"github.com/migrate-bot/migrate-bot/internal/gitrepo"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// repoRun is what --repo mode resolved before planning projects.
type repoRun struct {
	repo                  *gitrepo.Repo
	base, head, mergeBase *gitrepo.Commit
	cfg                   *config.Config
	changed               []string
}

// planRepo is --repo mode: plan every configured project whose schema
// changed between the merge base of --base and --head, and --head.
func (e *env) planRepo(o *planOptions) int {
	run, err := e.openRepoRun(o)
	if err != nil {
		fmt.Fprintf(e.stderr, "migrate-bot: %v\n", err)
		return ExitError
	}
	doc := &report.RepoDocument{
		Version:   report.FormatVersion,
		Base:      revision(run.base),
		Head:      revision(run.head),
		MergeBase: revision(run.mergeBase),
		Projects:  []*report.Document{},
		Unchanged: []string{},
		Errors:    []report.ProjectError{},
	}
	code := ExitOK
	for _, p := range run.cfg.Projects {
		if !gitrepo.Touches(run.changed, p.Schema) {
			doc.Unchanged = append(doc.Unchanged, p.Name)
			continue
		}
		pd, err := e.planProject(run, p, o)
		if err != nil {
			doc.Errors = append(doc.Errors, report.ProjectError{Project: p.Name, Error: err.Error()})
			fmt.Fprintf(e.stderr, "migrate-bot: project %s: %v\n", p.Name, err)
			code = ExitError
			continue
		}
		doc.Projects = append(doc.Projects, pd)
		if pd.Verdict.Failed && code == ExitOK {
			code = ExitFindings
		}
	}
	if err := renderRepo(e.stdout, o.report, run, doc); err != nil {
		fmt.Fprintf(e.stderr, "migrate-bot: writing the report: %v\n", err)
		return ExitError
	}
	return code
}

func (e *env) openRepoRun(o *planOptions) (*repoRun, error) {
	repo, err := gitrepo.Open(o.repo)
	if err != nil {
		return nil, fmt.Errorf("--repo: %w", err)
	}
	run := &repoRun{repo: repo}
	if run.base, err = repo.Resolve(o.base); err != nil {
		return nil, fmt.Errorf("--base: %w", err)
	}
	if run.head, err = repo.Resolve(o.head); err != nil {
		return nil, fmt.Errorf("--head: %w", err)
	}
	if run.mergeBase, err = repo.MergeBase(run.base, run.head); err != nil {
		return nil, err
	}
	f, err := repo.ReadFile(run.head, config.Path)
	if err != nil {
		if errors.Is(err, gitrepo.ErrNotExist) {
			return nil, fmt.Errorf("%s has no %s: add one (see README.md, Configuration)", o.head, config.Path)
		}
		return nil, err
	}
	if run.cfg, err = config.Parse(config.Path, f.Data); err != nil {
		return nil, err
	}
	if run.changed, err = repo.ChangedPaths(run.mergeBase, run.head); err != nil {
		return nil, err
	}
	return run, nil
}

// planProject plans one project: the schema at the merge base (absent
// means empty) against the schema at head.
func (e *env) planProject(run *repoRun, p *config.Project, o *planOptions) (*report.Document, error) {
	where := fmt.Sprintf("%s:%d: %s", run.cfg.File, p.Line, p.Key())
	if err := checkFormat(p.Format); err != nil {
		return nil, fmt.Errorf("%s.format: %w", where, err)
	}
	from := &source{label: "schema at the merge base " + run.mergeBase.Short() + ":" + p.Schema}
	files, kind, err := readGitSchema(run.repo, run.mergeBase, p.Schema)
	switch {
	case errors.Is(err, gitrepo.ErrNotExist):
		from.kind = sourceEmpty
	case err != nil:
		return nil, err
	default:
		from.kind, from.files = kind, files
	}
	to := &source{label: "schema at " + run.head.Rev + ":" + p.Schema}
	if to.files, to.kind, err = readGitSchema(run.repo, run.head, p.Schema); err != nil {
		if errors.Is(err, gitrepo.ErrNotExist) {
			return nil, fmt.Errorf("%s.schema: %s does not exist at %s", where, p.Schema, run.head.Rev)
		}
		return nil, err
	}
	d, err := e.parseSides(p.Dialect, where+".dialect", p.DialectVersion, from, to)
	if err != nil {
		return nil, err
	}
	values := make([]string, len(p.Renames))
	for i, r := range p.Renames {
		values[i] = r.Value
	}
	renames, err := parseRenames(values, d, func(i int) string {
		return fmt.Sprintf("%s:%d: %s.renames[%d]", run.cfg.File, p.Renames[i].Line, p.Key(), i)
	})
	if err != nil {
		return nil, err
	}
	// The new migration continues the migrations directory as it is at
	// head (never the working tree, which may be on another branch).
	history, err := gitHistory(run.repo, run.head, p.Migrations, p.Format)
	if err != nil {
		return nil, fmt.Errorf("%s.migrations: %w", where, err)
	}
	out := ""
	if o.out != "" {
		out = filepath.Join(o.out, p.Name, filepath.FromSlash(p.Migrations))
	}
	target, err := targetFor(o.rules.targetDBs, p.Name)
	if err != nil {
		return nil, err
	}
	return e.generate(job{
		project: p.Name, schemaPath: p.Schema,
		from: from.schema, to: to.schema, dialect: d, renames: renames,
		name: o.name, version: o.version, format: p.Format, history: history,
		writeDir: out, repoMigrations: p.Migrations, failOn: o.failOn,
		lint: overlay(run.cfg.ProjectLint(p), o.lintCfg), target: target,
		maxLock: o.rules.maxLock, maxStep: o.rules.maxStep,
	})
}

func revision(c *gitrepo.Commit) report.Revision {
	return report.Revision{Rev: c.Rev, Commit: c.Hash.String()}
}

// renderRepo writes a --repo run: one JSON document, or a header and each
// project's text or Markdown report.
func renderRepo(w io.Writer, format string, run *repoRun, doc *report.RepoDocument) error {
	switch format {
	case reportJSON:
		return report.RepoJSON(w, doc)
	case reportSARIF:
		return report.SARIF(w, versionString(), doc.Projects...)
	}
	header := fmt.Sprintf("Comparing %s (%s) with its merge base %s into %s (%s).\n",
		run.head.Rev, run.head.Short(), run.mergeBase.Short(), run.base.Rev, run.base.Short())
	if format == reportMarkdown {
		header = fmt.Sprintf("Comparing `%s` (%s) with its merge base %s into `%s` (%s).\n",
			run.head.Rev, run.head.Short(), run.mergeBase.Short(), run.base.Rev, run.base.Short())
	}
	if _, err := io.WriteString(w, header); err != nil {
		return err
	}
	if len(doc.Projects) == 0 && len(doc.Errors) == 0 {
		if _, err := io.WriteString(w, "No project's schema changed: nothing to plan.\n"); err != nil {
			return err
		}
	}
	for _, pd := range doc.Projects {
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
		if err := render(w, format, pd); err != nil {
			return err
		}
	}
	for _, pe := range doc.Errors {
		if _, err := fmt.Fprintf(w, "\nProject %s could not be planned: %s\n", pe.Project, pe.Error); err != nil {
			return err
		}
	}
	if len(doc.Unchanged) > 0 {
		for _, name := range doc.Unchanged {
			if _, err := fmt.Fprintf(w, "\nProject %s: schema unchanged.", name); err != nil {
				return err
			}
		}
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
	}
	return nil
}
