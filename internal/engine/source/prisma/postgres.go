package prisma

import (
	"encoding/hex"
	"strconv"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// postgres is the PostgreSQL provider: Prisma's default column types and
// native types, spelled as PostgreSQL's format_type reports them.
var postgres = &provider{
	dialect:       "postgres",
	defaultSchema: "public",
	maxIdentLen:   63,
	scalars: map[string]string{
		"String":   "text",
		"Boolean":  "boolean",
		"Int":      "integer",
		"BigInt":   "bigint",
		"Float":    "double precision",
		"Decimal":  "numeric(65,30)",
		"DateTime": "timestamp(3) without time zone",
		"Json":     "jsonb",
		"Bytes":    "bytea",
	},
	native: map[string]nativeType{
		"Text":            fixed("text", "String"),
		"Char":            sized("character", 1, "String"),
		"VarChar":         sized("character varying", 0, "String"),
		"Bit":             sized("bit", 1, "String"),
		"VarBit":          sized("bit varying", 0, "String"),
		"Uuid":            fixed("uuid", "String"),
		"Xml":             fixed("xml", "String"),
		"Inet":            fixed("inet", "String"),
		"Citext":          fixed("citext", "String"),
		"Boolean":         fixed("boolean", "Boolean"),
		"Integer":         fixed("integer", "Int"),
		"SmallInt":        fixed("smallint", "Int"),
		"Oid":             fixed("oid", "Int"),
		"BigInt":          fixed("bigint", "BigInt"),
		"Real":            fixed("real", "Float"),
		"DoublePrecision": fixed("double precision", "Float"),
		"Decimal":         {scalars: []string{"Decimal"}, maxArgs: 2, render: func(_ string, a []int) string { return pgNumeric(a) }},
		"Money":           fixed("money", "Decimal"),
		"Timestamp":       timed("timestamp", "without time zone"),
		"Timestamptz":     timed("timestamp", "with time zone"),
		"Date":            fixed("date", "DateTime"),
		"Time":            timed("time", "without time zone"),
		"Timetz":          timed("time", "with time zone"),
		"Json":            fixed("json", "Json"),
		"JsonB":           fixed("jsonb", "Json"),
		"ByteA":           fixed("bytea", "Bytes"),
	},
	unsupportedType: normalizeUnsupported,
	listType:        func(elem string) string { return elem + "[]" },
	nativeEnums:     true,
	enumType:        func(e *schema.Enum) string { return pgQualified(e.Name) },
	serial: func(table schema.QName, col *schema.Column, maxIdent int) *schema.Default {
		return pgSerial(table, col.Name, maxIdent)
	},
	literals: literals{
		str:      pgString,
		boolean:  strconv.FormatBool,
		number:   func(text, _ string) string { return text },
		bytes:    func(raw []byte) (string, bool) { return `'\x` + hex.EncodeToString(raw) + `'`, true },
		json:     func(s string) (string, bool) { return pgString(s), true },
		dateTime: pgDateTime,
		now:      func(string) string { return "CURRENT_TIMESTAMP" },
	},
	castLiterals:        true,
	primaryKeyName:      primaryKeyName,
	namedPrimaryKeys:    true,
	namedForeignKeys:    true,
	joinTablePrimaryKey: true,
	partialIndexes:      true,
	indexMethods: map[string]string{
		"BTree":  "",
		"Hash":   "hash",
		"Gist":   "gist",
		"Gin":    "gin",
		"SpGist": "spgist",
		"Brin":   "brin",
	},
	opClasses:   pgOpClasses,
	foreignKeys: true,
}

// fixed is a native type without arguments.
func fixed(norm string, scalars ...string) nativeType {
	return nativeType{scalars: scalars, render: func(string, []int) string { return norm }}
}

// sized is a native type with an optional length: name(n). def is the
// length PostgreSQL assumes when none is given (character is character(1));
// 0 means none (character varying is unbounded).
func sized(name string, def int, scalars ...string) nativeType {
	return nativeType{scalars: scalars, maxArgs: 1, render: func(_ string, a []int) string {
		switch {
		case len(a) == 1:
			return name + "(" + strconv.Itoa(a[0]) + ")"
		case def > 0:
			return name + "(" + strconv.Itoa(def) + ")"
		}
		return name
	}}
}

// timed is a date/time native type with an optional precision:
// timestamp(6) with time zone.
func timed(name, zone string) nativeType {
	return nativeType{scalars: []string{"DateTime"}, maxArgs: 1, render: func(_ string, a []int) string {
		if len(a) == 1 {
			return name + "(" + strconv.Itoa(a[0]) + ") " + zone
		}
		return name + " " + zone
	}}
}

func pgNumeric(a []int) string {
	switch len(a) {
	case 1:
		return "numeric(" + strconv.Itoa(a[0]) + ",0)"
	case 2:
		return "numeric(" + strconv.Itoa(a[0]) + "," + strconv.Itoa(a[1]) + ")"
	}
	return "numeric"
}

// pgQualified is the canonical Norm of a user-defined type: always quoted and
// schema-qualified, "schema"."Name", whatever the search path.
func pgQualified(q schema.QName) string {
	return pgQuote(q.Schema) + "." + pgQuote(q.Name)
}

// pgSerial is the default of a serial column: nextval() of the sequence
// PostgreSQL creates for it, named and printed as pg_get_expr prints it.
func pgSerial(table schema.QName, column string, maxIdent int) *schema.Default {
	seq := schema.QName{Schema: table.Schema, Name: pgObjectName(table.Name, column, "seq", maxIdent)}
	reg := pgQuoteIdent(seq.Name)
	if seq.Schema != "" && seq.Schema != "public" {
		// regclass output qualifies a relation not visible on the default
		// search path.
		reg = pgQuoteIdent(seq.Schema) + "." + reg
	}
	return &schema.Default{
		Kind:     schema.DefaultSequence,
		Expr:     "nextval(" + pgString(reg) + "::regclass)",
		Sequence: &seq,
	}
}

// pgOpClasses are Prisma's named operator classes and their SQL names; any
// other class is written raw("name").
var pgOpClasses = map[string]string{
	"InetOps":                   "inet_ops",
	"JsonbOps":                  "jsonb_ops",
	"JsonbPathOps":              "jsonb_path_ops",
	"ArrayOps":                  "array_ops",
	"TextOps":                   "text_ops",
	"BitMinMaxOps":              "bit_minmax_ops",
	"VarBitMinMaxOps":           "varbit_minmax_ops",
	"BpcharBloomOps":            "bpchar_bloom_ops",
	"BpcharMinMaxOps":           "bpchar_minmax_ops",
	"ByteaBloomOps":             "bytea_bloom_ops",
	"ByteaMinMaxOps":            "bytea_minmax_ops",
	"DateBloomOps":              "date_bloom_ops",
	"DateMinMaxOps":             "date_minmax_ops",
	"DateMinMaxMultiOps":        "date_minmax_multi_ops",
	"Float4BloomOps":            "float4_bloom_ops",
	"Float4MinMaxOps":           "float4_minmax_ops",
	"Float4MinMaxMultiOps":      "float4_minmax_multi_ops",
	"Float8BloomOps":            "float8_bloom_ops",
	"Float8MinMaxOps":           "float8_minmax_ops",
	"Float8MinMaxMultiOps":      "float8_minmax_multi_ops",
	"InetInclusionOps":          "inet_inclusion_ops",
	"InetBloomOps":              "inet_bloom_ops",
	"InetMinMaxOps":             "inet_minmax_ops",
	"InetMinMaxMultiOps":        "inet_minmax_multi_ops",
	"Int2BloomOps":              "int2_bloom_ops",
	"Int2MinMaxOps":             "int2_minmax_ops",
	"Int2MinMaxMultiOps":        "int2_minmax_multi_ops",
	"Int4BloomOps":              "int4_bloom_ops",
	"Int4MinMaxOps":             "int4_minmax_ops",
	"Int4MinMaxMultiOps":        "int4_minmax_multi_ops",
	"Int8BloomOps":              "int8_bloom_ops",
	"Int8MinMaxOps":             "int8_minmax_ops",
	"Int8MinMaxMultiOps":        "int8_minmax_multi_ops",
	"NumericBloomOps":           "numeric_bloom_ops",
	"NumericMinMaxOps":          "numeric_minmax_ops",
	"NumericMinMaxMultiOps":     "numeric_minmax_multi_ops",
	"OidBloomOps":               "oid_bloom_ops",
	"OidMinMaxOps":              "oid_minmax_ops",
	"OidMinMaxMultiOps":         "oid_minmax_multi_ops",
	"TextBloomOps":              "text_bloom_ops",
	"TextMinMaxOps":             "text_minmax_ops",
	"TimestampBloomOps":         "timestamp_bloom_ops",
	"TimestampMinMaxOps":        "timestamp_minmax_ops",
	"TimestampMinMaxMultiOps":   "timestamp_minmax_multi_ops",
	"TimestampTzBloomOps":       "timestamptz_bloom_ops",
	"TimestampTzMinMaxOps":      "timestamptz_minmax_ops",
	"TimestampTzMinMaxMultiOps": "timestamptz_minmax_multi_ops",
	"TimeBloomOps":              "time_bloom_ops",
	"TimeMinMaxOps":             "time_minmax_ops",
	"TimeMinMaxMultiOps":        "time_minmax_multi_ops",
	"TimeTzBloomOps":            "timetz_bloom_ops",
	"TimeTzMinMaxOps":           "timetz_minmax_ops",
	"TimeTzMinMaxMultiOps":      "timetz_minmax_multi_ops",
	"UuidBloomOps":              "uuid_bloom_ops",
	"UuidMinMaxOps":             "uuid_minmax_ops",
	"UuidMinMaxMultiOps":        "uuid_minmax_multi_ops",
}
