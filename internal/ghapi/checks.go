package ghapi

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/go-github/v60/github"
)

// GitHub's limits on check runs (REST "Update a check run").
const (
	// MaxSummaryChars is the limit of output.summary and output.text.
	MaxSummaryChars = 65535
	// AnnotationsPerRequest is the most annotations one request may carry.
	AnnotationsPerRequest = 50
	// MaxActions is the most buttons a check run may show.
	MaxActions = 3
	// MaxActionLabel, MaxActionDescription and MaxActionIdentifier are the
	// lengths of an action's fields.
	MaxActionLabel       = 20
	MaxActionDescription = 40
	MaxActionIdentifier  = 20
	// maxAnnotationTitle and maxAnnotationMessage bound an annotation's
	// title (255) and message (64 KB).
	maxAnnotationTitle   = 255
	maxAnnotationMessage = 64 * 1024
)

// CheckRun is the state of a check run to create or update.
type CheckRun struct {
	Name, HeadSHA string
	// Status is queued, in_progress or completed; Conclusion (with
	// completed) is success, failure, neutral, cancelled, skipped,
	// timed_out or action_required.
	Status, Conclusion string
	// Title, Summary and Text are the output. The summary's first
	// paragraph is the verdict and is always kept when it is cut.
	Title, Summary, Text string
	Annotations          []Annotation
	Actions              []CheckAction
	ExternalID           string
}

// Annotation marks lines of a file in the check run.
type Annotation struct {
	Path               string
	StartLine, EndLine int
	// Level is notice, warning or failure.
	Level, Title, Message string
}

// CheckAction is a button on the check run (check_run.requested_action).
type CheckAction struct {
	Label, Description, Identifier string
}

// checkActions validates the buttons against GitHub's limits.
func checkActions(actions []CheckAction) ([]*github.CheckRunAction, error) {
	if len(actions) > MaxActions {
		return nil, fmt.Errorf("check run: %d actions, GitHub allows %d", len(actions), MaxActions)
	}
	var out []*github.CheckRunAction
	for _, a := range actions {
		switch {
		case a.Label == "" || utf8.RuneCountInString(a.Label) > MaxActionLabel:
			return nil, fmt.Errorf("check run action %q: the label must have 1 to %d characters", a.Label, MaxActionLabel)
		case a.Description == "" || utf8.RuneCountInString(a.Description) > MaxActionDescription:
			return nil, fmt.Errorf("check run action %q: the description must have 1 to %d characters", a.Label, MaxActionDescription)
		case a.Identifier == "" || utf8.RuneCountInString(a.Identifier) > MaxActionIdentifier:
			return nil, fmt.Errorf("check run action %q: the identifier must have 1 to %d characters", a.Label, MaxActionIdentifier)
		}
		out = append(out, &github.CheckRunAction{Label: a.Label, Description: a.Description, Identifier: a.Identifier})
	}
	return out, nil
}

// cutNote ends a summary that was cut.
const cutNote = "\n\n… (cut to fit GitHub's 65,535-character limit)"

// CutSummary fits s into max characters keeping its first paragraph (the
// verdict, before the first blank line) whole; the rest is cut at a line
// boundary and a note says so. A first paragraph longer than max is itself
// cut, since GitHub refuses the whole update otherwise.
func CutSummary(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	note := []rune(cutNote)
	verdict, rest, _ := strings.Cut(s, "\n\n")
	budget := max - len(note)
	vr := []rune(verdict)
	if len(vr) >= budget {
		return string(vr[:budget]) + string(note)
	}
	room := budget - len(vr) - 2
	if room <= 0 {
		return verdict + string(note)
	}
	keep := []rune(rest)[:room]
	if i := lastNewline(keep); i > 0 {
		keep = keep[:i]
	}
	return verdict + "\n\n" + string(keep) + string(note)
}

func lastNewline(r []rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == '\n' {
			return i
		}
	}
	return -1
}

func truncRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func annotations(as []Annotation) []*github.CheckRunAnnotation {
	out := make([]*github.CheckRunAnnotation, 0, len(as))
	for _, a := range as {
		start, end := max(a.StartLine, 1), a.EndLine
		if end < start {
			end = start
		}
		level := a.Level
		if level == "" {
			level = "warning"
		}
		ga := &github.CheckRunAnnotation{Path: github.String(a.Path), StartLine: github.Int(start), EndLine: github.Int(end),
			AnnotationLevel: github.String(level), Message: github.String(truncRunes(a.Message, maxAnnotationMessage))}
		if a.Title != "" {
			ga.Title = github.String(truncRunes(a.Title, maxAnnotationTitle))
		}
		out = append(out, ga)
	}
	return out
}

