package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/migrate-bot/migrate-bot/internal/config"
	"github.com/migrate-bot/migrate-bot/internal/ghapi"
)

// finalCheck is how a run ends: the completed check run's content.
type finalCheck struct {
	conclusion, title, summary string
	annotations                []ghapi.Annotation
	// regenerate shows the Regenerate button.
	regenerate bool
}

// startCheck opens the head's check run in_progress, or takes back the one
// a previous attempt of this job left in progress (so a retried job does
// not leave two runs). A re-run the user asked for gets a new run.
func (r *prRun) startCheck(ctx context.Context) error {
	run := ghapi.CheckRun{Name: CheckRunName, HeadSHA: r.pr.HeadSHA, Status: "in_progress",
		Title: "Planning the migration", Summary: "migrate-bot is reading the schema changes of this pull request.",
		ExternalID: fmt.Sprintf("%s#%d", r.repo.FullName(), r.pr.Number)}
	if cr := r.st.CheckRun; cr != nil && cr.HeadSHA == r.pr.HeadSHA && !cr.Completed && r.job.Event != "check_run.rerequested" {
		err := r.gh.UpdateCheckRun(ctx, r.repo, cr.ID, run)
		if err == nil {
			return nil
		}
		if !errors.Is(err, ghapi.ErrNotFound) {
			return forQueue("resume the check run", err)
		}
	}
	id, err := r.gh.CreateCheckRun(ctx, r.repo, run)
	if err != nil {
		return forQueue("create the check run", err)
	}
	r.st.CheckRun = &CheckRunRef{HeadSHA: r.pr.HeadSHA, ID: id}
	return nil
}

// finish completes the check run and records the head's result.
func (r *prRun) finish(ctx context.Context, fc finalCheck) error {
	sortAnnotations(fc.annotations)
	run := ghapi.CheckRun{Name: CheckRunName, HeadSHA: r.pr.HeadSHA, Status: "completed", Conclusion: fc.conclusion,
		Title: fc.title, Summary: ghapi.CutSummary(fc.summary, ghapi.MaxSummaryChars), Annotations: fc.annotations,
		ExternalID: fmt.Sprintf("%s#%d", r.repo.FullName(), r.pr.Number)}
	if fc.regenerate {
		run.Actions = []ghapi.CheckAction{RegenerateAction}
	}
	if err := r.gh.UpdateCheckRun(ctx, r.repo, r.st.CheckRun.ID, run); err != nil {
		return forQueue("complete the check run", err)
	}
	r.st.CheckRun.Completed = true
	if err := r.b.store.RecordResult(ctx, r.repo.FullName(), r.pr.Number, r.pr.HeadSHA, fc.conclusion); err != nil {
		return fmt.Errorf("record the result: %w", err)
	}
	r.log.Info("check run completed", "conclusion", fc.conclusion, "title", fc.title, "annotations", len(fc.annotations))
	return nil
}

// noConfigSummary explains how to configure a repository.
func noConfigSummary(baseRef string) string {
	return fmt.Sprintf("The base branch `%s` has no `%s`, so migrate-bot does not know which schemas to watch.\n\n"+
		"Add one to the base branch (a pull request cannot change the rules it is judged by), for example:\n\n%s\n"+
		"Each project names its schema (a Prisma file, or SQL files), the dialect, the migration format and the folder "+
		"of its migrations. See the README's Configuration section for every key.",
		baseRef, config.Path, codeBlock("yaml", "version: 1\nprojects:\n  - name: app\n    schema: prisma/schema.prisma\n    format: prisma\n    migrations: prisma/migrations\n"))
}

// configFailure reports a configuration that does not parse: the file,
// line and key from the config error, with an annotation on that line.
func configFailure(err error, baseRef string) finalCheck {
	fc := finalCheck{conclusion: ConclusionFailure, title: "The configuration has an error"}
	var ce *config.Error
	line, key := 0, ""
	if errors.As(err, &ce) {
		line, key = ce.Line, ce.Key
	}
	where := config.Path
	if line > 0 {
		where = fmt.Sprintf("%s line %d", config.Path, line)
	}
	if key != "" {
		where += ", key `" + key + "`"
	}
	fc.summary = fmt.Sprintf("**%s on the base branch `%s` has an error** (%s):\n\n%s\nFix it on the base branch; "+
		"this pull request is checked again on its next push or when the check is re-run.", config.Path, baseRef, where, codeBlock("", err.Error()))
	fc.annotations = []ghapi.Annotation{{Path: config.Path, StartLine: max(line, 1), EndLine: max(line, 1),
		Level: levelFailure, Title: "Configuration error", Message: err.Error()}}
	return fc
}
