package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

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
		Shadow: o.shadow,
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
	handWritten := map[*report.Document]*pipeline.HandWrittenCheck{}
	for _, pr := range res.Projects {
		doc.Projects = append(doc.Projects, pr.Doc)
		if pr.HandWritten != nil {
			handWritten[pr.Doc] = pr.HandWritten
		}
		failed := pr.Doc.Verdict.Failed || pr.HandWritten != nil && pr.HandWritten.Unchecked == "" && !pr.HandWritten.Converges
		if failed && code == ExitOK {
			code = ExitFindings
		}
	}
	if err := renderRepo(e.stdout, o.report, run, doc, handWritten); err != nil {
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
// project's text or Markdown report, followed by the check of the
// migration the branch brings itself, when it does.
func renderRepo(w io.Writer, format string, run *repoRun, doc *report.RepoDocument, handWritten map[*report.Document]*pipeline.HandWrittenCheck) error {
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
		if hw := handWritten[pd]; hw != nil {
			if err := renderHandWritten(w, format, hw); err != nil {
				return err
			}
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

// renderHandWritten says whether the branch's own migration takes the
// base schema to the head schema, and what it lacks or adds.
func renderHandWritten(w io.Writer, format string, hw *pipeline.HandWrittenCheck) error {
	var b strings.Builder
	files := strings.Join(hw.Files, ", ")
	fence := ""
	if format == reportMarkdown {
		fence = "```"
		files = "`" + strings.Join(hw.Files, "`, `") + "`"
	}
	switch {
	case hw.Unchecked != "":
		fmt.Fprintf(&b, "\nThe branch brings its own migration (%s); nothing was generated. It was not checked: %s.\n", files, hw.Unchecked)
	case hw.Converges:
		fmt.Fprintf(&b, "\nThe branch brings its own migration (%s): it takes the base schema to the head schema; nothing was generated.\n", files)
	default:
		fmt.Fprintf(&b, "\nThe branch brings its own migration (%s): it does not take the base schema to the head schema; nothing was generated.\n", files)
	}
	if len(hw.Missing) > 0 {
		fmt.Fprintf(&b, "\nMissing from the migration:\n\n")
		if fence != "" {
			b.WriteString(fence + "sql\n")
		}
		for _, st := range hw.Missing {
			b.WriteString(st + ";\n")
		}
		if fence != "" {
			b.WriteString(fence + "\n")
		}
	}
	if len(hw.Extra) > 0 {
		b.WriteString("\nNot in the head schema:\n\n")
		for _, x := range hw.Extra {
			b.WriteString("- " + x + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
