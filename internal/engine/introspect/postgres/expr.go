package postgres

import (
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/pgexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Expression text deparsed by the server (pg_get_expr, pg_get_indexdef per
// column) is turned into the engine's canonical spelling, the one the SQL
// reader derives from source text, by package pgexpr. Every expression
// Inspect stores (defaults, checks, generated columns, index expressions,
// partial predicates) passes through canonExpr or canonDefault, so the
// canonical rule lives in one place.
//
// Canonicalization parses through cgo and costs far more than reading the
// row, while the same texts recur across tables (now(), 0, a check copied
// to every table), so results are memoized for the length of one Inspect.

// canonMemo memoizes canonicalization results within one Inspect.
type canonMemo struct {
	exprs    map[string]canonResult
	defaults map[string]canonResult
}

// canonResult is one memoized outcome, error included.
type canonResult struct {
	expr string
	def  schema.Default
	err  error
}

func newCanonMemo() *canonMemo {
	return &canonMemo{exprs: map[string]canonResult{}, defaults: map[string]canonResult{}}
}

// tableExprs canonicalizes the expressions of one table: cols maps its
// column names to their format_type spelling, so that casts the server
// adds to columns can be dropped.
type tableExprs struct {
	cols map[string]string
	// key identifies cols in memo keys; computed on first use.
	key  string
	memo *canonMemo
}

// exprsFor returns the canonicalizer for the table with the given oid.
func (in *inspector) exprsFor(rel int64) *tableExprs {
	return &tableExprs{cols: in.colTypes[rel], memo: in.memo}
}

// canonExpr returns the canonical text of a check condition, generation
// expression, index expression or predicate of the table.
func (t *tableExprs) canonExpr(expr string) (string, error) {
	if t.key == "" {
		names := make([]string, 0, len(t.cols))
		for n, typ := range t.cols {
			names = append(names, n+"\x00"+typ)
		}
		slices.Sort(names)
		t.key = "\x01" + strings.Join(names, "\x00")
	}
	k := expr + t.key
	r, ok := t.memo.exprs[k]
	if !ok {
		r.expr, r.err = pgexpr.ExprIn(expr, pgexpr.Columns(t.cols))
		t.memo.exprs[k] = r
	}
	return r.expr, r.err
}

// canonDefault classifies and canonicalizes a column default deparsed by
// pg_get_expr(adbin, adrelid) for a column of type colType (format_type
// spelling, or "schema"."name" for user types). The caller marks sequence
// defaults from catalog facts.
func (m *canonMemo) canonDefault(expr, colType string) (schema.Default, error) {
	k := expr + "\x00" + colType
	r, ok := m.defaults[k]
	if !ok {
		r.def, r.err = pgexpr.Default(expr, colType)
		m.defaults[k] = r
	}
	d := r.def
	if d.Sequence != nil { // never share a pointer between two columns
		q := *d.Sequence
		d.Sequence = &q
	}
	return d, r.err
}
