package dialect

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrNotBuiltin is returned by NormalizePGType for a type name that is not
// a PostgreSQL built-in type: an enum, a domain, a composite or an
// extension's type. Callers spell those as user types.
var ErrNotBuiltin = errors.New("not a built-in type")

// pgType is one built-in PostgreSQL type as format_type spells it.
type pgType struct {
	// norm is the format_type spelling without modifiers.
	norm string
	// mods says how type modifiers are written: modNone (not allowed),
	// modLength ("(n)"), modNumeric ("(p,s)"), modTime (precision placed
	// before "with(out) time zone"), modInterval, modFloat (float(p)).
	mods int
	// defaultLen is the length format_type shows when none is given
	// (character and bit default to 1); 0 means none; -1 marks bpchar,
	// shown as "bpchar" when it has no length.
	defaultLen int
}

const (
	modNone = iota
	modLength
	modNumeric
	modTime
	modInterval
	modFloat
)

// pgTypes maps every accepted spelling (the parser's internal names, the
// SQL standard names and the common aliases) to its built-in type. The
// spellings are lower case; the parser folds unquoted identifiers.
// Source: PostgreSQL manual, "Data Types", table 8.1, and format_type().
var pgTypes = map[string]pgType{
	"int2":     {norm: "smallint"},
	"smallint": {norm: "smallint"},
	"int4":     {norm: "integer"},
	"int":      {norm: "integer"},
	"integer":  {norm: "integer"},
	"int8":     {norm: "bigint"},
	"bigint":   {norm: "bigint"},
	// serial types are integer columns with a sequence default; the SQL
	// reader adds the default, the type is the integer underneath.
	"smallserial": {norm: "smallint"},
	"serial2":     {norm: "smallint"},
	"serial":      {norm: "integer"},
	"serial4":     {norm: "integer"},
	"bigserial":   {norm: "bigint"},
	"serial8":     {norm: "bigint"},

	"float4":           {norm: "real"},
	"real":             {norm: "real"},
	"float8":           {norm: "double precision"},
	"double precision": {norm: "double precision"},
	"float":            {norm: "double precision", mods: modFloat},
	"numeric":          {norm: "numeric", mods: modNumeric},
	"decimal":          {norm: "numeric", mods: modNumeric},
	"money":            {norm: "money"},

	"varchar":           {norm: "character varying", mods: modLength},
	"character varying": {norm: "character varying", mods: modLength},
	"char varying":      {norm: "character varying", mods: modLength},
	// bpchar is character; format_type shows "bpchar" only without length.
	"bpchar":    {norm: "character", mods: modLength, defaultLen: -1},
	"char":      {norm: "character", mods: modLength, defaultLen: 1},
	"character": {norm: "character", mods: modLength, defaultLen: 1},
	"text":      {norm: "text"},
	"name":      {norm: "name"},
	// "char" (quoted) is the internal one-byte type, not character(1).
	`"char"`: {norm: `"char"`},

	"bool":    {norm: "boolean"},
	"boolean": {norm: "boolean"},
	"bytea":   {norm: "bytea"},

	"date":                        {norm: "date"},
	"time":                        {norm: "time without time zone", mods: modTime},
	"time without time zone":      {norm: "time without time zone", mods: modTime},
	"timetz":                      {norm: "time with time zone", mods: modTime},
	"time with time zone":         {norm: "time with time zone", mods: modTime},
	"timestamp":                   {norm: "timestamp without time zone", mods: modTime},
	"timestamp without time zone": {norm: "timestamp without time zone", mods: modTime},
	"timestamptz":                 {norm: "timestamp with time zone", mods: modTime},
	"timestamp with time zone":    {norm: "timestamp with time zone", mods: modTime},
	"interval":                    {norm: "interval", mods: modInterval},

	"bit":         {norm: "bit", mods: modLength, defaultLen: 1},
	"varbit":      {norm: "bit varying", mods: modLength},
	"bit varying": {norm: "bit varying", mods: modLength},

	"uuid":           {norm: "uuid"},
	"json":           {norm: "json"},
	"jsonb":          {norm: "jsonb"},
	"jsonpath":       {norm: "jsonpath"},
	"xml":            {norm: "xml"},
	"inet":           {norm: "inet"},
	"cidr":           {norm: "cidr"},
	"macaddr":        {norm: "macaddr"},
	"macaddr8":       {norm: "macaddr8"},
	"tsvector":       {norm: "tsvector"},
	"tsquery":        {norm: "tsquery"},
	"point":          {norm: "point"},
	"line":           {norm: "line"},
	"lseg":           {norm: "lseg"},
	"box":            {norm: "box"},
	"path":           {norm: "path"},
	"polygon":        {norm: "polygon"},
	"circle":         {norm: "circle"},
	"oid":            {norm: "oid"},
	"regclass":       {norm: "regclass"},
	"regtype":        {norm: "regtype"},
	"regproc":        {norm: "regproc"},
	"int4range":      {norm: "int4range"},
	"int8range":      {norm: "int8range"},
	"numrange":       {norm: "numrange"},
	"tsrange":        {norm: "tsrange"},
	"tstzrange":      {norm: "tstzrange"},
	"daterange":      {norm: "daterange"},
	"int4multirange": {norm: "int4multirange"},
	"int8multirange": {norm: "int8multirange"},
	"nummultirange":  {norm: "nummultirange"},
	"datemultirange": {norm: "datemultirange"},
	"tsmultirange":   {norm: "tsmultirange"},
	"tstzmultirange": {norm: "tstzmultirange"},
	"pg_lsn":         {norm: "pg_lsn"},
	"txid_snapshot":  {norm: "txid_snapshot"},
	"pg_snapshot":    {norm: "pg_snapshot"},
}

