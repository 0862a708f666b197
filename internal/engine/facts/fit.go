package facts

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// What ValuesNotFitting counts, by the new type's family (values are the
// non-NULL values of the old column):
//
//   - bounded strings (varchar(n), char(n)): values longer than n
//     characters (char_length of the value as text);
//   - integers: from a number, values outside the new type's range (MySQL
//     UNSIGNED included); from text, values that are not an integer
//     literal or are out of range;
//   - numeric(p,s): values whose rounded magnitude needs more than p-s
//     integer digits; from text, values that are not a number literal;
//   - real/double: from text, values that are not a number literal (or
//     NaN/Infinity on PostgreSQL);
//   - boolean (PostgreSQL): from text, values boolin rejects;
//   - uuid (PostgreSQL): from text, values not 32 hex digits (dashes and
//     braces allowed);
//   - date, time, timestamp (PostgreSQL): from text, values not in ISO
//     8601 form (YYYY-MM-DD[ HH:MM[:SS[.frac]]][zone]) or a special value;
//     the server accepts more spellings, so this may over-count;
//   - enums (PostgreSQL types, MySQL inline ENUM): values not among the
//     new type's labels;
//   - json: values that are not valid JSON (MySQL/MariaDB JSON_VALID;
//     PostgreSQL 16+ only).
//
// On PostgreSQL 16 and later, conversions from text use
// pg_input_is_valid(value, type), which asks the type's own input
// function. SQLite never fails a conversion (a value that does not fit the
// column's affinity is stored as it is): there the count is of text values
// that an INTEGER or REAL column would keep as text, and of values longer
// than a declared length, which SQLite does not enforce.

// typeName is a type split into its lower-case base and modifiers.
type typeName struct {
	base string
	mods []string
}

func parseType(norm string) typeName {
	norm = strings.ToLower(strings.TrimSpace(norm))
	open := strings.IndexByte(norm, '(')
	if open < 0 {
		return typeName{base: norm}
	}
	end := strings.LastIndexByte(norm, ')')
	if end < open {
		return typeName{base: norm}
	}
	t := typeName{base: strings.Join(strings.Fields(norm[:open]+" "+norm[end+1:]), " ")}
	for _, m := range strings.Split(norm[open+1:end], ",") {
		t.mods = append(t.mods, strings.TrimSpace(m))
	}
	return t
}

func (t typeName) mod(i int) (int, bool) {
	if i >= len(t.mods) {
		return 0, false
	}
	n, err := strconv.Atoi(t.mods[i])
	return n, err == nil
}

// intRange is the range of an integer type, ok false for other types.
func intRange(base string) (lo, hi *big.Int, ok bool) {
	unsigned := strings.HasSuffix(base, " unsigned")
	base = strings.TrimSuffix(strings.TrimSuffix(base, " unsigned"), " zerofill")
	bits := map[string]uint{"tinyint": 8, "smallint": 16, "int2": 16, "mediumint": 24,
		"integer": 32, "int": 32, "int4": 32, "bigint": 64, "int8": 64}[base]
	if bits == 0 {
		return nil, nil, false
	}
	one := big.NewInt(1)
	if unsigned {
		return big.NewInt(0), new(big.Int).Sub(new(big.Int).Lsh(one, bits), one), true
	}
	hi = new(big.Int).Sub(new(big.Int).Lsh(one, bits-1), one)
	return new(big.Int).Neg(new(big.Int).Add(hi, one)), hi, true
}

func kind(t typeName, ref bool) string {
	b := strings.TrimSuffix(t.base, " unsigned")
	switch {
	case ref:
		return "enum"
	case strings.HasPrefix(b, "enum"):
		return "enum"
	case strings.HasSuffix(b, "[]"):
		return "array"
	}
	if _, _, ok := intRange(t.base); ok {
		return "integer"
	}
	switch b {
	case "text", "character varying", "varchar", "character", "char", "bpchar", "tinytext",
		"mediumtext", "longtext", "citext", "clob", "string", "nvarchar", "nchar":
		return "string"
	case "numeric", "decimal":
		return "numeric"
	case "real", "double precision", "float", "double", "float4", "float8":
		return "float"
	case "boolean", "bool":
		return "boolean"
	case "uuid":
		return "uuid"
	case "json", "jsonb":
		return "json"
	case "date", "datetime", "time", "timestamp", "timestamptz":
		return "time"
	}
	if strings.HasPrefix(b, "timestamp") || strings.HasPrefix(b, "time ") {
		return "time"
	}
	return b
}

