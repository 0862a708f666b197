package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

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
	rows := lint.Count(2047)
	findings := []lint.Finding{
		{Code: "MB205", Severity: lint.Warning, Title: "Required column without a database default",
			Message: "public.users.email is NOT NULL without a default: inserts from code running against the old schema fail",
			Table:   "public.users", Column: "email", StepIndex: 1, SourcePos: schema.Pos{File: "schema.prisma", Line: 12}},
		{Code: "MB102", Severity: lint.Error, Title: "Column dropped", Message: "DROP COLUMN deletes the values of public.users.phone",
			Table: "public.users", Column: "phone", StepIndex: 2, Evidence: lint.Evidence{Rows: rows, Duration: 3 * time.Second}},
		{Code: "MB113", Severity: lint.Notice, Title: "Prefer text", Message: "public.users.email is varchar", Table: "public.users", Column: "email", StepIndex: 1},
		{Code: "MB202", Severity: lint.Warning, Title: "Column renamed", Message: "accepted one", Table: "public.users", StepIndex: 2,
			Accepted: true, AcceptReason: "no reader uses it"},
	}
	lint.SetMigrationLines(findings, []int{4, 5})
	return Build(Input{
		Dialect: d, Plan: p, Changes: []schema.Change{add, drop}, FailOn: failOn, Findings: findings,
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
		{"fail on error", SeverityError, true, "FAIL: 2 steps, 1 error, 1 warning, 1 notice, 1 accepted (--fail-on error)."},
		{"fail on warning", SeverityWarning, true, "FAIL: 2 steps, 1 error, 1 warning, 1 notice, 1 accepted (--fail-on warning)."},
		{"fail on notice", SeverityNotice, true, "FAIL: 2 steps, 1 error, 1 warning, 1 notice, 1 accepted (--fail-on notice)."},
		{"never fail", SeverityNever, false, "PASS: 2 steps, 1 error, 1 warning, 1 notice, 1 accepted (--fail-on never)."},
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
	if v := doc.Verdict; v.Errors != 1 || v.Warnings != 1 || v.Notices != 1 || v.Accepted != 1 {
		t.Errorf("counts = %+v", v)
	}
	if len(doc.Findings) != 4 {
		t.Fatalf("findings = %+v, want 4", doc.Findings)
	}
	f := doc.Findings[0]
	if f.Severity != "warning" || f.Code != "MB205" || f.Source != "schema.prisma:12" || f.SourceFile != "schema.prisma" ||
		f.SourceLine != 12 || f.Step != 1 || f.Object != "public.users.email" || f.MigrationFile != "1_x.up.sql" || f.MigrationLine != 4 {
		t.Errorf("first finding = %+v", f)
	}
	if ev := doc.Findings[1].Evidence; ev == nil || *ev.Rows != 2047 || ev.DurationSeconds != 3 || ev.Offending != nil {
		t.Errorf("evidence = %+v", ev)
	}
	if doc.Findings[0].Evidence != nil {
		t.Error("a finding without numbers has no evidence")
	}
	var codes []string
	for _, r := range doc.Rules {
		codes = append(codes, r.Code)
		if r.Doc == "" || r.Title == "" || r.Severity == "" {
			t.Errorf("rule %+v lacks its documentation", r)
		}
	}
	if strings.Join(codes, ",") != "MB102,MB113,MB202,MB205" {
		t.Errorf("rules = %v, want each finding's code once, in order", codes)
	}
	if doc.DialectVersion != "15" || doc.Dialect != "postgres" {
		t.Errorf("dialect = %s %s", doc.Dialect, doc.DialectVersion)
	}
}

// TestVerdictStatus: notices alone do not fail the default threshold,
// accepted findings are not counted, and a stale acceptance is reported.
func TestVerdictStatus(t *testing.T) {
	d, _ := dialect.Lookup("postgres", "")
	p := &plan.Plan{Steps: []*plan.Step{{Up: []string{"SELECT 1"}}}}
	tests := []struct {
		name     string
		findings []lint.Finding
		failOn   Severity
		status   string
		failed   bool
	}{
		{"notice only", []lint.Finding{{Code: "MB113", Severity: lint.Notice}}, SeverityWarning, StatusNotices, false},
		{"notice with fail-on notice", []lint.Finding{{Code: "MB113", Severity: lint.Notice}}, SeverityNotice, StatusNotices, true},
		{"accepted error", []lint.Finding{{Code: "MB101", Severity: lint.Error, Accepted: true}}, SeverityError, StatusClean, false},
		{"stale acceptance", []lint.Finding{{Code: lint.StaleAcceptCode, Severity: lint.Warning, Title: "Accepted finding no longer fires"}}, SeverityWarning, StatusWarnings, true},
		{"no findings", nil, SeverityNotice, StatusClean, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := Build(Input{Dialect: d, Plan: p, Findings: tc.findings, FailOn: tc.failOn})
			if doc.Verdict.Status != tc.status || doc.Verdict.Failed != tc.failed {
				t.Fatalf("verdict = %+v, want %s failed=%v", doc.Verdict, tc.status, tc.failed)
			}
			for _, r := range doc.Rules {
				if r.Doc == "" {
					t.Errorf("rule %s has no doc", r.Code)
				}
			}
		})
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
			"FAIL: 2 steps, 1 error, 1 warning, 1 notice, 1 accepted (--fail-on error).\n",
			"  1. AddColumn public.users.email  [schema.prisma:12]",
			"lock ACCESS EXCLUSIVE on public.users (blocks reads and writes); no rewrite; no scan; transactional",
			"rollback cannot restore the data",
			"hazard data-loss: public.users.phone",
			"  error    MB102 Column dropped  (step 2)\n           DROP COLUMN deletes the values of public.users.phone\n" +
				"           migration 1_x.up.sql:5\n           data: 2,047 rows, about 3s\n",
			"  warning  MB205 Required column without a database default  (step 1)\n",
			"           schema.prisma:12; migration 1_x.up.sql:4\n",
			"  accepted MB202 Column renamed  (step 2)",
			"accepted (warning severity, not counted): no reader uses it",
			"confirm with --rename users.phone=users.email",
			"-- ===== 1_x.up.sql (up migration) =====\nALTER TABLE x;\n",
			"-- ===== 1_x.down.sql (down migration) =====\nALTER TABLE y;\n",
		}},
		{"markdown", func(b *bytes.Buffer) error { return Markdown(b, doc) }, []string{
			"❌ FAIL: 2 steps",
			"| Severity | Code | Finding | Object | Schema | Migration |",
			"| warning | `MB205` | **Required column without a database default**: public.users.email is NOT NULL without a default: " +
				"inserts from code running against the old schema fail | `public.users.email` | `schema.prisma:12` | `1_x.up.sql:4` |",
			"| error | `MB102` | **Column dropped**: DROP COLUMN deletes the values of public.users.phone | `public.users.phone` |  | `1_x.up.sql:5` |",
			"| ~~warning~~ accepted | `MB202` |",
			"_Accepted: no reader uses it_",
			"<details><summary><code>MB102</code> Column dropped: why it matters and the safe alternative</summary>",
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
	for _, key := range []string{"version", "dialect", "dialect_version", "verdict", "steps", "changes", "likely_renames", "findings", "rules", "files"} {
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
	if got["version"] != float64(FormatVersion) || FormatVersion != 2 {
		t.Errorf("version = %v", got["version"])
	}
	finding := got["findings"].([]any)[1].(map[string]any)
	for _, key := range []string{"code", "severity", "title", "message", "object", "step", "source", "migration_file", "migration_line", "evidence", "accepted"} {
		if _, ok := finding[key]; !ok {
			t.Errorf("finding lacks %q: %v", key, finding)
		}
	}
	rule := got["rules"].([]any)[0].(map[string]any)
	for _, key := range []string{"code", "severity", "title", "doc"} {
		if _, ok := rule[key]; !ok {
			t.Errorf("rule lacks %q: %v", key, rule)
		}
	}
}

func TestFenceOutgrowsBackticks(t *testing.T) {
	got := Fence("sql", "SELECT '```'")
	if !strings.HasPrefix(got, "````sql\n") || !strings.HasSuffix(got, "\n````\n") {
		t.Fatalf("fence = %q", got)
	}
}

func TestParseSeverity(t *testing.T) {
	for _, s := range []Severity{SeverityNotice, SeverityWarning, SeverityError, SeverityNever} {
		got, err := ParseSeverity(s.String())
		if err != nil || got != s {
			t.Errorf("ParseSeverity(%s) = %v, %v", s, got, err)
		}
		if s != SeverityNever && lint.Severity(s).String() != s.String() {
			t.Errorf("%s does not line up with lint's severity", s)
		}
	}
	if _, err := ParseSeverity("sometimes"); err == nil {
		t.Error("want an error")
	}
}

func TestRuleDocs(t *testing.T) {
	docs := RuleDocs()
	if len(docs) < 41 || docs[0].Code != lint.StaleAcceptCode {
		t.Fatalf("RuleDocs has %d entries, first %v", len(docs), docs[0])
	}
	for _, r := range docs {
		if r.Doc == "" || r.Title == "" {
			t.Errorf("%s: no title or doc", r.Code)
		}
	}
}

func TestEvidenceText(t *testing.T) {
	e := &Evidence{Rows: lint.Count(1234567), Offending: lint.Count(12), Bytes: lint.Count(3 << 20), DurationSeconds: 1.6}
	if got, want := EvidenceText(e), "1,234,567 rows, 12 offending, 3.0 MiB, about 2s"; got != want {
		t.Errorf("EvidenceText = %q, want %q", got, want)
	}
	if got := EvidenceText(&Evidence{DurationSeconds: 0.0006}); got != "under 1s" {
		t.Errorf("EvidenceText(0.6ms) = %q", got)
	}
}