func batches(as []*github.CheckRunAnnotation) [][]*github.CheckRunAnnotation {
	var out [][]*github.CheckRunAnnotation
	for len(as) > AnnotationsPerRequest {
		out = append(out, as[:AnnotationsPerRequest])
		as = as[AnnotationsPerRequest:]
	}
	return append(out, as)
}

// title and summary are the output's required fields: GitHub refuses an
// output without either, so they fall back to the run's name and title.
func (run CheckRun) title() string {
	if run.Title != "" {
		return run.Title
	}
	return run.Name
}

func (run CheckRun) summary() string {
	if run.Summary != "" {
		return CutSummary(run.Summary, MaxSummaryChars)
	}
	return run.title()
}

func (run CheckRun) output(anns []*github.CheckRunAnnotation) *github.CheckRunOutput {
	if run.Title == "" && run.Summary == "" && run.Text == "" && len(anns) == 0 {
		return nil
	}
	o := &github.CheckRunOutput{Title: github.String(run.title()), Summary: github.String(run.summary()), Annotations: anns}
	if run.Text != "" {
		o.Text = github.String(CutSummary(run.Text, MaxSummaryChars))
	}
	return o
}

// CreateCheckRun creates a check run and returns its id. Annotations past
// the first 50 are added by further updates.
func (c *Client) CreateCheckRun(ctx context.Context, repo Repo, run CheckRun) (int64, error) {
	actions, err := checkActions(run.Actions)
	if err != nil {
		return 0, err
	}
	parts := batches(annotations(run.Annotations))
	opts := github.CreateCheckRunOptions{Name: run.Name, HeadSHA: run.HeadSHA, Output: run.output(parts[0]), Actions: actions}
	if run.Status != "" {
		opts.Status = github.String(run.Status)
	}
	if run.Conclusion != "" {
		opts.Conclusion = github.String(run.Conclusion)
		opts.CompletedAt = &github.Timestamp{Time: time.Now()}
	}
	if run.ExternalID != "" {
		opts.ExternalID = github.String(run.ExternalID)
	}
	cr, _, err := c.gh.Checks.CreateCheckRun(ctx, repo.Owner, repo.Name, opts)
	if err != nil {
		return 0, c.wrap("create check run on "+repo.FullName(), err)
	}
	for _, part := range parts[1:] {
		if err := c.patchAnnotations(ctx, repo, cr.GetID(), run, part); err != nil {
			return cr.GetID(), err
		}
	}
	return cr.GetID(), nil
}

// UpdateCheckRun updates a check run. Annotations go 50 per request: the
// extra batches first, then one last update carrying the status,
// conclusion, actions and the final batch, so the run never shows as
// completed with part of its annotations. Name is always sent (go-github
// v60 marshals it unconditionally; an empty name would rename the run).
func (c *Client) UpdateCheckRun(ctx context.Context, repo Repo, id int64, run CheckRun) error {
	if run.Name == "" {
		return fmt.Errorf("update check run %d: the name is required", id)
	}
	actions, err := checkActions(run.Actions)
	if err != nil {
		return err
	}
	parts := batches(annotations(run.Annotations))
	last := parts[len(parts)-1]
	for _, part := range parts[:len(parts)-1] {
		if err := c.patchAnnotations(ctx, repo, id, run, part); err != nil {
			return err
		}
	}
	opts := github.UpdateCheckRunOptions{Name: run.Name, Output: run.output(last), Actions: actions}
	if run.Status != "" {
		opts.Status = github.String(run.Status)
	}
	if run.Conclusion != "" {
		opts.Conclusion = github.String(run.Conclusion)
		opts.CompletedAt = &github.Timestamp{Time: time.Now()}
	}
	if run.ExternalID != "" {
		opts.ExternalID = github.String(run.ExternalID)
	}
	if _, _, err := c.gh.Checks.UpdateCheckRun(ctx, repo.Owner, repo.Name, id, opts); err != nil {
		return c.wrap(fmt.Sprintf("update check run %d on %s", id, repo.FullName()), err)
	}
	return nil
}

// patchAnnotations adds one batch of annotations (output needs a title and
// a summary with them).
func (c *Client) patchAnnotations(ctx context.Context, repo Repo, id int64, run CheckRun, part []*github.CheckRunAnnotation) error {
	opts := github.UpdateCheckRunOptions{Name: run.Name, Output: &github.CheckRunOutput{
		Title: github.String(run.title()), Summary: github.String(run.summary()), Annotations: part}}
	if _, _, err := c.gh.Checks.UpdateCheckRun(ctx, repo.Owner, repo.Name, id, opts); err != nil {
		return c.wrap(fmt.Sprintf("annotate check run %d on %s", id, repo.FullName()), err)
	}
	return nil
}
