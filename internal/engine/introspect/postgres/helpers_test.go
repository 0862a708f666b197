package postgres

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// inspectCase is one scenario: DDL run on a fresh database, the options
// Inspect gets, and the schema it must return (Dialect and Normalize are
// applied by the runner).
type inspectCase struct {
	name string
	ddl  string
	opts Options
	want *schema.Schema
}

// runInspectCases runs each case on its own database.
func runInspectCases(t *testing.T, cases []inspectCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := pgtest.New(t)
			db.Exec(t, tc.ddl)
			got, err := Inspect(context.Background(), db.DB, tc.opts)
			if err != nil {
				t.Fatalf("Inspect: %v", err)
			}
			want := tc.want
			want.Dialect = "postgres"
			want.Normalize()
			assertSchema(t, want, got)
		})
	}
}

// assertSchema fails the test with a readable diff when got differs from
// want; positions are ignored (introspection has none).
func assertSchema(t *testing.T, want, got *schema.Schema) {
	t.Helper()
	if d := cmp.Diff(want, got, cmpopts.IgnoreTypes(schema.Pos{})); d != "" {
		t.Errorf("Inspect mismatch (-want +got):\n%s", d)
	}
}

// q builds a QName.
func q(ns, name string) schema.QName { return schema.QName{Schema: ns, Name: name} }

// qp builds a *QName.
func qp(ns, name string) *schema.QName { return &schema.QName{Schema: ns, Name: name} }

// col builds a nullable column of a built-in type.
func col(name, typ string) *schema.Column {
	return &schema.Column{Name: name, Type: schema.Type{Norm: typ}}
}

// notNull builds a NOT NULL column of a built-in type.
func notNull(name, typ string) *schema.Column {
	return &schema.Column{Name: name, Type: schema.Type{Norm: typ}, NotNull: true}
}

// userCol builds a nullable column of a user type; array adds "[]".
func userCol(name, ns, typ string, array bool) *schema.Column {
	norm := quoteIdent(ns) + "." + quoteIdent(typ)
	if array {
		norm += "[]"
	}
	return &schema.Column{Name: name, Type: schema.Type{Norm: norm, Ref: qp(ns, typ)}}
}

// withDefault sets a column's default and returns the column.
func withDefault(c *schema.Column, kind schema.DefaultKind, expr string) *schema.Column {
	c.Default = &schema.Default{Kind: kind, Expr: expr}
	return c
}

// serial builds a NOT NULL serial column of type typ owned sequence seq.
func serial(name, typ, ns, seq, expr string) *schema.Column {
	c := notNull(name, typ)
	c.Default = &schema.Default{Kind: schema.DefaultSequence, Expr: expr, Sequence: qp(ns, seq)}
	return c
}
