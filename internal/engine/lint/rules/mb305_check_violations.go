package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// CheckViolations flags a CHECK constraint added to an existing table. Its
// validation fails if a row violates it, and writers of the running code
// that store such values fail afterwards. Safe alternative: query the
// violating rows first (WHERE NOT (expr)), fix them, make writers comply,
// and add the check NOT VALID then VALIDATE. With data facts, the number
// of violating rows is in the message: none is a notice, some is an error.
type CheckViolations struct{}

// Code implements lint.Rule.
func (CheckViolations) Code() string { return "MB305" }

// Severity implements lint.Rule.
func (CheckViolations) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (CheckViolations) Title() string { return "CHECK fails on violating rows" }

// Doc implements lint.Rule.
func (CheckViolations) Doc() string { return docOf("CheckViolations") }

// Check implements lint.Rule.
func (r CheckViolations) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, g := range groups(ctx) {
		c, ok := g.change.(*schema.AddCheck)
		if !ok || c.Check == nil || ctx.FromTable(c.Table) == nil {
			continue
		}
		s := g.pick("VALIDATE CONSTRAINT", "CHECK")
		f := finding(s, r.Severity(), c.Table, "", "check %s (%s) on %s fails if an existing row violates it", c.Check.Name, c.Check.Expr, c.Table)
		if ctx.Facts != nil {
			n, ok := ctx.Facts.ViolatingRows(c.Table, c.Check)
			f = offending(f, n, ok, "violating row", "violating rows")
		}
		out = append(out, f)
	}
	return out
}
