package dialect

import (
	"fmt"
	"strconv"
	"strings"
)

// myType is one MySQL type family: its canonical name and how its
// arguments are spelled.
type myType struct {
	norm string
	args int
	// defaultArgs are the arguments the server fills in when none are
	// written (decimal: 10,0; char: 1; bit: 1).
	defaultArgs []int
}

// Argument kinds of a MySQL type.
const (
	argNone    = iota
	argInt     // integer types: display width, dropped (see NormalizeMySQLType)
	argLength  // char(n), varchar(n), binary(n), varbinary(n), bit(n)
	argDecimal // decimal(p,s)
	argFloat   // float(p) or float(m,d)
	argDouble  // double(m,d)
	argFsp     // time, datetime, timestamp: fractional seconds precision
	argTextLen // text(n), blob(n): the smallest type holding n characters/bytes
	argValues  // enum('a','b'), set('a','b')
	argYear    // year(4): the width is dropped
)

// myTypes maps every accepted spelling (lower case, words joined by one
// space) to its type family. Source: MySQL 8.0 manual "Data Types" and
// "Using Data Types from Other Database Engines"; MariaDB KB "Data Types".
var myTypes = map[string]myType{
	"tinyint": {norm: "tinyint", args: argInt}, "int1": {norm: "tinyint", args: argInt},
	"smallint": {norm: "smallint", args: argInt}, "int2": {norm: "smallint", args: argInt},
	"mediumint": {norm: "mediumint", args: argInt}, "middleint": {norm: "mediumint", args: argInt},
	"int3": {norm: "mediumint", args: argInt},
	"int":  {norm: "int", args: argInt}, "integer": {norm: "int", args: argInt}, "int4": {norm: "int", args: argInt},
	"bigint": {norm: "bigint", args: argInt}, "int8": {norm: "bigint", args: argInt},
	// BOOL and BOOLEAN are TINYINT(1); SERIAL is BIGINT UNSIGNED NOT NULL
	// AUTO_INCREMENT UNIQUE, of which this is the type.
	"bool": {norm: "tinyint(1)"}, "boolean": {norm: "tinyint(1)"},
	"serial": {norm: "bigint unsigned"},

	"decimal": {norm: "decimal", args: argDecimal, defaultArgs: []int{10, 0}},
	"dec":     {norm: "decimal", args: argDecimal, defaultArgs: []int{10, 0}},
	"numeric": {norm: "decimal", args: argDecimal, defaultArgs: []int{10, 0}},
	"fixed":   {norm: "decimal", args: argDecimal, defaultArgs: []int{10, 0}},
	"float":   {norm: "float", args: argFloat}, "float4": {norm: "float", args: argFloat},
	"double": {norm: "double", args: argDouble}, "double precision": {norm: "double", args: argDouble},
	"real": {norm: "double", args: argDouble}, "float8": {norm: "double", args: argDouble},

	"char": {norm: "char", args: argLength, defaultArgs: []int{1}}, "character": {norm: "char", args: argLength, defaultArgs: []int{1}},
	"nchar": {norm: "char", args: argLength, defaultArgs: []int{1}}, "national char": {norm: "char", args: argLength, defaultArgs: []int{1}},
	"national character": {norm: "char", args: argLength, defaultArgs: []int{1}},
	"varchar":            {norm: "varchar", args: argLength}, "character varying": {norm: "varchar", args: argLength},
	"char varying": {norm: "varchar", args: argLength}, "nvarchar": {norm: "varchar", args: argLength},
	"national varchar": {norm: "varchar", args: argLength}, "nchar varchar": {norm: "varchar", args: argLength},
	"national char varying": {norm: "varchar", args: argLength}, "national character varying": {norm: "varchar", args: argLength},
	"varcharacter": {norm: "varchar", args: argLength},
	"binary":       {norm: "binary", args: argLength, defaultArgs: []int{1}},
	"varbinary":    {norm: "varbinary", args: argLength},
	"bit":          {norm: "bit", args: argLength, defaultArgs: []int{1}},

	"tinytext": {norm: "tinytext"}, "text": {norm: "text", args: argTextLen}, "mediumtext": {norm: "mediumtext"},
	"longtext": {norm: "longtext"}, "long": {norm: "mediumtext"}, "long varchar": {norm: "mediumtext"},
	"long char varying": {norm: "mediumtext"}, "long character varying": {norm: "mediumtext"},
	"tinyblob": {norm: "tinyblob"}, "blob": {norm: "blob", args: argTextLen}, "mediumblob": {norm: "mediumblob"},
	"longblob": {norm: "longblob"}, "long varbinary": {norm: "mediumblob"}, "long byte": {norm: "mediumblob"},

	"date": {norm: "date"}, "time": {norm: "time", args: argFsp}, "datetime": {norm: "datetime", args: argFsp},
	"timestamp": {norm: "timestamp", args: argFsp}, "year": {norm: "year", args: argYear},

	"enum": {norm: "enum", args: argValues}, "set": {norm: "set", args: argValues},
	"json": {norm: "json"},

	"geometry": {norm: "geometry"}, "point": {norm: "point"}, "linestring": {norm: "linestring"},
	"polygon": {norm: "polygon"}, "multipoint": {norm: "multipoint"}, "multilinestring": {norm: "multilinestring"},
	"multipolygon": {norm: "multipolygon"}, "geometrycollection": {norm: "geometrycollection"},
	"geomcollection": {norm: "geometrycollection"},

	// MariaDB's own types (10.5 inet6, 10.7 uuid, 10.10 inet4).
	"inet4": {norm: "inet4"}, "inet6": {norm: "inet6"}, "uuid": {norm: "uuid"},
}

