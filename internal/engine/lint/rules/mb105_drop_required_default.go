package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// DropRequiredDefault flags a default removed from a NOT NULL column.
// Writers that rely on the default (inserts that leave the column out)
// start failing with a not-null violation, and anything they meant to
// store is lost. Safe alternative: make every writer set the column
// explicitly and deploy before dropping the default, or keep it.
type DropRequiredDefault struct{}

// Code implements lint.Rule.
func (DropRequiredDefault) Code() string { return "MB105" }

// Severity implements lint.Rule.
func (DropRequiredDefault) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (DropRequiredDefault) Title() string { return "Default dropped from a NOT NULL column" }

// Doc implements lint.Rule.
func (DropRequiredDefault) Doc() string { return docOf("DropRequiredDefault") }

// Check implements lint.Rule.
func (r DropRequiredDefault) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, g := range groups(ctx) {
		c, ok := g.change.(*schema.AlterColumn)
		if !ok || !c.What.Has(schema.ChangeDefault) || c.From == nil || c.To == nil {
			continue
		}
		if !hasDBDefault(c.From) || hasDBDefault(c.To) || !c.To.NotNull {
			continue
		}
		s := g.pick("DROP DEFAULT")
		out = append(out, finding(s, r.Severity(), c.Table, c.To.Name,
			"%s.%s is NOT NULL and loses its default %s: inserts that leave it out fail", c.Table, c.To.Name, c.From.Default.Expr))
	}
	return out
}
