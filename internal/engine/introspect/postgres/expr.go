package postgres

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// canonExpr turns expression text deparsed by the server (pg_get_expr,
// pg_get_indexdef per column) into the engine's canonical spelling, the one
// the SQL reader derives from source text. Every expression Inspect stores
// (checks, generated columns, index expressions, partial predicates) passes
// through here, so the canonical rule lives in one place. cols maps the
// table's column names to their format_type spelling, so that casts the
// server adds to columns can be dropped.
func canonExpr(expr string, cols map[string]string) (string, error) {
	return strings.TrimSpace(expr), nil
}

// canonDefault classifies and canonicalizes a column default deparsed by
// pg_get_expr(adbin, adrelid) for a column of type colType (format_type
// spelling). The caller marks sequence defaults from catalog facts.
func canonDefault(expr, colType string) (schema.Default, error) {
	expr = strings.TrimSpace(expr)
	kind := schema.DefaultFunction
	if isLiteral(expr) {
		kind = schema.DefaultLiteral
	}
	return schema.Default{Kind: kind, Expr: expr}, nil
}

// isLiteral reports whether deparsed default text is a constant: a quoted
// literal with an optional cast ('x'::text, '-1'::integer), a bare number,
// true, false or NULL.
func isLiteral(expr string) bool {
	switch strings.ToLower(expr) {
	case "true", "false", "null":
		return true
	}
	if strings.HasPrefix(expr, "'") {
		end := strings.LastIndex(expr, "'")
		rest := expr[end+1:]
		return end > 0 && (rest == "" || strings.HasPrefix(rest, "::"))
	}
	if expr == "" {
		return false
	}
	for i, r := range expr {
		if !(r >= '0' && r <= '9' || r == '.' || (r == '-' && i == 0)) {
			return false
		}
	}
	return true
}
