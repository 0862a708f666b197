package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// DropNotNull notes a column that becomes nullable. The change itself is
// instant and safe for the database, but readers written for the old
// schema (typed models, reports, other services) may not expect NULL and
// fail or misbehave on the first one. Safe alternative: make sure readers
// handle NULL before writers start storing it.
type DropNotNull struct{}

// Code implements lint.Rule.
func (DropNotNull) Code() string { return "MB206" }

// Severity implements lint.Rule.
func (DropNotNull) Severity() lint.Severity { return lint.Notice }

// Title implements lint.Rule.
func (DropNotNull) Title() string { return "Column becomes nullable" }

// Doc implements lint.Rule.
func (DropNotNull) Doc() string { return docOf("DropNotNull") }

// Check implements lint.Rule.
func (r DropNotNull) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, g := range groups(ctx) {
		c, ok := g.change.(*schema.AlterColumn)
		if !ok || !c.What.Has(schema.ChangeNull) || c.To == nil || c.To.NotNull {
			continue
		}
		s := g.pick("DROP NOT NULL", " NULL")
		out = append(out, finding(s, r.Severity(), c.Table, c.To.Name, "%s.%s becomes nullable: readers expecting a value may get NULL", c.Table, c.To.Name))
	}
	return out
}
