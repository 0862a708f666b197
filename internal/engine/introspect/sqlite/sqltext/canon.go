package sqltext

import "strings"

// keywords are SQLite's keywords (sqlite.org/lang_keywords.html).
var keywords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC
		ATTACH AUTOINCREMENT BEFORE BEGIN BETWEEN BY CASCADE CASE CAST CHECK COLLATE COLUMN
		COMMIT CONFLICT CONSTRAINT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME
		CURRENT_TIMESTAMP DATABASE DEFAULT DEFERRABLE DEFERRED DELETE DESC DETACH DISTINCT DO
		DROP EACH ELSE END ESCAPE EXCEPT EXCLUDE EXCLUSIVE EXISTS EXPLAIN FAIL FILTER FIRST
		FOLLOWING FOR FOREIGN FROM FULL GENERATED GLOB GROUP GROUPS HAVING IF IGNORE IMMEDIATE
		IN INDEX INDEXED INITIALLY INNER INSERT INSTEAD INTERSECT INTO IS ISNULL JOIN KEY LAST
		LEFT LIKE LIMIT MATCH MATERIALIZED NATURAL NO NOT NOTHING NOTNULL NULL NULLS OF OFFSET
		ON OR ORDER OTHERS OUTER OVER PARTITION PLAN PRAGMA PRECEDING PRIMARY QUERY RAISE RANGE
		RECURSIVE REFERENCES REGEXP REINDEX RELEASE RENAME REPLACE RESTRICT RETURNING RIGHT
		ROLLBACK ROW ROWS SAVEPOINT SELECT SET TABLE TEMP TEMPORARY THEN TIES TO TRANSACTION
		TRIGGER UNBOUNDED UNION UNIQUE UPDATE USING VACUUM VALUES VIEW VIRTUAL WHEN WHERE
		WINDOW WITH WITHOUT TRUE FALSE`) {
		m[w] = true
	}
	return m
}()

// IsKeyword reports whether w is an SQLite keyword (case-insensitive).
func IsKeyword(w string) bool { return keywords[strings.ToUpper(w)] }

// spacedBeforeParen are the keywords after which "(" opens a group rather
// than an argument list, so canonical text keeps a space: "IN (1, 2)",
// "NOT EXISTS (SELECT ...)", "AND (a OR b)".
var spacedBeforeParen = map[string]bool{
	"AND": true, "OR": true, "NOT": true, "IN": true, "IS": true, "WHEN": true, "THEN": true,
	"ELSE": true, "CASE": true, "AS": true, "ON": true, "WHERE": true, "SELECT": true,
	"FROM": true, "BETWEEN": true, "LIKE": true, "GLOB": true, "MATCH": true, "REGEXP": true,
	"ESCAPE": true, "EXISTS": true, "BY": true, "JOIN": true, "USING": true, "VALUES": true,
	"HAVING": true, "UNION": true, "ALL": true, "DISTINCT": true, "RETURN": true, "END": true,
}

// CanonText is Canon of the significant tokens of text.
func CanonText(text string) string { return Canon(SignificantTokens(text)) }

// CanonExpr is the canonical spelling of an expression: Canon with
// parentheses around the whole expression removed ("((a > 0))" is
// "a > 0").
func CanonExpr(toks []Token) string { return Canon(StripParens(toks)) }

// Canon renders significant tokens in one canonical spelling: keywords
// upper-cased, function names lower-cased, quoted identifiers in double
// quotes, "==" as "=" and "!=" as "<>", one space between tokens except
// inside parentheses, before commas, around dots, between a function name
// and its "(" and after a unary sign. Strings, numbers and unquoted
// identifiers keep their spelling. Canon of its own output is the same
// text.
func Canon(toks []Token) string {
	var b strings.Builder
	for i := range toks {
		if i > 0 && spaceBetween(toks, i) {
			b.WriteByte(' ')
		}
		b.WriteString(spell(toks, i))
	}
	return b.String()
}

// spell is the canonical text of token i.
func spell(toks []Token, i int) string {
	t := toks[i]
	switch t.Kind {
	case Word:
		if IsKeyword(t.Text) {
			return strings.ToUpper(t.Text)
		}
		if i+1 < len(toks) && toks[i+1].IsPunct("(") {
			return strings.ToLower(t.Text)
		}
	case Ident:
		if t.Text[0] != '"' || len(t.Text) < 2 {
			return `"` + strings.ReplaceAll(t.Name(), `"`, `""`) + `"`
		}
	case Blob:
		return "X" + t.Text[1:]
	case Punct:
		switch t.Text {
		case "==":
			return "="
		case "!=":
			return "<>"
		}
	}
	return t.Text
}

// spaceBetween reports whether canonical text puts a space before token i.
func spaceBetween(toks []Token, i int) bool {
	prev, cur := toks[i-1], toks[i]
	switch {
	case prev.IsPunct(".") && cur.Kind == Number, prev.Kind == Number && cur.IsPunct("."):
		return true // "t. 5" and "1 .a" must not turn into the numbers ".5" and "1."
	case prev.IsPunct("(") || prev.IsPunct("."):
		return false
	case cur.IsPunct(")") || cur.IsPunct(",") || cur.IsPunct(".") || cur.IsPunct(";"):
		return false
	case cur.IsPunct("("):
		if prev.Kind == Word {
			return spacedBeforeParen[strings.ToUpper(prev.Text)]
		}
		return prev.Kind != Ident
	case prev.IsPunct("-") || prev.IsPunct("+") || prev.IsPunct("~"):
		// "- -1" must not become the comment "--1".
		return cur.Kind == Punct || !unary(toks, i-1)
	}
	return true
}

// unary reports whether the sign at toks[i] is a unary operator: it starts
// the expression or follows an operator, "(", "," or a keyword.
func unary(toks []Token, i int) bool {
	if i == 0 {
		return true
	}
	p := toks[i-1]
	switch p.Kind {
	case Punct:
		return p.Text != ")"
	case Word:
		return IsKeyword(p.Text) && !p.Is("NULL") && !p.Is("TRUE") && !p.Is("FALSE") &&
			!p.Is("CURRENT_TIMESTAMP") && !p.Is("CURRENT_DATE") && !p.Is("CURRENT_TIME") && !p.Is("END")
	}
	return false
}

// StripParens removes parentheses that enclose the whole token list,
// repeatedly: "((a))" is "a", but "(a) + (b)" is left alone.
func StripParens(toks []Token) []Token {
	for len(toks) >= 2 && toks[0].IsPunct("(") && toks[len(toks)-1].IsPunct(")") && Close(toks, 0) == len(toks)-1 {
		toks = toks[1 : len(toks)-1]
	}
	return toks
}

// Close returns the index of the ")" that closes the "(" at toks[open], or
// -1 when it is not closed.
func Close(toks []Token, open int) int {
	depth := 0
	for i := open; i < len(toks); i++ {
		switch {
		case toks[i].IsPunct("("):
			depth++
		case toks[i].IsPunct(")"):
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// SplitTop cuts tokens at the commas that are not inside parentheses.
func SplitTop(toks []Token) [][]Token {
	var out [][]Token
	depth, start := 0, 0
	for i, t := range toks {
		switch {
		case t.IsPunct("("):
			depth++
		case t.IsPunct(")"):
			depth--
		case t.IsPunct(",") && depth == 0:
			out = append(out, toks[start:i])
			start = i + 1
		}
	}
	return append(out, toks[start:])
}
