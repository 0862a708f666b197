package plan_test

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// hostile is a name that ends the statement and comments out the rest
// unless it is quoted.
const hostile = `a"; drop table x; --`

// long is a 60-byte name: generated names built on it pass the 63-byte
// limit and must be cut (and stay distinct).
var long = strings.Repeat("long", 15)

func hostileSchema() *schema.Schema {
	mood := &schema.Enum{Name: qn(`e'"`), Values: []string{"it's", `say "hi"`}}
	return &schema.Schema{Dialect: "postgres",
		Enums: []*schema.Enum{mood},
		Tables: []*schema.Table{{
			Name: qn(hostile),
			Columns: []*schema.Column{nn(col("id", "integer")), col(`b"c`, "text"), col("d; --", "integer"),
				{Name: "m", Type: schema.Type{Norm: `public."e'"""`, Ref: qp(`e'"`)}, Default: &schema.Default{Expr: `'it''s'`}}},
			PrimaryKey: &schema.PrimaryKey{Name: hostile + "_pkey", Columns: []string{"id"}},
		}, {
			Name:       qn(long),
			Columns:    []*schema.Column{nn(col("id", "integer")), col(long, "text")},
			PrimaryKey: &schema.PrimaryKey{Name: "long_pkey", Columns: []string{"id"}},
		}},
	}
}

func TestPostgresHostileNames(t *testing.T) {
	tq := qn(hostile)
	seed := `INSERT INTO public."a""; drop table x; --" VALUES (1, 'x', 1, 'it''s'), (2, NULL, 2, 'say "hi"');
INSERT INTO public."` + long + `" VALUES (1, 'a');`
	noX := func(t *testing.T, db *sql.DB, _ *plan.Plan) {
		if n := queryOne(t, db, `SELECT count(*) FROM pg_class WHERE relname = $1`, hostile); n != "1" {
			t.Errorf("hostile table count %s, want 1", n)
		}
	}
	tests := []scenario{
		{
			name: "columns, index, check, foreign key and rename on a hostile table", from: hostileSchema(), seed: seed, check: noX,
			// Changes after a rename use the new name, as the differ writes them.
			changes: []schema.Change{
				&schema.RenameColumn{Table: tq, From: "d; --", To: `d"2`},
				&schema.AddColumn{Table: tq, Column: nn(def(col(`e"'`, "text"), `'x"; --'`))},
				&schema.AddIndex{Table: tq, Index: &schema.Index{Name: `i"; drop index y; --`, Parts: []schema.IndexPart{{Column: `b"c`}, {Expr: `lower("b""c")`}}}},
				&schema.AddCheck{Table: tq, Check: &schema.Check{Name: `c"k`, Expr: `("d""2" > 0)`}},
				&schema.AddUnique{Table: tq, Unique: &schema.Unique{Name: `u"q`, Columns: []string{`d"2`}}},
				&schema.AddForeignKey{Table: qn(long), ForeignKey: &schema.ForeignKey{Name: `f"k`, Columns: []string{"id"}, RefTable: tq, RefColumns: []string{"id"}}},
				&schema.SetTableComment{Table: tq, To: `it's "commented" -- yes`},
			},
		},
		{
			name: "set not null with generated names past the identifier limit", from: hostileSchema(), seed: seed,
			changes: []schema.Change{
				&schema.AlterColumn{Table: qn(long), What: schema.ChangeNull, From: col(long, "text"), To: nn(col(long, "text"))},
				&schema.AlterColumn{Table: tq, What: schema.ChangeNull, From: col("d; --", "integer"), To: nn(col("d; --", "integer"))},
			},
		},
		{
			name: "enum with quotes gains and loses values", from: hostileSchema(), seed: seed,
			changes: []schema.Change{
				&schema.AddEnumValue{Enum: qn(`e'"`), Value: `new'; --`, Before: "it's"},
			},
		},
		{
			name: "enum with quotes recreated", from: hostileSchema(), seed: seed,
			changes: []schema.Change{&schema.ReorderEnum{From: hostileSchema().Enums[0],
				To: &schema.Enum{Name: qn(`e'"`), Values: []string{`say "hi"`, "it's"}}}},
		},
		{
			name: "hostile table renamed and dropped", from: hostileSchema(), seed: seed, rerunDown: true,
			changes: []schema.Change{&schema.DropTable{Table: hostileSchema().Tables[0]}},
		},
	}
	for _, sc := range tests {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			runScenario(t, sc)
		})
	}
}

// TestPostgresDiffedScenarios plans what the differ finds between two
// hand-written schemas, proving differ and planner together.
func TestPostgresDiffedScenarios(t *testing.T) {
	target := func() *schema.Schema {
		s := base()
		u := s.Tables[0]
		u.Columns[1].NotNull = true
		u.Columns[2].Type.Norm = "character varying(60)"
		u.Columns = append(u.Columns, nn(def(col("active", "boolean"), "true")))
		u.Indexes = []*schema.Index{{Name: "users_email_idx", Parts: []schema.IndexPart{{Column: "email"}}}}
		o := s.Tables[1]
		o.Columns = o.Columns[:3] // total dropped
		o.Checks = nil
		s.Tables = append(s.Tables, &schema.Table{Name: qn("items"),
			Columns:     []*schema.Column{nn(col("id", "integer")), nn(col("order_id", "integer"))},
			PrimaryKey:  &schema.PrimaryKey{Name: "items_pkey", Columns: []string{"id"}},
			ForeignKeys: []*schema.ForeignKey{{Name: "items_order_id_fkey", Columns: []string{"order_id"}, RefTable: qn("orders"), RefColumns: []string{"id"}}},
			Indexes:     []*schema.Index{{Name: "items_order_id_idx", Parts: []schema.IndexPart{{Column: "order_id"}}}},
		})
		s.Enums = []*schema.Enum{{Name: qn("kind"), Values: []string{"a", "b"}}}
		return s
	}
	tests := []scenario{
		{name: "many changes at once", from: base(), to: target(), seed: seed},
		{name: "and back", from: target(), to: base(), seed: `INSERT INTO public.users VALUES (1, 'a@x', 'ann', true);`},
		{name: "hostile schema from nothing", from: &schema.Schema{Dialect: "postgres"}, to: hostileSchema(), rerunDown: true},
	}
	for _, sc := range tests {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			runScenario(t, sc)
		})
	}
}
