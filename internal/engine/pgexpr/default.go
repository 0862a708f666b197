package pgexpr

import (
	"fmt"
	"regexp"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Default reads a column default as written after DEFAULT or as
// pg_get_expr prints it, for a column of type colType (format_type
// spelling: "text", "character varying(20)", "\"Role\"", or the reader's
// "\"public\".\"Role\""), and returns its kind and canonical text.
//
// A constant, possibly cast, is DefaultLiteral (numbers, negative ones
// included, strings, booleans, NULL, and ARRAY[...] of constants);
// anything else is DefaultFunction, nextval() included. Pos is left zero.
//
// Default never returns DefaultSequence: that kind means the sequence is
// owned by the column (serial, or CREATE SEQUENCE ... OWNED BY plus SET
// DEFAULT nextval(...)), which the text of the expression cannot tell. A
// caller that knows the ownership (the SQL reader from OWNED BY, Inspect
// from pg_depend) finds the sequence with NextvalSequence and marks the
// default itself.
func Default(expr, colType string) (schema.Default, error) {
	n, err := parseExpr(expr)
	if err != nil {
		return schema.Default{}, err
	}
	return defaultOf(n, colType)
}

// DefaultNode is Default for an expression node from a pg_query parse
// tree (a DEFAULT constraint's raw_expr). n is not modified. Results for
// the common simple shapes (constants, casts of constants, calls without
// arguments) are memoized process-wide (see memo.go).
func DefaultNode(n *pg.Node, colType string) (schema.Default, error) {
	if n == nil {
		return schema.Default{}, fmt.Errorf("default: no expression")
	}
	return memoDefaultNode(n, colType)
}

func defaultOf(n *pg.Node, colType string) (schema.Default, error) {
	c := &canon{}
	n = c.rewrite(n)
	col := refOfText(colType)
	n = dropOwnCast(n, col)
	n = literalValue(n, col)
	d := schema.Default{Kind: defaultKind(n)}
	text, err := deparse(n)
	if err != nil {
		return schema.Default{}, err
	}
	if stringArray(n, col) {
		// ARRAY['READ'] alone is a text[]; the server has the element
		// type on each element ('READ'::"Perm"), the canonical text puts
		// the column's type once, after the array, so that it stays valid
		// SQL whatever the schema of the type.
		text += "::" + colType
	}
	d.Expr = text
	return d, nil
}

// stringArray reports whether n is ARRAY[...] holding a string constant
// for an array column whose element type is not a string type: such a
// default needs a cast to the column's type to be assignable.
func stringArray(n *pg.Node, col typeRef) bool {
	a := n.GetAArrayExpr()
	if a == nil || !col.array {
		return false
	}
	elem := col
	elem.array = false
	if elem.stringish() {
		return false
	}
	for _, el := range a.Elements {
		if k := el.GetAConst(); k != nil && k.GetSval() != nil {
			return true
		}
	}
	return false
}

// dropOwnCast removes a top-level cast of a constant to the column's own
// type, and the casts the server adds inside ARRAY[...] of strings.
func dropOwnCast(n *pg.Node, col typeRef) *pg.Node {
	if tc := n.GetTypeCast(); tc != nil {
		k := tc.Arg.GetAConst()
		if k != nil && (k.Isnull || refOf(tc.TypeName).same(col)) {
			return tc.Arg
		}
		if a := tc.Arg.GetAArrayExpr(); a != nil && len(a.Elements) > 0 && refOf(tc.TypeName).same(col) {
			n = tc.Arg
		}
	}
	if a := n.GetAArrayExpr(); a != nil && col.array {
		elem := col
		elem.array = false
		for i, el := range a.Elements {
			if tc := el.GetTypeCast(); tc != nil && (refOf(tc.TypeName).stringish() || refOf(tc.TypeName).same(elem)) {
				// 'READ'::"Perm" inside the default of a "Perm"[] column:
				// the server adds the element type when it stores
				// ARRAY['READ']::"Perm"[].
				a.Elements[i] = stripConstCast(el)
			}
		}
	}
	return n
}

var (
	boolTrue  = map[string]bool{"t": true, "true": true, "y": true, "yes": true, "on": true, "1": true}
	boolFalse = map[string]bool{"f": true, "false": true, "n": true, "no": true, "off": true, "0": true}
	dateOnly  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// literalValue spells a string constant as the server prints the stored
// value for a few column types: booleans, numbers, date-only timestamps
// and jsonb.
func literalValue(n *pg.Node, col typeRef) *pg.Node {
	k := n.GetAConst()
	if k == nil || k.GetSval() == nil {
		return n
	}
	s := k.GetSval().Sval
	switch {
	case col.base == "boolean" && !col.array:
		v := strings.ToLower(strings.TrimSpace(s))
		if boolTrue[v] || boolFalse[v] {
			return &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Val: &pg.A_Const_Boolval{Boolval: &pg.Boolean{Boolval: boolTrue[v]}}}}}
		}
	case col.numeric():
		s = strings.TrimSpace(s)
		if col.base == "real" || col.base == "double precision" {
			s = floatOut(s, col.base == "real")
			k.Val = &pg.A_Const_Sval{Sval: &pg.String{Sval: s}}
		}
		if num, ok := numberConst(s, col.integer()); ok {
			return num
		}
	case col.base == "timestamp without time zone" && !col.array && dateOnly.MatchString(s):
		k.Val = &pg.A_Const_Sval{Sval: &pg.String{Sval: s + " 00:00:00"}}
	case col.base == "jsonb" && !col.array && col.schema == "":
		// The server stores a jsonb constant as jsonb_out prints it;
		// json keeps the text as written.
		if out, ok := jsonbOut(s); ok {
			k.Val = &pg.A_Const_Sval{Sval: &pg.String{Sval: out}}
		}
	}
	return n
}

// defaultKind classifies a canonical default expression.
func defaultKind(n *pg.Node) schema.DefaultKind {
	switch {
	case isConst(n):
		return schema.DefaultLiteral
	case n.GetAArrayExpr() != nil:
		for _, el := range n.GetAArrayExpr().Elements {
			if !isConst(el) {
				return schema.DefaultFunction
			}
		}
		return schema.DefaultLiteral
	}
	return schema.DefaultFunction
}

// NextvalSequence reports the sequence a default draws from when its
// canonical text (Default's Expr) is exactly nextval('seq'::regclass);
// an unqualified name is in the default namespace. It does not say
// whether the column owns the sequence.
func NextvalSequence(expr string) (schema.QName, bool) {
	if !strings.HasPrefix(expr, "nextval(") {
		return schema.QName{}, false
	}
	n, err := parseExpr(expr)
	if err != nil {
		return schema.QName{}, false
	}
	f := n.GetFuncCall()
	if f == nil || len(f.Args) != 1 {
		return schema.QName{}, false
	}
	if names := nameStrings(f.Funcname); len(names) != 1 || names[0] != "nextval" {
		return schema.QName{}, false
	}
	parts, ok := sequenceName(f.Args[0])
	if !ok {
		return schema.QName{}, false
	}
	q := schema.QName{Schema: postgres.DefaultNamespace, Name: parts[len(parts)-1]}
	if len(parts) == 2 {
		q.Schema = parts[0]
	}
	return q, true
}
