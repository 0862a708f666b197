package mysqlddl

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/migrate-bot/migrate-bot/internal/engine/myexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Parenthesized default expressions. MySQL 8.0.13+ and MariaDB accept any
// expression in DEFAULT (...), but the TiDB grammar takes only a literal,
// CURRENT_TIMESTAMP or a function call there: DEFAULT (1 + 2) is a syntax
// error. When a statement does not parse, each top-level DEFAULT (...) is
// replaced by a call of a placeholder function (which the grammar takes),
// the statement is parsed again, and the placeholder's default is read
// from the original text, parsed on its own as SELECT (...).

// defaultPlaceholder prefixes the name of a placeholder function.
const defaultPlaceholder = "__mb_default_"

// stashDefaults replaces each DEFAULT (...) of text, outside strings,
// identifiers and comments, by DEFAULT (__mb_default_N()) keeping its
// line breaks, so positions keep their lines. It returns the new text and
// the original expressions by placeholder name, or ok false when there is
// none.
func stashDefaults(text string) (out string, exprs map[string]string, ok bool) {
	var b strings.Builder
	exprs = map[string]string{}
	last := 0
	for i := 0; i < len(text); {
		if j := skipQuoted(text, i); j != i {
			i = j
			continue
		}
		if !wordAt(text, i, "default") {
			i++
			continue
		}
		k := i + len("default")
		for k < len(text) && isBlank(text[k]) {
			k++
		}
		if k >= len(text) || text[k] != '(' {
			i = k
			continue
		}
		end := closingParen(text, k)
		if end < 0 {
			break
		}
		name := fmt.Sprintf("%s%d", defaultPlaceholder, len(exprs))
		exprs[name] = text[k : end+1]
		b.WriteString(text[last:k])
		b.WriteString("(" + name + "()" + strings.Repeat("\n", strings.Count(text[k:end+1], "\n")) + ")")
		last, i = end+1, end+1
	}
	if len(exprs) == 0 {
		return text, nil, false
	}
	b.WriteString(text[last:])
	return b.String(), exprs, true
}

// wordAt reports whether the keyword w (lower case) starts at i as a whole
// word.
func wordAt(s string, i int, w string) bool {
	if i+len(w) > len(s) || !strings.EqualFold(s[i:i+len(w)], w) {
		return false
	}
	ident := func(c byte) bool {
		return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	return (i == 0 || !ident(s[i-1])) && (i+len(w) == len(s) || !ident(s[i+len(w)]))
}

// closingParen is the offset of the parenthesis closing the one at open,
// or -1.
func closingParen(s string, open int) int {
	depth := 0
	for i := open; i < len(s); {
		if j := skipQuoted(s, i); j != i {
			i = j
			continue
		}
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return -1
}

// columnDefault canonicalizes a parsed DEFAULT for a column of type norm,
// reading a placeholder's expression from the statement's original text.
func (r *reader) columnDefault(n ast.ExprNode, norm string) (*schema.Default, error) {
	if f, ok := n.(*ast.FuncCallExpr); ok && len(f.Args) == 0 && strings.HasPrefix(f.FnName.L, defaultPlaceholder) {
		if text, ok := r.stashed[f.FnName.L]; ok {
			return r.names().DefaultText(text, norm)
		}
	}
	return r.names().Default(n, norm)
}

// names spells function calls as the dialect's server stores them
// (dialect.MySQLFacts.FunctionNames): length(x) read for MariaDB is
// octet_length(x), as information_schema shows it.
func (r *reader) names() myexpr.Names { return myexpr.Names(r.d.MySQL.FunctionNames) }
