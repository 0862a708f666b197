package bot

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/pipeline"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// Check run conclusions the bot uses.
const (
	ConclusionSuccess        = "success"
	ConclusionNeutral        = "neutral"
	ConclusionActionRequired = "action_required"
	ConclusionFailure        = "failure"
)

// rank orders conclusions: the pull request's conclusion is the highest
// of its projects'.
var rank = map[string]int{ConclusionNeutral: 0, ConclusionSuccess: 1, ConclusionActionRequired: 2, ConclusionFailure: 3}

// worse returns the higher-ranked of two conclusions.
func worse(a, b string) string {
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// outcome is what one run of a pull request decided, rendered into the
// check run, the summary comment and the review.
type outcome struct {
	result *pipeline.Result
	// committed is the commit the bot created in this run ("" when none);
	// written and deleted are its files.
	committed        string
	written, deleted []string
	// upToDate is true when the generated files already matched the branch.
	upToDate bool
	// botHead is true when the head is the bot's own commit: the report is
	// refreshed and nothing is generated.
	botHead bool
	// lastCommit is the bot's commit the head is, when botHead.
	lastCommit *BotCommit
	// kept are generated files a person changed, left alone; stale is the
	// subset whose generated content now differs from the person's.
	kept, stale []string
	// copyFiles are the files a fork the bot cannot push to must add by
	// hand, and copyReason says why the bot cannot.
	copyFiles  []pipelineFile
	copyReason string
}

// pipelineFile is one generated file with its repository path.
type pipelineFile struct {
	Path    string
	Content string
}

// projectConclusion maps one project's result to a conclusion, the way
// the CLI maps a verdict to its exit status: a failing verdict (exit 2) or
// a hand-written migration that does not converge is a failure; likely
// renames need a person's decision; an empty plan is neutral.
func projectConclusion(p pipeline.ProjectResult) string {
	c := ConclusionSuccess
	if p.Doc != nil {
		switch {
		case p.Doc.Verdict.Failed:
			return ConclusionFailure
		case len(p.Doc.LikelyRenames) > 0:
			c = ConclusionActionRequired
		case p.Doc.Verdict.Status == report.StatusNoChanges && p.HandWritten == nil:
			c = ConclusionNeutral
		}
	}
	if h := p.HandWritten; h != nil && h.Unchecked == "" && (!h.Converges || len(h.Missing) > 0 || len(h.Extra) > 0) {
		return ConclusionFailure
	}
	return c
}

// conclusion is the pull request's conclusion: the worst project's, a
// failure for any project that could not be planned, and action_required
// when a fork must add the files by hand.
func (o *outcome) conclusion() string {
	c := ConclusionNeutral
	for _, p := range o.result.Projects {
		c = worse(c, projectConclusion(p))
	}
	if len(o.result.Errors) > 0 {
		c = ConclusionFailure
	}
	if len(o.copyFiles) > 0 {
		c = worse(c, ConclusionActionRequired)
	}
	return c
}

// verdictLines are the first paragraph of every report: one line per
// project (and per project error), never cut.
func (o *outcome) verdictLines() []string {
	var lines []string
	for _, p := range o.result.Projects {
		lines = append(lines, fmt.Sprintf("- %s `%s`: %s", icon(projectConclusion(p)), p.Project.Name, projectVerdict(p)))
	}
	for _, e := range o.result.Errors {
		lines = append(lines, fmt.Sprintf("- %s `%s`: could not be planned: %s", icon(ConclusionFailure), e.Project, oneLine(e.Error)))
	}
	return lines
}

// projectVerdict is a project's one-line verdict.
func projectVerdict(p pipeline.ProjectResult) string {
	if h := p.HandWritten; h != nil {
		switch {
		case h.Unchecked != "":
			return "the pull request brings its own migration; it was not checked (it is code, which migrate-bot never runs)."
		case len(h.Missing) > 0 || len(h.Extra) > 0 || !h.Converges:
			return fmt.Sprintf("the hand-written migration does not match the schema change (%s missing, %s extra).",
				plural(len(h.Missing), "statement"), plural(len(h.Extra), "change"))
		case p.Doc != nil:
			return "the hand-written migration matches the schema change. " + p.Doc.Verdict.Summary
		}
		return "the hand-written migration matches the schema change."
	}
	if p.Doc == nil {
		return "no report."
	}
	v := p.Doc.Verdict.Summary
	if n := len(p.Doc.LikelyRenames); n > 0 {
		v += fmt.Sprintf(" %s to confirm or deny.", plural(n, "likely rename"))
	}
	return v
}

// title is the check run's title: the verdict in a few words.
func (o *outcome) title() string {
	switch c := o.conclusion(); {
	case len(o.result.Errors) > 0:
		return plural(len(o.result.Errors), "project") + " could not be planned"
	case c == ConclusionFailure:
		return "The migration fails the checks"
	case len(o.copyFiles) > 0:
		return "Add the generated migration files to the branch"
	case c == ConclusionActionRequired:
		return "Likely renames need a decision"
	case c == ConclusionNeutral:
		return "No migration needed"
	}
	return "The migration passes the checks"
}

func icon(conclusion string) string {
	switch conclusion {
	case ConclusionFailure:
		return "❌"
	case ConclusionActionRequired:
		return "⚠️"
	case ConclusionNeutral:
		return "➖"
	}
	return "✅"
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// oneLine folds a message onto one line (it goes into a list item).
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// quoteList renders paths as `a`, `b` and `c`.
func quoteList(paths []string) string {
	q := make([]string, len(paths))
	for i, p := range paths {
		q[i] = "`" + p + "`"
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
