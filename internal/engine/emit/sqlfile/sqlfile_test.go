package sqlfile

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func qn(n string) schema.QName { return schema.QName{Schema: "public", Name: n} }

func col(name, typ string) *schema.Column {
	return &schema.Column{Name: name, Type: schema.Type{Norm: typ}}
}

func nn(c *schema.Column) *schema.Column { c.NotNull = true; return c }

// hostile is a name that would end the statement if it were not quoted.
const hostile = `a"; drop table x; --`

func users() *schema.Table {
	return &schema.Table{
		Name:       qn("users"),
		Columns:    []*schema.Column{nn(col("id", "integer")), col("email", "text"), col("name", "character varying(20)")},
		PrimaryKey: &schema.PrimaryKey{Name: "users_pkey", Columns: []string{"id"}},
	}
}

func hostileTable() *schema.Table {
	return &schema.Table{
		Name:       qn(hostile),
		Columns:    []*schema.Column{nn(col("id", "integer")), col(`b"c`, "text")},
		PrimaryKey: &schema.PrimaryKey{Name: hostile + "_pkey", Columns: []string{"id"}},
	}
}

// goldenPlans are the representative plans rendered to testdata/.
func goldenPlans() map[string][]schema.Change {
	status := &schema.Enum{Name: qn("status"), Values: []string{"new", "paid", "done"}}
	view := &schema.Object{Kind: schema.ObjectView, Name: qn("user_names"),
		Definition: "CREATE VIEW public.user_names AS SELECT users.id, users.name FROM public.users"}
	fk := &schema.ForeignKey{Name: "orders_user_id_fkey", Columns: []string{"user_id"}, RefTable: qn("users"), RefColumns: []string{"id"}}
	orders := &schema.Table{Name: qn("orders"), Columns: []*schema.Column{nn(col("id", "bigint")), col("user_id", "integer")},
		PrimaryKey: &schema.PrimaryKey{Name: "orders_pkey", Columns: []string{"id"}}}
	orders.Columns[0].Default = &schema.Default{Kind: schema.DefaultSequence, Sequence: &schema.QName{Schema: "public", Name: "orders_id_seq"}}
	return map[string][]schema.Change{
		"empty": nil,
		"add_table_index_fk": {&schema.AddTable{Table: orders},
			&schema.AddIndex{Table: qn("orders"), NewTable: true, Index: &schema.Index{Name: "orders_user_id_idx", Parts: []schema.IndexPart{{Column: "user_id"}}}},
			&schema.AddForeignKey{Table: qn("orders"), NewTable: true, ForeignKey: fk}},
		"drop_table": {&schema.DropTable{Table: users()}},
		"add_index_concurrently": {&schema.AddIndex{Table: qn("users"), Index: &schema.Index{Name: "users_email_idx",
			Parts: []schema.IndexPart{{Column: "email", Desc: true}}, Where: "(email IS NOT NULL)"}}},
		"add_unique":      {&schema.AddUnique{Table: qn("users"), Unique: &schema.Unique{Name: "users_email_key", Columns: []string{"email"}}}},
		"add_foreign_key": {&schema.AddForeignKey{Table: qn("orders"), ForeignKey: fk}},
		"set_not_null": {&schema.AlterColumn{Table: qn("users"), What: schema.ChangeNull,
			From: col("email", "text"), To: nn(col("email", "text"))}},
		"enum_value_used_by_default": {&schema.AddEnumValue{Enum: qn("status"), Value: "refunded", After: "paid"},
			&schema.AlterColumn{Table: qn("orders"), What: schema.ChangeDefault, From: col("status", "status"),
				To: &schema.Column{Name: "status", Type: schema.Type{Norm: "status"}, Default: &schema.Default{Expr: "'refunded'"}}}},
		"enum_drop_value": {&schema.DropEnumValue{From: status, To: &schema.Enum{Name: qn("status"), Values: []string{"new", "done"}},
			Values: []string{"paid"}, Columns: []schema.ColumnRef{{Table: qn("orders"), Column: "status"}}}},
		"alter_types": {
			&schema.AlterColumn{Table: qn("users"), What: schema.ChangeType, From: col("name", "character varying(20)"), To: col("name", "character varying(80)")},
			&schema.AlterColumn{Table: qn("users"), What: schema.ChangeType, From: col("id", "integer"), To: col("id", "bigint")}},
		"drop_column": {&schema.DropColumn{Table: qn("users"), Column: nn(col("email", "text"))}},
		"view_replaced_around_type_change": {&schema.ReplaceObject{From: view, To: view},
			&schema.AlterColumn{Table: qn("users"), What: schema.ChangeType, From: col("name", "character varying(20)"), To: col("name", "text")}},
		"hostile_names": {&schema.AddTable{Table: hostileTable()},
			&schema.AddIndex{Table: qn(hostile), NewTable: true, Index: &schema.Index{Name: `i"; --`, Parts: []schema.IndexPart{{Column: `b"c`}}}},
			&schema.SetTableComment{Table: qn(hostile), To: "it's -- not SQL"}},
	}
}

