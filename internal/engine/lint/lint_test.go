package lint

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// fixedRule reports the findings it is given, at its default severity
// unless a finding says otherwise.
type fixedRule struct {
	code     string
	sev      Severity
	findings []Finding
}

func (r fixedRule) Code() string       { return r.code }
func (r fixedRule) Severity() Severity { return r.sev }
func (r fixedRule) Title() string      { return "title of " + r.code }
func (r fixedRule) Doc() string        { return "doc" }
func (r fixedRule) Check(*Context) []Finding {
	return slices.Clone(r.findings)
}

func TestRun(t *testing.T) {
	off := false
	a := fixedRule{"MB901", Warning, []Finding{
		{Severity: Warning, Table: "public.b", StepIndex: 2, Message: "second"},
		{Severity: Notice, Table: "public.a", StepIndex: 2, Message: "scaled down by data"},
	}}
	b := fixedRule{"MB902", Error, []Finding{{Severity: Error, Table: "public.a", StepIndex: 1, Message: "first"}}}
	c := fixedRule{"MB903", Warning, []Finding{{Severity: Warning, Message: "plan-wide"}}}
	rules := []Rule{a, b, c}
	tests := []struct {
		name string
		cfg  Config
		want []string // code severity step table [accepted]
	}{
		{"defaults, sorted by step then code then table", Config{}, []string{
			"MB903 warning 0 ", "MB902 error 1 public.a", "MB901 notice 2 public.a", "MB901 warning 2 public.b"}},
		{"rule disabled", Config{Rules: map[string]RuleConfig{"MB903": {Enabled: &off}}}, []string{
			"MB902 error 1 public.a", "MB901 notice 2 public.a", "MB901 warning 2 public.b"}},
		{"severity override keeps data-scaled findings", Config{Rules: map[string]RuleConfig{"MB901": {Severity: "error"}}}, []string{
			"MB903 warning 0 ", "MB902 error 1 public.a", "MB901 notice 2 public.a", "MB901 error 2 public.b"}},
		{"accepted code is marked, stale acceptance reported", Config{Accept: map[string]string{"MB902": "table is empty in prod", "MB999": "old"}}, []string{
			"MB000 warning 0 ", "MB903 warning 0 ", "MB902 error 1 public.a accepted", "MB901 notice 2 public.a", "MB901 warning 2 public.b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			fs := Run(&Context{}, tc.cfg, rules)
			for _, f := range fs {
				s := f.Code + " " + f.Severity.String() + " " + string(rune('0'+f.StepIndex)) + " " + f.Table
				if f.Accepted {
					s += " accepted"
				}
				got = append(got, s)
				if f.Code != StaleAcceptCode && f.Title != "title of "+f.Code {
					t.Errorf("finding %+v: title not filled from its rule", f)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

func TestStaleAcceptMessageAndFailOn(t *testing.T) {
	fs := Run(&Context{}, Config{Accept: map[string]string{"MB101": "dropped on purpose"}}, nil)
	if len(fs) != 1 || fs[0].Code != StaleAcceptCode || !strings.Contains(fs[0].Message, "MB101") || !strings.Contains(fs[0].Message, "dropped on purpose") {
		t.Fatalf("findings = %+v", fs)
	}
	accepted := []Finding{{Severity: Error, Accepted: true}, {Severity: Notice}}
	if Fails(accepted, Warning) {
		t.Error("an accepted error must not fail a run")
	}
	if !Fails(accepted, Notice) {
		t.Error("a notice fails --fail-on notice")
	}
	if got := Counts(accepted); got[Error] != 0 || got[Notice] != 1 {
		t.Errorf("Counts = %v", got)
	}
}

func TestConfigValidate(t *testing.T) {
	known := []Rule{fixedRule{code: "MB101"}}
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"valid", Config{Rules: map[string]RuleConfig{"MB101": {Severity: "notice"}}, Accept: map[string]string{"MB101": "x"}}, ""},
		{"unknown rule", Config{Rules: map[string]RuleConfig{"MB777": {}}}, "unknown code MB777"},
		{"bad severity", Config{Rules: map[string]RuleConfig{"MB101": {Severity: "fatal"}}}, `unknown severity "fatal"`},
		{"unknown accept", Config{Accept: map[string]string{"MB778": ""}}, "accept: unknown code MB778"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate(known)
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("Validate = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestParseSeverity(t *testing.T) {
	for _, s := range []Severity{Notice, Warning, Error} {
		got, err := ParseSeverity(strings.ToUpper(s.String()))
		if err != nil || got != s {
			t.Errorf("ParseSeverity(%s) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseSeverity("never"); err == nil {
		t.Error("never is a --fail-on value, not a severity")
	}
}

func TestStepLines(t *testing.T) {
	p := &plan.Plan{Steps: []*plan.Step{
		{Up: []string{`CREATE TABLE "t" (id int)`}},
		{Up: nil},
		{Up: []string{`ALTER TABLE "t" ADD COLUMN "a" text`, `COMMENT ON COLUMN "t"."a" IS 'x'`}},
		{Up: []string{`ALTER TABLE "t" ADD COLUMN "a" text`}}, // same text again: the next occurrence
		{Up: []string{`DROP TABLE "missing"`}},
	}}
	up := "-- header\nSET lock_timeout = '10s';\n\nBEGIN;\nCREATE TABLE \"t\" (id int);\nALTER TABLE \"t\" ADD COLUMN \"a\" text;\n" +
		"COMMENT ON COLUMN \"t\".\"a\" IS 'x';\nCOMMIT;\n\nALTER TABLE \"t\" ADD COLUMN \"a\" text;\n"
	got := StepLines(p, up)
	want := []int{5, 0, 6, 10, 0}
	if !slices.Equal(got, want) {
		t.Fatalf("StepLines = %v, want %v", got, want)
	}
	fs := []Finding{{StepIndex: 3}, {StepIndex: 0}, {StepIndex: 9}}
	SetMigrationLines(fs, got)
	if fs[0].MigrationLine != 6 || fs[1].MigrationLine != 0 || fs[2].MigrationLine != 0 {
		t.Errorf("SetMigrationLines = %+v", fs)
	}
}

func TestMapFacts(t *testing.T) {
	users := schema.QName{Schema: "public", Name: "users"}
	m := &MapFacts{Rows: map[string]int64{"public.users": 5}, Duplicates: map[string]int64{"public.users(a,b)": 2},
		EnumUses: map[string]int64{"public.users.s=x": 7}}
	var f Facts = m
	if n, ok := f.RowCount(users); !ok || n != 5 {
		t.Errorf("RowCount = %d, %v", n, ok)
	}
	if n, ok := f.DuplicateGroups(users, []string{"a", "b"}); !ok || n != 2 {
		t.Errorf("DuplicateGroups = %d, %v", n, ok)
	}
	if n, ok := f.EnumValueUses(schema.ColumnRef{Table: users, Column: "s"}, "x"); !ok || n != 7 {
		t.Errorf("EnumValueUses = %d, %v", n, ok)
	}
	if _, ok := f.NullCount(users, "a"); ok {
		t.Error("an unrecorded fact must be unknown")
	}
	ctx := &Context{Facts: m}
	if ctx.Empty(users) || ctx.Evidence(users).Rows == nil || *ctx.Evidence(users).Rows != 5 {
		t.Errorf("Context helpers: empty %v evidence %+v", ctx.Empty(users), ctx.Evidence(users))
	}
}

// TestImports holds lint to DESIGN.md: it imports plan, schema and dialect
// of the engine and nothing else of the module (no net/http either).
func TestImports(t *testing.T) {
	const module = "github.com/migrate-bot/migrate-bot/internal/"
	allowed := map[string]bool{module + "engine/plan": true, module + "engine/schema": true,
		module + "engine/dialect": true, module + "engine/lint": true, module + "engine/lint/rules": true}
	out, err := exec.Command("go", "list", "-deps", ".", "./rules").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "net/http" || strings.HasPrefix(dep, module) && !allowed[dep] {
			t.Errorf("lint depends on %s", dep)
		}
	}
}
