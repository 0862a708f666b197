package rules

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
)

// PreferTimestamptz notes a new or retyped column of type timestamp
// without time zone. Such values carry no zone: the same instant is read
// differently by clients in different zones, and daylight-saving changes
// make local times ambiguous. Safe alternative: timestamp with time zone
// (timestamptz), which stores an instant and converts on display.
type PreferTimestamptz struct{}

// Code implements lint.Rule.
func (PreferTimestamptz) Code() string { return "MB112" }

// Severity implements lint.Rule.
func (PreferTimestamptz) Severity() lint.Severity { return lint.Notice }

// Title implements lint.Rule.
func (PreferTimestamptz) Title() string { return "timestamp without time zone" }

// Doc implements lint.Rule.
func (PreferTimestamptz) Doc() string { return docOf("PreferTimestamptz") }

// Check implements lint.Rule.
func (r PreferTimestamptz) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		t, cols := newColumnTypes(s.Change)
		for _, c := range cols {
			if strings.HasPrefix(parseType(c.Type.Norm).base, "timestamp without time zone") {
				out = append(out, atColumn(finding(s, r.Severity(), t, c.Name, "%s.%s is %s; timestamptz stores an instant", t, c.Name, c.Type.Norm), c))
			}
		}
	}
	return out
}
