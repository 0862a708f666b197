package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
)

// NoRollback flags a change none of whose steps has a down statement: the
// down migration skips it, so rolling back leaves the schema between the
// two versions. Validation steps that only check what an earlier step of
// the same change added need no down of their own and are not flagged.
// Safe alternative: write the reverse statement, or mark the migration as
// forward-only on purpose and accept this finding.
type NoRollback struct{}

// Code implements lint.Rule.
func (NoRollback) Code() string { return "MB502" }

// Severity implements lint.Rule.
func (NoRollback) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (NoRollback) Title() string { return "Step without rollback" }

// Doc implements lint.Rule.
func (NoRollback) Doc() string { return docOf("NoRollback") }

// Check implements lint.Rule.
func (r NoRollback) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, g := range groups(ctx) {
		has := false
		for _, s := range g.steps {
			has = has || len(s.Down) > 0
		}
		if has {
			continue
		}
		t, col := changeObject(g.change)
		out = append(out, finding(g.steps[0], r.Severity(), t, col, "%s has no down statement: the rollback leaves it in place", g.change.Kind()))
	}
	return out
}
