package alembic

import (
	"flag"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenNow and the revision ids make the golden files stable.
var goldenNow = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

const (
	goldenBaseRev = "1a2b3c4d5e6f"
	goldenRev     = "abcdef012345"
)

// goldenCases are the acceptance cases whose change revision is kept as a
// golden file, per dialect: together they use every operation the emitter
// writes (TestOperationCoverage checks it).
var goldenCases = map[string][]string{
	"postgres": {
		"p_add_model", "p_enum_create", "p_drop_model_with_m2m_and_enum", "p_m2m_add", "p_index_add_drop_change",
		"p_default_change", "p_optional_to_required", "s_fk_add_drop", "p_rename_field_flag", "s_rename_table_flag",
		"s_text_to_integer_using", "s_create_from_empty", "p_drop_field",
	},
	"mariadb": {"p_add_model", "s_add_column", "s_drop_table", "p_enum_add_value_middle"},
	"sqlite":  {"p_add_field_optional", "p_drop_field", "s_add_table", "p_int_to_bigint", "p_index_add_drop", "s_rename_table_flag"},
}

// renderCase renders the change revision of a scenario on top of a
// history holding its initial revision.
func renderCase(t *testing.T, sc scenario) string {
	t.Helper()
	initial, change := sc.plans(t)
	h := &History{Dir: "migrations", Versions: "migrations/versions"}
	if !initial.Empty() {
		h.Revisions = []*Revision{{ID: goldenBaseRev, File: "migrations/versions/" + goldenBaseRev + "_initial_schema.py", Line: 10}}
	}
	files, err := Files(change, h, Options{Name: sc.name, Now: goldenNow, RevisionID: goldenRev})
	if err != nil {
		t.Fatalf("%s: %v", sc.name, err)
	}
	if len(files) == 0 {
		return ""
	}
	return string(files[0].Data)
}

// TestGolden compares the revision of each golden case with
// testdata/golden/<dialect>/<case>.py (go test -update rewrites them).
func TestGolden(t *testing.T) {
	for dn, names := range goldenCases {
		all := loadScenarios(t, dn)
		for _, name := range names {
			i := slices.IndexFunc(all, func(s scenario) bool { return s.name == name })
			if i < 0 {
				t.Fatalf("golden case %s/%s is not an acceptance case", dn, name)
			}
			got := renderCase(t, all[i])
			path := filepath.Join("testdata", "golden", dn, name+".py")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the emitted revision (go test -update rewrites it):\n%s", path, got)
			}
		}
	}
}

var opCall = regexp.MustCompile(`\b(op\.[a-z_]+|batch_op\.[a-z_]+|postgresql\.ENUM\([^)]*\)\.[a-z]+|autocommit_block)\(`)

// TestOperationCoverage renders every acceptance case and counts the
// operations used, and requires the golden files to use each of them.
func TestOperationCoverage(t *testing.T) {
	counts := map[string]int{}
	golden := map[string]bool{}
	for _, dn := range []string{"postgres", "mariadb", "sqlite"} {
		for _, sc := range loadScenarios(t, dn) {
			text := renderCase(t, sc)
			for _, m := range opCall.FindAllStringSubmatch(text, -1) {
				op := m[1]
				if strings.HasPrefix(op, "postgresql.ENUM") {
					op = "postgresql.ENUM()." + op[strings.LastIndex(op, ".")+1:]
				}
				counts[op]++
				if slices.Contains(goldenCases[dn], sc.name) {
					golden[op] = true
				}
			}
		}
	}
	var ops []string
	for op := range counts {
		ops = append(ops, op)
	}
	slices.Sort(ops)
	for _, op := range ops {
		t.Logf("%-40s %4d uses%s", op, counts[op], map[bool]string{true: " (in a golden file)"}[golden[op]])
		if !golden[op] {
			t.Errorf("%s is used by the emitter but by no golden case; add a case that uses it to goldenCases", op)
		}
	}
}

// syntheticPlans are plans written by hand for operations whose plain
// form no acceptance case plans (PostgreSQL plans a UNIQUE constraint
// through a concurrent index and a CHECK through NOT VALID + VALIDATE on
// an existing table): a new table's constraints added as plain ALTERs, in
// the planner's spelling, and their drops.
func syntheticPlans() map[string]*plan.Plan {
	users := schema.QName{Schema: "public", Name: "users"}
	audit := schema.QName{Schema: "audit", Name: "events"}
	lock := plan.Lock{Level: "ACCESS EXCLUSIVE", Tables: []schema.QName{users}, BlocksReads: true, BlocksWrites: true}
	u := &schema.Unique{Name: "users_email_key", Columns: []string{"email", "tenant_id"}}
	c := &schema.Check{Name: "users_age_check", Expr: "age >= 0"}
	c2 := &schema.Check{Name: "events_kind_check", Expr: "kind <> ''"}
	return map[string]*plan.Plan{
		"postgres_constraints": {Dialect: "postgres", Steps: []*plan.Step{
			{Change: &schema.AddUnique{Table: users, Unique: u}, Transactional: true, Lock: lock,
				Up:   []string{`ALTER TABLE "public"."users" ADD CONSTRAINT "users_email_key" UNIQUE ("email", "tenant_id")`},
				Down: []string{`ALTER TABLE IF EXISTS "public"."users" DROP CONSTRAINT IF EXISTS "users_email_key"`}},
			{Change: &schema.AddCheck{Table: users, Check: c}, Transactional: true, Lock: lock, Scan: true,
				Hazards: []plan.Hazard{{Kind: plan.HazardMayFail, Table: users}},
				Up:      []string{`ALTER TABLE "public"."users" ADD CONSTRAINT "users_age_check" CHECK (age >= 0)`},
				Down:    []string{`ALTER TABLE IF EXISTS "public"."users" DROP CONSTRAINT IF EXISTS "users_age_check"`}},
			{Change: &schema.DropCheck{Table: audit, Check: c2}, Transactional: true,
				Up:   []string{`ALTER TABLE "audit"."events" DROP CONSTRAINT "events_kind_check"`},
				Down: []string{`ALTER TABLE "audit"."events" ADD CONSTRAINT "events_kind_check" CHECK (kind <> '')`}},
		}},
	}
}

func TestGoldenSynthetic(t *testing.T) {
	for name, p := range syntheticPlans() {
		files, err := Files(p, nil, Options{Name: name, Now: goldenNow, RevisionID: goldenRev})
		if err != nil || len(files) != 1 {
			t.Fatalf("%s: %d files, %v", name, len(files), err)
		}
		if files[0].Path != "versions/"+goldenRev+"_"+Slug(name)+".py" {
			t.Errorf("%s: path %s", name, files[0].Path)
		}
		got := string(files[0].Data)
		for _, op := range []string{"op.create_unique_constraint(", "op.create_check_constraint(", "op.drop_constraint("} {
			if !strings.Contains(got, op) {
				t.Errorf("%s: no %s in\n%s", name, op, got)
			}
		}
		path := filepath.Join("testdata", "golden", "synthetic", name+".py")
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, files[0].Data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from the emitted revision (go test -update rewrites it):\n%s", path, got)
		}
	}
}
