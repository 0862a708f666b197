package alembic

import (
	"strconv"
	"strings"
)

// ParseRevision reads the identifiers of one revision file without running
// it: the module-level assignments `revision = '...'` and
// `down_revision = None | '...' | ('...', '...')`, with or without a type
// annotation (`down_revision: Union[str, None] = ...`, as Alembic 1.13's
// template writes), over several lines when bracketed. Anything else the
// file does is ignored. A file without a revision assignment, or whose
// identifiers are not literals (computed, imported), is an error with the
// file and line.
func ParseRevision(name, text string) (*Revision, error) {
	toks, err := tokenize(name, text)
	if err != nil {
		return nil, err
	}
	rev := &Revision{File: name}
	seenDown := false
	for _, stmt := range logicalLines(toks) {
		if len(stmt) < 2 || stmt[0].kind != tokName || stmt[0].col != 0 {
			continue
		}
		target := stmt[0].text
		if target != "revision" && target != "down_revision" {
			continue
		}
		// Skip an annotation: everything up to the first "=" at depth 0.
		i, depth := 1, 0
		for ; i < len(stmt); i++ {
			t := stmt[i]
			if t.kind == tokOp && depth == 0 && t.text == "=" {
				break
			}
			if t.kind == tokOp && strings.Contains("([{", t.text) {
				depth++
			}
			if t.kind == tokOp && strings.Contains(")]}", t.text) {
				depth--
			}
		}
		if i == 1 && stmt[1].kind != tokOp {
			continue
		}
		if i >= len(stmt) {
			continue // an annotation without a value, or not an assignment
		}
		if i != 1 && stmt[1].text != ":" {
			continue // `revision.x = ...`, `revision[0] = ...`: not ours
		}
		values, isNone, err := literalIDs(name, stmt[i+1:], stmt[0].line)
		if err != nil {
			return nil, err
		}
		switch target {
		case "revision":
			if isNone || len(values) != 1 {
				return nil, posErr(name, stmt[0].line, "revision must be one string literal")
			}
			if values[0] == "" {
				return nil, posErr(name, stmt[0].line, "revision is an empty string")
			}
			rev.ID, rev.Line = values[0], stmt[0].line
		case "down_revision":
			rev.DownRevisions, seenDown = values, true
		}
	}
	if rev.ID == "" {
		return nil, posErr(name, 1, "no `revision = '...'` assignment at module level: not an Alembic revision file")
	}
	if !seenDown {
		return nil, posErr(name, rev.Line, "revision %q has no `down_revision = ...` assignment", rev.ID)
	}
	return rev, nil
}

// literalIDs reads the value of an identifier assignment: None, a string,
// or a tuple or list of strings (possibly parenthesized, with a trailing
// comma).
func literalIDs(name string, expr []token, line int) (ids []string, isNone bool, err error) {
	if len(expr) == 1 && expr[0].kind == tokName && expr[0].text == "None" {
		return nil, true, nil
	}
	inner := expr
	if len(inner) >= 2 && inner[0].kind == tokOp && (inner[0].text == "(" || inner[0].text == "[") {
		closing := map[string]string{"(": ")", "[": "]"}[inner[0].text]
		last := inner[len(inner)-1]
		if last.kind != tokOp || last.text != closing {
			return nil, false, posErr(name, line, "identifier list is not a literal tuple or list")
		}
		inner = inner[1 : len(inner)-1]
	}
	wantString := true
	for _, t := range inner {
		switch {
		case wantString && t.kind == tokString:
			ids = append(ids, t.text)
			wantString = false
		case !wantString && t.kind == tokOp && t.text == ",":
			wantString = true
		default:
			return nil, false, posErr(name, t.line, "revision identifiers must be string literals, found %q", t.text)
		}
	}
	if len(ids) == 0 {
		if len(expr) >= 2 {
			return nil, false, nil // () or []: no parents, like None
		}
		return nil, false, posErr(name, line, "missing value")
	}
	return ids, false, nil
}

type tokenKind int

const (
	tokName tokenKind = iota
	tokString
	tokNumber
	tokOp
	tokNewline
)

// token is one Python token; for strings text is the decoded value.
type token struct {
	kind tokenKind
	text string
	line int
	col  int // 0-based column of the token's first character
}

