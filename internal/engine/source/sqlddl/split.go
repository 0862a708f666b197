package sqlddl

import "strings"

// span is one statement in a file: from its first token to its
// terminating semicolon included (or to the end of the file).
type span struct{ start, end int }

// splitStatements cuts text at the semicolons that end statements, as
// psql does: not inside a string, a quoted identifier, a comment or a
// dollar-quoted body. Blanks and comments between statements, and empty
// statements, are skipped. ok is false when the text ends inside one of
// those constructs (the parser then reports the error).
//
// The cut only groups statements for parsing and reuse; pg_query still
// decides what each statement is, and a cut it disagrees with (a BEGIN
// ATOMIC body, a lexing rule this scan lacks) shows as a batch error or a
// statement count that does not match, after which the file is parsed
// whole (Parser.statements).
func splitStatements(text string) (spans []span, ok bool) {
	start := -1 // first token of the current statement, or -1 between statements
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
			continue
		case c == '-' && i+1 < len(text) && text[i+1] == '-':
			j := strings.IndexByte(text[i:], '\n')
			if j < 0 {
				i = len(text)
			} else {
				i += j + 1
			}
			continue
		case c == '/' && i+1 < len(text) && text[i+1] == '*':
			j, closed := blockCommentEnd(text, i)
			if !closed {
				return nil, false
			}
			i = j
			continue
		}
		if start < 0 {
			if c == ';' {
				i++ // an empty statement
				continue
			}
			start = i
		}
		switch {
		case c == ';':
			spans = append(spans, span{start, i + 1})
			start = -1
			i++
		case c == '\'':
			escapes := i > 0 && (text[i-1] == 'E' || text[i-1] == 'e') && (i < 2 || !identByte(text[i-2]))
			j, closed := stringEnd(text, i, escapes)
			if !closed {
				return nil, false
			}
			i = j
		case c == '"':
			j := strings.IndexByte(text[i+1:], '"')
			if j < 0 {
				return nil, false
			}
			i += j + 2 // a doubled quote reads as two adjacent identifiers: same end
		case c == '$' && (i == 0 || !identByte(text[i-1])):
			tag, isTag := dollarTag(text[i:])
			if !isTag {
				i++
				continue
			}
			j := strings.Index(text[i+len(tag):], tag)
			if j < 0 {
				return nil, false
			}
			i += len(tag) + j + len(tag)
		case identByte(c):
			// A whole word at once: "$" and "'" inside it start nothing.
			for i < len(text) && (identByte(text[i]) || text[i] == '$') {
				i++
			}
			// E'...' is the word "E" followed by a quote: the quote is
			// handled on the next turn, looking back at this byte.
		default:
			i++
		}
	}
	if start >= 0 {
		spans = append(spans, span{start, len(text)})
	}
	return spans, true
}

// identByte reports whether c can continue an identifier (or a number).
func identByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// stringEnd returns the offset after the string literal opening at
// s[off]; escapes says backslashes escape (E'...').
func stringEnd(s string, off int, escapes bool) (int, bool) {
	for i := off + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if escapes {
				i++
			}
		case '\'':
			if i+1 < len(s) && s[i+1] == '\'' {
				i++
				continue
			}
			return i + 1, true
		}
	}
	return len(s), false
}

// blockCommentEnd returns the offset after the (possibly nested) block
// comment opening at s[off], and whether it is closed.
func blockCommentEnd(s string, off int) (int, bool) {
	depth := 0
	for i := off; i+1 < len(s); {
		switch {
		case s[i] == '/' && s[i+1] == '*':
			depth++
			i += 2
		case s[i] == '*' && s[i+1] == '/':
			depth--
			i += 2
			if depth == 0 {
				return i, true
			}
		default:
			i++
		}
	}
	return len(s), false
}

// dollarTag returns the dollar-quote delimiter s starts with ("$$",
// "$body$"), if it starts with one.
func dollarTag(s string) (string, bool) {
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '$':
			return s[:i+1], true
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
		case c >= '0' && c <= '9' && i > 1:
		default:
			return "", false
		}
	}
	return "", false
}
