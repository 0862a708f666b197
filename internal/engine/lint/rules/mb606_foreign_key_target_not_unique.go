package rules

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// ForeignKeyTargetNotUnique flags a new foreign key whose referenced
// columns are not exactly a primary key or unique constraint (or unique
// index) of the referenced table in the target schema. PostgreSQL refuses
// it ("there is no unique constraint matching given keys"), and where a
// database accepts it (MySQL with any index) a child row may match many
// parents. Safe alternative: reference the primary key, or add a unique
// constraint on the referenced columns first.
type ForeignKeyTargetNotUnique struct{}

// Code implements lint.Rule.
func (ForeignKeyTargetNotUnique) Code() string { return "MB606" }

// Severity implements lint.Rule.
func (ForeignKeyTargetNotUnique) Severity() lint.Severity { return lint.Error }

// Title implements lint.Rule.
func (ForeignKeyTargetNotUnique) Title() string { return "Foreign key references non-unique columns" }

// Doc implements lint.Rule.
func (ForeignKeyTargetNotUnique) Doc() string { return docOf("ForeignKeyTargetNotUnique") }

// Check implements lint.Rule.
func (r ForeignKeyTargetNotUnique) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, g := range groups(ctx) {
		c, ok := g.change.(*schema.AddForeignKey)
		if !ok || c.ForeignKey == nil {
			continue
		}
		fk := c.ForeignKey
		parent := ctx.ToTable(fk.RefTable)
		if parent == nil || uniqueOn(parent, fk.RefColumns) {
			continue
		}
		out = append(out, finding(g.steps[0], r.Severity(), c.Table, strings.Join(fk.Columns, ","), "foreign key %s references %s(%s), which is not a primary key or unique",
			fk.Name, fk.RefTable, strings.Join(fk.RefColumns, ", ")))
	}
	return out
}

// uniqueOn reports whether t has a primary key, unique constraint or
// full unique index on exactly cols.
func uniqueOn(t *schema.Table, cols []string) bool {
	if t.PrimaryKey != nil && sameSet(t.PrimaryKey.Columns, cols) {
		return true
	}
	for _, u := range t.Uniques {
		if sameSet(u.Columns, cols) {
			return true
		}
	}
	for _, ix := range t.Indexes {
		if ix.Unique && ix.Where == "" {
			if have := leadingColumns(ix.Parts, len(ix.Parts)); have != nil && sameSet(have, cols) {
				return true
			}
		}
	}
	return false
}
