package pgexpr

import (
	"errors"
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// Columns maps the column names of the table an expression belongs to to
// their types, spelled as format_type does ("character varying(20)",
// "integer", "\"Role\""). It lets canonicalization drop the casts the
// server adds to columns; nil is allowed and keeps those casts.
type Columns map[string]string

// ErrNotExpression is returned for text that does not parse as exactly one
// scalar expression.
var ErrNotExpression = errors.New("not a single expression")

// parseExpr parses the text of one scalar expression.
func parseExpr(expr string) (*pg.Node, error) {
	if strings.ContainsRune(expr, 0) {
		return nil, fmt.Errorf("expression %q: %w: contains a NUL byte", expr, ErrNotExpression)
	}
	// The expression is parsed as the only target of a SELECT; a ";" or a
	// FROM in the text shows up as extra statements or clauses below.
	res, err := pg.Parse("SELECT " + expr)
	if err != nil {
		return nil, fmt.Errorf("expression %q: %s", expr, err)
	}
	if len(res.Stmts) != 1 {
		return nil, fmt.Errorf("expression %q: %w", expr, ErrNotExpression)
	}
	sel := res.Stmts[0].GetStmt().GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 || len(sel.FromClause) > 0 || sel.WhereClause != nil ||
		len(sel.GroupClause) > 0 || sel.HavingClause != nil || len(sel.SortClause) > 0 ||
		sel.LimitCount != nil || sel.LimitOffset != nil || sel.WithClause != nil ||
		len(sel.DistinctClause) > 0 || len(sel.WindowClause) > 0 || sel.IntoClause != nil ||
		len(sel.LockingClause) > 0 {
		return nil, fmt.Errorf("expression %q: %w", expr, ErrNotExpression)
	}
	rt := sel.TargetList[0].GetResTarget()
	if rt == nil || rt.Val == nil || rt.Name != "" {
		return nil, fmt.Errorf("expression %q: %w", expr, ErrNotExpression)
	}
	return rt.Val, nil
}

// treeVersion is the parse tree version the deparser expects, taken from
// a parse of the linked parser.
var treeVersion = func() int32 {
	res, err := pg.Parse("SELECT 1")
	if err != nil {
		return 0
	}
	return res.Version
}()

// TreeVersion is the protobuf parse tree version of the linked pg_query,
// to set on trees built by hand before deparsing them.
func TreeVersion() int32 { return treeVersion }

// deparse prints one expression node with pg_query's deparser.
func deparse(n *pg.Node) (string, error) {
	tree := &pg.ParseResult{Version: treeVersion, Stmts: []*pg.RawStmt{{Stmt: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: &pg.SelectStmt{
		TargetList:  []*pg.Node{{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{Val: n}}}},
		Op:          pg.SetOperation_SETOP_NONE,
		LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT,
	}}}}}}
	out, err := deparseTree(tree)
	if err != nil {
		return "", err
	}
	s, ok := strings.CutPrefix(out, "SELECT ")
	if !ok {
		return "", fmt.Errorf("deparse: unexpected output %q", out)
	}
	return s, nil
}

// deparseTree runs the deparser, turning a crash-free failure into an
// error (the deparser reports unsupported nodes as errors).
func deparseTree(tree *pg.ParseResult) (out string, err error) {
	out, err = pg.Deparse(tree)
	if err != nil {
		return "", fmt.Errorf("deparse: %s", err)
	}
	return out, nil
}

// clone copies a node so rewrites never touch the caller's tree.
func clone(n *pg.Node) *pg.Node {
	if n == nil {
		return nil
	}
	c, ok := proto.Clone(n).(*pg.Node)
	if !ok {
		return nil
	}
	return c
}

// nameStrings returns the strings of a list of String nodes (qualified
// names, operator names, type names).
func nameStrings(nodes []*pg.Node) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

// opName returns the operator of an A_Expr without a pg_catalog
// qualification ("=", "~~"), or "" when it is not a simple name.
func opName(e *pg.A_Expr) string {
	names := nameStrings(e.Name)
	if len(names) == 2 && names[0] == "pg_catalog" {
		names = names[1:]
	}
	if len(names) != 1 {
		return ""
	}
	return names[0]
}

func strNode(s string) *pg.Node {
	return &pg.Node{Node: &pg.Node_String_{String_: &pg.String{Sval: s}}}
}
