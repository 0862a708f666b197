package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// RenameTable flags a renamed table. The rename is instant, but every
// query of code still running against the old schema (the previous
// release, during a rolling deploy, and any other service or report) fails
// on the old name the moment it commits. Safe alternative
// (expand/contract): create the new table and write to both (or keep a
// view with the old name: CREATE VIEW old AS SELECT * FROM new), move the
// readers, then drop the old name in a later release.
type RenameTable struct{}

// Code implements lint.Rule.
func (RenameTable) Code() string { return "MB201" }

// Severity implements lint.Rule.
func (RenameTable) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (RenameTable) Title() string { return "Table renamed" }

// Doc implements lint.Rule.
func (RenameTable) Doc() string { return docOf("RenameTable") }

// Check implements lint.Rule.
func (r RenameTable) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		if c, ok := s.Change.(*schema.RenameTable); ok {
			out = append(out, finding(s, r.Severity(), c.From, "", "table %s is renamed to %s: queries using the old name fail", c.From, c.To))
		}
	}
	return out
}