func buildPlan(t *testing.T, changes []schema.Change) *plan.Plan {
	t.Helper()
	d, err := dialect.Postgres("15")
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Build(changes, nil, nil, d)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRenderGolden(t *testing.T) {
	for name, changes := range goldenPlans() {
		t.Run(name, func(t *testing.T) {
			p := buildPlan(t, changes)
			for _, f := range Files(p, Options{Version: "20240102150405", Name: name}) {
				path := filepath.Join("testdata", f.Path)
				if *update {
					if err := os.WriteFile(path, f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if string(want) != string(f.Data) {
					t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got ---\n%s", path, f.Data)
				}
			}
		})
	}
}

func TestFilesNames(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{"version and name", Options{Version: "7", Name: "init"}, []string{"7_init.up.sql", "7_init.down.sql"}},
		{"version only", Options{Version: "7"}, []string{"7.up.sql", "7.down.sql"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range Files(&plan.Plan{}, tt.opts) {
				got = append(got, f.Path)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestStatementsGrouping(t *testing.T) {
	tx := func(sql string) *plan.Step {
		return &plan.Step{Up: []string{sql}, Down: []string{"undo " + sql}, Transactional: true}
	}
	notx := func(sql string) *plan.Step { return &plan.Step{Up: []string{sql}, Down: []string{"undo " + sql}} }
	newtx := func(sql string) *plan.Step { s := tx(sql); s.NewTransaction = true; return s }
	type batch struct {
		sql []string
		tx  bool
	}
	tests := []struct {
		name     string
		steps    []*plan.Step
		up, down []batch
	}{
		{"one transaction", []*plan.Step{tx("a"), tx("b")},
			[]batch{{[]string{"a", "b"}, true}},
			[]batch{{[]string{"undo b", "undo a"}, true}}},
		{"concurrent step splits", []*plan.Step{tx("a"), notx("c"), tx("b")},
			[]batch{{[]string{"a"}, true}, {[]string{"c"}, false}, {[]string{"b"}, true}},
			[]batch{{[]string{"undo b"}, true}, {[]string{"undo c"}, false}, {[]string{"undo a"}, true}}},
		{"validate starts a new transaction", []*plan.Step{tx("a"), newtx("v")},
			[]batch{{[]string{"a"}, true}, {[]string{"v"}, true}},
			[]batch{{[]string{"undo v", "undo a"}, true}}},
		{"empty downs are skipped", []*plan.Step{tx("a"), {Up: []string{"v"}, Transactional: true}},
			[]batch{{[]string{"a", "v"}, true}},
			[]batch{{[]string{"undo a"}, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &plan.Plan{Steps: tt.steps}
			for dir, want := range map[bool][]batch{true: tt.up, false: tt.down} {
				got := Statements(p, dir)
				if len(got) == 0 || !slices.Equal(got[0].SQL, []string{LockTimeout}) || got[0].Transactional {
					t.Fatalf("up=%v: first batch %+v, want the lock timeout", dir, got)
				}
				got = got[1:]
				if len(got) != len(want) {
					t.Fatalf("up=%v: got %d batches %+v, want %d", dir, len(got), got, len(want))
				}
				for i := range want {
					if !slices.Equal(got[i].SQL, want[i].sql) || got[i].Transactional != want[i].tx {
						t.Errorf("up=%v batch %d: got %+v, want %+v", dir, i, got[i], want[i])
					}
				}
			}
		})
	}
}