// Patterns for text values, PostgreSQL (POSIX) and MySQL (ICU/PCRE)
// syntax alike.
const (
	intPattern   = `^[[:space:]]*[-+]?[0-9]+[[:space:]]*$`
	numPattern   = `^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?[[:space:]]*$`
	floatSpecial = `^[[:space:]]*[-+]?(nan|inf|infinity)[[:space:]]*$`
	boolPattern  = `^[[:space:]]*(t|tr|tru|true|f|fa|fal|fals|false|y|ye|yes|n|no|on|of|off|1|0)[[:space:]]*$`
	uuidPattern  = `^[[:space:]]*[{]?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}[}]?[[:space:]]*$`
	timePattern  = `^[[:space:]]*([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?|[0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)[[:space:]]*([zZ]|utc|UTC|[-+][0-9]{2}(:?[0-9]{2})?)?[[:space:]]*$|^[[:space:]]*([-]?infinity|epoch|now|today|tomorrow|yesterday|allballs)[[:space:]]*$`
)

// notFitting is the SQL predicate that holds for a value of col (the old
// column, quoted as q) that does not convert to the new type, or "" with
// the reason it is not checked.
func (c *collector) notFitting(q string, from, to *schema.Column) (pred, reason string) {
	ft, tt := parseType(from.Type.Norm), parseType(to.Type.Norm)
	fk, tk := kind(ft, from.Type.Ref != nil), kind(tt, to.Type.Ref != nil)
	pg, my, lite := c.d.Name == "postgres", c.d.MySQL != nil, c.d.Name == "sqlite"
	text := q
	if pg {
		text = "CAST(" + q + " AS text)"
	}
	match := func(pattern string) string {
		switch {
		case pg:
			return text + " ~* " + c.d.QuoteString(pattern)
		case my:
			return q + " REGEXP " + c.d.QuoteString(pattern)
		}
		return ""
	}
	pgInput := pg && c.d.Version.AtLeast(16, 0) && fk == "string"
	if pgInput && tk != "string" && tk != "enum" {
		return "NOT pg_input_is_valid(" + text + ", " + c.d.QuoteString(to.Type.Norm) + ")", ""
	}
	notChecked := fmt.Sprintf("not checked: conversion from %s to %s", from.Type.Norm, to.Type.Norm)
	switch tk {
	case "string":
		n, ok := tt.mod(0)
		if !ok {
			return "", "" // unbounded text takes every value
		}
		fn := "char_length"
		if lite {
			fn = "length"
		}
		return fmt.Sprintf("%s(%s) > %d", fn, text, n), ""
	case "integer":
		lo, hi, _ := intRange(tt.base)
		if lite {
			if fk != "string" {
				return "", ""
			}
			v := "ltrim(trim(" + q + "), '+-')"
			return fmt.Sprintf("typeof(%s) = 'text' AND (%s = '' OR %s GLOB '*[^0-9]*')", q, v, v), ""
		}
		switch fk {
		case "integer", "numeric", "float", "boolean":
			if fk == "boolean" {
				return "", ""
			}
			num := q
			switch {
			case pg && fk == "float":
				num = "round(CAST(" + q + " AS numeric))"
			case fk != "integer":
				num = "round(" + q + ")"
			}
			return fmt.Sprintf("%s NOT BETWEEN %s AND %s", num, lo, hi), ""
		case "string":
			return fmt.Sprintf("CASE WHEN %s THEN CAST(trim(%s) AS %s) NOT BETWEEN %s AND %s ELSE %s END",
				match(intPattern), text, c.decimal(), lo, hi, c.true()), ""
		}
	case "numeric":
		p, okP := tt.mod(0)
		s, _ := tt.mod(1)
		var rng string
		if okP && !lite {
			bound := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(p-s)), nil)
			rng = fmt.Sprintf("round(abs(CAST(%%s AS %s)), %d) >= %s", c.decimal(), s, bound)
		}
		switch fk {
		case "integer", "numeric", "float":
			if rng == "" {
				return "", ""
			}
			return fmt.Sprintf(rng, q), ""
		case "string":
			if lite {
				break
			}
			cond := c.false()
			if rng != "" {
				cond = fmt.Sprintf(rng, "trim("+text+")")
			}
			return fmt.Sprintf("CASE WHEN %s THEN %s ELSE %s END", match(numPattern), cond, c.true()), ""
		}
	case "float":
		if fk != "string" {
			return "", ""
		}
		if lite {
			v := "ltrim(trim(" + q + "), '+-')"
			return fmt.Sprintf("typeof(%s) = 'text' AND (%s = '' OR %s GLOB '*[^0-9.eE+-]*')", q, v, v), ""
		}
		p := "NOT (" + match(numPattern) + ")"
		if pg {
			p += " AND NOT (" + match(floatSpecial) + ")"
		}
		return p, ""
	case "boolean":
		if pg && fk == "string" {
			return "NOT (" + match(boolPattern) + ")", ""
		}
	case "uuid":
		if pg && fk == "string" {
			return "NOT (" + match(uuidPattern) + ")", ""
		}
	case "time":
		if pg && fk == "string" {
			return "NOT (" + match(timePattern) + ")", ""
		}
		if pg && fk == "time" {
			return "", ""
		}
	case "enum":
		labels, ok := c.enumLabels(to, tt)
		if !ok {
			return "", "not checked: the new enum's values are unknown"
		}
		if len(labels) == 0 {
			return c.true(), ""
		}
		quoted := make([]string, len(labels))
		for i, l := range labels {
			quoted[i] = c.d.QuoteString(l)
		}
		col := text
		if my {
			col = "CAST(" + q + " AS CHAR)"
		}
		return fmt.Sprintf("%s NOT IN (%s)", col, strings.Join(quoted, ", ")), ""
	case "json":
		if my {
			return "NOT JSON_VALID(" + q + ")", ""
		}
		if pg && (fk == "json") {
			return "", ""
		}
		if pg {
			return "", "not checked before PostgreSQL 16: no safe test for JSON text"
		}
	}
	if lite {
		return "", "" // SQLite keeps any value
	}
	return "", notChecked
}

