package pgexpr

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Expr returns the canonical text of an expression: a CHECK condition, an
// index expression, a partial-index predicate, a generated column's
// expression. It is ExprIn without column types.
func Expr(expr string) (string, error) { return ExprIn(expr, nil) }

// ExprIn returns the canonical text of an expression over a table whose
// column types are cols (see Columns).
func ExprIn(expr string, cols Columns) (string, error) {
	n, err := parseExpr(expr)
	if err != nil {
		return "", err
	}
	return (&canon{cols: cols}).deparse(n)
}

// DeparseNode returns the canonical text of an expression node taken from
// a pg_query parse tree (a CHECK's raw_expr, an index element's expr, a
// WHERE clause). n is not modified.
func DeparseNode(n *pg.Node, cols Columns) (string, error) {
	if n == nil {
		return "", fmt.Errorf("deparse: no expression")
	}
	return (&canon{cols: cols}).deparse(clone(n))
}

// deparse canonicalizes n in place and prints it.
func (c *canon) deparse(n *pg.Node) (string, error) {
	n = c.rewrite(n)
	return deparse(n)
}

// CheckDef reads a constraint definition as pg_get_constraintdef prints it
// for a CHECK constraint ("CHECK ((price > (0)::numeric)) NO INHERIT") and
// returns the canonical text of its condition and whether it is NO
// INHERIT. A NOT VALID suffix is accepted and ignored.
func CheckDef(def string, cols Columns) (expr string, noInherit bool, err error) {
	res, err := pg.Parse("ALTER TABLE t ADD " + def)
	if err != nil {
		return "", false, fmt.Errorf("constraint %q: %s", def, err)
	}
	if len(res.Stmts) != 1 {
		return "", false, fmt.Errorf("constraint %q: not one constraint", def)
	}
	alter := res.Stmts[0].GetStmt().GetAlterTableStmt()
	if alter == nil || len(alter.Cmds) != 1 {
		return "", false, fmt.Errorf("constraint %q: not one constraint", def)
	}
	con := alter.Cmds[0].GetAlterTableCmd().GetDef().GetConstraint()
	if con == nil || con.Contype != pg.ConstrType_CONSTR_CHECK || con.RawExpr == nil {
		return "", false, fmt.Errorf("constraint %q: not a CHECK constraint", def)
	}
	expr, err = DeparseNode(con.RawExpr, cols)
	return expr, con.IsNoInherit, err
}
