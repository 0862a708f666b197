package prisma

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// tokKind is the kind of a token of the Prisma schema language.
type tokKind int

const (
	tokEOF     tokKind = iota
	tokNewline         // end of a line outside brackets
	tokIdent           // a name: model, String, @db's VarChar, true
	tokString          // a double-quoted string, value unescaped
	tokNumber          // an integer or decimal number, sign included
	tokPunct           // one of { } ( ) [ ] , : = ? .
	tokAt              // @
	tokAtAt            // @@
	tokDoc             // a /// doc comment, text after the slashes
)

// token is one token with its position.
type token struct {
	kind tokKind
	text string
	pos  schema.Pos
}

// describe renders the token for an error message.
func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of file"
	case tokNewline:
		return "end of line"
	case tokString:
		return strconv.Quote(t.text)
	case tokDoc:
		return "doc comment"
	}
	return "\"" + t.text + "\""
}

// tokenStream hands out the tokens of one file on demand, with lookahead.
// Newlines inside ( ) and [ ] are dropped so that argument lists and arrays
// may span lines; // comments are dropped and /// comments kept as tokDoc
// (inside brackets they are dropped too). A lexing error is kept in err and
// the stream ends there.
type tokenStream struct {
	lx    lexer
	depth int
	buf   []token
	err   error
}

func newTokenStream(path string, src []byte) *tokenStream {
	// One copy of the source as a string lets tokens be substrings of it
	// without an allocation each.
	return &tokenStream{lx: lexer{path: path, src: src, text: string(src), line: 1}}
}

// at returns the token n places ahead (0 is the next one).
func (ts *tokenStream) at(n int) token {
	for len(ts.buf) <= n {
		ts.buf = append(ts.buf, ts.read())
	}
	return ts.buf[n]
}

// advance consumes and returns the next token.
func (ts *tokenStream) advance() token {
	t := ts.at(0)
	if t.kind != tokEOF {
		ts.buf = ts.buf[:copy(ts.buf, ts.buf[1:])]
	}
	return t
}

func (ts *tokenStream) read() token {
	for {
		if ts.err != nil {
			return token{kind: tokEOF, pos: ts.lx.pos()}
		}
		t, err := ts.lx.next()
		if err != nil {
			ts.err = err
			continue
		}
		switch {
		case (t.kind == tokNewline || t.kind == tokDoc) && ts.depth > 0:
			continue
		case t.kind == tokPunct && (t.text == "(" || t.text == "["):
			ts.depth++
		case t.kind == tokPunct && (t.text == ")" || t.text == "]"):
			if ts.depth > 0 {
				ts.depth--
			}
		}
		return t
	}
}

type lexer struct {
	path      string
	src       []byte
	text      string // src as a string
	off       int
	line      int
	lineStart int
}

func (l *lexer) pos() schema.Pos {
	return schema.Pos{File: l.path, Line: l.line, Col: l.off - l.lineStart + 1}
}

func (l *lexer) next() (token, error) {
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			l.off++
		case c == '\n':
			p := l.pos()
			l.off++
			l.line++
			l.lineStart = l.off
			return token{kind: tokNewline, text: "\n", pos: p}, nil
		case c == '/' && l.peek(1) == '/':
			p := l.pos()
			end := l.off
			for end < len(l.src) && l.src[end] != '\n' {
				end++
			}
			text := l.text[l.off:end]
			l.off = end
			if strings.HasPrefix(text, "///") {
				return token{kind: tokDoc, text: strings.TrimSpace(text[3:]), pos: p}, nil
			}
		case c == '"':
			return l.str()
		case isIdentStart(c) || c >= utf8.RuneSelf && l.letterAt(l.off):
			p := l.pos()
			start := l.off
			for l.off < len(l.src) {
				if c := l.src[l.off]; c < utf8.RuneSelf {
					if !isIdentPart(c) {
						break
					}
					l.off++
					continue
				}
				if !l.letterAt(l.off) {
					break
				}
				_, n := utf8.DecodeRune(l.src[l.off:])
				l.off += n
			}
			return token{kind: tokIdent, text: l.text[start:l.off], pos: p}, nil
		case isDigit(c) || c == '-' && isDigit(l.peek(1)):
			return l.number()
		case c == '@':
			p := l.pos()
			if l.peek(1) == '@' {
				l.off += 2
				return token{kind: tokAtAt, text: "@@", pos: p}, nil
			}
			l.off++
			return token{kind: tokAt, text: "@", pos: p}, nil
		case strings.IndexByte("{}()[],:=?.", c) >= 0:
			p := l.pos()
			l.off++
			return token{kind: tokPunct, text: l.text[l.off-1 : l.off], pos: p}, nil
		default:
			r, _ := utf8.DecodeRune(l.src[l.off:])
			return token{}, schema.Errorf(l.pos(), "unexpected character %q", r)
		}
	}
	return token{kind: tokEOF, pos: l.pos()}, nil
}