// Interval field bits as the parser encodes them in the first type
// modifier of an interval (src/include/utils/datetime.h).
const (
	intervalMonth  = 1 << 1
	intervalYear   = 1 << 2
	intervalDay    = 1 << 3
	intervalHour   = 1 << 10
	intervalMinute = 1 << 11
	intervalSecond = 1 << 12
	// intervalFullRange is INTERVAL_FULL_RANGE: no field restriction.
	intervalFullRange = 0x7FFF
)

// intervalFields spells the field restriction of an interval the way
// format_type does (src/backend/utils/adt/timestamp.c, intervaltypmodout).
var intervalFields = map[int]string{
	intervalYear:                 " year",
	intervalMonth:                " month",
	intervalDay:                  " day",
	intervalHour:                 " hour",
	intervalMinute:               " minute",
	intervalSecond:               " second",
	intervalYear | intervalMonth: " year to month",
	intervalDay | intervalHour:   " day to hour",
	intervalDay | intervalHour | intervalMinute:                  " day to minute",
	intervalDay | intervalHour | intervalMinute | intervalSecond: " day to second",
	intervalHour | intervalMinute:                                " hour to minute",
	intervalHour | intervalMinute | intervalSecond:               " hour to second",
	intervalMinute | intervalSecond:                              " minute to second",
	intervalFullRange:                                            "",
}

// NormalizePGType spells a built-in PostgreSQL type the way format_type
// reports it for a column: name is the type name as the parser produced it
// (optionally "pg_catalog."-qualified: "pg_catalog.int4", "varchar",
// "timestamptz", "double precision"), mods are its type modifiers in order
// as written ("20"; "10", "2"; for intervals the parser's field mask, then
// the precision), arrayDims is the number of array dimensions written.
//
// Examples: ("int4", nil, 0) is "integer"; ("varchar", ["20"], 0) is
// "character varying(20)"; ("timestamp", ["3"], 0) is "timestamp(3) without
// time zone"; ("numeric", ["10"], 1) is "numeric(10,0)[]"; ("float",
// ["24"], 0) is "real". PostgreSQL does not record array dimensions, so any
// array is spelled with one "[]".
//
// A name that is not a built-in type returns an error wrapping
// ErrNotBuiltin; invalid modifiers return a plain error.
func (d *Dialect) NormalizePGType(name string, mods []string, arrayDims int) (string, error) {
	key := strings.ToLower(strings.Join(strings.Fields(name), " "))
	key = strings.TrimPrefix(key, "pg_catalog.")
	t, ok := pgTypes[key]
	if !ok || t.norm == "" {
		return "", fmt.Errorf("type %q: %w", name, ErrNotBuiltin)
	}
	nums := make([]int, len(mods))
	for i, m := range mods {
		n, err := strconv.Atoi(strings.TrimSpace(m))
		if err != nil {
			return "", fmt.Errorf("type %s: modifier %q is not an integer", name, m)
		}
		nums[i] = n
	}
	s, err := t.spell(name, nums)
	if err != nil {
		return "", err
	}
	if arrayDims > 0 {
		s += "[]"
	}
	return s, nil
}

