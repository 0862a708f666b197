package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// ZeroFill flags a NOT NULL column without a default added to an existing
// table where the database does not refuse it but fills every existing
// row with the type's implicit default (Caps ImplicitZeroFill: MySQL and
// MariaDB put 0, ” or the zero date). The rows silently get a value
// nobody chose, which looks like real data. Safe alternative: add the
// column with an explicit default (or nullable), backfill the right
// values, then make it NOT NULL.
type ZeroFill struct{}

// Code implements lint.Rule.
func (ZeroFill) Code() string { return "MB417" }

// Severity implements lint.Rule.
func (ZeroFill) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (ZeroFill) Title() string { return "Existing rows silently zero-filled" }

// Doc implements lint.Rule.
func (ZeroFill) Doc() string { return docOf("ZeroFill") }

// Check implements lint.Rule.
func (r ZeroFill) Check(ctx *lint.Context) []lint.Finding {
	if ctx.Dialect == nil || !ctx.Dialect.Caps.ImplicitZeroFill {
		return nil
	}
	var out []lint.Finding
	for _, s := range steps(ctx) {
		c, ok := s.Change.(*schema.AddColumn)
		if !ok || c.Column == nil || !c.Column.NotNull || hasDBDefault(c.Column) || !onExisting(s) {
			continue
		}
		f := finding(s, r.Severity(), c.Table, c.Column.Name, "%s.%s is added NOT NULL without a default: existing rows get the implicit value of %s%s",
			c.Table, c.Column.Name, c.Column.Type.Norm, rowsNote(ctx, c.Table))
		out = append(out, scaled(ctx, f, c.Table))
	}
	return out
}
