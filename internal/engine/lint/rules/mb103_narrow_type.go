package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// NarrowType flags a column type that holds less than before: a shorter
// varchar, text to varchar(n), numeric with less precision or scale, a
// narrower integer (bigint to integer, integer to smallint), double to
// real, or a time type with fewer fractional digits. Converting the values
// truncates strings (an explicit cast to varchar(n) cuts silently), rounds
// numbers and fractions, or fails on values out of range, and the rollback
// cannot bring the lost digits back. Safe alternative: check the data
// first (max(length(col)), range), or add a new column, backfill it with
// an explicit, reviewed conversion, and switch over. With data facts, the
// number of values that do not fit is in the message, and none is a
// notice.
type NarrowType struct{}

// Code implements lint.Rule.
func (NarrowType) Code() string { return "MB103" }

// Severity implements lint.Rule.
func (NarrowType) Severity() lint.Severity { return lint.Error }

// Title implements lint.Rule.
func (NarrowType) Title() string { return "Column type narrowed" }

// Doc implements lint.Rule.
func (NarrowType) Doc() string { return docOf("NarrowType") }

// Check implements lint.Rule.
func (r NarrowType) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, g := range groups(ctx) {
		c, ok := g.change.(*schema.AlterColumn)
		if !ok || !c.What.Has(schema.ChangeType) || c.From == nil || c.To == nil {
			continue
		}
		why := narrowing(c.From, c.To)
		if why == "" {
			continue
		}
		s := g.pick(" TYPE ", " MODIFY ")
		f := finding(s, r.Severity(), c.Table, c.To.Name, "%s.%s changes from %s to %s: %s",
			c.Table, c.To.Name, c.From.Type.Norm, c.To.Type.Norm, why)
		if ctx.Facts != nil {
			n, ok := ctx.Facts.ValuesNotFitting(c.Table, c.From.Name, c.To.Type.Norm)
			f = offending(f, n, ok, "value that does not fit", "values that do not fit")
		}
		out = append(out, f)
	}
	return out
}

// narrowing says how a type change loses values, or "" when it does not.
func narrowing(from, to *schema.Column) string {
	f, t := parseType(from.Type.Norm), parseType(to.Type.Norm)
	switch {
	case isString(f.base) && isString(t.base):
		fl, tl := boundedLen(f), boundedLen(t)
		if tl > 0 && (fl == 0 || tl < fl) {
			return "longer strings are truncated or rejected"
		}
	case intRank(f.base) > 0 && intRank(t.base) > 0:
		if intRank(t.base) < intRank(f.base) {
			return "values out of the smaller range fail"
		}
	case (f.base == "numeric" || f.base == "decimal") && (t.base == "numeric" || t.base == "decimal"):
		fp, fs := numMods(f)
		tp, ts := numMods(t)
		if tp > 0 && (fp == 0 || tp-ts < fp-fs) {
			return "values with more integer digits fail"
		}
		if tp > 0 && (fp == 0 || ts < fs) {
			return "fractional digits are rounded away"
		}
	case f.base == "double precision" && t.base == "real", f.base == "double" && t.base == "float":
		return "precision is rounded to single precision"
	case f.base == t.base && len(t.mods) == 1 && (len(f.mods) == 0 || t.mods[0] < f.mods[0]):
		if family(from) == "timestamp" || f.base == "interval" || f.base == "time without time zone" || f.base == "time with time zone" {
			return "fractional seconds are rounded away"
		}
	}
	return ""
}

// numMods is a numeric type's precision and scale (0, 0: unconstrained).
func numMods(t typeName) (precision, scale int) {
	switch len(t.mods) {
	case 1:
		return t.mods[0], 0
	case 2:
		return t.mods[0], t.mods[1]
	}
	return 0, 0
}
