package prisma

import (
	"strings"
	"unicode/utf8"
)

// Default constraint names, after Prisma's ConstraintNames
// (psl-core/src/datamodel_connector/constraint_names.rs): the base
// ("<table>" or "<table>_<col>_<col>") is cut at a UTF-8 character boundary
// so that base and suffix fit in the identifier limit, then the suffix is
// appended. Table and column names are the database names (after @@map/@map).

// primaryKeyName is <table>_pkey.
func primaryKeyName(table string, limit int) string {
	return cutName(table, "_pkey", limit)
}

// uniqueIndexName is <table>_<cols>_key.
func uniqueIndexName(table string, cols []string, limit int) string {
	return cutName(table+"_"+strings.Join(cols, "_"), "_key", limit)
}

// indexName is <table>_<cols>_idx.
func indexName(table string, cols []string, limit int) string {
	return cutName(table+"_"+strings.Join(cols, "_"), "_idx", limit)
}

// foreignKeyName is <table>_<cols>_fkey.
func foreignKeyName(table string, cols []string, limit int) string {
	return cutName(table+"_"+strings.Join(cols, "_"), "_fkey", limit)
}

// cutName cuts base so that base+suffix is at most limit bytes, at a
// character boundary, and appends suffix. It is also the rule of the
// implicit many-to-many names (observed with Prisma's engine: the join table
// is "_<relation>" cut to the limit; its constraints are the table name cut
// for the suffixes "_AB_pkey", "_B_index", "_A_fkey", "_B_fkey").
func cutName(base, suffix string, limit int) string {
	return floorChar(base, limit-len(suffix)) + suffix
}

// floorChar returns the longest prefix of s of at most n bytes that ends on
// a character boundary.
func floorChar(s string, n int) string {
	if n >= len(s) {
		return s
	}
	if n < 0 {
		return ""
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// pgObjectName is PostgreSQL's makeObjectName: name1_name2_label within
// limit bytes, shortening the longer of name1 and name2 first, one byte at a
// time, then clipping each at a character boundary. It names the sequence
// of a serial column (<table>_<column>_seq).
func pgObjectName(name1, name2, label string, limit int) string {
	overhead := len(label) + 2 // two "_" separators
	avail := limit - overhead
	n1, n2 := len(name1), len(name2)
	for n1+n2 > avail && n1+n2 > 0 {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	return floorChar(name1, n1) + "_" + floorChar(name2, n2) + "_" + label
}

// pgQuote always quotes an identifier: "a""b".
func pgQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// pgString quotes a string literal: 'it”s'.
func pgString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// pgQuoteIdent quotes an identifier only when PostgreSQL's quote_identifier
// would: unless it is lower-case letters, digits and underscores not
// starting with a digit, and not a keyword other than an unreserved one.
func pgQuoteIdent(s string) string {
	safe := s != ""
	for i := 0; i < len(s) && safe; i++ {
		c := s[i]
		safe = c >= 'a' && c <= 'z' || c == '_' || i > 0 && c >= '0' && c <= '9'
	}
	if safe && !pgKeywords[s] {
		return s
	}
	return pgQuote(s)
}

// pgKeywords are PostgreSQL's reserved, column-name and type/function-name
// keywords: quote_identifier quotes them.
var pgKeywords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`all analyse analyze and any array as asc asymmetric both case
		cast check collate column constraint create current_catalog current_date current_role
		current_time current_timestamp current_user default deferrable desc distinct do else end
		except false fetch for foreign from grant group having in initially intersect into lateral
		leading limit localtime localtimestamp not null offset on only or order placing primary
		references returning select session_user some symmetric system_user table then to trailing
		true union unique user using variadic when where window with
		authorization binary collation concurrently cross current_schema freeze full ilike inner is
		isnull join left like natural notnull outer overlaps right similar tablesample verbose
		between bigint bit boolean char character coalesce dec decimal exists extract float greatest
		grouping inout int integer interval json json_array json_arrayagg json_object
		json_objectagg least national nchar none normalize nullif numeric out overlay position
		precision real row setof smallint substring time timestamp treat trim values varchar
		xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi
		xmlroot xmlserialize xmltable`) {
		m[w] = true
	}
	return m
}()
