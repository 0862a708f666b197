package myexpr

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"

	// The parser's value driver: literals become test_driver.ValueExpr.
	_ "github.com/pingcap/tidb/pkg/parser/test_driver"
)

// restoreFlags are the restorer settings that define the canonical text.
const restoreFlags = format.RestoreStringSingleQuotes | format.RestoreKeyWordLowercase |
	format.RestoreNameBackQuotes | format.RestoreStringWithoutCharset |
	format.RestoreSpacesAroundBinaryOperation | format.RestoreStringEscapeBackslash

// parserPool holds TiDB parsers, which are not safe for concurrent use but
// are costly to create.
var parserPool = sync.Pool{New: func() any { return parser.New() }}

// ErrSyntax is wrapped by the error of an expression the parser rejects.
var ErrSyntax = errors.New("syntax error")

// Parse parses one expression.
func Parse(text string) (ast.ExprNode, error) {
	if !utf8.ValidString(text) {
		return nil, fmt.Errorf("expression %q: %w: not valid UTF-8", text, ErrSyntax)
	}
	stmts, err := parse("SELECT " + text)
	if err != nil {
		return nil, fmt.Errorf("expression %q: %w: %v", text, ErrSyntax, err)
	}
	if len(stmts) != 1 {
		return nil, fmt.Errorf("expression %q: %w: not one expression", text, ErrSyntax)
	}
	sel, ok := stmts[0].(*ast.SelectStmt)
	if !ok || sel.From != nil || sel.Fields == nil || len(sel.Fields.Fields) != 1 ||
		sel.Where != nil || sel.GroupBy != nil || sel.OrderBy != nil || sel.Limit != nil {
		return nil, fmt.Errorf("expression %q: %w: not one expression", text, ErrSyntax)
	}
	f := sel.Fields.Fields[0]
	if f.Expr == nil || f.AsName.O != "" {
		return nil, fmt.Errorf("expression %q: %w: not one expression", text, ErrSyntax)
	}
	return f.Expr, nil
}

// Expr returns the canonical text of an expression given as SQL text.
func Expr(text string) (string, error) { return Names(nil).Expr(text) }

// Node returns the canonical text of a parsed expression.
func Node(n ast.ExprNode) (string, error) { return Names(nil).Node(n) }

// Names maps a function name, lower case, to the name a server stores
// calls of it under when the two differ: MariaDB stores length(x) as
// octet_length(x), MySQL 8 stores octet_length(x) as length(x). It is the
// dialect's dialect.MySQLFacts.FunctionNames; its methods canonicalize as
// the package functions do and then spell each call as the server prints
// it in information_schema, so text written in a DDL file and text read
// back from the server are equal. The package functions use no names
// (Names(nil)).
type Names map[string]string

// Expr returns the canonical text of an expression given as SQL text,
// with function calls spelled by m.
func (m Names) Expr(text string) (string, error) {
	n, err := Parse(text)
	if err != nil {
		return "", err
	}
	return m.Node(n)
}

// Node returns the canonical text of a parsed expression, with function
// calls spelled by m. It renames the calls in n.
func (m Names) Node(n ast.ExprNode) (s string, err error) {
	defer func() {
		// The restorer is third-party code walking arbitrary trees; a
		// panic there must surface as an error, not crash the engine.
		if r := recover(); r != nil {
			s, err = "", fmt.Errorf("restore expression: %v", r)
		}
	}()
	n = unparen(n)
	n.Accept(synonyms{names: m})
	var b strings.Builder
	if err := n.Restore(format.NewRestoreCtx(restoreFlags, &b)); err != nil {
		return "", fmt.Errorf("restore expression: %w", err)
	}
	return b.String(), nil
}

// unparen removes the parentheses around a whole expression.
func unparen(n ast.ExprNode) ast.ExprNode {
	for {
		p, ok := n.(*ast.ParenthesesExpr)
		if !ok || p.Expr == nil {
			return n
		}
		n = p.Expr
	}
}

// synonymOf maps function names to the name the servers store them
// under: MariaDB prints now() as current_timestamp() and curdate() as
// curdate(); MySQL 8 prints CURRENT_TIMESTAMP. One spelling per function
// keeps reader and introspection equal.
var synonymOf = map[string]string{
	"now":               "current_timestamp",
	"localtime":         "current_timestamp",
	"localtimestamp":    "current_timestamp",
	"current_timestamp": "current_timestamp",
	"curdate":           "current_date",
	"current_date":      "current_date",
	"curtime":           "current_time",
	"current_time":      "current_time",
	"ucase":             "upper",
	"lcase":             "lower",
	"substr":            "substring",
}

// synonyms is a visitor that renames functions to their canonical name,
// then to the name the server stores them under (names).
type synonyms struct{ names Names }

// Enter implements ast.Visitor.
func (v synonyms) Enter(n ast.Node) (ast.Node, bool) {
	if f, ok := n.(*ast.FuncCallExpr); ok {
		if to, ok := synonymOf[f.FnName.L]; ok {
			f.FnName = ast.NewCIStr(to)
		}
		if to, ok := v.names[f.FnName.L]; ok {
			f.FnName = ast.NewCIStr(to)
		}
	}
	return n, false
}

// Leave implements ast.Visitor.
func (synonyms) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// ParseStatement parses one SQL statement (a view's query, for example).
func ParseStatement(text string) (ast.StmtNode, error) {
	if !utf8.ValidString(text) {
		return nil, fmt.Errorf("statement: %w: not valid UTF-8", ErrSyntax)
	}
	stmts, err := parse(text)
	if err != nil {
		return nil, fmt.Errorf("statement: %w: %v", ErrSyntax, err)
	}
	if len(stmts) != 1 {
		return nil, fmt.Errorf("statement: %w: not one statement", ErrSyntax)
	}
	return stmts[0], nil
}

// parse runs a pooled TiDB parser. The parser's value driver panics on
// some literals (decimals of more than 81 digits): a panic is returned as
// an error and that parser is not reused.
func parse(text string) (stmts []ast.StmtNode, err error) {
	p := parserPool.Get().(*parser.Parser)
	defer func() {
		if r := recover(); r != nil {
			stmts, err = nil, fmt.Errorf("the parser failed: %v", r)
			return
		}
		parserPool.Put(p)
	}()
	stmts, _, err = p.Parse(text, "", "")
	return stmts, err
}
