package rules

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// RedundantIndex notes a new index whose key columns are a leading prefix
// of another index, primary key or unique constraint of the same table
// (or equal to it). The other index already serves every query this one
// could, so the new one only slows writes and takes space. Unique and
// partial indexes, expressions and other access methods are not compared.
// Safe alternative: drop the new index, or drop the shorter one when the
// longer serves the same queries.
type RedundantIndex struct{}

// Code implements lint.Rule.
func (RedundantIndex) Code() string { return "MB604" }

// Severity implements lint.Rule.
func (RedundantIndex) Severity() lint.Severity { return lint.Notice }

// Title implements lint.Rule.
func (RedundantIndex) Title() string { return "Index duplicates the leading columns of another" }

// Doc implements lint.Rule.
func (RedundantIndex) Doc() string { return docOf("RedundantIndex") }

// Check implements lint.Rule.
func (r RedundantIndex) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		c, ok := s.Change.(*schema.AddIndex)
		if !ok || c.Index == nil || c.Index.Unique || c.Index.Where != "" || c.Index.Method != "" && !strings.EqualFold(c.Index.Method, "btree") {
			continue
		}
		cols := leadingColumns(c.Index.Parts, len(c.Index.Parts))
		tt := ctx.ToTable(c.Table)
		if cols == nil || tt == nil {
			continue
		}
		if other := coveringKey(tt, c.Index.Name, cols); other != "" {
			out = append(out, finding(s, r.Severity(), c.Table, "", "index %s on (%s) is covered by %s", c.Index.Name, strings.Join(cols, ", "), other))
		}
	}
	return out
}

// coveringKey names another key or plain b-tree index of t whose leading
// columns are cols in the same order, or "".
func coveringKey(t *schema.Table, self string, cols []string) string {
	prefix := func(have []string) bool {
		if len(have) < len(cols) {
			return false
		}
		for i, c := range cols {
			if have[i] != c {
				return false
			}
		}
		return true
	}
	if t.PrimaryKey != nil && prefix(t.PrimaryKey.Columns) {
		return "the primary key"
	}
	for _, u := range t.Uniques {
		if prefix(u.Columns) {
			return "unique constraint " + u.Name
		}
	}
	for _, ix := range t.Indexes {
		if ix.Name == self || ix.Where != "" || ix.Method != "" && !strings.EqualFold(ix.Method, "btree") {
			continue
		}
		if have := leadingColumns(ix.Parts, len(ix.Parts)); have != nil && prefix(have) {
			return "index " + ix.Name
		}
	}
	return ""
}
