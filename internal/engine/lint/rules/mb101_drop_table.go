package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// DropTable flags a dropped table. DROP TABLE deletes every row and the
// rollback re-creates the table empty, so the data is gone for good; code
// still running against the old schema fails as soon as it touches the
// table. Safe alternative: stop using the table in a deploy of its own,
// take a backup (or rename the table to a parking name and drop it a
// release later), then drop it. With data facts, dropping an empty table
// is a notice.
type DropTable struct{}

// Code implements lint.Rule.
func (DropTable) Code() string { return "MB101" }

// Severity implements lint.Rule.
func (DropTable) Severity() lint.Severity { return lint.Error }

// Title implements lint.Rule.
func (DropTable) Title() string { return "Table dropped" }

// Doc implements lint.Rule.
func (DropTable) Doc() string { return docOf("DropTable") }

// Check implements lint.Rule.
func (r DropTable) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		c, ok := s.Change.(*schema.DropTable)
		if !ok || c.Table == nil {
			continue
		}
		t := c.Table.Name
		f := finding(s, r.Severity(), t, "", "DROP TABLE %s deletes all its rows%s; the rollback re-creates it empty", t, rowsNote(ctx, t))
		out = append(out, scaled(ctx, f, t))
	}
	return out
}
