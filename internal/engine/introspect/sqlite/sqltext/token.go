// Package sqltext reads SQLite statement text the way SQLite's own
// tokenizer (tokenize.c) does: tokens, statement boundaries by the
// sqlite3_complete state machine (complete.c), and the structure of the
// CREATE TABLE and CREATE INDEX statements SQLite keeps in sqlite_schema.
//
// SQLite has no catalog of CHECK constraints, constraint names, generated
// column expressions, AUTOINCREMENT, column collations or index
// expressions: it keeps the CREATE statement text and re-parses it when it
// opens the database. The introspection reads those facts from the same
// text. This is not a general SQL parser: the text it reads has already
// been accepted by SQLite, and where it meets something it does not follow
// it returns what it understood without failing or panicking.
//
// Expressions are rendered in one canonical spelling (Canon), so that the
// same expression written with other spacing, keyword case or identifier
// quotes compares equal.
package sqltext

import "strings"

// Kind is the kind of a token.
type Kind int

// The kinds of tokens.
const (
	// Space is whitespace.
	Space Kind = iota
	// Comment is a -- or /* */ comment (an unterminated /* runs to the end).
	Comment
	// Word is an unquoted identifier or keyword.
	Word
	// Ident is a quoted identifier: "x", `x` or [x].
	Ident
	// String is a string literal: 'x'.
	String
	// Blob is a blob literal: x'00ff'.
	Blob
	// Number is a numeric literal: 1, 1.5, .5, 1e10, 0x1f, 1_000.
	Number
	// Variable is a parameter: ?, ?1, :a, @a, $a.
	Variable
	// Punct is an operator or punctuation: ( ) , ; . + - * / % || -> ->>
	// = == != <> < <= > >= << >> & | ~.
	Punct
	// Illegal is a byte SQLite rejects, or an unterminated quote (which
	// runs to the end of the text).
	Illegal
)

// Token is one token with its byte offset in the text.
type Token struct {
	Kind Kind
	Text string
	Off  int
}

// Is reports whether the token is the unquoted word w (ASCII
// case-insensitive).
func (t Token) Is(w string) bool { return t.Kind == Word && strings.EqualFold(t.Text, w) }

// IsPunct reports whether the token is the punctuation p.
func (t Token) IsPunct(p string) bool { return t.Kind == Punct && t.Text == p }

// Name is the identifier a Word, Ident or String token names: quotes are
// removed and doubled quotes undone. SQLite accepts a string literal where
// a name is expected ("CREATE TABLE 't'"), so String counts too.
func (t Token) Name() string {
	switch t.Kind {
	case Ident, String:
		if len(t.Text) < 2 {
			return t.Text
		}
		open, inner := t.Text[0], t.Text[1:len(t.Text)-1]
		switch open {
		case '[':
			return inner
		default:
			q := string(open)
			return strings.ReplaceAll(inner, q+q, q)
		}
	}
	return t.Text
}

// IsName reports whether the token can be a name (an identifier).
func (t Token) IsName() bool { return t.Kind == Word || t.Kind == Ident || t.Kind == String }

// Tokenize splits text into tokens, spaces and comments included, so that
// the texts of all tokens concatenate to the input.
func Tokenize(text string) []Token {
	var out []Token
	for i := 0; i < len(text); {
		n, k := scan(text[i:])
		out = append(out, Token{Kind: k, Text: text[i : i+n], Off: i})
		i += n
	}
	return out
}

// SignificantTokens is Significant(Tokenize(text)) in one slice, sized
// up front: readers tokenize thousands of statements, and growing a slice
// of every token (spaces included) to filter it is most of their garbage.
func SignificantTokens(text string) []Token {
	out := make([]Token, 0, len(text)/5+4)
	for i := 0; i < len(text); {
		n, k := scan(text[i:])
		if k != Space && k != Comment {
			out = append(out, Token{Kind: k, Text: text[i : i+n], Off: i})
		}
		i += n
	}
	return out
}

