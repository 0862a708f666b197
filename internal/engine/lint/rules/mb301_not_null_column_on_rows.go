package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// NotNullColumnOnRows flags a NOT NULL column without a default added to
// an existing table where the database refuses it on a non-empty table
// (PostgreSQL, SQLite): the existing rows would have no value, so the
// statement fails and the migration stops. Safe alternative: add the
// column nullable or with a default, backfill, then set NOT NULL. With
// data facts, an empty table is a notice. Where the database fills the
// rows with an implicit value instead (MySQL), MB417 applies.
type NotNullColumnOnRows struct{}

// Code implements lint.Rule.
func (NotNullColumnOnRows) Code() string { return "MB301" }

// Severity implements lint.Rule.
func (NotNullColumnOnRows) Severity() lint.Severity { return lint.Error }

// Title implements lint.Rule.
func (NotNullColumnOnRows) Title() string {
	return "NOT NULL column without default fails on existing rows"
}

// Doc implements lint.Rule.
func (NotNullColumnOnRows) Doc() string { return docOf("NotNullColumnOnRows") }

// Check implements lint.Rule.
func (r NotNullColumnOnRows) Check(ctx *lint.Context) []lint.Finding {
	if ctx.Dialect != nil && ctx.Dialect.Caps.ImplicitZeroFill {
		return nil
	}
	var out []lint.Finding
	for _, s := range steps(ctx) {
		c, ok := s.Change.(*schema.AddColumn)
		if !ok || c.Column == nil || !c.Column.NotNull || hasDBDefault(c.Column) || !onExisting(s) {
			continue
		}
		f := finding(s, r.Severity(), c.Table, c.Column.Name, "ADD COLUMN %s.%s NOT NULL without a default fails if the table has any row%s",
			c.Table, c.Column.Name, rowsNote(ctx, c.Table))
		out = append(out, scaled(ctx, f, c.Table))
	}
	return out
}
