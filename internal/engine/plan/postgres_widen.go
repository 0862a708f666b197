package plan

import (
	"strconv"
	"strings"
)

// Type changes PostgreSQL makes without rewriting the table: the old type
// is binary coercible to the new one and the new one accepts every old
// value, so ALTER COLUMN ... TYPE only updates the catalog. Source: the
// ALTER TABLE manual ("if the USING clause does not change the column
// contents and the old type is either binary coercible to the new type or
// an unconstrained domain over the new type, a table rewrite is not
// needed"), the PostgreSQL 9.2 release notes, and strong_migrations' list
// of safe changes. Proven on a server by the relfilenode test.

// pgTypeName is a type split into its name (modifiers removed) and its
// modifiers: "timestamp(3) without time zone" is "timestamp without time
// zone" with [3]; "numeric(10,2)" is "numeric" with [10 2].
type pgTypeName struct {
	base string
	mods []int
}

func parsePGType(norm string) (pgTypeName, bool) {
	open := strings.IndexByte(norm, '(')
	if open < 0 {
		return pgTypeName{base: norm}, true
	}
	end := strings.IndexByte(norm[open:], ')')
	if end < 0 {
		return pgTypeName{}, false
	}
	end += open
	t := pgTypeName{base: strings.TrimSpace(norm[:open] + norm[end+1:])}
	t.base = strings.Join(strings.Fields(t.base), " ")
	for _, m := range strings.Split(norm[open+1:end], ",") {
		n, err := strconv.Atoi(strings.TrimSpace(m))
		if err != nil {
			return pgTypeName{}, false
		}
		t.mods = append(t.mods, n)
	}
	return t, true
}

// widening is one safe change: from base type to base type, allowed when
// ok says the modifiers fit.
type widening struct {
	from, to string
	ok       func(from, to []int) bool
}

// anyMods accepts any modifiers.
func anyMods(_, _ []int) bool { return true }

// unbounded accepts only a target without modifiers.
func unbounded(_, to []int) bool { return len(to) == 0 }

// longerOrUnbounded accepts a target that is unbounded or at least as long
// (varchar length, bit varying length, timestamp/time/interval precision).
func longerOrUnbounded(from, to []int) bool {
	if len(to) == 0 {
		return true
	}
	return len(from) == 1 && len(to) == 1 && to[0] >= from[0]
}

// numericWider accepts numeric(p,s) -> numeric(p2>=p, s) and -> numeric.
func numericWider(from, to []int) bool {
	if len(to) == 0 {
		return true
	}
	if len(from) == 0 {
		return false
	}
	fs, ts := 0, 0
	if len(from) > 1 {
		fs = from[1]
	}
	if len(to) > 1 {
		ts = to[1]
	}
	return fs == ts && to[0] >= from[0]
}

// pgWidenings is the table of safe type changes.
var pgWidenings = []widening{
	{"character varying", "character varying", longerOrUnbounded},
	{"character varying", "text", anyMods},
	{"text", "character varying", unbounded},
	{"numeric", "numeric", numericWider},
	{"bit varying", "bit varying", longerOrUnbounded},
	{"timestamp without time zone", "timestamp without time zone", longerOrUnbounded},
	{"timestamp with time zone", "timestamp with time zone", longerOrUnbounded},
	{"time without time zone", "time without time zone", longerOrUnbounded},
	{"interval", "interval", longerOrUnbounded},
	{"cidr", "inet", anyMods},
}

// roundsNumeric reports whether a change between numeric types keeps fewer
// digits after the point, so values are rounded (silently, by the cast).
func roundsNumeric(from, to string) bool {
	f, ok1 := parsePGType(from)
	t, ok2 := parsePGType(to)
	if !ok1 || !ok2 || f.base != "numeric" || t.base != "numeric" || len(t.mods) == 0 {
		return false
	}
	scale := func(m []int) int {
		if len(m) > 1 {
			return m[1]
		}
		if len(m) == 0 {
			return 1 << 30 // unconstrained keeps every digit
		}
		return 0
	}
	return scale(t.mods) < scale(f.mods)
}

// binaryCoercible reports whether changing a column from type from to type
// to (format_type spellings) needs no rewrite. Arrays and user types are
// never assumed coercible.
func binaryCoercible(from, to string) bool {
	if from == to {
		return true
	}
	f, ok1 := parsePGType(from)
	t, ok2 := parsePGType(to)
	if !ok1 || !ok2 || strings.HasSuffix(f.base, "[]") || strings.HasSuffix(t.base, "[]") {
		return false
	}
	for _, w := range pgWidenings {
		if w.from == f.base && w.to == t.base && w.ok(f.mods, t.mods) {
			return true
		}
	}
	return false
}

// lossless are conversions that rewrite the table but accept every value
// of the old type, so they cannot fail on existing data: integer widening,
// integers to numeric without a scale limit or to double precision (exact
// for int2/int4), real to double precision, anything to text, date to
// timestamp. Source: PostgreSQL's numeric and datetime type ranges.
var lossless = map[string][]string{
	"smallint":                    {"integer", "bigint", "numeric", "double precision", "real"},
	"integer":                     {"bigint", "numeric", "double precision"},
	"bigint":                      {"numeric"},
	"real":                        {"double precision"},
	"date":                        {"timestamp without time zone", "timestamp with time zone"},
	"timestamp without time zone": {"timestamp with time zone"},
}

// castCannotFail reports whether every value of from converts to to.
func castCannotFail(from, to string) bool {
	f, ok1 := parsePGType(from)
	t, ok2 := parsePGType(to)
	if !ok1 || !ok2 || strings.HasSuffix(from, "[]") != strings.HasSuffix(to, "[]") {
		return false
	}
	if t.base == "text" && !strings.HasSuffix(to, "[]") {
		return true
	}
	if len(t.mods) > 0 && t.base == "numeric" {
		return false // a precision limit can overflow
	}
	for _, ok := range lossless[f.base] {
		if ok == t.base {
			return true
		}
	}
	return false
}