func (c *collector) decimal() string {
	if c.d.MySQL != nil {
		return "DECIMAL(65,30)"
	}
	return "numeric"
}

func (c *collector) true() string {
	if c.d.Name == "postgres" {
		return "true"
	}
	return "1"
}

func (c *collector) false() string {
	if c.d.Name == "postgres" {
		return "false"
	}
	return "0"
}

// enumLabels are the values of the column's new enum type: a PostgreSQL
// type created by the plan or existing, or a MySQL inline enum('a','b').
func (c *collector) enumLabels(col *schema.Column, t typeName) ([]string, bool) {
	if ref := col.Type.Ref; ref != nil {
		if e := c.newEnums[*ref]; e != nil {
			return e.Values, true
		}
		if c.from != nil {
			if e := c.from.Enum(*ref); e != nil {
				return e.Values, true
			}
		}
		return nil, false
	}
	return inlineEnum(col.Type.Norm)
}

// inlineEnum reads the labels of enum('a','b') (quotes doubled inside).
func inlineEnum(norm string) ([]string, bool) {
	s := strings.TrimSpace(norm)
	if !strings.HasPrefix(strings.ToLower(s), "enum(") || !strings.HasSuffix(s, ")") {
		return nil, false
	}
	body := s[len("enum(") : len(s)-1]
	var out []string
	for i := 0; i < len(body); {
		if body[i] != '\'' {
			i++
			continue
		}
		var b strings.Builder
		j := i + 1
		for ; j < len(body); j++ {
			if body[j] == '\'' {
				if j+1 < len(body) && body[j+1] == '\'' {
					b.WriteByte('\'')
					j++
					continue
				}
				break
			}
			if body[j] == '\\' && j+1 < len(body) {
				j++
			}
			b.WriteByte(body[j])
		}
		out = append(out, b.String())
		i = j + 1
	}
	return out, true
}
