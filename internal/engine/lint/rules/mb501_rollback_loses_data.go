package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// RollbackLosesData flags a step whose rollback cannot restore what the
// step destroyed (Step.DownLosesData): a dropped table or column comes
// back empty, a sequence restarts. Rolling back after such a step is a
// restore from backup, not a down migration. Safe alternative: split the
// destructive step into a later migration, after the release it supports
// has proven itself, and keep a backup of the data.
type RollbackLosesData struct{}

// Code implements lint.Rule.
func (RollbackLosesData) Code() string { return "MB501" }

// Severity implements lint.Rule.
func (RollbackLosesData) Severity() lint.Severity { return lint.Notice }

// Title implements lint.Rule.
func (RollbackLosesData) Title() string { return "Rollback cannot restore data" }

// Doc implements lint.Rule.
func (RollbackLosesData) Doc() string { return docOf("RollbackLosesData") }

// Check implements lint.Rule.
func (r RollbackLosesData) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		if !s.DownLosesData {
			continue
		}
		t, col := changeObject(s.Change)
		out = append(out, finding(s, r.Severity(), t, col, "the rollback of %s restores the structure, not the data", s.Change.Kind()))
	}
	return out
}

// changeObject is the table (or type) and column a change is about.
func changeObject(c schema.Change) (schema.QName, string) {
	switch c := c.(type) {
	case *schema.DropTable:
		if c.Table != nil {
			return c.Table.Name, ""
		}
	case *schema.DropColumn:
		if c.Column != nil {
			return c.Table, c.Column.Name
		}
	case *schema.AlterColumn:
		if c.To != nil {
			return c.Table, c.To.Name
		}
	case *schema.AddColumn:
		if c.Column != nil {
			return c.Table, c.Column.Name
		}
	case *schema.DropEnumValue:
		if c.To != nil {
			return c.To.Name, ""
		}
	case *schema.DropSequence:
		if c.Sequence != nil {
			return c.Sequence.Name, ""
		}
	}
	return schema.QName{}, ""
}