// Significant returns the tokens that are neither space nor comment.
func Significant(toks []Token) []Token {
	out := make([]Token, 0, len(toks))
	for _, t := range toks {
		if t.Kind != Space && t.Kind != Comment {
			out = append(out, t)
		}
	}
	return out
}

// scan returns the length and kind of the token at the start of s
// (len(s) > 0). The length is always at least 1.
func scan(s string) (int, Kind) {
	c := s[0]
	switch {
	case isSpace(c):
		n := 1
		for n < len(s) && isSpace(s[n]) {
			n++
		}
		return n, Space
	case c == '-' && len(s) > 1 && s[1] == '-':
		n := strings.IndexByte(s, '\n')
		if n < 0 {
			return len(s), Comment
		}
		return n, Comment
	case c == '/' && len(s) > 1 && s[1] == '*':
		n := strings.Index(s[2:], "*/")
		if n < 0 {
			return len(s), Comment
		}
		return n + 4, Comment
	case c == '\'':
		return quoted(s, '\'', String)
	case c == '"' || c == '`':
		return quoted(s, c, Ident)
	case c == '[':
		n := strings.IndexByte(s, ']')
		if n < 0 {
			return len(s), Illegal
		}
		return n + 1, Ident
	case (c == 'x' || c == 'X') && len(s) > 1 && s[1] == '\'':
		n, k := quoted(s[1:], '\'', Blob)
		return n + 1, k
	case isDigit(c) || c == '.' && len(s) > 1 && isDigit(s[1]):
		return number(s), Number
	case c == '?':
		n := 1
		for n < len(s) && isDigit(s[n]) {
			n++
		}
		return n, Variable
	case c == ':' || c == '@' || c == '$':
		n := 1
		for n < len(s) && isIdent(s[n]) {
			n++
		}
		if n == 1 {
			return 1, Illegal
		}
		return n, Variable
	case isIdentStart(c):
		n := 1
		for n < len(s) && isIdent(s[n]) {
			n++
		}
		return n, Word
	}
	for _, p := range []string{"->>", "||", "->", "==", "!=", "<>", "<=", ">=", "<<", ">>"} {
		if strings.HasPrefix(s, p) {
			return len(p), Punct
		}
	}
	if strings.IndexByte("(),;.+-*/%=<>&|~", c) >= 0 {
		return 1, Punct
	}
	return 1, Illegal
}

// quoted scans a token quoted by q, where a doubled q stands for one.
func quoted(s string, q byte, k Kind) (int, Kind) {
	for i := 1; i < len(s); i++ {
		if s[i] != q {
			continue
		}
		if i+1 < len(s) && s[i+1] == q {
			i++
			continue
		}
		return i + 1, k
	}
	return len(s), Illegal
}

// number scans a numeric literal: hex, or digits (with _ separators) with
// an optional fraction and exponent.
func number(s string) int {
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isHex(s[2]) {
		n := 2
		for n < len(s) && (isHex(s[n]) || s[n] == '_') {
			n++
		}
		return n
	}
	n := 0
	digits := func() {
		for n < len(s) && (isDigit(s[n]) || s[n] == '_' && n+1 < len(s) && isDigit(s[n+1])) {
			n++
		}
	}
	digits()
	if n < len(s) && s[n] == '.' {
		n++
		digits()
	}
	if n < len(s) && (s[n] == 'e' || s[n] == 'E') {
		m := n + 1
		if m < len(s) && (s[m] == '+' || s[m] == '-') {
			m++
		}
		if m < len(s) && isDigit(s[m]) {
			n = m
			digits()
		}
	}
	return max(n, 1)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isHex(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// isIdentStart: letters, underscore and every byte of a multi-byte UTF-8
// character, as SQLite's sqlite3IsIdChar allows.
func isIdentStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c >= 0x80
}
func isIdent(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '$' }
