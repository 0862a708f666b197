package pgexpr

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// comparisonOps are the operators whose untyped constant operand takes the
// type of the other operand, so a cast the server added to it is implied.
var comparisonOps = map[string]bool{
	"=": true, "<>": true, "!=": true, "<": true, ">": true, "<=": true, ">=": true,
	"~~": true, "~~*": true, "!~~": true, "!~~*": true,
	"~": true, "~*": true, "!~": true, "!~*": true,
	"@>": true, "<@": true, "&&": true, "?": true, "?|": true, "?&": true,
}

// likeKinds maps the pattern-matching operators to the A_Expr kind the
// parser gives LIKE and ILIKE, so the deparser prints the keywords.
var likeKinds = map[string]pg.A_Expr_Kind{
	"~~":   pg.A_Expr_Kind_AEXPR_LIKE,
	"!~~":  pg.A_Expr_Kind_AEXPR_LIKE,
	"~~*":  pg.A_Expr_Kind_AEXPR_ILIKE,
	"!~~*": pg.A_Expr_Kind_AEXPR_ILIKE,
}

func (c *canon) aExpr(n *pg.Node, e *pg.A_Expr) *pg.Node {
	switch e.Kind {
	case pg.A_Expr_Kind_AEXPR_BETWEEN, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN,
		pg.A_Expr_Kind_AEXPR_BETWEEN_SYM, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
		return c.between(n, e)
	case pg.A_Expr_Kind_AEXPR_OP_ANY, pg.A_Expr_Kind_AEXPR_OP_ALL:
		return c.anyAll(n, e)
	case pg.A_Expr_Kind_AEXPR_IN:
		return c.in(n, e)
	case pg.A_Expr_Kind_AEXPR_OP, pg.A_Expr_Kind_AEXPR_LIKE, pg.A_Expr_Kind_AEXPR_ILIKE,
		pg.A_Expr_Kind_AEXPR_DISTINCT, pg.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		return c.op(n, e)
	}
	return n
}

// op handles a binary operator: LIKE spelling and implied casts.
func (c *canon) op(n *pg.Node, e *pg.A_Expr) *pg.Node {
	name := opName(e)
	if kind, ok := likeKinds[name]; ok && e.Kind == pg.A_Expr_Kind_AEXPR_OP {
		e.Kind = kind
	}
	if e.Lexpr == nil || e.Rexpr == nil {
		return n
	}
	c.promotion(e)
	if comparisonOps[name] || e.Kind == pg.A_Expr_Kind_AEXPR_DISTINCT || e.Kind == pg.A_Expr_Kind_AEXPR_NOT_DISTINCT {
		switch {
		case isConst(e.Lexpr) && !isConst(e.Rexpr):
			e.Lexpr = stripConstCast(e.Lexpr)
		case isConst(e.Rexpr) && !isConst(e.Lexpr):
			e.Rexpr = stripConstCast(e.Rexpr)
		}
	}
	return n
}

// between expands BETWEEN as the server stores it.
func (c *canon) between(n *pg.Node, e *pg.A_Expr) *pg.Node {
	bounds := e.Rexpr.GetList()
	if bounds == nil || len(bounds.Items) != 2 || e.Lexpr == nil {
		return n
	}
	x, lo, hi := e.Lexpr, bounds.Items[0], bounds.Items[1]
	in := func(lo, hi *pg.Node) *pg.Node {
		return c.boolOf(pg.BoolExprType_AND_EXPR, c.binary(">=", x, lo), c.binary("<=", clone(x), hi))
	}
	out := func(lo, hi *pg.Node) *pg.Node {
		return c.boolOf(pg.BoolExprType_OR_EXPR, c.binary("<", x, lo), c.binary(">", clone(x), hi))
	}
	switch e.Kind {
	case pg.A_Expr_Kind_AEXPR_BETWEEN:
		return in(lo, hi)
	case pg.A_Expr_Kind_AEXPR_NOT_BETWEEN:
		return out(lo, hi)
	case pg.A_Expr_Kind_AEXPR_BETWEEN_SYM:
		return c.boolOf(pg.BoolExprType_OR_EXPR, in(lo, hi), in(clone(hi), clone(lo)))
	}
	return c.boolOf(pg.BoolExprType_AND_EXPR, out(lo, hi), out(clone(hi), clone(lo)))
}

