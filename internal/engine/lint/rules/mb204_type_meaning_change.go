package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TypeMeaningChange flags a column whose type changes kind (integer to
// text, text to an enum, timestamp to date, json to text...). Code running
// against the old schema binds parameters and decodes results as the old
// type: comparisons, ORM mappings and drivers break even where the
// database converts the values. Changes of size within one kind (integer
// to bigint, varchar(20) to varchar(50)) are left to MB103 and MB405.
// Safe alternative: add a column of the new type, write both, backfill,
// switch readers, drop the old column.
type TypeMeaningChange struct{}

// Code implements lint.Rule.
func (TypeMeaningChange) Code() string { return "MB204" }

// Severity implements lint.Rule.
func (TypeMeaningChange) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (TypeMeaningChange) Title() string { return "Column type changes kind" }

// Doc implements lint.Rule.
func (TypeMeaningChange) Doc() string { return docOf("TypeMeaningChange") }

// Check implements lint.Rule.
func (r TypeMeaningChange) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, g := range groups(ctx) {
		c, ok := g.change.(*schema.AlterColumn)
		if !ok || !c.What.Has(schema.ChangeType) || c.From == nil || c.To == nil {
			continue
		}
		ff, tf := family(c.From), family(c.To)
		if ff == tf {
			continue
		}
		s := g.pick(" TYPE ", " MODIFY ")
		out = append(out, finding(s, r.Severity(), c.Table, c.To.Name, "%s.%s changes from %s to %s: clients reading or writing it as %s break",
			c.Table, c.To.Name, c.From.Type.Norm, c.To.Type.Norm, ff))
	}
	return out
}