// tokenize splits Python source into the tokens ParseRevision needs:
// names, numbers, string literals (any prefix, single or triple quoted,
// decoded), operators, and a newline token at the end of each logical line
// (not inside brackets, not after a backslash continuation). Comments are
// dropped. An unterminated string is an error with its line.
func tokenize(name, src string) ([]token, error) {
	var out []token
	line, col, depth := 1, 0, 0
	i := 0
	advance := func(n int) {
		for k := 0; k < n && i < len(src); k++ {
			if src[i] == '\n' {
				line++
				col = 0
			} else {
				col++
			}
			i++
		}
	}
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\n':
			if depth == 0 && len(out) > 0 && out[len(out)-1].kind != tokNewline {
				out = append(out, token{kind: tokNewline, line: line, col: col})
			}
			advance(1)
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			advance(1)
		case c == '\\' && i+1 < len(src) && (src[i+1] == '\n' || src[i+1] == '\r'):
			advance(2)
			if i < len(src) && src[i-1] == '\r' && src[i] == '\n' {
				advance(1)
			}
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				advance(1)
			}
		case isIdentStart(c):
			j := i
			for j < len(src) && isIdentPart(src[j]) {
				j++
			}
			word := src[i:j]
			if j < len(src) && (src[j] == '\'' || src[j] == '"') && isStringPrefix(word) {
				startLine, startCol := line, col
				advance(len(word))
				s, n, err := readString(name, src[i:], line, strings.ContainsAny(word, "rR"))
				if err != nil {
					return nil, err
				}
				advance(n)
				out = append(out, token{kind: tokString, text: s, line: startLine, col: startCol})
				continue
			}
			out = append(out, token{kind: tokName, text: word, line: line, col: col})
			advance(len(word))
		case c == '\'' || c == '"':
			startLine, startCol := line, col
			s, n, err := readString(name, src[i:], line, false)
			if err != nil {
				return nil, err
			}
			advance(n)
			out = append(out, token{kind: tokString, text: s, line: startLine, col: startCol})
		case c >= '0' && c <= '9':
			j := i
			for j < len(src) && (isIdentPart(src[j]) || src[j] == '.') {
				j++
			}
			out = append(out, token{kind: tokNumber, text: src[i:j], line: line, col: col})
			advance(j - i)
		default:
			if strings.IndexByte("([{", c) >= 0 {
				depth++
			} else if strings.IndexByte(")]}", c) >= 0 && depth > 0 {
				depth--
			}
			out = append(out, token{kind: tokOp, text: string(c), line: line, col: col})
			advance(1)
		}
	}
	if len(out) > 0 && out[len(out)-1].kind != tokNewline {
		out = append(out, token{kind: tokNewline, line: line, col: col})
	}
	return out, nil
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

// isStringPrefix reports whether a name directly before a quote is a
// string prefix (r, u, b, f and their combinations).
func isStringPrefix(w string) bool {
	if len(w) > 2 {
		return false
	}
	for _, r := range strings.ToLower(w) {
		if !strings.ContainsRune("rubf", r) {
			return false
		}
	}
	return true
}

// readString reads the string literal at the start of s (which begins with
// its quote) and returns its value and length. Escapes are decoded as
// Python decodes them for the common cases (\n, \t, \\, quotes, \x, \u);
// raw strings keep backslashes.
func readString(name, s string, line int, raw bool) (string, int, error) {
	q := s[:1]
	if strings.HasPrefix(s, q+q+q) {
		q = q + q + q
	}
	var b strings.Builder
	i := len(q)
	for i < len(s) {
		if strings.HasPrefix(s[i:], q) {
			return b.String(), i + len(q), nil
		}
		c := s[i]
		if c == '\n' && len(q) == 1 {
			break
		}
		if c == '\\' && i+1 < len(s) {
			if raw {
				b.WriteString(s[i : i+2])
				i += 2
				continue
			}
			i++
			switch e := s[i]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '\n':
			case 'x', 'u', 'U':
				width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
				if i+1+width <= len(s) {
					if v, err := strconv.ParseUint(s[i+1:i+1+width], 16, 32); err == nil {
						b.WriteRune(rune(v))
						i += 1 + width
						continue
					}
				}
				b.WriteByte('\\')
				b.WriteByte(e)
			case '\\', '\'', '"':
				b.WriteByte(e)
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
			i++
			continue
		}
		b.WriteByte(c)
		i++
	}
	return "", 0, posErr(name, line, "unterminated string literal")
}

// logicalLines cuts the tokens at newline tokens.
func logicalLines(toks []token) [][]token {
	var out [][]token
	start := 0
	for i, t := range toks {
		if t.kind == tokNewline {
			if i > start {
				out = append(out, toks[start:i])
			}
			start = i + 1
		}
	}
	return out
}
