package diff

import (
	"encoding/json"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Test fixtures: a small schema with objects of every kind, and helpers to
// build and check more.

func pub(name string) schema.QName { return schema.QName{Schema: "public", Name: name} }

func text(name string) *schema.Column {
	return &schema.Column{Name: name, Type: schema.Type{Norm: "text"}}
}

func integer(name string, notNull bool) *schema.Column {
	return &schema.Column{Name: name, Type: schema.Type{Norm: "integer"}, NotNull: notNull}
}

// serial is a PostgreSQL serial column owning the sequence seq.
func serial(name, seq string) *schema.Column {
	q := pub(seq)
	return &schema.Column{Name: name, Type: schema.Type{Norm: "integer"}, NotNull: true, Default: &schema.Default{
		Kind: schema.DefaultSequence, Expr: "nextval('" + seq + "'::regclass)", Sequence: &q}}
}

// base is the schema most cases start from.
func base() *schema.Schema {
	status := pub("status")
	return &schema.Schema{
		Dialect:    "postgres",
		Namespaces: []*schema.Namespace{{Name: "billing"}},
		Extensions: []*schema.Extension{{Name: "pgcrypto", Schema: "public"}},
		Enums:      []*schema.Enum{{Name: status, Values: []string{"draft", "paid", "void"}}},
		Sequences: []*schema.Sequence{{Name: pub("ticket_no"), Type: "bigint", Start: 1, Increment: 1,
			Min: 1, Max: 9223372036854775807, Cache: 1}},
		Tables: []*schema.Table{
			{
				Name:       pub("users"),
				Columns:    []*schema.Column{serial("id", "users_id_seq"), text("email"), text("phone"), integer("age", false)},
				PrimaryKey: &schema.PrimaryKey{Name: "users_pkey", Columns: []string{"id"}},
				Uniques:    []*schema.Unique{{Name: "users_email_key", Columns: []string{"email"}}},
				Indexes:    []*schema.Index{{Name: "users_phone_idx", Parts: []schema.IndexPart{{Column: "phone"}}}},
				Checks:     []*schema.Check{{Name: "users_age_check", Expr: "age >= 0"}},
				Comment:    "people",
			},
			{
				Name: pub("orders"),
				Columns: []*schema.Column{serial("id", "orders_id_seq"), integer("user_id", true),
					{Name: "status", Type: schema.Type{Norm: "status", Ref: &status}, NotNull: true,
						Default: &schema.Default{Kind: schema.DefaultLiteral, Expr: "'draft'"}},
					{Name: "total", Type: schema.Type{Norm: "numeric(10,2)"}, NotNull: true},
				},
				PrimaryKey: &schema.PrimaryKey{Name: "orders_pkey", Columns: []string{"id"}},
				Indexes:    []*schema.Index{{Name: "orders_user_id_idx", Parts: []schema.IndexPart{{Column: "user_id"}}}},
				ForeignKeys: []*schema.ForeignKey{{Name: "orders_user_id_fkey", Columns: []string{"user_id"},
					RefTable: pub("users"), RefColumns: []string{"id"}, OnDelete: schema.Cascade}},
				Checks: []*schema.Check{{Name: "orders_total_check", Expr: "total >= 0"}},
			},
			{
				Name:    schema.QName{Schema: "billing", Name: "invoices"},
				Columns: []*schema.Column{integer("no", true), integer("order_id", true)},
				ForeignKeys: []*schema.ForeignKey{{Name: "invoices_order_id_fkey", Columns: []string{"order_id"},
					RefTable: pub("orders"), RefColumns: []string{"id"}}},
			},
		},
		Objects: []*schema.Object{
			{Kind: schema.ObjectView, Name: pub("big_orders"), Definition: "CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100",
				DependsOn: []schema.QName{pub("orders")}},
			{Kind: schema.ObjectFunction, Name: pub("touch"), Signature: "()", Definition: "CREATE FUNCTION touch() ..."},
		},
	}
}

// table returns the table named name of s (in public unless qualified by
// the caller), failing the test when it is missing.
func table(t *testing.T, s *schema.Schema, name schema.QName) *schema.Table {
	t.Helper()
	tbl := s.Table(name)
	if tbl == nil {
		t.Fatalf("fixture has no table %s", name)
	}
	return tbl
}

// kinds lists the kinds of changes, in order.
func kinds(changes []schema.Change) []string {
	out := make([]string, len(changes))
	for i, c := range changes {
		out[i] = c.Kind()
	}
	return out
}

// render is a deterministic text of the changes, following pointers.
func render(t *testing.T, changes []schema.Change) string {
	t.Helper()
	var out []byte
	for _, c := range changes {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("marshal %s: %v", c.Kind(), err)
		}
		out = append(out, c.Kind()...)
		out = append(out, b...)
		out = append(out, '\n')
	}
	return string(out)
}

// checkApply proves the differ's central property: applying Diff(from,
// to) to a copy of from gives to; and that the differ is deterministic.
func checkApply(t *testing.T, from, to *schema.Schema, opts Options) *Result {
	t.Helper()
	res, err := Diff(from, to, opts)
	if err != nil {
		t.Fatalf("Diff: %v", err)
	}
	got := from.Clone()
	if err := schema.Apply(got, res.Changes...); err != nil {
		t.Fatalf("Apply(Diff(from, to)): %v\nchanges:\n%s", err, render(t, res.Changes))
	}
	if d := schema.Differences(got, to); len(d) > 0 {
		t.Fatalf("Apply(Diff(from, to)) differs from to:\n%v\nchanges:\n%s", d, render(t, res.Changes))
	}
	again, err := Diff(from, to, opts)
	if err != nil {
		t.Fatalf("second Diff: %v", err)
	}
	if a, b := render(t, res.Changes), render(t, again.Changes); a != b {
		t.Fatalf("Diff is not deterministic:\n%s\n---\n%s", a, b)
	}
	return res
}