// NormalizeMySQLType spells a MySQL or MariaDB column type canonically:
// the way information_schema.COLUMNS.COLUMN_TYPE reports it, lower case,
// with these choices where servers differ:
//
//   - integer display widths are dropped (MySQL 8.0.19+ does; MariaDB
//     reports int(11)), except tinyint(1), the boolean convention, which
//     both servers keep: "int", "bigint unsigned", "tinyint(1)";
//   - aliases are resolved: integer is int, bool is tinyint(1), dec,
//     numeric and fixed are decimal, real and double precision are double,
//     float(p) is float up to p=24 and double above, nchar is char, long
//     varchar is mediumtext, year(4) is year;
//   - defaults are written out: decimal is decimal(10,0), char is char(1),
//     bit is bit(1); a fractional seconds precision of 0 is left out
//     (datetime, not datetime(0));
//   - enum and set members are single-quoted with quotes doubled:
//     enum('a','it”s');
//   - "signed" is dropped, "unsigned" and "zerofill" (which implies
//     unsigned) are kept.
//
// Character set and collation clauses are not part of the type: the caller
// reads them into the column's Collation. json stays json on MariaDB too
// (introspection recognizes MariaDB's longtext-with-json_valid form).
func (d *Dialect) NormalizeMySQLType(spelling string) (string, error) {
	t, err := lexMySQLType(spelling)
	if err != nil {
		return "", err
	}
	ty, ok := myTypes[t.name]
	if !ok {
		return "", fmt.Errorf("type %q: %w", spelling, ErrNotBuiltin)
	}
	base, err := ty.spell(spelling, t)
	if err != nil {
		return "", err
	}
	unsigned := t.unsigned || strings.HasSuffix(base, " unsigned")
	base = strings.TrimSuffix(base, " unsigned")
	switch {
	case t.zerofill:
		return base + " unsigned zerofill", nil
	case unsigned:
		return base + " unsigned", nil
	}
	return base, nil
}

