package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// DropObject flags a dropped view, function, procedure, trigger or enum
// type. Code that queries the view or calls the function fails at once; a
// dropped trigger silently stops what it enforced (audit rows, derived
// columns). Safe alternative: remove the callers first and drop the object
// in a later release.
type DropObject struct{}

// Code implements lint.Rule.
func (DropObject) Code() string { return "MB207" }

// Severity implements lint.Rule.
func (DropObject) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (DropObject) Title() string { return "View, function, trigger or type dropped" }

// Doc implements lint.Rule.
func (DropObject) Doc() string { return docOf("DropObject") }

// Check implements lint.Rule.
func (r DropObject) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		switch c := s.Change.(type) {
		case *schema.DropObject:
			if c.Object == nil {
				continue
			}
			t := c.Object.Name
			if c.Object.Table != nil {
				t = *c.Object.Table
			}
			out = append(out, finding(s, r.Severity(), t, "", "%s %s is dropped: its callers fail", c.Object.Kind, c.Object.Name))
		case *schema.DropEnum:
			if c.Enum == nil {
				continue
			}
			out = append(out, finding(s, r.Severity(), c.Enum.Name, "", "enum type %s is dropped: casts and clients naming it fail", c.Enum.Name))
		}
	}
	return out
}
