package sqlddl

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/migrate-bot/migrate-bot/internal/engine/pgexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// defaultKey identifies a column default by its expression's content
// (exprKey) and the column's type: what pgexpr.DefaultNode's result
// depends on.
type defaultKey struct{ expr, colType string }

// columnDefault is pgexpr.DefaultNode, remembered for small expressions:
// a schema repeats a few defaults (CURRENT_TIMESTAMP, false, 'new') over
// thousands of columns, and each canonicalization is a deparse through
// cgo.
func (r *pgReader) columnDefault(n *pg.Node, colType string) (schema.Default, error) {
	var b strings.Builder
	if !exprKey(&b, n) {
		return pgexpr.DefaultNode(n, colType)
	}
	k := defaultKey{b.String(), colType}
	d, ok := r.defaults[k]
	if !ok {
		var err error
		if d, err = pgexpr.DefaultNode(n, colType); err != nil {
			return d, err
		}
		r.defaults[k] = d
	}
	if d.Sequence != nil {
		q := *d.Sequence
		d.Sequence = &q
	}
	return d, nil
}

// exprKey writes a text that identifies a small expression's content,
// locations aside: a constant, a SQL value function (CURRENT_TIMESTAMP),
// a function call with such arguments, or a cast of one of those. It
// reports false, having written anything, for every other node: those
// are not remembered.
func exprKey(b *strings.Builder, n *pg.Node) bool {
	switch x := n.GetNode().(type) {
	case *pg.Node_AConst:
		k := x.AConst
		if k.Isnull {
			b.WriteString("null")
			return true
		}
		switch v := k.Val.(type) {
		case *pg.A_Const_Ival:
			b.WriteString("i")
			b.WriteString(strconv.Itoa(int(v.Ival.Ival)))
		case *pg.A_Const_Fval:
			b.WriteString("f")
			b.WriteString(strconv.Quote(v.Fval.Fval))
		case *pg.A_Const_Boolval:
			b.WriteString("b")
			b.WriteString(strconv.FormatBool(v.Boolval.Boolval))
		case *pg.A_Const_Sval:
			b.WriteString("s")
			b.WriteString(strconv.Quote(v.Sval.Sval))
		case *pg.A_Const_Bsval:
			b.WriteString("x")
			b.WriteString(strconv.Quote(v.Bsval.Bsval))
		default:
			return false
		}
		return true
	case *pg.Node_SqlvalueFunction:
		f := x.SqlvalueFunction
		if f.Xpr != nil || f.Type != 0 {
			return false
		}
		b.WriteString("v")
		b.WriteString(strconv.Itoa(int(f.Op)))
		b.WriteString(",")
		b.WriteString(strconv.Itoa(int(f.Typmod)))
		return true
	case *pg.Node_TypeCast:
		c := x.TypeCast
		if c.Arg == nil || c.TypeName == nil {
			return false
		}
		b.WriteString("cast(")
		if !exprKey(b, c.Arg) || !typeNameKey(b, c.TypeName) {
			return false
		}
		b.WriteString(")")
		return true
	case *pg.Node_FuncCall:
		f := x.FuncCall
		if len(f.AggOrder) > 0 || f.AggFilter != nil || f.Over != nil || f.AggWithinGroup || f.AggStar ||
			f.AggDistinct || f.FuncVariadic {
			return false
		}
		b.WriteString("call")
		b.WriteString(strconv.Itoa(int(f.Funcformat)))
		if !namesKey(b, f.Funcname) {
			return false
		}
		b.WriteString("(")
		for _, a := range f.Args {
			if !exprKey(b, a) {
				return false
			}
			b.WriteString(",")
		}
		b.WriteString(")")
		return true
	}
	return false
}

// typeNameKey writes a type name's content for exprKey.
func typeNameKey(b *strings.Builder, t *pg.TypeName) bool {
	if t.TypeOid != 0 || t.Setof || t.PctType {
		return false
	}
	b.WriteString(",type")
	if !namesKey(b, t.Names) {
		return false
	}
	b.WriteString(strconv.Itoa(int(t.Typemod)))
	b.WriteString("(")
	for _, m := range t.Typmods {
		if !exprKey(b, m) {
			return false
		}
		b.WriteString(",")
	}
	b.WriteString(")[")
	for _, a := range t.ArrayBounds {
		i := a.GetInteger()
		if i == nil {
			return false
		}
		b.WriteString(strconv.Itoa(int(i.Ival)))
		b.WriteString(",")
	}
	b.WriteString("]")
	return true
}

// namesKey writes a qualified name (String nodes) for exprKey.
func namesKey(b *strings.Builder, names []*pg.Node) bool {
	b.WriteString("[")
	for _, n := range names {
		s := n.GetString_()
		if s == nil {
			return false
		}
		b.WriteString(strconv.Quote(s.Sval))
		b.WriteString(",")
	}
	b.WriteString("]")
	return true
}
