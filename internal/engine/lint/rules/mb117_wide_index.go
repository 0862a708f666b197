package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// WideIndex notes a new non-unique index with more than three key
// columns. Such an index is rarely used beyond its first columns, costs
// on every write and takes long to build. Safe alternative: index the
// columns queries filter on first, and use INCLUDE for columns only
// returned.
type WideIndex struct{}

// Code implements lint.Rule.
func (WideIndex) Code() string { return "MB117" }

// Severity implements lint.Rule.
func (WideIndex) Severity() lint.Severity { return lint.Notice }

// Title implements lint.Rule.
func (WideIndex) Title() string { return "Index with more than three columns" }

// Doc implements lint.Rule.
func (WideIndex) Doc() string { return docOf("WideIndex") }

// Check implements lint.Rule.
func (r WideIndex) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		c, ok := s.Change.(*schema.AddIndex)
		if !ok || c.Index == nil || c.Index.Unique || len(c.Index.Parts) <= 3 {
			continue
		}
		out = append(out, finding(s, r.Severity(), c.Table, "", "index %s on %s has %d key columns", c.Index.Name, c.Table, len(c.Index.Parts)))
	}
	return out
}
