package pgexpr

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// canon rewrites expression trees into canonical form (see the package
// documentation for the rules).
type canon struct {
	cols Columns
}

var nodeName = (&pg.Node{}).ProtoReflect().Descriptor().FullName()

// rewrite canonicalizes n bottom-up and returns the replacement node.
func (c *canon) rewrite(n *pg.Node) *pg.Node {
	if n == nil {
		return nil
	}
	c.children(n.ProtoReflect())
	return c.rule(n)
}

// children rewrites every Node reachable from m without passing through
// another Node, replacing each with its canonical form.
func (c *canon) children(m protoreflect.Message) {
	type field struct {
		fd protoreflect.FieldDescriptor
		v  protoreflect.Value
	}
	var fields []field
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() == protoreflect.MessageKind && !fd.IsMap() {
			fields = append(fields, field{fd, v})
		}
		return true
	})
	for _, f := range fields {
		isNode := f.fd.Message().FullName() == nodeName
		if f.fd.IsList() {
			l := f.v.List()
			for i := 0; i < l.Len(); i++ {
				elem := l.Get(i).Message()
				if !isNode {
					c.children(elem)
					continue
				}
				if n, ok := elem.Interface().(*pg.Node); ok {
					if r := c.rewrite(n); r != nil {
						l.Set(i, protoreflect.ValueOfMessage(r.ProtoReflect()))
					}
				}
			}
			continue
		}
		sub := f.v.Message()
		if !isNode {
			c.children(sub)
			continue
		}
		if n, ok := sub.Interface().(*pg.Node); ok {
			if r := c.rewrite(n); r != nil {
				m.Set(f.fd, protoreflect.ValueOfMessage(r.ProtoReflect()))
			}
		}
	}
}

// rule applies the rewrite for n's own node type; its children are
// already canonical.
func (c *canon) rule(n *pg.Node) *pg.Node {
	switch x := n.Node.(type) {
	case *pg.Node_TypeCast:
		return c.typeCast(n, x.TypeCast)
	case *pg.Node_AExpr:
		return c.aExpr(n, x.AExpr)
	case *pg.Node_BoolExpr:
		flattenBool(x.BoolExpr)
	case *pg.Node_FuncCall:
		c.funcCall(x.FuncCall)
	case *pg.Node_CoalesceExpr:
		stripArgCasts(x.CoalesceExpr.Args)
	case *pg.Node_MinMaxExpr:
		stripArgCasts(x.MinMaxExpr.Args)
	case *pg.Node_AConst:
		if f := x.AConst.GetFval(); f != nil {
			f.Fval = numericOut(f.Fval)
		}
	}
	return n
}

// typeCast drops casts the server adds: of number constants to number
// types, of number-looking strings to number types, and of character
// columns to text.
func (c *canon) typeCast(n *pg.Node, tc *pg.TypeCast) *pg.Node {
	if tc.TypeName == nil || len(tc.TypeName.Typmods) > 0 {
		return n
	}
	to := refOf(tc.TypeName)
	if k := tc.Arg.GetAConst(); k != nil && to.numeric() {
		switch v := k.Val.(type) {
		case *pg.A_Const_Ival:
			return tc.Arg
		case *pg.A_Const_Fval:
			if !to.integer() {
				return tc.Arg
			}
		case *pg.A_Const_Sval:
			if num, ok := numberConst(v.Sval.Sval, to.integer()); ok {
				return num
			}
		}
		return n
	}
	if k := tc.Arg.GetAConst(); k != nil && k.GetSval() != nil && to.base == "text" && !to.array && to.schema == "" {
		// An untyped string constant resolves to text wherever nothing
		// else decides its type, so the server's ::text is redundant.
		return tc.Arg
	}
	if ref := tc.Arg.GetColumnRef(); ref != nil && to.base == "text" && !to.array && to.schema == "" {
		if col, ok := c.colType(ref); ok && refOfText(col).stringish() {
			return tc.Arg
		}
	}
	return n
}

// colType returns the type of a column reference from c.cols.
func (c *canon) colType(ref *pg.ColumnRef) (string, bool) {
	if c.cols == nil || len(ref.Fields) == 0 {
		return "", false
	}
	s := ref.Fields[len(ref.Fields)-1].GetString_()
	if s == nil {
		return "", false
	}
	t, ok := c.cols[s.Sval]
	return t, ok
}

