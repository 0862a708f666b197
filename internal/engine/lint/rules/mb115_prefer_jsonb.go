package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
)

// PreferJSONB notes a new or retyped json column where the database also
// has jsonb. json keeps the text verbatim and re-parses it on every
// access, cannot be indexed with GIN, and has no equality operator, so
// SELECT DISTINCT, GROUP BY and UNION on a row containing it fail. Safe
// alternative: jsonb, unless key order and duplicate keys must be kept.
type PreferJSONB struct{}

// Code implements lint.Rule.
func (PreferJSONB) Code() string { return "MB115" }

// Severity implements lint.Rule.
func (PreferJSONB) Severity() lint.Severity { return lint.Notice }

// Title implements lint.Rule.
func (PreferJSONB) Title() string { return "json instead of jsonb" }

// Doc implements lint.Rule.
func (PreferJSONB) Doc() string { return docOf("PreferJSONB") }

// Check implements lint.Rule.
func (r PreferJSONB) Check(ctx *lint.Context) []lint.Finding {
	if ctx.Dialect == nil || !ctx.Dialect.Caps.JSONB {
		return nil
	}
	var out []lint.Finding
	for _, s := range steps(ctx) {
		t, cols := newColumnTypes(s.Change)
		for _, c := range cols {
			if b := parseType(c.Type.Norm).base; b == "json" || b == "json[]" {
				out = append(out, atColumn(finding(s, r.Severity(), t, c.Name, "%s.%s is %s; jsonb is indexable and comparable", t, c.Name, c.Type.Norm), c))
			}
		}
	}
	return out
}