func (c *canon) binary(op string, l, r *pg.Node) *pg.Node {
	e := &pg.A_Expr{Kind: pg.A_Expr_Kind_AEXPR_OP, Name: []*pg.Node{strNode(op)}, Lexpr: clone(l), Rexpr: clone(r), Location: -1}
	return c.rule(&pg.Node{Node: &pg.Node_AExpr{AExpr: e}})
}

func (c *canon) boolOf(op pg.BoolExprType, args ...*pg.Node) *pg.Node {
	return c.rule(&pg.Node{Node: &pg.Node_BoolExpr{BoolExpr: &pg.BoolExpr{Boolop: op, Args: args, Location: -1}}})
}

// anyAll turns x = ANY (ARRAY[consts]) into x IN (consts) and
// x <> ALL (ARRAY[consts]) into x NOT IN (consts).
func (c *canon) anyAll(n *pg.Node, e *pg.A_Expr) *pg.Node {
	name := opName(e)
	if !(e.Kind == pg.A_Expr_Kind_AEXPR_OP_ANY && name == "=" || e.Kind == pg.A_Expr_Kind_AEXPR_OP_ALL && name == "<>") {
		return n
	}
	arr := e.Rexpr
	if tc := arr.GetTypeCast(); tc != nil && tc.Arg.GetAArrayExpr() != nil && len(tc.TypeName.GetArrayBounds()) > 0 {
		arr = tc.Arg
	}
	a := arr.GetAArrayExpr()
	if a == nil || len(a.Elements) == 0 {
		return n
	}
	for _, el := range a.Elements {
		if !isConst(el) {
			return n
		}
	}
	items := make([]*pg.Node, len(a.Elements))
	copy(items, a.Elements)
	in := &pg.A_Expr{Kind: pg.A_Expr_Kind_AEXPR_IN, Name: []*pg.Node{strNode(name)}, Lexpr: e.Lexpr,
		Rexpr: &pg.Node{Node: &pg.Node_List{List: &pg.List{Items: items}}}, Location: e.Location}
	return c.in(&pg.Node{Node: &pg.Node_AExpr{AExpr: in}}, in)
}

// in strips implied casts of the list's constants and turns a one-element
// list into the comparison the server stores for it.
func (c *canon) in(n *pg.Node, e *pg.A_Expr) *pg.Node {
	list := e.Rexpr.GetList()
	if list == nil || e.Lexpr == nil {
		return n
	}
	if !isConst(e.Lexpr) {
		for i, it := range list.Items {
			list.Items[i] = stripConstCast(it)
		}
	}
	if len(list.Items) == 1 {
		op := opName(e)
		if op != "=" && op != "<>" {
			return n
		}
		return c.binary(op, e.Lexpr, list.Items[0])
	}
	return n
}

// promotion drops the cast of an integer column to a wider number type
// when the other operand is a column of exactly that type: the server
// adds that cast itself ((qty)::numeric * price), and without it the
// operator resolves the same way.
func (c *canon) promotion(e *pg.A_Expr) {
	widened := func(side, other *pg.Node) (*pg.Node, bool) {
		tc := side.GetTypeCast()
		if tc == nil || len(tc.TypeName.GetTypmods()) > 0 {
			return nil, false
		}
		ref, oref := tc.Arg.GetColumnRef(), other.GetColumnRef()
		if ref == nil || oref == nil {
			return nil, false
		}
		from, ok1 := c.colType(ref)
		to, ok2 := c.colType(oref)
		if !ok1 || !ok2 || !refOfText(from).integer() {
			return nil, false
		}
		target := refOf(tc.TypeName)
		if !target.numeric() || !refOfText(to).same(target) {
			return nil, false
		}
		return tc.Arg, true
	}
	if n, ok := widened(e.Lexpr, e.Rexpr); ok {
		e.Lexpr = n
	} else if n, ok := widened(e.Rexpr, e.Lexpr); ok {
		e.Rexpr = n
	}
}
