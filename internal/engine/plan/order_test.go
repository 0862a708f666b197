package plan

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// allMinimal is every minimal change, in AllChangeKinds order.
func allMinimal() []schema.Change {
	m := minimalChanges()
	var out []schema.Change
	for _, k := range schema.AllChangeKinds() {
		out = append(out, m[k.Kind()])
	}
	return out
}

// TestBuildIsDeterministic plans the same changes in shuffled orders and
// expects the same statements every time.
func TestBuildIsDeterministic(t *testing.T) {
	d := pgDialect(t, "15")
	want, err := Build(allMinimal(), minimalSource(), nil, d)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		// Renames and enum value additions keep their input order (their
		// meaning depends on it): shuffle only the others.
		var fixed, changes []schema.Change
		for _, c := range allMinimal() {
			if strings.HasPrefix(c.Kind(), "Rename") || c.Kind() == "AddEnumValue" {
				fixed = append(fixed, c)
			} else {
				changes = append(changes, c)
			}
		}
		r.Shuffle(len(changes), func(a, b int) { changes[a], changes[b] = changes[b], changes[a] })
		changes = append(changes, fixed...)
		got, err := Build(changes, minimalSource(), nil, d)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Statements(true), want.Statements(true)) {
			t.Fatalf("shuffle %d: up statements differ", i)
		}
	}
}

// TestBuildOrder checks the dependency order between kinds of steps.
func TestBuildOrder(t *testing.T) {
	d := pgDialect(t, "15")
	view := &schema.Object{Kind: schema.ObjectView, Name: qn("v"), Definition: "CREATE VIEW v AS SELECT 1", DependsOn: []schema.QName{qn("w")}}
	base := &schema.Object{Kind: schema.ObjectView, Name: qn("w"), Definition: "CREATE VIEW w AS SELECT 1"}
	a := table("a", intCol("b_id"))
	a.ForeignKeys = []*schema.ForeignKey{{Name: "a_b_fkey", Columns: []string{"b_id"}, RefTable: qn("b"), RefColumns: []string{"id"}}}
	tests := []struct {
		name    string
		changes []schema.Change
		// before lists pairs: the step whose up contains the first string
		// runs before the one whose up contains the second.
		before [][2]string
	}{
		{
			name: "new tables before their foreign keys, namespaces first",
			changes: []schema.Change{
				&schema.AddForeignKey{Table: qn("a"), NewTable: true, ForeignKey: a.ForeignKeys[0]},
				&schema.AddTable{Table: table("b")},
				&schema.AddTable{Table: table("a", intCol("b_id"))},
				&schema.AddNamespace{Namespace: &schema.Namespace{Name: "app"}},
				&schema.AddEnum{Enum: &schema.Enum{Name: qn("e"), Values: []string{"x"}}},
			},
			before: [][2]string{{"CREATE SCHEMA", "CREATE TYPE"}, {"CREATE TYPE", `CREATE TABLE "public"."a"`},
				{`CREATE TABLE "public"."a"`, "FOREIGN KEY"}, {`CREATE TABLE "public"."b"`, "FOREIGN KEY"}},
		},
		{
			name: "referencing table dropped before the referenced one, foreign keys first",
			changes: []schema.Change{
				&schema.DropTable{Table: table("b")},
				&schema.DropTable{Table: a},
				&schema.DropForeignKey{Table: qn("c"), ForeignKey: &schema.ForeignKey{Name: "c_b_fkey", Columns: []string{"b_id"}, RefTable: qn("b"), RefColumns: []string{"id"}}},
				&schema.DropEnum{Enum: &schema.Enum{Name: qn("e"), Values: []string{"x"}}},
			},
			before: [][2]string{{`DROP CONSTRAINT "c_b_fkey"`, `DROP TABLE "public"."a"`}, {`DROP TABLE "public"."a"`, `DROP TABLE "public"."b"`},
				{`DROP TABLE "public"."b"`, `DROP TYPE`}},
		},
		{
			name: "views dropped first (dependents before dependencies), created last",
			changes: []schema.Change{
				&schema.AddObject{Object: base},
				&schema.AddColumn{Table: qn("t"), Column: textCol("x")},
				&schema.AddObject{Object: view},
				&schema.DropObject{Object: base},
				&schema.DropObject{Object: view},
			},
			before: [][2]string{{`DROP VIEW IF EXISTS "public"."v"`, `DROP VIEW IF EXISTS "public"."w"`}, {`DROP VIEW IF EXISTS "public"."w"`, "ADD COLUMN"},
				{"ADD COLUMN", "CREATE VIEW w"}, {"CREATE VIEW w", "CREATE VIEW v"}},
		},
		{
			name: "renames before the changes that use the new names",
			changes: []schema.Change{
				&schema.AddColumn{Table: qn("t2"), Column: textCol("x")},
				&schema.RenameTable{From: qn("t"), To: qn("t2")},
				&schema.RenameColumn{Table: qn("t2"), From: "a", To: "b"},
			},
			before: [][2]string{{`RENAME TO "t2"`, "RENAME COLUMN"}, {"RENAME COLUMN", "ADD COLUMN"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Build(tt.changes, nil, nil, d)
			if err != nil {
				t.Fatal(err)
			}
			find := func(s string) int {
				for i, st := range p.Steps {
					if strings.Contains(strings.Join(st.Up, "\n"), s) {
						return i
					}
				}
				t.Fatalf("no step contains %q", s)
				return -1
			}
			for _, pair := range tt.before {
				if i, j := find(pair[0]), find(pair[1]); i >= j {
					t.Errorf("%q (step %d) should run before %q (step %d)", pair[0], i, pair[1], j)
				}
			}
		})
	}
}

// TestRenamesKeepInputOrder proves a column swap through a temporary name
// runs in the order given, not in name order.
func TestRenamesKeepInputOrder(t *testing.T) {
	changes := []schema.Change{
		&schema.RenameColumn{Table: qn("t"), From: "b", To: "tmp"},
		&schema.RenameColumn{Table: qn("t"), From: "a", To: "b"},
		&schema.RenameColumn{Table: qn("t"), From: "tmp", To: "a"},
		&schema.AddEnumValue{Enum: qn("mood"), Value: "z"},
		&schema.AddEnumValue{Enum: qn("mood"), Value: "y", Before: "z"},
	}
	p, err := Build(changes, minimalSource(), nil, pgDialect(t, "15"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range p.Steps {
		got = append(got, s.Up...)
	}
	want := []string{
		`ALTER TABLE "public"."t" RENAME COLUMN "b" TO "tmp"`,
		`ALTER TABLE "public"."t" RENAME COLUMN "a" TO "b"`,
		`ALTER TABLE "public"."t" RENAME COLUMN "tmp" TO "a"`,
		`ALTER TYPE "public"."mood" ADD VALUE 'z'`,
		`ALTER TYPE "public"."mood" ADD VALUE 'y' BEFORE 'z'`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
