package rules

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// ForeignKeyWithoutIndex flags a new foreign key whose referencing
// columns do not lead any index, primary key or unique constraint of the
// table in the target schema. Every DELETE or key UPDATE on the parent
// then scans the child table (under the parent row's lock), and joins on
// the key are slow. Safe alternative: create an index on the referencing
// columns (CONCURRENTLY on an existing table) in the same migration.
type ForeignKeyWithoutIndex struct{}

// Code implements lint.Rule.
func (ForeignKeyWithoutIndex) Code() string { return "MB602" }

// Severity implements lint.Rule.
func (ForeignKeyWithoutIndex) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (ForeignKeyWithoutIndex) Title() string { return "Foreign key without an index on its columns" }

// Doc implements lint.Rule.
func (ForeignKeyWithoutIndex) Doc() string { return docOf("ForeignKeyWithoutIndex") }

// Check implements lint.Rule.
func (r ForeignKeyWithoutIndex) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, g := range groups(ctx) {
		c, ok := g.change.(*schema.AddForeignKey)
		if !ok || c.ForeignKey == nil {
			continue
		}
		tt := ctx.ToTable(c.Table)
		if tt == nil || keyCovers(tt, c.ForeignKey.Columns) {
			continue
		}
		cols := strings.Join(c.ForeignKey.Columns, ",")
		out = append(out, finding(g.steps[0], r.Severity(), c.Table, cols, "foreign key %s on %s(%s) has no index: deletes in %s scan %s",
			c.ForeignKey.Name, c.Table, cols, c.ForeignKey.RefTable, c.Table))
	}
	return out
}
