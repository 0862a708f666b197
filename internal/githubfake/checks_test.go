package githubfake

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-github/v60/github"
)

func annotations(n int) []*github.CheckRunAnnotation {
	out := make([]*github.CheckRunAnnotation, n)
	for i := range out {
		out[i] = &github.CheckRunAnnotation{
			Path: github.String("prisma/schema.prisma"), StartLine: github.Int(i + 1), EndLine: github.Int(i + 1),
			AnnotationLevel: github.String("warning"), Message: github.String(fmt.Sprintf("finding %d", i)),
		}
	}
	return out
}

func TestCheckRuns(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client(t)
	head := e.s.BranchSHA("acme/shop", "main")
	run, resp, err := c.Checks.CreateCheckRun(e.ctx, "acme", "shop", github.CreateCheckRunOptions{
		Name: "migrate-bot", HeadSHA: head, Status: github.String("in_progress"), ExternalID: github.String("acme/shop#1"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 201 || run.GetStatus() != "in_progress" || run.GetApp().GetSlug() != "migrate-bot" || run.GetHeadSHA() != head {
		t.Fatalf("created %+v (status %d)", run, resp.StatusCode)
	}
	id := run.GetID()
	update := func(opts github.UpdateCheckRunOptions) (int, string) {
		_, _, err := c.Checks.UpdateCheckRun(e.ctx, "acme", "shop", id, opts)
		if err == nil {
			return 200, ""
		}
		return errStatus(t, err)
	}
	out := func(summary string, ann []*github.CheckRunAnnotation) *github.CheckRunOutput {
		return &github.CheckRunOutput{Title: github.String("t"), Summary: github.String(summary), Annotations: ann}
	}
	action := func(label, desc, ident string) *github.CheckRunAction {
		return &github.CheckRunAction{Label: label, Description: desc, Identifier: ident}
	}
	cases := []struct {
		name   string
		opts   github.UpdateCheckRunOptions
		status int
		msg    string
	}{
		{"blank name as go-github sends it", github.UpdateCheckRunOptions{Output: out("s", nil)}, 422, `"name" can't be blank`},
		{"51 annotations", github.UpdateCheckRunOptions{Name: "migrate-bot", Output: out("s", annotations(51))}, 422, "Only 50 annotations are allowed per request; 51 were supplied."},
		{"summary over 65535", github.UpdateCheckRunOptions{Name: "migrate-bot", Output: out(strings.Repeat("é", 65536), nil)}, 422, "Only 65535 characters are allowed; 65536 were supplied."},
		{"four actions", github.UpdateCheckRunOptions{Name: "migrate-bot", Actions: []*github.CheckRunAction{action("a", "b", "c"), action("a", "b", "d"), action("a", "b", "e"), action("a", "b", "f")}}, 422, "Only 3 actions are allowed; 4 were supplied."},
		{"label of 21", github.UpdateCheckRunOptions{Name: "migrate-bot", Actions: []*github.CheckRunAction{action(strings.Repeat("x", 21), "b", "c")}}, 422, "is longer than 20 characters"},
		{"description of 41", github.UpdateCheckRunOptions{Name: "migrate-bot", Actions: []*github.CheckRunAction{action("a", strings.Repeat("x", 41), "c")}}, 422, "is longer than 40 characters"},
		{"identifier of 21", github.UpdateCheckRunOptions{Name: "migrate-bot", Actions: []*github.CheckRunAction{action("a", "b", strings.Repeat("x", 21))}}, 422, "is longer than 20 characters"},
		{"bad conclusion", github.UpdateCheckRunOptions{Name: "migrate-bot", Conclusion: github.String("great")}, 422, "is not a valid conclusion"},
		{"completed without conclusion", github.UpdateCheckRunOptions{Name: "migrate-bot", Status: github.String("completed")}, 422, `"conclusion" wasn't supplied.`},
		{"output without summary", github.UpdateCheckRunOptions{Name: "migrate-bot", Output: &github.CheckRunOutput{Title: github.String("t")}}, 422, `"summary" weren't supplied`},
		{"annotation without message", github.UpdateCheckRunOptions{Name: "migrate-bot", Output: out("s", []*github.CheckRunAnnotation{{Path: github.String("a"), StartLine: github.Int(1), EndLine: github.Int(1), AnnotationLevel: github.String("notice")}})}, 422, "are required"},
		{"50 annotations", github.UpdateCheckRunOptions{Name: "migrate-bot", Output: out("first half", annotations(50))}, 200, ""},
		{"50 more with the verdict and a button", github.UpdateCheckRunOptions{Name: "migrate-bot", Conclusion: github.String("action_required"),
			Output: out("verdict", annotations(50)), Actions: []*github.CheckRunAction{action("Regenerate", "Regenerate the migration files", "regenerate")}}, 200, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, msg := update(tc.opts)
			if status != tc.status || !strings.Contains(msg, tc.msg) {
				t.Errorf("got %d %q, want %d containing %q", status, msg, tc.status, tc.msg)
			}
		})
	}
	got, _, err := c.Checks.GetCheckRun(e.ctx, "acme", "shop", id)
	if err != nil {
		t.Fatal(err)
	}
	if got.GetStatus() != "completed" || got.GetConclusion() != "action_required" || got.GetOutput().GetAnnotationsCount() != 100 || got.GetOutput().GetSummary() != "verdict" || got.GetName() != "migrate-bot" {
		t.Errorf("after updates: %s %s annotations=%d summary=%q", got.GetStatus(), got.GetConclusion(), got.GetOutput().GetAnnotationsCount(), got.GetOutput().GetSummary())
	}
	ann, _, err := c.Checks.ListCheckRunAnnotations(e.ctx, "acme", "shop", id, &github.ListOptions{PerPage: 100})
	if err != nil || len(ann) != 100 {
		t.Errorf("annotations listed: %d (%v)", len(ann), err)
	}
	runs := e.s.CheckRuns("acme/shop")
	if len(runs) != 1 || runs[0].Updates != 2 || len(runs[0].Actions) != 1 || runs[0].Actions[0].Identifier != "regenerate" {
		t.Errorf("stand-in view = %+v", runs)
	}
	byRef, _, err := c.Checks.ListCheckRunsForRef(e.ctx, "acme", "shop", "main", nil)
	if err != nil || byRef.GetTotal() != 1 || byRef.CheckRuns[0].GetID() != id {
		t.Errorf("runs for main = %+v (%v)", byRef, err)
	}
	if _, _, err := c.Checks.CreateCheckRun(e.ctx, "acme", "shop", github.CreateCheckRunOptions{Name: "x", HeadSHA: strings.Repeat("a", 40)}); err == nil {
		t.Error("a check run on an unknown commit was created")
	} else if status, msg := errStatus(t, err); status != 422 || !strings.Contains(msg, "No commit found for SHA") {
		t.Errorf("unknown commit: %d %q", status, msg)
	}
	if _, _, err := c.Checks.UpdateCheckRun(e.ctx, "acme", "shop", 123456789, github.UpdateCheckRunOptions{Name: "x"}); err == nil {
		t.Error("updated an unknown check run")
	} else if status, _ := errStatus(t, err); status != 404 {
		t.Errorf("unknown check run: %d", status)
	}
}
