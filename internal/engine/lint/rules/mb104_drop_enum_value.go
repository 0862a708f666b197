package rules

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// DropEnumValue flags an enum value that is removed. No database drops an
// enum value in place: the type is recreated and every column using it is
// converted, which fails if any row still holds the value (or, where the
// database converts silently, loses it); code that still writes the value
// fails afterwards. Safe alternative: stop writing the value and deploy,
// migrate the rows that hold it to another value with a reviewed UPDATE,
// then remove it. With data facts, the rows using the value are counted
// per column, and none is a notice.
type DropEnumValue struct{}

// Code implements lint.Rule.
func (DropEnumValue) Code() string { return "MB104" }

// Severity implements lint.Rule.
func (DropEnumValue) Severity() lint.Severity { return lint.Error }

// Title implements lint.Rule.
func (DropEnumValue) Title() string { return "Enum value removed" }

// Doc implements lint.Rule.
func (DropEnumValue) Doc() string { return docOf("DropEnumValue") }

// Check implements lint.Rule.
func (r DropEnumValue) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, g := range groups(ctx) {
		c, ok := g.change.(*schema.DropEnumValue)
		if !ok || c.To == nil {
			continue
		}
		s := g.steps[0]
		quoted := make([]string, len(c.Values))
		for i, v := range c.Values {
			quoted[i] = "'" + v + "'"
		}
		f := finding(s, r.Severity(), c.To.Name, "", "enum %s loses %s; converting its columns fails (or loses the value) where a row holds it",
			c.To.Name, strings.Join(quoted, ", "))
		if ctx.Facts != nil && len(c.Columns) > 0 {
			var total int64
			known := true
			var uses []string
			for _, col := range c.Columns {
				for _, v := range c.Values {
					n, ok := ctx.Facts.EnumValueUses(col, v)
					known = known && ok
					if ok && n > 0 {
						uses = append(uses, fmt.Sprintf("%s in %s.%s use '%s'", plural(n, "row"), col.Table, col.Column, v))
					}
					total += n
				}
			}
			if known {
				f.Evidence.Offending = lint.Count(total)
				if total == 0 {
					f.Severity = lint.Notice
					f.Message += "; no row uses the removed values now"
				} else {
					f.Message += "; " + strings.Join(uses, ", ")
				}
			}
		}
		out = append(out, f)
	}
	return out
}
