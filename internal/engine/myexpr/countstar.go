package myexpr

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
)

// KeepCountStar makes COUNT(*) in a parsed statement restore as COUNT(*).
// The TiDB grammar turns COUNT(*) into COUNT(1), which restores as
// count(1); a view created from that text is stored by the server as
// count(1), while one created from COUNT(*) is stored as count(0), so the
// two never compare equal. The argument the grammar makes for * is the
// only literal without a position in the text (OriginTextPosition 0, a
// statement never starting with a literal), which tells it from a written
// COUNT(1).
func KeepCountStar(n ast.Node) {
	n.Accept(countStar{})
}

type countStar struct{}

func (countStar) Enter(n ast.Node) (ast.Node, bool) {
	if a, ok := n.(*ast.AggregateFuncExpr); ok && len(a.Args) == 1 && !a.Distinct {
		if _, ok := a.Args[0].(ast.ValueExpr); ok && a.Args[0].OriginTextPosition() == 0 && a.Args[0].Text() == "" {
			// Children are skipped: visiting the argument would put the
			// wrapped value back.
			a.Args[0] = star{a.Args[0]}
			return n, true
		}
	}
	if w, ok := n.(*ast.WindowFuncExpr); ok && len(w.Args) == 1 {
		if _, ok := w.Args[0].(ast.ValueExpr); ok && w.Args[0].OriginTextPosition() == 0 && w.Args[0].Text() == "" {
			w.Args[0] = star{w.Args[0]}
			return n, true
		}
	}
	return n, false
}

func (countStar) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// star is the * of COUNT(*).
type star struct{ ast.ExprNode }

// Restore writes *.
func (star) Restore(ctx *format.RestoreCtx) error {
	ctx.WritePlain("*")
	return nil
}
