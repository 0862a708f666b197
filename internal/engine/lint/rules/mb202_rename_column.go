package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// RenameColumn flags a renamed column. Code running against the old
// schema selects, inserts and updates the old name and fails as soon as
// the rename commits. Safe alternative (expand/contract): add the new
// column, write both (a trigger or the application), backfill, move the
// readers, stop writing the old one, then drop it.
type RenameColumn struct{}

// Code implements lint.Rule.
func (RenameColumn) Code() string { return "MB202" }

// Severity implements lint.Rule.
func (RenameColumn) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (RenameColumn) Title() string { return "Column renamed" }

// Doc implements lint.Rule.
func (RenameColumn) Doc() string { return docOf("RenameColumn") }

// Check implements lint.Rule.
func (r RenameColumn) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		if c, ok := s.Change.(*schema.RenameColumn); ok {
			out = append(out, finding(s, r.Severity(), c.Table, c.From, "column %s.%s is renamed to %s: queries using the old name fail", c.Table, c.From, c.To))
		}
	}
	return out
}
