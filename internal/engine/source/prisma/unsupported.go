package prisma

import "strings"

// pgTypeAliases maps PostgreSQL type names as they may be written to the
// spelling format_type reports.
var pgTypeAliases = map[string]string{
	"int":         "integer",
	"int4":        "integer",
	"int8":        "bigint",
	"int2":        "smallint",
	"float8":      "double precision",
	"float4":      "real",
	"bool":        "boolean",
	"varchar":     "character varying",
	"char":        "character",
	"bpchar":      "character",
	"decimal":     "numeric",
	"timestamptz": "timestamp with time zone",
	"timetz":      "time with time zone",
	"varbit":      "bit varying",
}

// normalizeUnsupported spells the SQL type of Unsupported("...") as
// PostgreSQL's format_type would where that is known: the type name lower
// case with common aliases resolved (int4 is integer, timestamptz is
// timestamp with time zone), the modifiers without spaces
// (geometry(Point,4326)), a trailing [] kept. A quoted name is kept as
// written.
func normalizeUnsupported(raw string) string {
	s := strings.TrimSpace(raw)
	if strings.Contains(s, `"`) {
		return s
	}
	arr := ""
	for strings.HasSuffix(s, "[]") {
		arr += "[]"
		s = strings.TrimSpace(strings.TrimSuffix(s, "[]"))
	}
	name, mods := s, ""
	if i := strings.IndexByte(s, '('); i >= 0 {
		name, mods = strings.TrimSpace(s[:i]), strings.ReplaceAll(s[i:], " ", "")
	}
	name = strings.Join(strings.Fields(strings.ToLower(name)), " ")
	if a, ok := pgTypeAliases[name]; ok {
		name = a
	}
	switch {
	case name == "timestamp" || name == "time":
		return name + mods + " without time zone" + arr
	case strings.HasSuffix(name, " with time zone") && mods != "":
		return strings.TrimSuffix(name, " with time zone") + mods + " with time zone" + arr
	case name == "character" && mods == "":
		mods = "(1)"
	}
	return name + mods + arr
}
