package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// RenameEnum flags a renamed enum type. Casts (::old_name), function
// signatures and client type maps that name the old type fail after the
// rename. Safe alternative: create the new type, move the columns and the
// code to it, and drop the old type later.
type RenameEnum struct{}

// Code implements lint.Rule.
func (RenameEnum) Code() string { return "MB203" }

// Severity implements lint.Rule.
func (RenameEnum) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (RenameEnum) Title() string { return "Enum type renamed" }

// Doc implements lint.Rule.
func (RenameEnum) Doc() string { return docOf("RenameEnum") }

// Check implements lint.Rule.
func (r RenameEnum) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		if c, ok := s.Change.(*schema.RenameEnum); ok {
			out = append(out, finding(s, r.Severity(), c.From, "", "enum type %s is renamed to %s: casts and clients naming the old type fail", c.From, c.To))
		}
	}
	return out
}
