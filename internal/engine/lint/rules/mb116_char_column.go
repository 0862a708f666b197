package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
)

// CharColumn notes a new or retyped column of type character(n). Values
// are padded with spaces to n characters, trailing spaces are ignored in
// comparisons but not in LIKE or by clients, and the padding wastes space.
// Safe alternative: text or varchar, with a CHECK on the length where a
// fixed length is a real rule.
type CharColumn struct{}

// Code implements lint.Rule.
func (CharColumn) Code() string { return "MB116" }

// Severity implements lint.Rule.
func (CharColumn) Severity() lint.Severity { return lint.Notice }

// Title implements lint.Rule.
func (CharColumn) Title() string { return "Fixed-length char(n) column" }

// Doc implements lint.Rule.
func (CharColumn) Doc() string { return docOf("CharColumn") }

// Check implements lint.Rule.
func (r CharColumn) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		t, cols := newColumnTypes(s.Change)
		for _, c := range cols {
			if tn := parseType(c.Type.Norm); (tn.base == "character" || tn.base == "bpchar") && (len(tn.mods) == 0 || tn.mods[0] > 1) {
				out = append(out, atColumn(finding(s, r.Severity(), t, c.Name, "%s.%s is %s; its values are blank-padded", t, c.Name, c.Type.Norm), c))
			}
		}
	}
	return out
}
