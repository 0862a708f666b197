package rules

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// ForeignKeyOrphans flags a foreign key added to an existing table. Its
// validation fails if a row references a parent that does not exist, and
// the migration stops (with NOT VALID, at the VALIDATE step). Safe
// alternative: find orphans first (a LEFT JOIN on the parent where the
// parent key IS NULL), delete or repair them, and add the constraint NOT
// VALID so new rows are checked at once. With data facts, the orphan count
// is in the message: none is a notice, some is an error.
type ForeignKeyOrphans struct{}

// Code implements lint.Rule.
func (ForeignKeyOrphans) Code() string { return "MB304" }

// Severity implements lint.Rule.
func (ForeignKeyOrphans) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (ForeignKeyOrphans) Title() string { return "Foreign key fails on orphan rows" }

// Doc implements lint.Rule.
func (ForeignKeyOrphans) Doc() string { return docOf("ForeignKeyOrphans") }

// Check implements lint.Rule.
func (r ForeignKeyOrphans) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, g := range groups(ctx) {
		c, ok := g.change.(*schema.AddForeignKey)
		if !ok || c.ForeignKey == nil || c.NewTable || ctx.FromTable(c.Table) == nil {
			continue
		}
		s := g.pick("VALIDATE CONSTRAINT", "FOREIGN KEY")
		fk := c.ForeignKey
		f := finding(s, r.Severity(), c.Table, strings.Join(fk.Columns, ","), "foreign key %s on %s fails if a row has no parent in %s", fk.Name, c.Table, fk.RefTable)
		if ctx.Facts != nil {
			n, ok := ctx.Facts.Orphans(c.Table, fk)
			f = offending(f, n, ok, "orphan row", "orphan rows")
		}
		out = append(out, f)
	}
	return out
}
