package sqlddl

import (
	"strconv"
	"unicode/utf8"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// namer chooses names for unnamed constraints, indexes and sequences the
// way PostgreSQL does (src/backend/commands/indexcmds.c ChooseRelationName,
// ChooseIndexNameAddition; src/backend/catalog/pg_constraint.c
// ChooseConstraintName; makeObjectName), tracking the names already taken
// per namespace: relations (tables, indexes, sequences, views) and
// constraints.
type namer struct {
	max  int
	rels map[string]map[string]bool
	cons map[string]map[string]bool
}

func newNamer(maxLen int) *namer {
	if maxLen <= 0 {
		maxLen = 63
	}
	return &namer{max: maxLen, rels: map[string]map[string]bool{}, cons: map[string]map[string]bool{}}
}

// takeRel records a relation name as used.
func (n *namer) takeRel(ns, name string) { add(n.rels, ns, name) }

// takeCon records a constraint name as used.
func (n *namer) takeCon(ns, name string) { add(n.cons, ns, name) }

func add(m map[string]map[string]bool, ns, name string) {
	if m[ns] == nil {
		m[ns] = map[string]bool{}
	}
	m[ns][name] = true
}

// relation chooses a relation name (ChooseRelationName): name1_name2_label,
// then label1, label2 ... until free among relations and, for an index
// backing a constraint, among constraints too. The name is recorded.
func (n *namer) relation(ns, name1, name2, label string, constraint bool) string {
	for pass := 0; ; pass++ {
		l := label
		if pass > 0 {
			l += strconv.Itoa(pass)
		}
		name := n.object(name1, name2, l)
		if n.rels[ns][name] || constraint && n.cons[ns][name] {
			continue
		}
		n.takeRel(ns, name)
		if constraint {
			n.takeCon(ns, name)
		}
		return name
	}
}

// constraint chooses a constraint name (ChooseConstraintName) and records
// it.
func (n *namer) constraint(ns, name1, name2, label string) string {
	for pass := 0; ; pass++ {
		l := label
		if pass > 0 {
			l += strconv.Itoa(pass)
		}
		name := n.object(name1, name2, l)
		if n.cons[ns][name] {
			continue
		}
		n.takeCon(ns, name)
		return name
	}
}

// object is makeObjectName: it joins the parts with "_", truncating the
// longer of name1 and name2 (name2 on a tie) one byte at a time until the
// whole fits in the identifier limit, at a character boundary.
func (n *namer) object(name1, name2, label string) string {
	overhead := 0
	if name2 != "" {
		overhead++
	}
	if label != "" {
		overhead += len(label) + 1
	}
	avail := n.max - overhead
	n1, n2 := len(name1), len(name2)
	for n1+n2 > avail && n1+n2 > 0 {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	name := clip(name1, n1)
	if name2 != "" {
		name += "_" + clip(name2, n2)
	}
	if label != "" {
		name += "_" + label
	}
	return name
}

// clip cuts s to at most n bytes without splitting a character
// (pg_mbcliplen).
func clip(s string, n int) string {
	if n >= len(s) {
		return s
	}
	if n < 0 {
		n = 0
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// joinAddition is ChooseIndexNameAddition and
// ChooseForeignKeyConstraintNameAddition: names joined with "_", stopping
// once the result is at least the identifier limit long.
func (n *namer) joinAddition(names []string) string {
	buf := ""
	for i, name := range names {
		if i > 0 {
			buf += "_"
		}
		buf += clip(name, n.max)
		if len(buf) >= n.max+1 {
			break
		}
	}
	return buf
}

// indexColumnName is FigureIndexColname: the column's name, or for an
// expression the name FigureColname gives it, or "expr".
func indexColumnName(e *pg.IndexElem) string {
	if e.Indexcolname != "" {
		return e.Indexcolname
	}
	if e.Name != "" {
		return e.Name
	}
	if name := figureColname(e.Expr); name != "" {
		return name
	}
	return "expr"
}

// figureColname follows FigureColnameInternal (parser/parse_target.c) for
// the expression forms an index can hold.
func figureColname(n *pg.Node) string {
	switch x := n.GetNode().(type) {
	case *pg.Node_ColumnRef:
		f := x.ColumnRef.Fields
		if len(f) > 0 {
			if s := f[len(f)-1].GetString_(); s != nil {
				return s.Sval
			}
		}
	case *pg.Node_FuncCall:
		names := strs(x.FuncCall.Funcname)
		if len(names) > 0 {
			return names[len(names)-1]
		}
	case *pg.Node_TypeCast:
		if name := figureColname(x.TypeCast.Arg); name != "" {
			return name
		}
		names := strs(x.TypeCast.GetTypeName().GetNames())
		if len(names) > 0 {
			return names[len(names)-1]
		}
	case *pg.Node_CoalesceExpr:
		return "coalesce"
	case *pg.Node_MinMaxExpr:
		if x.MinMaxExpr.Op == pg.MinMaxOp_IS_GREATEST {
			return "greatest"
		}
		return "least"
	case *pg.Node_CaseExpr:
		return "case"
	case *pg.Node_AExpr:
		if x.AExpr.Kind == pg.A_Expr_Kind_AEXPR_NULLIF {
			return "nullif"
		}
	case *pg.Node_CollateClause:
		return figureColname(x.CollateClause.Arg)
	}
	return ""
}

// exprColumns returns the distinct column names an expression refers to,
// in order of appearance (pull_var_clause for a CHECK's naming).
func exprColumns(n *pg.Node) []string {
	var out []string
	seen := map[string]bool{}
	walkNodes(n, func(x *pg.Node) {
		ref := x.GetColumnRef()
		if ref == nil || len(ref.Fields) == 0 {
			return
		}
		s := ref.Fields[len(ref.Fields)-1].GetString_()
		if s == nil || seen[s.Sval] {
			return
		}
		seen[s.Sval] = true
		out = append(out, s.Sval)
	})
	return out
}
