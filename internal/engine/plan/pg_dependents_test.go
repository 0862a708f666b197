package plan_test

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TestPostgresDependents proves on the server the plans whose order or
// extra statements exist because PostgreSQL refuses a change while
// something depends on what it changes: views on a retyped column, foreign
// keys on a dropped key or on columns retyped on both sides, tables that
// reference each other, functions that indexes call, an enum default. Each
// scenario fails on the server without its fix.
func TestPostgresDependents(t *testing.T) {
	orderTotals := &schema.Object{Kind: schema.ObjectView, Name: qn("order_qty"),
		Definition: "CREATE VIEW public.order_qty AS SELECT orders.id, orders.qty FROM public.orders",
		DependsOn:  []schema.QName{qn("orders")}}
	bigOrders := &schema.Object{Kind: schema.ObjectView, Name: qn("big_orders"),
		Definition: "CREATE VIEW public.big_orders AS SELECT order_qty.id FROM public.order_qty WHERE (order_qty.qty > 10)",
		DependsOn:  []schema.QName{qn("order_qty")}}
	norm := &schema.Object{Kind: schema.ObjectFunction, Name: qn("norm"), Signature: "(text)",
		Definition: "CREATE FUNCTION public.norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT lower(trim(t))$$"}
	normIdx := &schema.Index{Name: "users_norm_email_idx", Parts: []schema.IndexPart{{Expr: "public.norm(email)"}}}
	orgs := func(typ string) *schema.Schema {
		return &schema.Schema{Dialect: "postgres", Tables: []*schema.Table{
			{Name: qn("orgs"), Columns: []*schema.Column{nn(col("id", typ))},
				PrimaryKey: &schema.PrimaryKey{Name: "orgs_pkey", Columns: []string{"id"}}},
			{Name: qn("teams"), Columns: []*schema.Column{nn(col("id", "integer")), nn(col("org_id", typ))},
				PrimaryKey: &schema.PrimaryKey{Name: "teams_pkey", Columns: []string{"id"}},
				ForeignKeys: []*schema.ForeignKey{{Name: "teams_org_id_fkey", Columns: []string{"org_id"},
					RefTable: qn("orgs"), RefColumns: []string{"id"}}}},
		}}
	}
	cycle := func() (*schema.Table, *schema.Table) {
		a := &schema.Table{Name: qn("a"), Columns: []*schema.Column{nn(col("id", "integer")), col("b_id", "integer")},
			PrimaryKey:  &schema.PrimaryKey{Name: "a_pkey", Columns: []string{"id"}},
			ForeignKeys: []*schema.ForeignKey{{Name: "a_b_fk", Columns: []string{"b_id"}, RefTable: qn("b"), RefColumns: []string{"id"}}}}
		b := &schema.Table{Name: qn("b"), Columns: []*schema.Column{nn(col("id", "integer")), col("a_id", "integer")},
			PrimaryKey:  &schema.PrimaryKey{Name: "b_pkey", Columns: []string{"id"}},
			ForeignKeys: []*schema.ForeignKey{{Name: "b_a_fk", Columns: []string{"a_id"}, RefTable: qn("a"), RefColumns: []string{"id"}}}}
		return a, b
	}
	status := &schema.Enum{Name: qn("status"), Values: []string{"new", "paid", "done"}}
	statusCol := func(d string) *schema.Column { return def(enumCol("status", "status"), d) }
	generated := &schema.Column{Name: "double", Type: schema.Type{Norm: "numeric"},
		Generated: &schema.Generated{Expr: "(total * (2)::numeric)", Stored: true}}

	tests := []scenario{
		{
			name: "views reading a retyped column, and a view reading them, are dropped and re-created", seed: seed, rerunDown: true,
			from: with(func(s *schema.Schema) { s.Objects = []*schema.Object{orderTotals, bigOrders} }),
			changes: []schema.Change{&schema.AlterColumn{Table: qn("orders"), What: schema.ChangeType,
				From: col("qty", "integer"), To: col("qty", "bigint")}},
			check: func(t *testing.T, db *sql.DB, p *plan.Plan) {
				if v := queryOne(t, db, `SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'public.order_qty'::regclass AND attname = 'qty'`); v != "bigint" {
					t.Errorf("view column type %q, want bigint", v)
				}
			},
		},
		{
			name: "a kept foreign key is dropped before the primary key it relies on and re-added after", seed: seed, rerunDown: true,
			from: base(),
			changes: []schema.Change{&schema.DropPrimaryKey{Table: qn("users"), PrimaryKey: users().PrimaryKey},
				&schema.AddUnique{Table: qn("users"), Unique: &schema.Unique{Name: "users_id_key", Columns: []string{"id"}}}},
			check: func(t *testing.T, db *sql.DB, p *plan.Plan) {
				if v := queryOne(t, db, `SELECT convalidated::text FROM pg_constraint WHERE conname = 'orders_user_id_fkey'`); v != "true" {
					t.Errorf("foreign key re-added but not validated: %q", v)
				}
			},
		},
		{
			name: "referenced and referencing columns retyped together: the foreign key waits for both",
			from: orgs("text"), to: orgs("uuid"), rerunDown: true,
			seed: `INSERT INTO public.orgs VALUES ('9b2f8a1e-3c4d-4e5f-8a9b-0c1d2e3f4a5b');
INSERT INTO public.teams VALUES (1, '9b2f8a1e-3c4d-4e5f-8a9b-0c1d2e3f4a5b');`,
		},
		{
			name: "two tables that reference each other are dropped, their foreign keys first", rerunDown: true,
			from: func() *schema.Schema {
				a, b := cycle()
				return &schema.Schema{Dialect: "postgres", Tables: []*schema.Table{a, b}}
			}(),
			seed: `INSERT INTO public.a VALUES (1, NULL); INSERT INTO public.b VALUES (1, 1); UPDATE public.a SET b_id = 1;`,
			changes: func() []schema.Change {
				a, b := cycle()
				return []schema.Change{&schema.DropTable{Table: a}, &schema.DropTable{Table: b}}
			}(),
		},
		{
			name: "a function an index calls is created before the index", from: base(), seed: seed,
			changes: []schema.Change{&schema.AddIndex{Table: qn("users"), Index: normIdx}, &schema.AddObject{Object: norm}},
		},
		{
			name: "a function an index called is dropped after the index", seed: seed, rerunDown: true,
			from: with(func(s *schema.Schema) {
				s.Objects = []*schema.Object{norm}
				s.Tables[0].Indexes = []*schema.Index{normIdx}
			}),
			changes: []schema.Change{&schema.DropObject{Object: norm}, &schema.DropIndex{Table: qn("users"), Index: normIdx}},
		},
		{
			name: "the enum value removed was the default: the default changes before the enum is recreated",
			seed: seed + `UPDATE public.orders SET status = 'done';`,
			from: with(func(s *schema.Schema) {
				s.Enums = []*schema.Enum{status.Clone()}
				s.Tables[1].Columns = append(s.Tables[1].Columns, statusCol("'paid'"))
			}),
			changes: []schema.Change{
				&schema.DropEnumValue{From: status, To: &schema.Enum{Name: qn("status"), Values: []string{"new", "done"}},
					Values: []string{"paid"}, Columns: []schema.ColumnRef{{Table: qn("orders"), Column: "status"}}},
				&schema.AlterColumn{Table: qn("orders"), What: schema.ChangeDefault, From: statusCol("'paid'"), To: statusCol("'new'")},
			},
		},
		{
			name: "dropped not null columns come back not null, zero-filled, their foreign key not valid", rerunDown: true,
			seed: seed,
			from: with(func(s *schema.Schema) {
				s.Tables[0].Columns[1].NotNull = true
				s.Tables[1].Columns[1].NotNull = true
			}),
			changes: []schema.Change{
				&schema.DropColumn{Table: qn("users"), Column: nn(col("email", "text"))},
				&schema.DropForeignKey{Table: qn("orders"), ForeignKey: ordersFK()},
				&schema.DropIndex{Table: qn("orders"), Index: orders().Indexes[0]},
				&schema.DropColumn{Table: qn("orders"), Column: nn(col("user_id", "integer"))},
			},
			check: func(t *testing.T, db *sql.DB, p *plan.Plan) {
				down := strings.Join(p.Statements(false), "\n")
				for _, want := range []string{`"email" text DEFAULT '' NOT NULL`, `"user_id" integer DEFAULT 0 NOT NULL`, `ON DELETE CASCADE NOT VALID`} {
					if !strings.Contains(down, want) {
						t.Errorf("rollback lacks %s:\n%s", want, down)
					}
				}
			},
		},
		{
			name: "a dropped not null column under a unique constraint comes back nullable", rerunDown: true,
			seed: seed,
			from: with(func(s *schema.Schema) {
				s.Tables[0].Columns[1].NotNull = true
				s.Tables[0].Uniques = []*schema.Unique{{Name: "users_email_key", Columns: []string{"email"}}}
			}),
			changes:  []schema.Change{&schema.DropColumn{Table: qn("users"), Column: nn(col("email", "text"))}},
			downDiff: []string{"email: not null"},
		},
		{
			name: "generated column becomes plain on PostgreSQL 12: copied, without DROP EXPRESSION", version: "12", seed: seed,
			from: with(func(s *schema.Schema) {
				s.Tables[1].Columns = append(s.Tables[1].Columns, generated)
				s.Objects = []*schema.Object{{Kind: schema.ObjectView, Name: qn("doubles"),
					Definition: "CREATE VIEW public.doubles AS SELECT orders.double FROM public.orders", DependsOn: []schema.QName{qn("orders")}}}
			}),
			changes: []schema.Change{&schema.AlterColumn{Table: qn("orders"), What: schema.ChangeGenerated,
				From: generated, To: &schema.Column{Name: "double", Type: schema.Type{Norm: "numeric"}}}},
			check: func(t *testing.T, db *sql.DB, p *plan.Plan) {
				if strings.Contains(strings.Join(p.Statements(true), "\n"), "DROP EXPRESSION") {
					t.Errorf("DROP EXPRESSION planned for PostgreSQL 12")
				}
				if v := queryOne(t, db, `SELECT string_agg(double::text, ',' ORDER BY id) FROM public.orders`); v != "20.00,40.00" {
					t.Errorf("values after up: %q, want 20.00,40.00", v)
				}
			},
		},
	}
	for _, sc := range tests {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			runScenario(t, sc)
		})
	}
}
