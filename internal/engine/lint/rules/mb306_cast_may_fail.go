package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// CastMayFail flags a column type change whose conversion can fail on
// existing values: text to a number, date or enum, a number to an enum,
// any cast between kinds that does not accept every value of the old
// type. One value that does not convert aborts the migration (after the
// table rewrite has run for a while under its lock). Narrowing within one
// kind is MB103. Safe alternative: check the values first (a query with
// the same cast, or a regular expression), or add a new column and
// convert with a reviewed backfill that handles bad values. With data
// facts, the count of values that do not convert is in the message.
type CastMayFail struct{}

// Code implements lint.Rule.
func (CastMayFail) Code() string { return "MB306" }

// Severity implements lint.Rule.
func (CastMayFail) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (CastMayFail) Title() string { return "Type conversion may fail on existing values" }

// Doc implements lint.Rule.
func (CastMayFail) Doc() string { return docOf("CastMayFail") }

// Check implements lint.Rule.
func (r CastMayFail) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, g := range groups(ctx) {
		c, ok := g.change.(*schema.AlterColumn)
		if !ok || !c.What.Has(schema.ChangeType) || c.From == nil || c.To == nil {
			continue
		}
		ff, tf := family(c.From), family(c.To)
		if ff == tf || safeWidening(ff, tf, boundedLen(parseType(c.To.Type.Norm))) {
			continue
		}
		s := g.pick(" TYPE ", " MODIFY ")
		if !onExisting(s) {
			continue
		}
		f := finding(s, r.Severity(), c.Table, c.To.Name, "%s.%s is converted from %s to %s: a value that does not convert aborts the migration",
			c.Table, c.To.Name, c.From.Type.Norm, c.To.Type.Norm)
		if ctx.Facts != nil {
			n, ok := ctx.Facts.ValuesNotFitting(c.Table, c.From.Name, c.To.Type.Norm)
			f = offending(f, n, ok, "value that does not convert", "values that do not convert")
		}
		out = append(out, f)
	}
	return out
}

// safeWidening reports conversions between kinds that accept every value:
// anything to unbounded text, integers to numeric, floating point or a
// string of 20 characters or more (the longest bigint), and json to jsonb.
func safeWidening(from, to string, toLen int) bool {
	if to == "string" && toLen == 0 {
		return true
	}
	switch from {
	case "integer":
		return to == "numeric" || to == "float" || to == "string" && toLen >= 20
	case "json":
		return to == "json"
	}
	return false
}
