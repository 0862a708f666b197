package bot

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/config"
	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/pipeline"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// TestReviewDrafts: a review comment only where the diff shows the line,
// never for accepted findings or notices, and a suggestion that appends
// the missing statements to a hand-written migration.
func TestReviewDrafts(t *testing.T) {
	diff := map[string]DiffLines{
		"prisma/schema.prisma":  ParseDiffLines("@@ -5,3 +5,4 @@ model User {\n   id Int\n   email String\n+  name String\n   phone String?"),
		"db/migrations/002.sql": ParseDiffLines("@@ -0,0 +1,2 @@\n+ALTER TABLE users ADD COLUMN name text;\n+ALTER TABLE users DROP COLUMN phone;"),
		"db/migrations/003.sql": ParseDiffLines("@@ -0,0 +1,1 @@\n+CREATE INDEX i ON users (email);"),
	}
	finding := func(code, sev, file string, line int, mfile string, mline int) report.Finding {
		return report.Finding{Code: code, Severity: sev, Title: "Title " + code, Message: "message " + code, Object: "public.users.phone",
			SourceFile: file, SourceLine: line, MigrationFile: mfile, MigrationLine: mline}
	}
	tests := []struct {
		name     string
		findings []report.Finding
		hand     []handWritten
		want     []string // path:line of each comment
		suggests bool
	}{
		{name: "schema line inside a hunk", findings: []report.Finding{finding("MB102", "error", "prisma/schema.prisma", 7, "", 0)},
			want: []string{"prisma/schema.prisma:7"}},
		{name: "context line of a hunk counts", findings: []report.Finding{finding("MB102", "error", "prisma/schema.prisma", 8, "", 0)},
			want: []string{"prisma/schema.prisma:8"}},
		{name: "schema line outside the hunks", findings: []report.Finding{finding("MB102", "error", "prisma/schema.prisma", 20, "", 0)}},
		{name: "file not in the diff", findings: []report.Finding{finding("MB102", "error", "other.prisma", 7, "", 0)}},
		{name: "falls back to the migration line", findings: []report.Finding{finding("MB102", "error", "prisma/schema.prisma", 20, "db/migrations/002.sql", 2)},
			want: []string{"db/migrations/002.sql:2"}},
		{name: "accepted finding is not commented", findings: []report.Finding{func() report.Finding {
			f := finding("MB102", "error", "prisma/schema.prisma", 7, "", 0)
			f.Accepted = true
			return f
		}()}},
		{name: "notice is not commented", findings: []report.Finding{finding("MB113", "notice", "prisma/schema.prisma", 7, "", 0)}},
		{name: "same finding twice is one comment", findings: []report.Finding{
			finding("MB102", "error", "prisma/schema.prisma", 7, "", 0), finding("MB102", "error", "prisma/schema.prisma", 7, "", 0)},
			want: []string{"prisma/schema.prisma:7"}},
		{name: "missing statements suggested on the last line", hand: []handWritten{{file: "db/migrations/003.sql", lastLine: 1,
			lastText: "CREATE INDEX i ON users (email);", missing: []string{"ALTER TABLE users ADD COLUMN nickname text"}}},
			want: []string{"db/migrations/003.sql:1"}, suggests: true},
		{name: "no suggestion when the last line is outside the diff", hand: []handWritten{{file: "db/migrations/001.sql", lastLine: 9,
			lastText: "x", missing: []string{"ALTER TABLE users ADD COLUMN nickname text"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := &report.Document{Findings: tc.findings, Rules: []report.RuleDoc{{Code: "MB102", Doc: "Dropping a column loses data."}}}
			drafts := reviewDrafts([]*report.Document{doc}, tc.hand, diff)
			var got []string
			for _, d := range drafts {
				c := d.comment
				got = append(got, c.Path+":"+strconv.Itoa(c.Line))
				if c.Side != "RIGHT" {
					t.Errorf("side %q", c.Side)
				}
				if !strings.Contains(c.Body, "<!-- migrate-bot:finding "+d.key+" -->") {
					t.Errorf("comment lacks its marker:\n%s", c.Body)
				}
				if tc.suggests {
					want := "```suggestion\nCREATE INDEX i ON users (email);\nALTER TABLE users ADD COLUMN nickname text;\n```"
					if !strings.Contains(c.Body, want) {
						t.Errorf("suggestion missing:\n%s", c.Body)
					}
				} else if strings.Contains(c.Body, "```suggestion") {
					t.Errorf("unexpected suggestion:\n%s", c.Body)
				}
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("comments at %v, want %v", got, tc.want)
			}
		})
	}
}

// TestFindingsNotRepeated: a finding is review-commented once, across
// pushes; without the state, the marker in the existing comment is enough.
func TestFindingsNotRepeated(t *testing.T) {
	s := prismaScenario(t, schemaDropColumn)
	s.gh.prs[7].HeadRepo = ghapi.Repo{Owner: "someone", Name: "shop"} // fork: keeps the head still
	s.gh.prs[7].MaintainerCanModify = false
	s.plan = func(ctx context.Context, in pipeline.Input) (*pipeline.Result, error) {
		doc := &report.Document{Verdict: report.Verdict{Status: report.StatusErrors, Failed: true, Summary: "FAIL: 1 step, 1 error."},
			Findings: []report.Finding{{Code: "MB102", Severity: "error", Title: "Column dropped", Message: "public.User.phone is dropped",
				Object: "public.User.phone", SourceFile: "prisma/schema.prisma", SourceLine: 7}}}
		return &pipeline.Result{Projects: []pipeline.ProjectResult{{Project: in.Config.Projects[0], Doc: doc}}}, nil
	}
	s.run("pull_request.opened")
	if len(s.gh.reviews) != 1 || len(s.gh.reviews[0].Comments) != 1 {
		t.Fatalf("reviews %+v", s.gh.reviews)
	}
	if r := s.gh.reviews[0]; r.CommitSHA != s.head() || r.Comments[0].Path != "prisma/schema.prisma" || r.Comments[0].Line != 7 {
		t.Errorf("review %+v", r)
	}
	s.run("check_run.rerequested")
	if len(s.gh.reviews) != 1 {
		t.Fatalf("the finding was commented again (%d reviews)", len(s.gh.reviews))
	}
	// Without the state's memory the marker in the posted comment holds.
	st := s.state()
	st.Reviewed = nil
	if err := saveState(context.Background(), s.store, testRepo.FullName(), 7, st); err != nil {
		t.Fatal(err)
	}
	s.run("check_run.rerequested")
	if len(s.gh.reviews) != 1 {
		t.Fatalf("the finding was commented again without the state (%d reviews)", len(s.gh.reviews))
	}
}

// TestHandWrittenMigrationMissingAColumn: the pull request brings its own
// migration that lacks a column; nothing is generated, the check fails
// saying which statement is missing, with an annotation on the migration
// and a suggestion that adds the statement.
func TestHandWrittenMigrationMissingAColumn(t *testing.T) {
	migration := "prisma/migrations/20261120000000_add_names/migration.sql"
	s := newScenario(t, map[string]string{
		".github/migrate-bot.yml":                             testConfig,
		"prisma/schema.prisma":                                schemaBase,
		"prisma/migrations/migration_lock.toml":               lockFile,
		"prisma/migrations/20240101000000_init/migration.sql": "CREATE TABLE \"User\" (\"id\" SERIAL PRIMARY KEY, \"email\" TEXT NOT NULL, \"phone\" TEXT);\n",
	}, map[string]string{
		"prisma/schema.prisma": schemaAddTwoColumns,
		migration:              "-- AlterTable\nALTER TABLE \"User\" ADD COLUMN \"name\" TEXT;\n",
	})
	s.run("pull_request.opened")
	if len(s.gh.commits) != 0 {
		t.Fatalf("generated over a hand-written migration")
	}
	last := s.lastCheck()
	if last.Conclusion != ConclusionFailure {
		t.Errorf("conclusion %s:\n%s", last.Conclusion, last.Summary)
	}
	for _, want := range []string{"does not match the schema change (1 statement missing", "nickname", "Missing from the migration (1 statement)"} {
		if !strings.Contains(last.Summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, last.Summary)
		}
	}
	if !hasAnnotation(last.Annotations, migration+":2") {
		t.Errorf("no annotation on the migration's last line: %+v", last.Annotations)
	}
	if len(s.gh.reviews) != 1 {
		t.Fatalf("%d reviews", len(s.gh.reviews))
	}
	var sugg string
	for _, c := range s.gh.reviews[0].Comments {
		if c.Path == migration {
			sugg = c.Body
		}
	}
	if !strings.Contains(sugg, "```suggestion\nALTER TABLE \"User\" ADD COLUMN \"name\" TEXT;\nALTER TABLE") || !strings.Contains(sugg, "nickname") {
		t.Errorf("suggestion:\n%s", sugg)
	}
}

// TestConclusions maps project results to the check run's conclusion.
func TestConclusions(t *testing.T) {
	p := &config.Project{Name: "app"}
	doc := func(status string, failed bool, renames int) *report.Document {
		d := &report.Document{Verdict: report.Verdict{Status: status, Failed: failed, Summary: status}}
		for range renames {
			d.LikelyRenames = append(d.LikelyRenames, report.LikelyRename{Kind: "column", Table: "public.users", From: "phone", To: "mobile",
				Flag: "--rename public.users.phone=public.users.mobile"})
		}
		return d
	}
	tests := []struct {
		name   string
		result pipeline.Result
		copy   bool
		want   string
	}{
		{name: "clean plan", result: pipeline.Result{Projects: []pipeline.ProjectResult{{Project: p, Doc: doc(report.StatusClean, false, 0)}}}, want: ConclusionSuccess},
		{name: "warnings below fail-on", result: pipeline.Result{Projects: []pipeline.ProjectResult{{Project: p, Doc: doc(report.StatusWarnings, false, 0)}}}, want: ConclusionSuccess},
		{name: "failed verdict", result: pipeline.Result{Projects: []pipeline.ProjectResult{{Project: p, Doc: doc(report.StatusErrors, true, 0)}}}, want: ConclusionFailure},
		{name: "likely rename", result: pipeline.Result{Projects: []pipeline.ProjectResult{{Project: p, Doc: doc(report.StatusWarnings, false, 1)}}}, want: ConclusionActionRequired},
		{name: "no changes", result: pipeline.Result{Projects: []pipeline.ProjectResult{{Project: p, Doc: doc(report.StatusNoChanges, false, 0)}}}, want: ConclusionNeutral},
		{name: "only unchanged projects", result: pipeline.Result{Unchanged: []string{"app"}}, want: ConclusionNeutral},
		{name: "project error", result: pipeline.Result{Projects: []pipeline.ProjectResult{{Project: p, Doc: doc(report.StatusClean, false, 0)}},
			Errors: []report.ProjectError{{Project: "b", Error: "schema.prisma:3: bad"}}}, want: ConclusionFailure},
		{name: "hand-written that converges", result: pipeline.Result{Projects: []pipeline.ProjectResult{{Project: p, Doc: doc(report.StatusClean, false, 0),
			HandWritten: &pipeline.HandWrittenCheck{Files: []string{"m.sql"}, Converges: true}}}}, want: ConclusionSuccess},
		{name: "hand-written with extra changes", result: pipeline.Result{Projects: []pipeline.ProjectResult{{Project: p, Doc: doc(report.StatusClean, false, 0),
			HandWritten: &pipeline.HandWrittenCheck{Files: []string{"m.sql"}, Extra: []string{"column x is created"}}}}}, want: ConclusionFailure},
		{name: "fork must copy files", result: pipeline.Result{Projects: []pipeline.ProjectResult{{Project: p, Doc: doc(report.StatusClean, false, 0)}}}, copy: true, want: ConclusionActionRequired},
		{name: "fork must copy but the plan fails", result: pipeline.Result{Projects: []pipeline.ProjectResult{{Project: p, Doc: doc(report.StatusErrors, true, 0)}}}, copy: true, want: ConclusionFailure},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := &outcome{result: &tc.result}
			if tc.copy {
				o.copyFiles, o.copyReason = []pipelineFile{{Path: "m.sql", Content: "x"}}, "fork"
			}
			if got := o.conclusion(); got != tc.want {
				t.Errorf("conclusion %s, want %s", got, tc.want)
			}
			summary := o.summary(false)
			if first, _, _ := strings.Cut(summary, "\n\n"); !strings.Contains(first, icon(o.conclusion())) {
				t.Errorf("first paragraph lacks the verdict:\n%s", summary)
			}
			if tc.name == "likely rename" && !strings.Contains(summary, "- column `public.users.phone` → `public.users.mobile`: `/migrate rename public.users.phone -> public.users.mobile`") {
				t.Errorf("no rename command hint:\n%s", summary)
			}
		})
	}
}