func (ty myType) spell(spelling string, t lexedType) (string, error) {
	bad := func(why string) error { return fmt.Errorf("type %s: %s", spelling, why) }
	if ty.args == argValues {
		if len(t.values) == 0 {
			return "", bad("needs at least one member")
		}
		quoted := make([]string, len(t.values))
		for i, v := range t.values {
			quoted[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
		}
		return ty.norm + "(" + strings.Join(quoted, ",") + ")", nil
	}
	if len(t.values) > 0 {
		return "", bad("takes numeric arguments")
	}
	args := t.args
	if args == nil {
		args = ty.defaultArgs
	}
	switch ty.args {
	case argNone:
		if len(t.args) > 0 {
			return "", bad("takes no arguments")
		}
		return ty.norm, nil
	case argInt, argYear:
		if len(args) > 1 {
			return "", bad("takes one display width")
		}
		if ty.norm == "tinyint" && len(args) == 1 && args[0] == 1 {
			return "tinyint(1)", nil
		}
		return ty.norm, nil
	case argLength:
		if len(args) != 1 {
			return "", bad("needs one length")
		}
		return fmt.Sprintf("%s(%d)", ty.norm, args[0]), nil
	case argDecimal:
		switch len(args) {
		case 1:
			return fmt.Sprintf("decimal(%d,0)", args[0]), nil
		case 2:
			if args[1] > args[0] {
				return "", bad("scale is larger than precision")
			}
			return fmt.Sprintf("decimal(%d,%d)", args[0], args[1]), nil
		}
		return "", bad("takes precision and scale")
	case argFloat:
		switch len(args) {
		case 0:
			return "float", nil
		case 1:
			if args[0] > 53 {
				return "", bad("precision must be between 0 and 53")
			}
			if args[0] > 24 {
				return "double", nil
			}
			return "float", nil
		case 2:
			return fmt.Sprintf("float(%d,%d)", args[0], args[1]), nil
		}
		return "", bad("takes a precision, or digits and decimals")
	case argDouble:
		switch len(args) {
		case 0:
			return "double", nil
		case 2:
			return fmt.Sprintf("double(%d,%d)", args[0], args[1]), nil
		}
		return "", bad("takes digits and decimals")
	case argFsp:
		switch {
		case len(args) == 0 || len(args) == 1 && args[0] == 0:
			return ty.norm, nil
		case len(args) == 1 && args[0] <= 6:
			return fmt.Sprintf("%s(%d)", ty.norm, args[0]), nil
		}
		return "", bad("fractional seconds precision must be between 0 and 6")
	case argTextLen:
		switch len(args) {
		case 0:
			return ty.norm, nil
		case 1:
			return textBySize(ty.norm, args[0]), nil
		}
		return "", bad("takes one length")
	}
	return "", bad("unknown argument kind")
}

// textBySize is the smallest text or blob type that holds n characters
// (text, assuming utf8mb4's 4 bytes per character) or n bytes (blob), as
// the server picks it for TEXT(n) and BLOB(n).
func textBySize(kind string, n int) string {
	bytes := n
	if kind == "text" {
		bytes = 4 * n
	}
	prefix := map[bool]string{true: "tiny", false: ""}
	switch {
	case bytes < 1<<8:
		return prefix[true] + kind
	case bytes < 1<<16:
		return kind
	case bytes < 1<<24:
		return "medium" + kind
	}
	return "long" + kind
}

// lexedType is a type spelling split into its parts.
type lexedType struct {
	name               string
	args               []int
	values             []string
	unsigned, zerofill bool
}

// lexMySQLType splits "INT(11) UNSIGNED ZEROFILL", "double precision",
// "enum('a','b')", "varchar(20) CHARACTER SET utf8mb4 COLLATE x" into
// name, arguments and attributes. Character set, collation and BINARY
// clauses after the type are skipped.
func lexMySQLType(s string) (lexedType, error) {
	var t lexedType
	rest := strings.TrimSpace(s)
	open := strings.IndexByte(rest, '(')
	head, tail := rest, ""
	if open >= 0 {
		head, tail = rest[:open], rest[open:]
	}
	words := strings.Fields(strings.ToLower(head))
	if len(words) == 0 {
		return t, fmt.Errorf("type %q: empty", s)
	}
	// The name is the longest known multi-word prefix of the words.
	n := 1
	for k := len(words); k > 1; k-- {
		if _, ok := myTypes[strings.Join(words[:k], " ")]; ok {
			n = k
			break
		}
	}
	t.name = strings.Join(words[:n], " ")
	attrs := words[n:]
	if tail != "" {
		if len(attrs) > 0 {
			return t, fmt.Errorf("type %q: unexpected %q before the arguments", s, strings.Join(attrs, " "))
		}
		inner, after, err := splitParens(tail)
		if err != nil {
			return t, fmt.Errorf("type %q: %w", s, err)
		}
		if t.name == "enum" || t.name == "set" {
			if t.values, err = splitValues(inner); err != nil {
				return t, fmt.Errorf("type %q: %w", s, err)
			}
		} else if strings.TrimSpace(inner) != "" {
			for _, a := range strings.Split(inner, ",") {
				v, err := strconv.Atoi(strings.TrimSpace(a))
				if err != nil || v < 0 {
					return t, fmt.Errorf("type %q: argument %q is not a non-negative integer", s, strings.TrimSpace(a))
				}
				t.args = append(t.args, v)
			}
		}
		attrs = strings.Fields(strings.ToLower(after))
	}
	for i := 0; i < len(attrs); i++ {
		switch attrs[i] {
		case "unsigned":
			t.unsigned = true
		case "zerofill":
			t.zerofill = true
		case "signed", "binary", "ascii", "unicode", "byte":
		case "character", "charset", "collate":
			// CHARACTER SET x, CHARSET x, COLLATE x: skip the name.
			if attrs[i] == "character" && i+1 < len(attrs) && attrs[i+1] == "set" {
				i++
			}
			i++
		default:
			return t, fmt.Errorf("type %q: unknown attribute %q", s, attrs[i])
		}
	}
	return t, nil
}

// splitParens returns the text inside the leading parenthesis group of s
// (quotes respected) and what follows it.
func splitParens(s string) (inner, after string, err error) {
	var quote byte
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == '\\' && i+1 < len(s):
			i++
		case quote != 0 && c == quote:
			if i+1 < len(s) && s[i+1] == quote {
				i++
				continue
			}
			quote = 0
		case quote != 0:
		case c == '\'' || c == '"':
			quote = c
		case c == ')':
			return s[1:i], s[i+1:], nil
		}
	}
	return "", "", fmt.Errorf("unbalanced parenthesis")
}

