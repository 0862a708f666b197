package rules

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// EnumReorder flags enum values that change order, or (for enums written
// inline in the column type, as on MySQL) a value inserted anywhere but at
// the end. The order is the sort order (ORDER BY and comparisons on the
// column change meaning), and no database reorders in place: PostgreSQL
// recreates the type and rewrites every column using it, MySQL copies the
// table (only appending a value is INSTANT). Inserting with ALTER TYPE ...
// ADD VALUE ... BEFORE on PostgreSQL is in place and not flagged. Safe
// alternative: append new values at the end; sort by an explicit column
// when order matters.
type EnumReorder struct{}

// Code implements lint.Rule.
func (EnumReorder) Code() string { return "MB416" }

// Severity implements lint.Rule.
func (EnumReorder) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (EnumReorder) Title() string { return "Enum values reordered or inserted in the middle" }

// Doc implements lint.Rule.
func (EnumReorder) Doc() string { return docOf("EnumReorder") }

// Check implements lint.Rule.
func (r EnumReorder) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, g := range groups(ctx) {
		s := g.steps[0]
		switch c := g.change.(type) {
		case *schema.ReorderEnum:
			if c.From == nil || c.To == nil {
				continue
			}
			out = append(out, finding(s, r.Severity(), c.To.Name, "", "enum %s changes order from (%s) to (%s): sorting changes and the type is recreated",
				c.To.Name, strings.Join(c.From.Values, ", "), strings.Join(c.To.Values, ", ")))
		case *schema.AlterColumn:
			if !c.What.Has(schema.ChangeType) || c.From == nil || c.To == nil {
				continue
			}
			from, ok1 := inlineEnum(c.From.Type.Norm)
			to, ok2 := inlineEnum(c.To.Type.Norm)
			if !ok1 || !ok2 || isAppend(from, to) {
				continue
			}
			out = append(out, finding(s, r.Severity(), c.Table, c.To.Name, "%s.%s changes from %s to %s: not an append, so the table is copied",
				c.Table, c.To.Name, c.From.Type.Norm, c.To.Type.Norm))
		}
	}
	return out
}

// inlineEnum reads the values of an inline enum type: enum('a','b').
func inlineEnum(norm string) ([]string, bool) {
	rest, ok := strings.CutPrefix(strings.ToLower(strings.TrimSpace(norm)), "enum(")
	if !ok || !strings.HasSuffix(rest, ")") {
		return nil, false
	}
	body := strings.TrimSpace(norm)[len("enum(") : len(strings.TrimSpace(norm))-1]
	var vals []string
	for i := 0; i < len(body); i++ {
		if body[i] != '\'' {
			continue
		}
		var b strings.Builder
		for i++; i < len(body); i++ {
			if body[i] == '\'' {
				if i+1 < len(body) && body[i+1] == '\'' {
					b.WriteByte('\'')
					i++
					continue
				}
				break
			}
			b.WriteByte(body[i])
		}
		vals = append(vals, b.String())
	}
	return vals, true
}

// isAppend reports whether to is from with values added at the end only.
func isAppend(from, to []string) bool {
	if len(to) < len(from) {
		return false
	}
	for i, v := range from {
		if to[i] != v {
			return false
		}
	}
	return true
}
