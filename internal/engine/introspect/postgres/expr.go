package postgres

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/pgexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// canonExpr turns expression text deparsed by the server (pg_get_expr,
// pg_get_indexdef per column) into the engine's canonical spelling, the one
// the SQL reader derives from source text (package pgexpr). Every
// expression Inspect stores (checks, generated columns, index expressions,
// partial predicates) passes through here, so the canonical rule lives in
// one place. cols maps the table's column names to their format_type
// spelling, so that casts the server adds to columns can be dropped.
func canonExpr(expr string, cols map[string]string) (string, error) {
	return pgexpr.ExprIn(expr, pgexpr.Columns(cols))
}

// canonDefault classifies and canonicalizes a column default deparsed by
// pg_get_expr(adbin, adrelid) for a column of type colType (format_type
// spelling, or "schema"."name" for user types). The caller marks sequence
// defaults from catalog facts.
func canonDefault(expr, colType string) (schema.Default, error) {
	return pgexpr.Default(expr, colType)
}
