package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// ForeignKeyTypeMismatch flags a new foreign key whose column type differs
// from the referenced column's type (integer referencing bigint, varchar
// referencing text). Joins and the key check cast on every row, the
// narrower side overflows first (a child integer column cannot hold the
// parent's bigint ids past 2^31), and MySQL refuses incompatible types.
// Safe alternative: give both columns the same type.
type ForeignKeyTypeMismatch struct{}

// Code implements lint.Rule.
func (ForeignKeyTypeMismatch) Code() string { return "MB603" }

// Severity implements lint.Rule.
func (ForeignKeyTypeMismatch) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (ForeignKeyTypeMismatch) Title() string {
	return "Foreign key column type differs from the referenced column"
}

// Doc implements lint.Rule.
func (ForeignKeyTypeMismatch) Doc() string { return docOf("ForeignKeyTypeMismatch") }

// Check implements lint.Rule.
func (r ForeignKeyTypeMismatch) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, g := range groups(ctx) {
		c, ok := g.change.(*schema.AddForeignKey)
		if !ok || c.ForeignKey == nil {
			continue
		}
		fk := c.ForeignKey
		child, parent := ctx.ToTable(c.Table), ctx.ToTable(fk.RefTable)
		if child == nil || parent == nil {
			continue
		}
		for i, name := range fk.Columns {
			if i >= len(fk.RefColumns) {
				break
			}
			cc, pc := child.Column(name), parent.Column(fk.RefColumns[i])
			if cc == nil || pc == nil || cc.Type.Norm == pc.Type.Norm {
				continue
			}
			out = append(out, finding(g.steps[0], r.Severity(), c.Table, name, "%s.%s is %s but references %s.%s of type %s",
				c.Table, name, cc.Type.Norm, fk.RefTable, pc.Name, pc.Type.Norm))
		}
	}
	return out
}
