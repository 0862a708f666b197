package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
)

// PreferText notes a new or retyped column of type character
// varying(n). On PostgreSQL the length limit buys no storage or speed, and
// raising it later is cheap but lowering it rewrites the table; a limit
// that changes with the business is better a CHECK (length(col) <= n),
// which can be replaced NOT VALID. Safe alternative: text, with a CHECK
// where a limit is a real rule.
type PreferText struct{}

// Code implements lint.Rule.
func (PreferText) Code() string { return "MB113" }

// Severity implements lint.Rule.
func (PreferText) Severity() lint.Severity { return lint.Notice }

// Title implements lint.Rule.
func (PreferText) Title() string { return "varchar(n) instead of text" }

// Doc implements lint.Rule.
func (PreferText) Doc() string { return docOf("PreferText") }

// Check implements lint.Rule.
func (r PreferText) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		t, cols := newColumnTypes(s.Change)
		for _, c := range cols {
			tn := parseType(c.Type.Norm)
			if tn.base == "character varying" && len(tn.mods) == 1 {
				out = append(out, atColumn(finding(s, r.Severity(), t, c.Name, "%s.%s is %s; text with a CHECK on length is easier to change", t, c.Name, c.Type.Norm), c))
			}
		}
	}
	return out
}
