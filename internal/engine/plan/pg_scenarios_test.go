package plan_test

import (
	"database/sql"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

func qn(n string) schema.QName { return schema.QName{Schema: "public", Name: n} }

func qp(n string) *schema.QName { q := qn(n); return &q }

func col(name, typ string) *schema.Column {
	return &schema.Column{Name: name, Type: schema.Type{Norm: typ}}
}

func nn(c *schema.Column) *schema.Column { c.NotNull = true; return c }

func def(c *schema.Column, expr string) *schema.Column {
	c.Default = &schema.Default{Kind: schema.DefaultLiteral, Expr: expr}
	return c
}

func enumCol(name, enum string) *schema.Column {
	return &schema.Column{Name: name, Type: schema.Type{Norm: "public." + enum, Ref: qp(enum)}}
}

func users() *schema.Table {
	return &schema.Table{
		Name:       qn("users"),
		Columns:    []*schema.Column{nn(col("id", "integer")), col("email", "text"), col("name", "character varying(20)")},
		PrimaryKey: &schema.PrimaryKey{Name: "users_pkey", Columns: []string{"id"}},
	}
}

func orders() *schema.Table {
	return &schema.Table{
		Name: qn("orders"),
		Columns: []*schema.Column{nn(col("id", "integer")), col("user_id", "integer"), col("qty", "integer"),
			nn(def(col("total", "numeric(10,2)"), "0"))},
		PrimaryKey:  &schema.PrimaryKey{Name: "orders_pkey", Columns: []string{"id"}},
		Indexes:     []*schema.Index{{Name: "orders_user_id_idx", Parts: []schema.IndexPart{{Column: "user_id"}}}},
		ForeignKeys: []*schema.ForeignKey{ordersFK()},
		Checks:      []*schema.Check{{Name: "orders_total_check", Expr: "(total >= (0)::numeric)"}},
	}
}

func ordersFK() *schema.ForeignKey {
	return &schema.ForeignKey{Name: "orders_user_id_fkey", Columns: []string{"user_id"}, RefTable: qn("users"),
		RefColumns: []string{"id"}, OnDelete: schema.Cascade}
}

// base is users and orders (orders references users).
func base() *schema.Schema {
	return &schema.Schema{Dialect: "postgres", Tables: []*schema.Table{users(), orders()}}
}

const seed = `INSERT INTO public.users VALUES (1, 'a@x', 'ann'), (2, 'b@x', NULL);
INSERT INTO public.orders VALUES (1, 1, 3, 10), (2, 2, 4, 20);`

// with returns base() changed by f.
func with(f func(s *schema.Schema)) *schema.Schema {
	s := base()
	f(s)
	return s
}

func TestPostgresScenarios(t *testing.T) {
	status := &schema.Enum{Name: qn("status"), Values: []string{"new", "paid", "done"}}
	withStatus := func() *schema.Schema {
		return with(func(s *schema.Schema) {
			s.Enums = []*schema.Enum{status.Clone()}
			s.Tables[1].Columns = append(s.Tables[1].Columns, def(enumCol("status", "status"), "'new'"))
		})
	}
	serial := &schema.Default{Kind: schema.DefaultSequence, Expr: `nextval('public.users_seq_seq'::regclass)`, Sequence: qp("users_seq_seq")}
	logs := &schema.Table{Name: qn("logs"), Columns: []*schema.Column{nn(col("id", "integer")), col("msg", "text")}}
	view := &schema.Object{Kind: schema.ObjectView, Name: qn("user_names"),
		Definition: "CREATE VIEW public.user_names AS SELECT users.id, users.name FROM public.users", DependsOn: []schema.QName{qn("users")}}
	fn := &schema.Object{Kind: schema.ObjectFunction, Name: qn("touch"), Signature: "()",
		Definition: "CREATE OR REPLACE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.qty := coalesce(NEW.qty, 0); RETURN NEW; END $$"}
	trg := &schema.Object{Kind: schema.ObjectTrigger, Name: qn("orders_touch"), Table: qp("orders"),
		Definition: "CREATE TRIGGER orders_touch BEFORE INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch()",
		DependsOn:  []schema.QName{qn("touch"), qn("orders")}}

	tests := []scenario{
		{
			name: "add table with index and foreign key",
			from: base(),
			changes: []schema.Change{
				&schema.AddTable{Table: &schema.Table{Name: qn("items"),
					Columns:    []*schema.Column{nn(col("id", "integer")), col("order_id", "integer"), col("sku", "text")},
					PrimaryKey: &schema.PrimaryKey{Name: "items_pkey", Columns: []string{"id"}}}},
				&schema.AddIndex{Table: qn("items"), NewTable: true, Index: &schema.Index{Name: "items_sku_idx", Parts: []schema.IndexPart{{Column: "sku", Desc: true}}}},
				&schema.AddForeignKey{Table: qn("items"), NewTable: true, ForeignKey: &schema.ForeignKey{Name: "items_order_id_fkey",
					Columns: []string{"order_id"}, RefTable: qn("orders"), RefColumns: []string{"id"}}},
			},
			seed: seed, rerunDown: true,
		},
		{
			name: "drop table with its index, foreign key and check", from: base(), seed: seed, rerunDown: true,
			changes: []schema.Change{&schema.DropTable{Table: orders()}},
		},
		{
			name: "drop two related tables, referenced one listed first", from: base(), seed: seed, rerunDown: true,
			changes: []schema.Change{&schema.DropTable{Table: users()}, &schema.DropTable{Table: orders()}},
		},
		{
			name: "rename table", from: base(), seed: seed, rerunDown: true,
			changes: []schema.Change{&schema.RenameTable{From: qn("users"), To: qn("people")}},
		},
		{
			name: "add nullable column", from: base(), seed: seed, rerunDown: true,
			changes: []schema.Change{&schema.AddColumn{Table: qn("users"), Column: col("phone", "text")}},
		},
		{
			name: "add not null column with constant default", from: base(), seed: seed,
			changes: []schema.Change{&schema.AddColumn{Table: qn("users"), Column: nn(def(col("active", "boolean"), "true"))}},
		},
		{
			name: "add bigserial column rewrites the table", from: base(), seed: seed,
			changes: []schema.Change{&schema.AddColumn{Table: qn("users"), Column: &schema.Column{Name: "seq", Type: schema.Type{Norm: "bigint"}, NotNull: true, Default: serial}}},
		},
		{
			name: "add identity column", from: base(), seed: seed,
			changes: []schema.Change{&schema.AddColumn{Table: qn("orders"), Column: &schema.Column{Name: "no", Type: schema.Type{Norm: "bigint"}, NotNull: true, Identity: &schema.Identity{Always: true}}}},
		},
		{
			name: "drop not null column without default comes back not null, zero-filled", seed: seed, rerunDown: true,
			from:    with(func(s *schema.Schema) { s.Tables[0].Columns[1].NotNull = true }),
			changes: []schema.Change{&schema.DropColumn{Table: qn("users"), Column: nn(col("email", "text"))}},
		},
		{
			name: "drop column with default comes back whole", from: base(), seed: seed, rerunDown: true,
			changes: []schema.Change{&schema.DropColumn{Table: qn("orders"), Column: nn(def(col("total", "numeric(10,2)"), "0"))}},
		},
		{
			name: "rename column", from: base(), seed: seed,
			changes: []schema.Change{&schema.RenameColumn{Table: qn("users"), From: "name", To: "full_name"}},
		},
		{
			name: "widen varchar without rewrite", from: base(), seed: seed,
			changes: []schema.Change{&schema.AlterColumn{Table: qn("users"), What: schema.ChangeType,
				From: col("name", "character varying(20)"), To: col("name", "character varying(50)")}},
		},
		{
			name: "numeric precision up and varchar to text without rewrite", from: base(), seed: seed,
			changes: []schema.Change{
				&schema.AlterColumn{Table: qn("orders"), What: schema.ChangeType,
					From: nn(def(col("total", "numeric(10,2)"), "0")), To: nn(def(col("total", "numeric(14,2)"), "0"))},
				&schema.AlterColumn{Table: qn("users"), What: schema.ChangeType,
					From: col("name", "character varying(20)"), To: col("name", "text")}},
		},
		{
			name: "integer to bigint rewrites", from: base(), seed: seed,
			changes: []schema.Change{&schema.AlterColumn{Table: qn("orders"), What: schema.ChangeType,
				From: col("qty", "integer"), To: col("qty", "bigint")}},
		},
		{
			name: "set not null through a validated check", from: base(), seed: seed,
			changes: []schema.Change{&schema.AlterColumn{Table: qn("users"), What: schema.ChangeNull,
				From: col("email", "text"), To: nn(col("email", "text"))}},
			check: func(t *testing.T, db *sql.DB, p *plan.Plan) {
				if n := queryOne(t, db, `SELECT count(*) FROM pg_constraint WHERE conname LIKE '%mb_not_null'`); n != "0" {
					t.Errorf("temporary check left behind: %s", n)
				}
			},
		},
		{
			name: "drop not null", seed: seed,
			from:    with(func(s *schema.Schema) { s.Tables[0].Columns[1].NotNull = true }),
			changes: []schema.Change{&schema.AlterColumn{Table: qn("users"), What: schema.ChangeNull, From: nn(col("email", "text")), To: col("email", "text")}},
		},
		{
			name: "set a default and change the type under it", seed: seed,
			from: with(func(s *schema.Schema) { s.Tables[1].Columns[2] = def(col("qty", "integer"), "1") }),
			changes: []schema.Change{&schema.AlterColumn{Table: qn("orders"), What: schema.ChangeType | schema.ChangeDefault,
				From: def(col("qty", "integer"), "1"), To: def(col("qty", "bigint"), "7")}},
		},
		{
			name: "comments on table and column", from: base(), seed: seed,
			changes: []schema.Change{&schema.SetTableComment{Table: qn("users"), To: "people's accounts"},
				&schema.AlterColumn{Table: qn("users"), What: schema.ChangeComment, From: col("email", "text"),
					To: &schema.Column{Name: "email", Type: schema.Type{Norm: "text"}, Comment: "it's unique-ish"}}},
		},
		{
			name: "add index concurrently", from: base(), seed: seed, rerunDown: true,
			changes: []schema.Change{&schema.AddIndex{Table: qn("users"), Index: &schema.Index{Name: "users_lower_email_idx",
				Parts: []schema.IndexPart{{Expr: "lower(email)"}}, Where: "(email IS NOT NULL)"}}},
			check: func(t *testing.T, db *sql.DB, p *plan.Plan) {
				if v := queryOne(t, db, `SELECT bool_and(indisvalid)::text FROM pg_index`); v != "true" {
					t.Errorf("an index is invalid")
				}
			},
		},
		{
			name: "drop index concurrently", from: base(), seed: seed, rerunDown: true,
			changes: []schema.Change{&schema.DropIndex{Table: qn("orders"), Index: orders().Indexes[0]}},
		},
		{
			name: "add unique constraint using a concurrent index", from: base(), seed: seed,
			changes: []schema.Change{&schema.AddUnique{Table: qn("users"), Unique: &schema.Unique{Name: "users_email_key", Columns: []string{"email"}}}},
			check: func(t *testing.T, db *sql.DB, p *plan.Plan) {
				if v := queryOne(t, db, `SELECT contype::text FROM pg_constraint WHERE conname = 'users_email_key'`); v != "u" {
					t.Errorf("constraint type %q, want u", v)
				}
			},
		},
		{
			name: "drop unique constraint", seed: seed, rerunDown: true,
			from: with(func(s *schema.Schema) {
				s.Tables[0].Uniques = []*schema.Unique{{Name: "users_email_key", Columns: []string{"email"}}}
			}),
			changes: []schema.Change{&schema.DropUnique{Table: qn("users"), Unique: &schema.Unique{Name: "users_email_key", Columns: []string{"email"}}}},
		},
		{
			name: "add foreign key not valid then validate", seed: seed,
			from:    with(func(s *schema.Schema) { s.Tables[1].ForeignKeys = nil }),
			changes: []schema.Change{&schema.AddForeignKey{Table: qn("orders"), ForeignKey: ordersFK()}},
			check: func(t *testing.T, db *sql.DB, p *plan.Plan) {
				if v := queryOne(t, db, `SELECT convalidated::text FROM pg_constraint WHERE conname = 'orders_user_id_fkey'`); v != "true" {
					t.Errorf("foreign key not validated")
				}
			},
		},
		{
			name: "drop foreign key", from: base(), seed: seed, rerunDown: true,
			changes: []schema.Change{&schema.DropForeignKey{Table: qn("orders"), ForeignKey: ordersFK()}},
		},
		{
			name: "add check not valid then validate", seed: seed,
			from:    with(func(s *schema.Schema) { s.Tables[1].Checks = nil }),
			changes: []schema.Change{&schema.AddCheck{Table: qn("orders"), Check: orders().Checks[0]}},
			check: func(t *testing.T, db *sql.DB, p *plan.Plan) {
				if v := queryOne(t, db, `SELECT convalidated::text FROM pg_constraint WHERE conname = 'orders_total_check'`); v != "true" {
					t.Errorf("check not validated")
				}
			},
		},
		{
			name: "add primary key to a table without one", seed: `INSERT INTO public.logs VALUES (1, 'x'), (2, NULL);`,
			from:    with(func(s *schema.Schema) { s.Tables = append(s.Tables, logs.Clone()) }),
			changes: []schema.Change{&schema.AddPrimaryKey{Table: qn("logs"), PrimaryKey: &schema.PrimaryKey{Name: "logs_pkey", Columns: []string{"id"}}}},
		},
		{
			name: "add enum and a column using it", from: base(), seed: seed,
			changes: []schema.Change{&schema.AddEnum{Enum: &schema.Enum{Name: qn("mood"), Values: []string{"sad", "ok"}}},
				&schema.AddColumn{Table: qn("users"), Column: nn(def(enumCol("mood", "mood"), "'ok'"))}},
		},
		{
			name: "add enum value used as a default",
			from: func() *schema.Schema {
				s := withStatus()
				s.Enums[0].Values = []string{"new", "done"}
				return s
			}(),
			seed: seed,
			changes: []schema.Change{&schema.AddEnumValue{Enum: qn("status"), Value: "paid", After: "new"},
				&schema.AlterColumn{Table: qn("orders"), What: schema.ChangeDefault,
					From: def(enumCol("status", "status"), "'new'"), To: def(enumCol("status", "status"), "'paid'")}},
			check: func(t *testing.T, db *sql.DB, p *plan.Plan) {
				if p.Steps[0].Transactional {
					t.Errorf("ADD VALUE used by a later step must run outside a transaction")
				}
			},
		},
		{
			name: "remove an enum value", from: withStatus(), seed: seed + `UPDATE public.orders SET status = 'done' WHERE id = 2;`,
			changes: []schema.Change{&schema.DropEnumValue{From: status, To: &schema.Enum{Name: qn("status"), Values: []string{"new", "done"}},
				Values: []string{"paid"}, Columns: []schema.ColumnRef{{Table: qn("orders"), Column: "status"}}}},
		},
		{
			name: "reorder enum values", from: withStatus(), seed: seed,
			changes: []schema.Change{&schema.ReorderEnum{From: status, To: &schema.Enum{Name: qn("status"), Values: []string{"done", "paid", "new"}},
				Columns: []schema.ColumnRef{{Table: qn("orders"), Column: "status"}}}},
		},
		{
			name: "rename enum", from: withStatus(), seed: seed,
			changes: []schema.Change{&schema.RenameEnum{From: qn("status"), To: qn("order_status")}},
		},
		{
			name: "sequences added, altered and dropped", seed: seed, rerunDown: true,
			from: with(func(s *schema.Schema) {
				s.Sequences = []*schema.Sequence{{Name: qn("s_alter"), Type: "bigint", Increment: 1, Start: 1, Min: 1, Max: 9223372036854775807, Cache: 1},
					{Name: qn("s_drop"), Type: "bigint", Increment: 1, Start: 5, Min: 1, Max: 9223372036854775807, Cache: 1}}
			}),
			changes: []schema.Change{
				&schema.AddSequence{Sequence: &schema.Sequence{Name: qn("s_add"), Type: "integer", Increment: 2, Start: 10, Min: 10, Max: 1000, Cache: 1, Cycle: true}},
				&schema.AlterSequence{From: &schema.Sequence{Name: qn("s_alter"), Type: "bigint", Increment: 1, Start: 1, Min: 1, Max: 9223372036854775807, Cache: 1},
					To: &schema.Sequence{Name: qn("s_alter"), Type: "bigint", Increment: 5, Start: 1, Min: 1, Max: 1000000, Cache: 1}},
				&schema.DropSequence{Sequence: &schema.Sequence{Name: qn("s_drop"), Type: "bigint", Increment: 1, Start: 5, Min: 1, Max: 9223372036854775807, Cache: 1}},
				&schema.RenameSequence{From: qn("s_alter"), To: qn("s_altered")},
			},
		},
		{
			name: "sequence owned by an existing column", from: base(), seed: seed, rerunDown: true,
			changes: []schema.Change{&schema.AddSequence{Sequence: &schema.Sequence{Name: qn("qty_seq"), Type: "integer", Increment: 1, OwnedBy: "orders.qty"}},
				&schema.AddSequence{Sequence: &schema.Sequence{Name: qn("total_seq"), Increment: 1, OwnedBy: "public.orders.total"}}},
		},
		{
			name: "namespace, extension and a trigram index", from: base(), seed: seed,
			changes: []schema.Change{
				&schema.AddNamespace{Namespace: &schema.Namespace{Name: "app"}},
				&schema.AddExtension{Extension: &schema.Extension{Name: "pg_trgm", Schema: "public"}},
				&schema.AddTable{Table: &schema.Table{Name: schema.QName{Schema: "app", Name: "notes"},
					Columns: []*schema.Column{nn(col("id", "bigint")), col("body", "text")}}},
				&schema.AddIndex{Table: schema.QName{Schema: "app", Name: "notes"}, NewTable: true, Index: &schema.Index{Name: "notes_body_trgm",
					Method: "gin", Parts: []schema.IndexPart{{Column: "body", OpClass: "public.gin_trgm_ops"}}}},
			},
		},
		{
			name: "view dropped and re-created around a column type change", seed: seed,
			from: with(func(s *schema.Schema) { s.Objects = []*schema.Object{view} }),
			changes: []schema.Change{&schema.ReplaceObject{From: view, To: view},
				&schema.AlterColumn{Table: qn("users"), What: schema.ChangeType, From: col("name", "character varying(20)"), To: col("name", "character varying(10)")}},
		},
		{
			name: "function and trigger added", from: base(), seed: seed,
			changes: []schema.Change{&schema.AddObject{Object: trg}, &schema.AddObject{Object: fn}},
		},
		{
			name: "function and trigger dropped", seed: seed, rerunDown: true,
			from:    with(func(s *schema.Schema) { s.Objects = []*schema.Object{fn, trg} }),
			changes: []schema.Change{&schema.DropObject{Object: fn}, &schema.DropObject{Object: trg}},
		},
		{
			name: "rename index and constraint", from: base(), seed: seed,
			changes: []schema.Change{&schema.RenameIndex{Table: qn("orders"), From: "orders_user_id_idx", To: "orders_by_user"},
				&schema.RenameConstraint{Table: qn("orders"), From: "orders_total_check", To: "orders_total_positive"}},
		},
		{
			name: "generated column becomes plain", seed: seed,
			from: with(func(s *schema.Schema) {
				s.Tables[1].Columns = append(s.Tables[1].Columns, &schema.Column{Name: "double", Type: schema.Type{Norm: "numeric"},
					Generated: &schema.Generated{Expr: "(total * (2)::numeric)", Stored: true}})
			}),
			changes: []schema.Change{&schema.AlterColumn{Table: qn("orders"), What: schema.ChangeGenerated,
				From: &schema.Column{Name: "double", Type: schema.Type{Norm: "numeric"}, Generated: &schema.Generated{Expr: "(total * (2)::numeric)", Stored: true}},
				To:   &schema.Column{Name: "double", Type: schema.Type{Norm: "numeric"}}}},
		},
		{
			name: "collation change", from: base(), seed: seed,
			changes: []schema.Change{&schema.AlterColumn{Table: qn("users"), What: schema.ChangeCollation,
				From: col("name", "character varying(20)"), To: &schema.Column{Name: "name", Type: schema.Type{Norm: "character varying(20)"}, Collation: "C"}}},
		},
		{
			name: "set not null planned for PostgreSQL 11: one step with its scan", version: "11", from: base(), seed: seed,
			changes: []schema.Change{&schema.AlterColumn{Table: qn("users"), What: schema.ChangeNull,
				From: col("email", "text"), To: nn(col("email", "text"))}},
			check: func(t *testing.T, db *sql.DB, p *plan.Plan) {
				if len(p.Steps) != 1 || !p.Steps[0].Scan {
					t.Errorf("want one scanning step, got %d", len(p.Steps))
				}
			},
		},
		{
			name: "enum value planned for PostgreSQL 11 runs outside a transaction", version: "11", from: withStatus(), seed: seed,
			changes: []schema.Change{&schema.AddEnumValue{Enum: qn("status"), Value: "void", Before: "new"}},
			check: func(t *testing.T, db *sql.DB, p *plan.Plan) {
				if p.Steps[0].Transactional {
					t.Errorf("ADD VALUE on PostgreSQL 11 must not be transactional")
				}
			},
		},
		{
			name: "identity becomes always, then serial default replaced by identity", seed: seed,
			from: with(func(s *schema.Schema) {
				s.Tables[1].Columns = append(s.Tables[1].Columns, &schema.Column{Name: "no", Type: schema.Type{Norm: "bigint"}, NotNull: true, Identity: &schema.Identity{}})
			}),
			changes: []schema.Change{&schema.AlterColumn{Table: qn("orders"), What: schema.ChangeIdentity,
				From: &schema.Column{Name: "no", Type: schema.Type{Norm: "bigint"}, NotNull: true, Identity: &schema.Identity{}},
				To:   &schema.Column{Name: "no", Type: schema.Type{Norm: "bigint"}, NotNull: true, Identity: &schema.Identity{Always: true, Increment: 2}}}},
		},
	}
	for _, sc := range tests {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			runScenario(t, sc)
		})
	}
}
