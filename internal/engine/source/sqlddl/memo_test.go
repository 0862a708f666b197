package sqlddl

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/pgexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// exprNode parses "SELECT expr" and returns the expression's node.
func exprNode(t *testing.T, expr string) *pg.Node {
	t.Helper()
	res, err := pg.Parse("SELECT " + expr)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return res.Stmts[0].Stmt.GetSelectStmt().TargetList[0].GetResTarget().Val
}

// TestColumnDefaultRemembered: a remembered default is the one
// pgexpr.DefaultNode gives, and expressions that differ (in value, kind,
// type, name or arguments) never share a key.
func TestColumnDefaultRemembered(t *testing.T) {
	d, err := dialect.Postgres("15")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ expr, colType string }{
		{"CURRENT_TIMESTAMP", "timestamp(3) without time zone"},
		{"CURRENT_TIMESTAMP(3)", "timestamp with time zone"},
		{"LOCALTIMESTAMP", "timestamp without time zone"},
		{"CURRENT_DATE", "date"},
		{"now()", "timestamp with time zone"},
		{"false", "boolean"},
		{"'f'", "boolean"},
		{"'false'", "boolean"},
		{"0", "integer"},
		{"'0'", "integer"},
		{"-1", "integer"},
		{"1.5", "numeric(12,2)"},
		{"'1.5'", "numeric(12,2)"},
		{"NULL", "text"},
		{"'v0'", `"public"."e00"`},
		{"'v0'::e00", `"public"."e00"`},
		{"'v0'::text", "text"},
		{"'v0'::varchar", "text"},
		{"'v0'::varchar(10)", "text"},
		{"'v0'::varchar(10)[]", "text[]"},
		{"'{}'::text[]", "text[]"},
		{"'2020-01-01'", "timestamp without time zone"},
		{"'2020-01-01'::date", "timestamp without time zone"},
		{"gen_random_uuid()", "uuid"},
		{"public.gen_random_uuid()", "uuid"},
		{"nextval('s'::regclass)", "bigint"},
		{"nextval('t'::regclass)", "bigint"},
		{"coalesce(1, 2)", "integer"},
		{"lower('A')", "text"},
		{"upper('A')", "text"},
		{"B'101'", "bit(3)"},
		{"X'1F'", "bit(8)"},
		{"'a''b'", "text"},
	}
	r := &pgReader{d: d, defaults: map[defaultKey]schema.Default{}}
	keys := map[string]string{}
	for _, c := range cases {
		n := exprNode(t, c.expr)
		var b strings.Builder
		if exprKey(&b, n) {
			if prev, ok := keys[b.String()]; ok {
				t.Errorf("%s and %s share the key %s", prev, c.expr, b.String())
			}
			keys[b.String()] = c.expr
		} else {
			t.Logf("%s: not remembered", c.expr)
		}
		want, wantErr := pgexpr.DefaultNode(n, c.colType)
		for range 2 { // computed, then remembered
			got, err := r.columnDefault(exprNode(t, c.expr), c.colType)
			if (err == nil) != (wantErr == nil) {
				t.Fatalf("%s: error %v, want %v", c.expr, err, wantErr)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s as %s (-DefaultNode +remembered):\n%s", c.expr, c.colType, diff)
			}
		}
	}
}
