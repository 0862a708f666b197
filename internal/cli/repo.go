package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/migrate-bot/migrate-bot/internal/config"
	"github.com/migrate-bot/migrate-bot/internal/gitrepo"
	"github.com/migrate-bot/migrate-bot/internal/pipeline"
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
// changed between the merge base of --base and --head, and --head
// (pipeline.Run), and render the result.
func (e *env) planRepo(o *planOptions) int {
	run, err := e.openRepoRun(o)
	if err != nil {
		fmt.Fprintf(e.stderr, "migrate-bot: %v\n", err)
		return ExitError
	}
	res, err := pipeline.Run(e.ctx, pipeline.Input{
		Repo: run.repo, MergeBase: run.mergeBase, Head: run.head, Config: run.cfg, Changed: run.changed,
		Name: o.name, Version: o.version, Now: e.now(), OutDir: o.out, Lint: o.lintCfg, FailOn: o.failOn,
		Facts: e.factsFor(o.rules.targetDBs), MaxLock: o.rules.maxLock, MaxStep: o.rules.maxStep,
	})
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
		Unchanged: res.Unchanged,
		Errors:    res.Errors,
	}
	code := ExitOK
	for _, pe := range res.Errors {
		fmt.Fprintf(e.stderr, "migrate-bot: project %s: %s\n", pe.Project, pe.Error)
		code = ExitError
	}
	for _, pr := range res.Projects {
		doc.Projects = append(doc.Projects, pr.Doc)
		if pr.Doc.Verdict.Failed && code == ExitOK {
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
