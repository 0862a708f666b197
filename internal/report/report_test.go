package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

func TestDescribeEveryChangeKind(t *testing.T) {
	for _, c := range schema.AllChangeKinds() {
		t.Run(c.Kind(), func(t *testing.T) {
			got, ok := describe(c)
			if !ok {
				t.Fatalf("Describe has no case for %s", c.Kind())
			}
			if got.Kind != c.Kind() {
				t.Fatalf("Kind = %q, want %q", got.Kind, c.Kind())
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	users := schema.QName{Schema: "public", Name: "users"}
	tests := []struct {
		name   string
		change schema.Change
		want   Change
	}{
		{"add column", &schema.AddColumn{Table: users, Column: &schema.Column{Name: "email"}},
			Change{Kind: "AddColumn", Object: "public.users.email"}},
		{"rename column", &schema.RenameColumn{Table: users, From: "phone", To: "phone_number"},
			Change{Kind: "RenameColumn", Object: "public.users.phone", Detail: "to phone_number"}},
		{"alter column", &schema.AlterColumn{Table: users, From: &schema.Column{Name: "age"}, To: &schema.Column{Name: "age"}, What: schema.ChangeType | schema.ChangeNull},
			Change{Kind: "AlterColumn", Object: "public.users.age", Detail: "type,null"}},
		{"add enum value", &schema.AddEnumValue{Enum: schema.QName{Schema: "public", Name: "Role"}, Value: "it's"},
			Change{Kind: "AddEnumValue", Object: "public.Role", Detail: "value 'it''s'"}},
		{"add table", &schema.AddTable{Table: &schema.Table{Name: users}}, Change{Kind: "AddTable", Object: "public.users"}},
		{"add index", &schema.AddIndex{Table: users, Index: &schema.Index{Name: "users_email_idx"}},
			Change{Kind: "AddIndex", Object: "public.users.users_email_idx"}},
		{"view", &schema.AddObject{Object: &schema.Object{Kind: schema.ObjectView, Name: schema.QName{Schema: "public", Name: "v"}}},
			Change{Kind: "AddObject", Object: "view public.v"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Describe(tc.change); got != tc.want {
				t.Fatalf("Describe = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// sample is a two-step plan: an added column (breaking) and a dropped
// column (data loss).
func sample(t *testing.T, failOn Severity) *Document {
	t.Helper()
	d, err := dialect.Lookup("postgres", "15")
	if err != nil {
		t.Fatal(err)
	}
	users := schema.QName{Schema: "public", Name: "users"}
	add := &schema.AddColumn{Table: users, Column: &schema.Column{Name: "email"}}
	drop := &schema.DropColumn{Table: users, Column: &schema.Column{Name: "phone"}}
	p := &plan.Plan{Dialect: "postgres", Steps: []*plan.Step{
		{Change: add, Up: []string{`ALTER TABLE "public"."users" ADD COLUMN "email" text NOT NULL`},
			Down: []string{`ALTER TABLE "public"."users" DROP COLUMN IF EXISTS "email"`}, Transactional: true,
			Lock:    plan.Lock{Level: "ACCESS EXCLUSIVE", Tables: []schema.QName{users}, BlocksReads: true, BlocksWrites: true},
			Hazards: []plan.Hazard{{Kind: plan.HazardMayFail, Table: users, Column: "email", Detail: "NOT NULL without default"}},
			Pos:     schema.Pos{File: "schema.prisma", Line: 12, Col: 3}},
		{Change: drop, Up: []string{`ALTER TABLE "public"."users" DROP COLUMN "phone"`},
			Down: []string{`ALTER TABLE "public"."users" ADD COLUMN IF NOT EXISTS "phone" text`}, Transactional: true,
			Lock:          plan.Lock{Level: "ACCESS EXCLUSIVE", Tables: []schema.QName{users}, BlocksReads: true, BlocksWrites: true},
			DownLosesData: true,
			Hazards:       []plan.Hazard{{Kind: plan.HazardDataLoss, Table: users, Column: "phone"}, {Kind: plan.HazardBreaking, Table: users, Column: "phone"}}},
	}}
	return Build(Input{
		Dialect: d, Plan: p, Changes: []schema.Change{add, drop}, FailOn: failOn,
		LikelyRenames: []LikelyRename{{Kind: "column", Table: "public.users", From: "phone", To: "email", Flag: "--rename users.phone=users.email"}},
		Files: []File{
			{Name: "1_x.up.sql", Kind: "up", Content: "ALTER TABLE x;\n"},
			{Name: "1_x.down.sql", Kind: "down", Content: "ALTER TABLE y;\n"},
		},
	})
}

func TestBuildFindingsAndVerdict(t *testing.T) {
	tests := []struct {
		name       string
		failOn     Severity
		wantFailed bool
		wantLine   string
	}{
		{"fail on error", SeverityError, true, "FAIL: 2 steps, 1 error, 2 warnings (--fail-on error)."},
		{"fail on warning", SeverityWarning, true, "FAIL: 2 steps, 1 error, 2 warnings (--fail-on warning)."},
		{"never fail", SeverityNever, false, "PASS: 2 steps, 1 error, 2 warnings (--fail-on never)."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := sample(t, tc.failOn)
			if doc.Verdict.Failed != tc.wantFailed || doc.Verdict.Summary != tc.wantLine || doc.Verdict.Status != StatusErrors {
				t.Fatalf("verdict = %+v, want failed=%v summary %q", doc.Verdict, tc.wantFailed, tc.wantLine)
			}
		})
	}
	doc := sample(t, SeverityError)
	if len(doc.Findings) != 3 {
		t.Fatalf("findings = %+v, want 3", doc.Findings)
	}
	f := doc.Findings[0]
	if f.Severity != "warning" || f.Code != "may-fail" || f.Source != "schema.prisma:12" || f.Step != 1 || f.Object != "public.users.email" {
		t.Errorf("first finding = %+v", f)
	}
	if doc.Findings[1].Severity != "error" || doc.Findings[1].Code != "data-loss" {
		t.Errorf("second finding = %+v, want data-loss error", doc.Findings[1])
	}
	if doc.DialectVersion != "15" || doc.Dialect != "postgres" {
		t.Errorf("dialect = %s %s", doc.Dialect, doc.DialectVersion)
	}
}

func TestSeverityMapping(t *testing.T) {
	want := map[plan.HazardKind]Severity{
		plan.HazardDataLoss: SeverityError, plan.HazardBreaking: SeverityWarning, plan.HazardMayFail: SeverityWarning,
		plan.HazardRewrite: SeverityWarning, plan.HazardBlockingLock: SeverityWarning, plan.HazardIrreversible: SeverityWarning,
	}
	for k, sev := range want {
		if got := SeverityOf(k); got != sev {
			t.Errorf("SeverityOf(%s) = %s, want %s", k, got, sev)
		}
		if _, ok := hazardText[k]; !ok {
			t.Errorf("hazardText has no entry for %s", k)
		}
	}
}

func TestEmptyPlan(t *testing.T) {
	d, _ := dialect.Lookup("postgres", "")
	doc := Build(Input{Dialect: d, Plan: &plan.Plan{}, FailOn: SeverityError})
	if doc.Verdict.Summary != NoChanges || doc.Verdict.Status != StatusNoChanges || doc.Verdict.Failed {
		t.Fatalf("verdict = %+v", doc.Verdict)
	}
	var buf bytes.Buffer
	if err := Text(&buf, doc); err != nil {
		t.Fatal(err)
	}
	if buf.String() != NoChanges+"\n" {
		t.Fatalf("text = %q", buf.String())
	}
}

func TestRenderers(t *testing.T) {
	doc := sample(t, SeverityError)
	tests := []struct {
		name   string
		render func(*bytes.Buffer) error
		want   []string
	}{
		{"text", func(b *bytes.Buffer) error { return Text(b, doc) }, []string{
			"FAIL: 2 steps, 1 error, 2 warnings (--fail-on error).\n",
			"  1. AddColumn public.users.email  [schema.prisma:12]",
			"lock ACCESS EXCLUSIVE on public.users (blocks reads and writes); no rewrite; no scan; transactional",
			"rollback cannot restore the data",
			"hazard data-loss: public.users.phone",
			"  error   step 2: DropColumn public.users.phone destroys data [data-loss]",
			"confirm with --rename users.phone=users.email",
			"-- ===== 1_x.up.sql (up migration) =====\nALTER TABLE x;\n",
			"-- ===== 1_x.down.sql (down migration) =====\nALTER TABLE y;\n",
		}},
		{"markdown", func(b *bytes.Buffer) error { return Markdown(b, doc) }, []string{
			"❌ FAIL: 2 steps",
			"| Severity | Finding | Object | Source |",
			"| warning | AddColumn public.users.email fails if existing rows violate it (NOT NULL without default) `may-fail` | `public.users.email` | `schema.prisma:12` |",
			"<details><summary>Up migration: <code>1_x.up.sql</code></summary>\n\n```sql\nALTER TABLE x;\n```\n",
			"confirm with `--rename users.phone=users.email`",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.render(&buf); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(buf.String(), w) {
					t.Errorf("output lacks %q\n--- output ---\n%s", w, buf.String())
				}
			}
		})
	}
	if !strings.HasPrefix(mustMarkdown(t, doc), "❌ FAIL") {
		t.Error("markdown must start with the verdict line")
	}
}

func mustMarkdown(t *testing.T, doc *Document) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Markdown(&buf, doc); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestJSONShape(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, sample(t, SeverityError)); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("unmarshal: %v\n%s", err, buf.String())
	}
	for _, key := range []string{"version", "dialect", "dialect_version", "verdict", "steps", "changes", "likely_renames", "findings", "files"} {
		if _, ok := got[key]; !ok {
			t.Errorf("JSON lacks %q", key)
		}
	}
	step := got["steps"].([]any)[0].(map[string]any)
	for _, key := range []string{"up", "down", "transactional", "lock", "rewrite", "scan", "down_loses_data", "hazards", "change", "source"} {
		if _, ok := step[key]; !ok {
			t.Errorf("step lacks %q", key)
		}
	}
	change := step["change"].(map[string]any)
	if change["kind"] != "AddColumn" || change["object"] != "public.users.email" || step["source"] != "schema.prisma:12" {
		t.Errorf("step change/source = %v %v", change, step["source"])
	}
	if strings.Contains(buf.String(), "ALTER TABLE x;") {
		t.Error("file contents must not be in the JSON document")
	}
}

func TestFenceOutgrowsBackticks(t *testing.T) {
	got := fence("sql", "SELECT '```'")
	if !strings.HasPrefix(got, "````sql\n") || !strings.HasSuffix(got, "\n````\n") {
		t.Fatalf("fence = %q", got)
	}
}

func TestLintFindings(t *testing.T) {
	fs := LintFindings([]lint.Finding{
		{Code: "MB102", Severity: lint.Error, Title: "Column dropped", Message: "DROP COLUMN public.users.phone deletes its values",
			Table: "public.users", Column: "phone", StepIndex: 2, SourcePos: schema.Pos{File: "schema.sql", Line: 7}},
		{Code: "MB206", Severity: lint.Notice, Title: "Column becomes nullable", Message: "x", Table: "public.users",
			Accepted: true, AcceptReason: "readers handle NULL"},
	})
	want := []Finding{
		{Severity: "error", Code: "MB102", Message: "Column dropped: DROP COLUMN public.users.phone deletes its values",
			Object: "public.users.phone", Step: 2, Source: "schema.sql:7"},
		{Severity: "notice", Code: "MB206", Message: "Column becomes nullable: x [accepted: readers handle NULL]", Object: "public.users"},
	}
	if len(fs) != len(want) {
		t.Fatalf("LintFindings = %+v", fs)
	}
	for i := range want {
		if fs[i] != want[i] {
			t.Errorf("finding %d = %+v, want %+v", i, fs[i], want[i])
		}
	}
	if sev, err := ParseSeverity("notice"); err != nil || sev >= SeverityWarning || sev.String() != "notice" {
		t.Errorf("notice = %v, %v: must parse and rank below warning", sev, err)
	}
}
