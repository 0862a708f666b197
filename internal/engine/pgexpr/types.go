package pgexpr

import (
	"errors"
	"strings"
	"sync"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
)

// postgres is the dialect whose type table spells built-in types.
var postgres = func() *dialect.Dialect {
	d, err := dialect.Postgres("")
	if err != nil {
		// Postgres("") cannot fail; keep a usable zero value regardless.
		return &dialect.Dialect{Name: "postgres"}
	}
	return d
}()

// typeRef is a type reduced to what comparisons of casts need: its
// namespace when written, its base name without modifiers, and whether it
// is an array.
type typeRef struct {
	schema string
	base   string
	array  bool
}

// same reports whether two types are the same modulo modifiers; a missing
// namespace on either side matches any namespace.
func (a typeRef) same(b typeRef) bool {
	if a.base == "" || a.base != b.base || a.array != b.array {
		return false
	}
	return a.schema == "" || b.schema == "" || a.schema == b.schema
}

// numeric reports whether the type is a built-in number type.
func (a typeRef) numeric() bool {
	if a.array || a.schema != "" {
		return false
	}
	switch a.base {
	case "smallint", "integer", "bigint", "numeric", "real", "double precision":
		return true
	}
	return false
}

// integer reports whether the type is a built-in integer type.
func (a typeRef) integer() bool {
	return !a.array && a.schema == "" && (a.base == "smallint" || a.base == "integer" || a.base == "bigint")
}

// stringish reports whether the type is text, character varying or
// character: the types whose casts to text the server adds silently.
func (a typeRef) stringish() bool {
	return !a.array && a.schema == "" && (a.base == "text" || a.base == "character varying" || a.base == "character")
}

// refOf reduces a parsed type name.
func refOf(tn *pg.TypeName) typeRef {
	if tn == nil {
		return typeRef{}
	}
	names := nameStrings(tn.Names)
	r := typeRef{array: len(tn.ArrayBounds) > 0}
	if len(names) == 0 {
		return r
	}
	last := names[len(names)-1]
	builtinName := strings.Join(names, ".")
	if last == "char" {
		// Only a quoted "char" (or pg_catalog.char) reaches here with this
		// name: the parser turns the keyword CHAR into bpchar.
		builtinName = `"char"`
	}
	if len(names) <= 2 && (len(names) == 1 || names[0] == "pg_catalog") {
		norm, err := postgres.NormalizePGType(builtinName, nil, 0)
		if err == nil {
			r.base = stripMods(norm)
			if r.base == "bpchar" {
				r.base = "character"
			}
			return r
		}
		if !errors.Is(err, dialect.ErrNotBuiltin) {
			r.base = last
			return r
		}
	}
	r.base = last
	if len(names) > 1 {
		r.schema = names[len(names)-2]
	}
	return r
}

// stripMods removes "(...)" groups from a format_type spelling:
// "timestamp(3) without time zone" is "timestamp without time zone".
func stripMods(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

var typeCache sync.Map // string -> typeRef

// refOfText reduces a type spelled as text ("character varying(20)",
// "\"public\".\"Role\"", "integer[]"); unparsable text yields the zero
// typeRef, which matches nothing.
func refOfText(s string) typeRef {
	if v, ok := typeCache.Load(s); ok {
		if r, ok := v.(typeRef); ok {
			return r
		}
	}
	var r typeRef
	if n, err := parseExpr("NULL::" + s); err == nil && !strings.ContainsAny(s, ";") {
		if tc := n.GetTypeCast(); tc != nil && tc.Arg.GetAConst() != nil {
			r = refOf(tc.TypeName)
		}
	}
	typeCache.Store(s, r)
	return r
}

// elem returns the element type of an array type.
func (a typeRef) elem() typeRef {
	a.array = false
	return a
}

// QuoteIdent quotes an identifier the way PostgreSQL's quote_ident does:
// only when it is not a lower-case plain identifier or is a keyword other
// than an unreserved one.
func QuoteIdent(s string) string {
	if v, ok := quoteCache.Load(s); ok {
		if q, ok := v.(string); ok {
			return q
		}
	}
	q := quoteIdent(s)
	quoteCache.Store(s, q)
	return q
}

var quoteCache sync.Map // string -> string

func quoteIdent(s string) string {
	quoted := `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	if s == "" {
		return quoted
	}
	for i, r := range s {
		ok := r >= 'a' && r <= 'z' || r == '_' || i > 0 && (r >= '0' && r <= '9' || r == '$')
		if !ok {
			return quoted
		}
	}
	res, err := pg.Scan(s)
	if err != nil || len(res.Tokens) != 1 {
		return quoted
	}
	switch res.Tokens[0].KeywordKind {
	case pg.KeywordKind_NO_KEYWORD, pg.KeywordKind_UNRESERVED_KEYWORD:
		return s
	}
	return quoted
}

// splitQualified splits a regclass-style name ("s.t", "\"My\".t") into
// its parts, folding unquoted parts to lower case as the server does.
// ok is false for text that is not a dotted list of identifiers.
func splitQualified(s string) (parts []string, ok bool) {
	var cur strings.Builder
	inQuote, quotedPart, started := false, false, false
	flush := func() bool {
		if !started {
			return false
		}
		p := cur.String()
		if !quotedPart {
			p = strings.ToLower(p)
		}
		parts = append(parts, p)
		cur.Reset()
		quotedPart, started = false, false
		return true
	}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case inQuote && r == '"' && i+1 < len(rs) && rs[i+1] == '"':
			cur.WriteRune('"')
			i++
		case inQuote && r == '"':
			inQuote = false
		case inQuote:
			cur.WriteRune(r)
		case r == '"':
			if started && !quotedPart {
				return nil, false
			}
			inQuote, quotedPart, started = true, true, true
		case r == '.':
			if !flush() {
				return nil, false
			}
		case r == ' ' || r == '\t' || r == '\n':
			return nil, false
		default:
			if quotedPart {
				return nil, false
			}
			cur.WriteRune(r)
			started = true
		}
	}
	if inQuote || !flush() || len(parts) > 3 {
		return nil, false
	}
	return parts, true
}