// splitValues reads a comma-separated list of quoted strings: 'a','it”s',
// "b", 'x\'y'. Backslash escapes are read as MySQL reads them.
func splitValues(s string) ([]string, error) {
	var out []string
	i := 0
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			i++
		}
		if i >= len(s) || s[i] != '\'' && s[i] != '"' {
			return nil, fmt.Errorf("expected a quoted member at %q", s[i:])
		}
		q := s[i]
		var b strings.Builder
		i++
		closed := false
		for i < len(s) && !closed {
			c := s[i]
			switch {
			case c == '\\' && i+1 < len(s):
				b.WriteByte(unescape(s[i+1]))
				i += 2
			case c == q && i+1 < len(s) && s[i+1] == q:
				b.WriteByte(q)
				i += 2
			case c == q:
				closed = true
				i++
			default:
				b.WriteByte(c)
				i++
			}
		}
		if !closed {
			return nil, fmt.Errorf("unterminated member")
		}
		out = append(out, b.String())
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			i++
		}
		if i == len(s) {
			return out, nil
		}
		if s[i] != ',' {
			return nil, fmt.Errorf("expected a comma at %q", s[i:])
		}
		i++
	}
}

// unescape is the character a backslash escape stands for in a MySQL
// string literal.
func unescape(c byte) byte {
	switch c {
	case '0':
		return 0
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	case 'b':
		return '\b'
	case 'Z':
		return 0x1a
	}
	return c
}

// MySQLTypeValues returns the members of a canonical enum('a','b') or
// set(...) type, and false for any other type.
func MySQLTypeValues(norm string) ([]string, bool) {
	t, err := lexMySQLType(norm)
	if err != nil || (t.name != "enum" && t.name != "set") {
		return nil, false
	}
	return t.values, true
}