// TestFindingKeyIgnoresPlace: the same finding on another line or file is
// not commented again; another object is.
func TestFindingKeyIgnoresPlace(t *testing.T) {
	diff := map[string]DiffLines{
		"schema.prisma": ParseDiffLines("@@ -1,0 +1,3 @@\n+a\n+b\n+c"),
		"m.sql":         ParseDiffLines("@@ -0,0 +1,3 @@\n+x\n+y\n+z"),
	}
	at := func(file string, line int, object string) *report.Document {
		return &report.Document{Project: "app", Findings: []report.Finding{{Code: "MB102", Severity: "error", Title: "Column dropped",
			Object: object, SourceFile: file, SourceLine: line}}}
	}
	first := reviewDrafts([]*report.Document{at("schema.prisma", 2, "public.users.phone")}, nil, diff)
	st := &State{}
	for _, d := range first {
		st.Reviewed = append(st.Reviewed, d.key)
	}
	for name, tc := range map[string]struct {
		doc  *report.Document
		want int
	}{
		"moved line":     {at("schema.prisma", 3, "public.users.phone"), 0},
		"migration file": {at("m.sql", 1, "public.users.phone"), 0},
		"another object": {at("schema.prisma", 2, "public.users.fax"), 1},
	} {
		if got := newDrafts(reviewDrafts([]*report.Document{tc.doc}, nil, diff), st, nil); len(got) != tc.want {
			t.Errorf("%s: %d new comments, want %d", name, len(got), tc.want)
		}
	}
}