func (t pgType) spell(name string, mods []int) (string, error) {
	bad := func(why string) error { return fmt.Errorf("type %s%s: %s", name, modString(mods), why) }
	switch t.mods {
	case modNone:
		if len(mods) > 0 {
			return "", bad("takes no modifiers")
		}
		return t.norm, nil
	case modLength:
		switch {
		case len(mods) > 1:
			return "", bad("takes one length")
		case len(mods) == 1 && mods[0] < 1:
			return "", bad("length must be at least 1")
		case len(mods) == 1:
			return fmt.Sprintf("%s(%d)", t.norm, mods[0]), nil
		case t.defaultLen > 0:
			return fmt.Sprintf("%s(%d)", t.norm, t.defaultLen), nil
		case t.defaultLen < 0:
			return "bpchar", nil
		}
		return t.norm, nil
	case modNumeric:
		switch {
		case len(mods) > 2:
			return "", bad("takes precision and scale")
		case len(mods) == 0:
			return t.norm, nil
		case mods[0] < 1 || mods[0] > 1000:
			return "", bad("precision must be between 1 and 1000")
		case len(mods) == 1:
			return fmt.Sprintf("numeric(%d,0)", mods[0]), nil
		case mods[1] < -1000 || mods[1] > 1000:
			return "", bad("scale must be between -1000 and 1000")
		}
		return fmt.Sprintf("numeric(%d,%d)", mods[0], mods[1]), nil
	case modFloat:
		switch {
		case len(mods) == 0:
			return "double precision", nil
		case len(mods) > 1 || mods[0] < 1 || mods[0] > 53:
			return "", bad("precision must be between 1 and 53")
		case mods[0] <= 24:
			return "real", nil
		}
		return "double precision", nil
	case modTime:
		switch {
		case len(mods) == 0:
			return t.norm, nil
		case len(mods) > 1 || mods[0] < 0:
			return "", bad("takes one precision of 0 or more")
		}
		// Precisions above 6 are reduced to 6 by the server (with a warning).
		p := min(mods[0], 6)
		base, zone, _ := strings.Cut(t.norm, " ")
		return fmt.Sprintf("%s(%d) %s", base, p, zone), nil
	case modInterval:
		return spellInterval(mods, bad)
	}
	return "", bad("unknown modifier kind")
}

func spellInterval(mods []int, bad func(string) error) (string, error) {
	if len(mods) == 0 {
		return "interval", nil
	}
	if len(mods) > 2 {
		return "", bad("takes fields and a precision")
	}
	// A lone modifier written as interval(p) arrives as full range plus p;
	// a lone modifier is therefore the field mask.
	fields, ok := intervalFields[mods[0]]
	if !ok {
		return "", bad("unknown interval fields")
	}
	if len(mods) == 1 {
		return "interval" + fields, nil
	}
	if mods[1] < 0 {
		return "", bad("precision must be 0 or more")
	}
	p := min(mods[1], 6)
	if fields != "" && mods[0]&intervalSecond == 0 {
		return "", bad("a precision needs the SECOND field")
	}
	return fmt.Sprintf("interval%s(%d)", fields, p), nil
}

func modString(mods []int) string {
	if len(mods) == 0 {
		return ""
	}
	parts := make([]string, len(mods))
	for i, m := range mods {
		parts[i] = strconv.Itoa(m)
	}
	return "(" + strings.Join(parts, ",") + ")"
}

// IsPGSerial reports whether a type name is one of the serial
// pseudo-types (smallserial, serial, bigserial and their serialN
// spellings), which PostgreSQL turns into an integer column with a
// sequence default.
func IsPGSerial(name string) bool {
	switch strings.TrimPrefix(strings.ToLower(name), "pg_catalog.") {
	case "smallserial", "serial2", "serial", "serial4", "bigserial", "serial8":
		return true
	}
	return false
}
