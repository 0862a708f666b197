package githubfake

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-github/v60/github"
)

// openSchemaPR opens a pull request that adds a column to the schema and a
// migration file, and returns its number.
func openSchemaPR(t *testing.T, e *env) int {
	t.Helper()
	_, _, err := e.s.Push(PushSpec{Repo: "acme/shop", Branch: "feature", Author: "alice", Files: map[string]string{
		"prisma/schema.prisma": strings.Replace(schemaV1, "email String @unique", "email String @unique\n  name  String?", 1),
		"prisma/migrations/20260101000000_add_name/migration.sql": "-- AlterTable\nALTER TABLE \"User\" ADD COLUMN \"name\" TEXT;\n",
	}})
	if err != nil {
		t.Fatal(err)
	}
	n, _, err := e.s.OpenPullRequest(PullSpec{Repo: "acme/shop", Head: "feature", Title: "Add name", Author: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestIssueCommentsAndReactions(t *testing.T) {
	e := newEnv(t, Options{})
	n := openSchemaPR(t, e)
	c := e.client(t)
	for i := range 35 {
		if _, _, err := e.s.Comment("acme/shop", n, "alice", fmt.Sprintf("comment %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	mine, resp, err := c.Issues.CreateComment(e.ctx, "acme", "shop", n, &github.IssueComment{Body: github.String("<!-- migrate-bot -->\nreport v1")})
	if err != nil || resp.StatusCode != 201 || mine.GetUser().GetLogin() != "migrate-bot[bot]" || mine.GetUser().GetType() != "Bot" {
		t.Fatalf("create comment: %+v (%v)", mine, err)
	}
	var all []*github.IssueComment
	opt := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: 10}}
	for {
		page, resp, err := c.Issues.ListComments(e.ctx, "acme", "shop", n, opt)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page...)
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	if len(all) != 36 || all[35].GetID() != mine.GetID() || all[0].GetBody() != "comment 0" || all[0].GetAuthorAssociation() != "CONTRIBUTOR" {
		t.Fatalf("listed %d comments", len(all))
	}
	if _, _, err := c.Issues.EditComment(e.ctx, "acme", "shop", mine.GetID(), &github.IssueComment{Body: github.String("<!-- migrate-bot -->\nreport v2")}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Issues.CreateComment(e.ctx, "acme", "shop", n, &github.IssueComment{Body: github.String(strings.Repeat("x", 65537))}); err == nil {
		t.Error("a 65,537-character comment was accepted")
	} else if status, msg := errStatus(t, err); status != 422 || !strings.Contains(msg, "body is too long (maximum is 65536 characters)") {
		t.Errorf("long comment: %d %q", status, msg)
	}
	first := all[0].GetID()
	for i, want := range []int{201, 200} {
		_, resp, err := c.Reactions.CreateIssueCommentReaction(e.ctx, "acme", "shop", first, "eyes")
		if err != nil || resp.StatusCode != want {
			t.Errorf("reaction %d: status %d (%v), want %d", i, resp.StatusCode, err, want)
		}
	}
	if _, _, err := c.Reactions.CreateIssueCommentReaction(e.ctx, "acme", "shop", first, "thumbsup"); err == nil {
		t.Error("an invalid reaction was accepted")
	}
	comments := e.s.IssueComments("acme/shop", n)
	if got := comments[len(comments)-1]; got.Body != "<!-- migrate-bot -->\nreport v2" || got.Author != "migrate-bot[bot]" {
		t.Errorf("bot comment = %+v", got)
	}
	if r := comments[0].Reactions; len(r) != 1 || r[0] != "migrate-bot[bot]:eyes" {
		t.Errorf("reactions = %v", r)
	}
	if _, _, err := c.Issues.EditComment(e.ctx, "acme", "shop", 424242, &github.IssueComment{Body: github.String("x")}); err == nil {
		t.Error("edited an unknown comment")
	}
}

func TestReviews(t *testing.T) {
	e := newEnv(t, Options{})
	n := openSchemaPR(t, e)
	c := e.client(t)
	head := e.s.PullHead("acme/shop", n)
	migration := "prisma/migrations/20260101000000_add_name/migration.sql"
	comment := func(path string, line int, side string) *github.DraftReviewComment {
		dc := &github.DraftReviewComment{Path: github.String(path), Line: github.Int(line), Body: github.String("```suggestion\nfix\n```")}
		if side != "" {
			dc.Side = github.String(side)
		}
		return dc
	}
	cases := []struct {
		name     string
		comments []*github.DraftReviewComment
		msg      string
	}{
		{"line outside the schema's hunk", []*github.DraftReviewComment{comment("prisma/schema.prisma", 1, "RIGHT")}, "Line could not be resolved"},
		{"line past a new file's end", []*github.DraftReviewComment{comment(migration, 3, "RIGHT")}, "Line could not be resolved"},
		{"left side of an added file", []*github.DraftReviewComment{comment(migration, 1, "LEFT")}, "Line could not be resolved"},
		{"file not in the diff", []*github.DraftReviewComment{comment("README.md", 1, "")}, "Path could not be resolved"},
		{"added line and context line", []*github.DraftReviewComment{comment("prisma/schema.prisma", 9, "RIGHT"), comment("prisma/schema.prisma", 7, ""), comment(migration, 2, "")}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := c.PullRequests.CreateReview(e.ctx, "acme", "shop", n, &github.PullRequestReviewRequest{
				CommitID: github.String(head), Event: github.String("COMMENT"), Body: github.String("migrate-bot findings"), Comments: tc.comments,
			})
			if tc.msg == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if status, msg := errStatus(t, err); status != 422 || !strings.Contains(msg, tc.msg) {
				t.Errorf("got %d %q, want 422 %q", status, msg, tc.msg)
			}
		})
	}
	listed, _, err := c.PullRequests.ListComments(e.ctx, "acme", "shop", n, &github.PullRequestListCommentsOptions{ListOptions: github.ListOptions{PerPage: 2}})
	if err != nil || len(listed) != 2 {
		t.Fatalf("review comments page: %d (%v)", len(listed), err)
	}
	if listed[0].GetLine() != 9 || listed[0].GetSide() != "RIGHT" || !strings.HasSuffix(listed[0].GetDiffHunk(), "+  name  String?") {
		t.Errorf("first review comment = line %d side %s hunk %q", listed[0].GetLine(), listed[0].GetSide(), listed[0].GetDiffHunk())
	}
	if got := e.s.ReviewComments("acme/shop", n); len(got) != 3 || e.s.Reviews("acme/shop", n) != 1 {
		t.Errorf("stand-in holds %d review comments in %d reviews, want 3 in 1", len(got), e.s.Reviews("acme/shop", n))
	}
}