// numberConst turns the text of a constant into a number constant when it
// is a plain decimal number ("-1", "2.50"); integer requires an integer.
func numberConst(s string, integer bool) (*pg.Node, bool) {
	body := strings.TrimPrefix(s, "-")
	if body == "" || strings.Count(body, ".") > 1 || body[0] == '.' || body[len(body)-1] == '.' {
		return nil, false
	}
	for _, r := range body {
		if (r < '0' || r > '9') && r != '.' {
			return nil, false
		}
	}
	if strings.Contains(body, ".") {
		if integer {
			return nil, false
		}
		return &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Val: &pg.A_Const_Fval{Fval: &pg.Float{Fval: s}}}}}, true
	}
	if i, err := strconv.ParseInt(s, 10, 32); err == nil {
		return &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Val: &pg.A_Const_Ival{Ival: &pg.Integer{Ival: int32(i)}}}}}, true
	}
	return &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Val: &pg.A_Const_Fval{Fval: &pg.Float{Fval: s}}}}}, true
}

// isConst reports whether n is a constant, possibly cast.
func isConst(n *pg.Node) bool {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	return n.GetAConst() != nil
}

// stripConstCast returns the string constant inside a cast of one; other
// nodes are returned as they are.
func stripConstCast(n *pg.Node) *pg.Node {
	tc := n.GetTypeCast()
	if tc == nil {
		return n
	}
	if k := tc.Arg.GetAConst(); k != nil && !k.Isnull && k.GetSval() != nil {
		return tc.Arg
	}
	return n
}

// stripArgCasts strips casts of string constants among arguments whose
// type the other, non-constant arguments imply (COALESCE, GREATEST...).
func stripArgCasts(args []*pg.Node) {
	implied := false
	for _, a := range args {
		if !isConst(a) {
			implied = true
		}
	}
	if !implied {
		return
	}
	for i, a := range args {
		args[i] = stripConstCast(a)
	}
}

// flattenBool splices nested operands of the same AND or OR into one list.
func flattenBool(b *pg.BoolExpr) {
	if b.Boolop == pg.BoolExprType_NOT_EXPR {
		return
	}
	var args []*pg.Node
	for _, a := range b.Args {
		if inner := a.GetBoolExpr(); inner != nil && inner.Boolop == b.Boolop {
			args = append(args, inner.Args...)
			continue
		}
		args = append(args, a)
	}
	b.Args = args
}

// funcCall drops the pg_catalog qualification of plain calls, spells
// nextval's argument as regclass prints it, and strips casts of string
// constants among the arguments (the function's signature implies them).
func (c *canon) funcCall(f *pg.FuncCall) {
	names := nameStrings(f.Funcname)
	if len(names) == 2 && names[0] == "pg_catalog" && len(f.Funcname) == 2 &&
		f.Funcformat != pg.CoercionForm_COERCE_SQL_SYNTAX {
		f.Funcname = f.Funcname[1:]
		names = names[1:]
	}
	if len(names) == 1 && names[0] == "nextval" && len(f.Args) == 1 {
		if arg, ok := regclassArg(f.Args[0]); ok {
			f.Args[0] = arg
			return
		}
	}
	for i, a := range f.Args {
		f.Args[i] = stripConstCast(a)
	}
}

// regclassArg spells a sequence argument ('seq', 'public.seq'::regclass,
// '"Seq"'::text) as pg_get_expr prints it: '"Seq"'::regclass, qualified
// only outside the default namespace.
func regclassArg(n *pg.Node) (*pg.Node, bool) {
	name, ok := sequenceName(n)
	if !ok {
		return nil, false
	}
	return regclassConst(name), true
}

// sequenceName reads the sequence a nextval argument names.
func sequenceName(n *pg.Node) (parts []string, ok bool) {
	if tc := n.GetTypeCast(); tc != nil {
		to := refOf(tc.TypeName)
		if to.base != "regclass" && to.base != "text" {
			return nil, false
		}
		n = tc.Arg
	}
	k := n.GetAConst()
	if k == nil || k.GetSval() == nil {
		return nil, false
	}
	parts, ok = splitQualified(k.GetSval().Sval)
	if !ok || len(parts) > 2 {
		return nil, false
	}
	if len(parts) == 2 && parts[0] == postgres.DefaultNamespace {
		parts = parts[1:]
	}
	return parts, true
}

func regclassConst(parts []string) *pg.Node {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = QuoteIdent(p)
	}
	return &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{
		Arg:      &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Val: &pg.A_Const_Sval{Sval: &pg.String{Sval: strings.Join(quoted, ".")}}}}},
		TypeName: &pg.TypeName{Names: []*pg.Node{strNode("regclass")}, Typemod: -1},
	}}}
}
