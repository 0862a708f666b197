package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
)

// ExclusionConstraint flags an EXCLUDE constraint added to an existing
// table. It builds its index and checks every pair of rows under ACCESS
// EXCLUSIVE, and unlike CHECK and FOREIGN KEY it has no NOT VALID form,
// so there is no online way to add it to a large table. Safe alternative:
// add it when the table is created or small, or during a maintenance
// window; enforce the rule in the application meanwhile.
type ExclusionConstraint struct{}

// Code implements lint.Rule.
func (ExclusionConstraint) Code() string { return "MB415" }

// Severity implements lint.Rule.
func (ExclusionConstraint) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (ExclusionConstraint) Title() string { return "Exclusion constraint on an existing table" }

// Doc implements lint.Rule.
func (ExclusionConstraint) Doc() string { return docOf("ExclusionConstraint") }

// Check implements lint.Rule.
func (r ExclusionConstraint) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		if !onExisting(s) || !upContains(s, " EXCLUDE ") {
			continue
		}
		t := s.Lock.Tables[0]
		f := finding(s, r.Severity(), t, "", "an EXCLUDE constraint is added to %s under %s; it has no NOT VALID form%s", t, lockPhrase(s), rowsNote(ctx, t))
		out = append(out, scaled(ctx, f, t))
	}
	return out
}
