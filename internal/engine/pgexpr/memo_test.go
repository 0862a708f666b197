package pgexpr

import (
	"fmt"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// TestDefaultNodeMemo: the memoized DefaultNode gives what an uncached
// canonicalization gives, for a repeated default at another position and
// for the same text on another column type.
func TestDefaultNodeMemo(t *testing.T) {
	exprs := []string{"0", "'0'", "''", "false", "'t'", "now()", "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP(3)",
		"'x'::text", "'x'::character varying", "1e10", "'{\"b\":1,\"a\":2}'", "NULL", "'{}'::text[]", "gen_random_uuid()",
		"'7'::integer", "nextval('s'::regclass)", "lower('X')"}
	types := []string{"integer", "text", "boolean", "jsonb", "double precision", "timestamp(3) without time zone", "text[]", "character varying(5)"}
	for _, e := range exprs {
		for _, typ := range types {
			for _, pad := range []string{"", "      "} { // another location
				res, err := pg.Parse(fmt.Sprintf("CREATE TABLE t (%sv %s DEFAULT %s)", pad, typ, e))
				if err != nil {
					t.Fatal(err)
				}
				var raw *pg.Node
				for _, c := range res.Stmts[0].Stmt.GetCreateStmt().TableElts[0].GetColumnDef().Constraints {
					if con := c.GetConstraint(); con.Contype == pg.ConstrType_CONSTR_DEFAULT {
						raw = con.RawExpr
					}
				}
				want, werr := defaultOf(clone(raw), typ)
				got, gerr := DefaultNode(raw, typ)
				if got != want || (werr == nil) != (gerr == nil) {
					t.Errorf("DefaultNode(%s, %s) = %+v, %v; uncached %+v, %v", e, typ, got, gerr, want, werr)
				}
			}
		}
	}
}