func (l *lexer) peek(n int) byte {
	if l.off+n < len(l.src) {
		return l.src[l.off+n]
	}
	return 0
}

func (l *lexer) number() (token, error) {
	p := l.pos()
	start := l.off
	if l.src[l.off] == '-' {
		l.off++
	}
	for l.off < len(l.src) && (isDigit(l.src[l.off]) || l.src[l.off] == '.') {
		l.off++
	}
	if l.off < len(l.src) && (l.src[l.off] == 'e' || l.src[l.off] == 'E') {
		l.off++
		if l.off < len(l.src) && (l.src[l.off] == '+' || l.src[l.off] == '-') {
			l.off++
		}
		for l.off < len(l.src) && isDigit(l.src[l.off]) {
			l.off++
		}
	}
	text := l.text[start:l.off]
	if _, err := strconv.ParseFloat(text, 64); err != nil {
		return token{}, schema.Errorf(p, "invalid number %q", text)
	}
	return token{kind: tokNumber, text: text, pos: p}, nil
}

// str reads a double-quoted string with the escapes Prisma accepts:
// \" \\ \n \r \t \/ \b \f and \uXXXX.
func (l *lexer) str() (token, error) {
	p := l.pos()
	l.off++ // opening quote
	// Fast path: a string without escapes is a substring of the source.
	if end := strings.IndexAny(l.text[l.off:], "\"\\\n"); end >= 0 && l.text[l.off+end] == '"' {
		t := token{kind: tokString, text: l.text[l.off : l.off+end], pos: p}
		l.off += end + 1
		return t, nil
	}
	var b strings.Builder
	for {
		if l.off >= len(l.src) || l.src[l.off] == '\n' {
			return token{}, schema.Errorf(p, "unterminated string")
		}
		c := l.src[l.off]
		switch c {
		case '"':
			l.off++
			return token{kind: tokString, text: b.String(), pos: p}, nil
		case '\\':
			if l.off+1 >= len(l.src) {
				return token{}, schema.Errorf(p, "unterminated string")
			}
			e := l.src[l.off+1]
			l.off += 2
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'u':
				if l.off+4 > len(l.src) {
					return token{}, schema.Errorf(l.pos(), "invalid \\u escape in string")
				}
				v, err := strconv.ParseUint(string(l.src[l.off:l.off+4]), 16, 32)
				if err != nil {
					return token{}, schema.Errorf(l.pos(), "invalid \\u escape in string")
				}
				b.WriteRune(rune(v))
				l.off += 4
			default:
				return token{}, schema.Errorf(l.pos(), "unknown escape \\%c in string", e)
			}
		default:
			b.WriteByte(c)
			l.off++
		}
	}
}

// letterAt reports whether a non-ASCII letter starts at off: Prisma accepts
// Unicode letters in names.
func (l *lexer) letterAt(off int) bool {
	r, _ := utf8.DecodeRune(l.src[off:])
	return r != utf8.RuneError && unicode.IsLetter(r)
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isIdentPart(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '-' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
