package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// SetNotNull flags an existing column made NOT NULL. The statement (or the
// validation of the NOT NULL check that precedes it) fails if any row holds
// NULL, and writers of the running code that store NULL fail afterwards.
// Safe alternative: make writers always set the column and deploy,
// backfill the NULLs in batches, then set NOT NULL (on PostgreSQL 12+ via
// a validated CHECK, as the plan does, so the scan does not block). With
// data facts, the NULL count is in the message: none is a notice, some is
// an error.
type SetNotNull struct{}

// Code implements lint.Rule.
func (SetNotNull) Code() string { return "MB302" }

// Severity implements lint.Rule.
func (SetNotNull) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (SetNotNull) Title() string { return "SET NOT NULL fails on NULL values" }

// Doc implements lint.Rule.
func (SetNotNull) Doc() string { return docOf("SetNotNull") }

// Check implements lint.Rule.
func (r SetNotNull) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, g := range groups(ctx) {
		c, ok := g.change.(*schema.AlterColumn)
		if !ok || !c.What.Has(schema.ChangeNull) || c.To == nil || !c.To.NotNull || c.From == nil {
			continue
		}
		s := g.pick("IS NOT NULL) NOT VALID", "SET NOT NULL")
		if !onExisting(s) {
			continue
		}
		f := finding(s, r.Severity(), c.Table, c.To.Name, "%s.%s becomes NOT NULL: the migration fails if a row holds NULL", c.Table, c.To.Name)
		if ctx.Facts != nil {
			n, ok := ctx.Facts.NullCount(c.Table, c.From.Name)
			f = offending(f, n, ok, "NULL value", "NULL values")
		}
		out = append(out, f)
	}
	return out
}
