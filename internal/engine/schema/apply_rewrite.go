package schema

import "strings"

// This file holds the text rewrites a rename implies. A database stores
// expressions, column types and defaults as references to objects, not as
// text, so after a rename it shows the new name everywhere the old one was
// used. The model holds canonical text; these helpers rewrite it the same
// way, on a best-effort token basis. When a rewrite does not reproduce the
// target's text exactly, the differ sees a difference and emits a change for
// it, so a miss costs a redundant step, never a wrong schema.

// isPlainIdent reports whether s can be written without double quotes in
// canonical PostgreSQL text: lower-case letters, digits, underscores and
// dollars, not starting with a digit or dollar.
func isPlainIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r == '_':
		case (r >= '0' && r <= '9') || r == '$':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// quoteIdent spells an identifier as canonical text does: bare when it can
// be, double-quoted otherwise.
func quoteIdent(s string) string {
	if isPlainIdent(s) {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// identToken is one identifier in a piece of SQL text: where it is, its
// name after unquoting, and whether it was quoted.
type identToken struct {
	start, end int
	name       string
	quoted     bool
}

// scanIdents lists the identifiers of SQL text, skipping string literals.
func scanIdents(sql string) []identToken {
	var out []identToken
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '\'':
			// A string literal; '' is an escaped quote inside it.
			j := i + 1
			for j < len(sql) {
				if sql[j] == '\'' {
					if j+1 < len(sql) && sql[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			i = j + 1
		case c == '"':
			var b strings.Builder
			j := i + 1
			for j < len(sql) {
				if sql[j] == '"' {
					if j+1 < len(sql) && sql[j+1] == '"' {
						b.WriteByte('"')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(sql[j])
				j++
			}
			end := min(j+1, len(sql))
			out = append(out, identToken{start: i, end: end, name: b.String(), quoted: true})
			i = end
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
			j := i + 1
			for j < len(sql) {
				d := sql[j]
				if d == '_' || d == '$' || d >= 'a' && d <= 'z' || d >= 'A' && d <= 'Z' || d >= '0' && d <= '9' || d >= 0x80 {
					j++
					continue
				}
				break
			}
			// Unquoted identifiers fold to lower case.
			out = append(out, identToken{start: i, end: j, name: strings.ToLower(sql[i:j])})
			i = j
		case c >= '0' && c <= '9':
			// A number: skip it whole so "1e5" is not read as an identifier.
			j := i + 1
			for j < len(sql) && (sql[j] >= '0' && sql[j] <= '9' || sql[j] == '.' || sql[j] == 'e' || sql[j] == 'E') {
				j++
			}
			i = j
		default:
			i++
		}
	}
	return out
}

// isColumnToken reports whether the identifier at t is a bare column
// reference: not qualified (after a dot), not a type name (after ::) and
// not a function name (before an opening parenthesis).
func isColumnToken(sql string, t identToken) bool {
	before := strings.TrimRight(sql[:t.start], " \t\n")
	if strings.HasSuffix(before, ".") || strings.HasSuffix(before, "::") {
		return false
	}
	// Not a function call, a qualifier, or the type of a typed literal
	// (date '2024-01-01').
	after := strings.TrimLeft(sql[t.end:], " \t\n")
	return !strings.HasPrefix(after, "(") && !strings.HasPrefix(after, ".") && !strings.HasPrefix(after, "'")
}

// renameColumnInExpr rewrites references to column from as to in SQL text.
func renameColumnInExpr(sql, from, to string) string {
	if sql == "" || from == to {
		return sql
	}
	toks := scanIdents(sql)
	var b strings.Builder
	last := 0
	for _, t := range toks {
		if t.name != from || !isColumnToken(sql, t) {
			continue
		}
		// An unquoted token matched after case folding; a quoted one exactly.
		b.WriteString(sql[last:t.start])
		b.WriteString(quoteIdent(to))
		last = t.end
	}
	if last == 0 {
		return sql
	}
	b.WriteString(sql[last:])
	return b.String()
}

// exprUsesColumn reports whether SQL text refers to column name.
func exprUsesColumn(sql, name string) bool {
	for _, t := range scanIdents(sql) {
		if t.name == name && isColumnToken(sql, t) {
			return true
		}
	}
	return false
}

// splitQualified reads a possibly qualified, possibly quoted name
// ("x", "\"X\"", "s.x", "\"s\".\"x\"") into its parts. ok is false when
// the text is not just a name.
func splitQualified(text string) (parts []string, quoted []bool, ok bool) {
	toks := scanIdents(text)
	if len(toks) == 0 || len(toks) > 2 {
		return nil, nil, false
	}
	pos := 0
	for i, t := range toks {
		sep := strings.TrimSpace(text[pos:t.start])
		if i == 0 && sep != "" || i > 0 && sep != "." {
			return nil, nil, false
		}
		// Unquoted names fold to lower case, as the server reads them.
		parts = append(parts, t.name)
		quoted = append(quoted, t.quoted)
		pos = t.end
	}
	if strings.TrimSpace(text[pos:]) != "" {
		return nil, nil, false
	}
	return parts, quoted, true
}

// renameQualified rewrites text naming old (bare or schema-qualified) as
// the same spelling of new; ok is false when text does not name old.
func renameQualified(text string, old, new QName) (string, bool) {
	parts, _, ok := splitQualified(text)
	if !ok {
		return "", false
	}
	switch len(parts) {
	case 1:
		if parts[0] != old.Name {
			return "", false
		}
		if old.Schema != new.Schema && new.Schema != "" {
			return quoteIdent(new.Schema) + "." + quoteIdent(new.Name), true
		}
		return quoteIdent(new.Name), true
	case 2:
		if parts[0] != old.Schema || parts[1] != old.Name {
			return "", false
		}
		if new.Schema == "" {
			return quoteIdent(new.Name), true
		}
		return quoteIdent(new.Schema) + "." + quoteIdent(new.Name), true
	}
	return "", false
}

// renameTypeNorm rewrites a column's normalized type that names the
// user-defined type old ("role", "\"Role\"", "public.role", "role[]") to
// name new instead. ok is false when the type does not name old.
func renameTypeNorm(norm string, old, new QName) (string, bool) {
	base, suffix := norm, ""
	if i := strings.Index(norm, "["); i >= 0 && !strings.Contains(norm[i:], `"`) {
		base, suffix = norm[:i], norm[i:]
	}
	renamed, ok := renameQualified(strings.TrimSpace(base), old, new)
	if !ok {
		return "", false
	}
	return renamed + suffix, true
}

// renameSequenceExpr rewrites nextval('<old>'::regclass) to call the
// sequence new, keeping the way the name was quoted and qualified. ok is
// false when expr does not call nextval of old.
func renameSequenceExpr(expr string, old, new QName) (string, bool) {
	open := strings.Index(expr, "nextval('")
	if open < 0 {
		return "", false
	}
	start := open + len("nextval('")
	end := strings.Index(expr[start:], "'")
	if end < 0 {
		return "", false
	}
	end += start
	inner := expr[start:end]
	parts, quoted, ok := splitQualified(inner)
	if !ok {
		return "", false
	}
	if parts[len(parts)-1] != old.Name || len(parts) == 2 && parts[0] != old.Schema {
		return "", false
	}
	// Keep the source's style: a quoted name stays quoted.
	spell := func(s string, q bool) string {
		if q || !isPlainIdent(s) {
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
		return s
	}
	name := spell(new.Name, quoted[len(quoted)-1])
	if len(parts) == 2 || old.Schema != new.Schema && new.Schema != "" {
		name = spell(new.Schema, quoted[0]) + "." + name
	}
	return expr[:start] + name + expr[end:], true
}
