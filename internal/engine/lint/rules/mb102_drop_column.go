package rules

import (
	"fmt"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// DropColumn flags a dropped column. Its values are deleted (the rollback
// adds the column back empty), and running code that selects or inserts it
// by name fails; ORMs that cache columns fail even on queries that never
// mention it. Safe alternative (expand/contract): stop reading and writing
// the column and deploy, then drop it in a later migration. With data
// facts, a column that is NULL in every row (or an empty table) is a
// notice.
type DropColumn struct{}

// Code implements lint.Rule.
func (DropColumn) Code() string { return "MB102" }

// Severity implements lint.Rule.
func (DropColumn) Severity() lint.Severity { return lint.Error }

// Title implements lint.Rule.
func (DropColumn) Title() string { return "Column dropped" }

// Doc implements lint.Rule.
func (DropColumn) Doc() string { return docOf("DropColumn") }

// Check implements lint.Rule.
func (r DropColumn) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		c, ok := s.Change.(*schema.DropColumn)
		if !ok || c.Column == nil {
			continue
		}
		f := finding(s, r.Severity(), c.Table, c.Column.Name, "DROP COLUMN %s.%s deletes its values%s; the rollback adds it back empty",
			c.Table, c.Column.Name, rowsNote(ctx, c.Table))
		f = scaled(ctx, f, c.Table)
		if ctx.Facts != nil {
			rows, okR := ctx.Facts.RowCount(c.Table)
			nulls, okN := ctx.Facts.NullCount(c.Table, c.Column.Name)
			if okR && okN {
				f.Evidence.Offending = lint.Count(rows - nulls)
				f.Message += fmt.Sprintf("; %s hold a value", plural(rows-nulls, "row"))
				if rows-nulls == 0 {
					f.Severity = lint.Notice
				}
			}
		}
		out = append(out, f)
	}
	return out
}
