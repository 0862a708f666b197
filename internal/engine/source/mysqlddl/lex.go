package mysqlddl

import (
	"strings"
	"unicode/utf8"
)

// statement is one SQL statement of a file: its text (without the
// terminating delimiter) and where it starts.
type statement struct {
	text   string
	offset int // byte offset of text in the file
}

// source is one file being read, with its line starts for positions.
type source struct {
	path  string
	data  string
	lines []int // byte offset of each line start
}

func newSource(path string, data []byte) *source {
	s := &source{path: path, data: string(data), lines: []int{0}}
	for i := 0; i < len(s.data); i++ {
		if s.data[i] == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	return s
}

// lineOf returns the 1-based line of a byte offset.
func (s *source) lineOf(off int) int {
	lo, hi := 0, len(s.lines)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if s.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1
}

// pos returns the position of a byte offset: line, and column counted in
// characters from 1.
func (s *source) pos(off int) (line, col int) {
	off = min(max(off, 0), len(s.data))
	line = s.lineOf(off)
	start := s.lines[line-1]
	return line, utf8.RuneCountInString(s.data[start:off]) + 1
}

// skipQuoted returns the offset just past the quoted string, identifier or
// comment starting at i, or i when none starts there. Unterminated ones
// run to the end.
func skipQuoted(s string, i int) int {
	c := s[i]
	switch {
	case c == '\'' || c == '"' || c == '`':
		for j := i + 1; j < len(s); j++ {
			switch {
			case s[j] == '\\' && c != '`':
				j++
			case s[j] == c && j+1 < len(s) && s[j+1] == c:
				j++
			case s[j] == c:
				return j + 1
			}
		}
		return len(s)
	case c == '#' || c == '-' && strings.HasPrefix(s[i:], "--") && (i+2 == len(s) || s[i+2] == ' ' || s[i+2] == '\t' || s[i+2] == '\n' || s[i+2] == '\r'):
		if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
			return i + j + 1
		}
		return len(s)
	case c == '/' && strings.HasPrefix(s[i:], "/*") && !strings.HasPrefix(s[i:], "/*!") && !strings.HasPrefix(s[i:], "/*M!"):
		if j := strings.Index(s[i+2:], "*/"); j >= 0 {
			return i + 2 + j + 2
		}
		return len(s)
	}
	return i
}

// isBlank reports whether a byte is white space.
func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// split cuts a file into statements at the delimiter (";" unless a
// DELIMITER line changes it), leaving out empty ones. Leading blanks and
// comments are not part of a statement's text.
func split(src string) []statement {
	var out []statement
	delim := ";"
	start := -1
	i := 0
	for i < len(src) {
		if start < 0 {
			if isBlank(src[i]) {
				i++
				continue
			}
			if j := skipQuoted(src, i); j > i && (src[i] == '#' || src[i] == '-' || src[i] == '/') {
				i = j
				continue
			}
			if d, end, ok := delimiterLine(src, i); ok {
				delim, i = d, end
				continue
			}
			start = i
		}
		if j := skipQuoted(src, i); j > i {
			i = j
			continue
		}
		if strings.HasPrefix(src[i:], delim) {
			if text := strings.TrimRight(src[start:i], " \t\r\n"); text != "" {
				out = append(out, statement{text: text, offset: start})
			}
			i += len(delim)
			start = -1
			continue
		}
		i++
	}
	if start >= 0 {
		if text := strings.TrimRight(src[start:], " \t\r\n"); text != "" {
			out = append(out, statement{text: text, offset: start})
		}
	}
	return out
}

// delimiterLine reads a "DELIMITER x" client command starting at i.
func delimiterLine(src string, i int) (delim string, end int, ok bool) {
	const kw = "delimiter"
	if len(src)-i < len(kw)+2 || !strings.EqualFold(src[i:i+len(kw)], kw) || !isBlank(src[i+len(kw)]) {
		return "", i, false
	}
	end = len(src)
	line := src[i+len(kw):]
	if j := strings.IndexByte(line, '\n'); j >= 0 {
		line, end = line[:j], i+len(kw)+j+1
	}
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return "", i, false
	}
	return fields[0], end, true
}

// item is one element of a CREATE TABLE's parenthesized list.
type item struct {
	offset     int // byte offset within the statement text
	constraint bool
}

// constraintWords start a table-level element rather than a column.
var constraintWords = map[string]bool{
	"primary": true, "key": true, "index": true, "unique": true, "constraint": true,
	"foreign": true, "fulltext": true, "spatial": true, "check": true, "period": true,
}

// tableItems returns the elements of the first parenthesized list of a
// CREATE TABLE statement, in order, with their offsets.
func tableItems(text string) []item {
	var out []item
	depth, begin := 0, -1
	for i := 0; i < len(text); i++ {
		if j := skipQuoted(text, i); j > i {
			if depth == 1 && begin < 0 && text[i] != '#' && text[i] != '-' && text[i] != '/' {
				begin = i
			}
			i = j - 1
			continue
		}
		c := text[i]
		switch {
		case c == '(':
			depth++
			if depth == 1 {
				continue
			}
		case c == ')':
			depth--
			if depth == 0 {
				return addItem(out, text, begin)
			}
		case c == ',' && depth == 1:
			out = addItem(out, text, begin)
			begin = -1
			continue
		}
		if depth == 1 && begin < 0 && !isBlank(c) {
			begin = i
		}
	}
	return out
}

func addItem(out []item, text string, begin int) []item {
	if begin < 0 {
		return out
	}
	word := text[begin:]
	end := 0
	for end < len(word) && (word[end] == '_' || word[end] >= 'a' && word[end] <= 'z' || word[end] >= 'A' && word[end] <= 'Z') {
		end++
	}
	return append(out, item{offset: begin, constraint: constraintWords[strings.ToLower(word[:end])]})
}

// renameHint returns the "from" of a "-- @renamed from=old" comment on the
// line of off, or alone on the line before it.
func (s *source) renameHint(off int) string {
	line := s.lineOf(off)
	if h := hintIn(s.lineText(line)); h != "" {
		return h
	}
	if line > 1 {
		prev := strings.TrimSpace(s.lineText(line - 1))
		if strings.HasPrefix(prev, "--") || strings.HasPrefix(prev, "#") {
			return hintIn(prev)
		}
	}
	return ""
}

func (s *source) lineText(line int) string {
	start := s.lines[line-1]
	end := len(s.data)
	if line < len(s.lines) {
		end = s.lines[line] - 1
	}
	return s.data[start:end]
}

// hintIn finds "@renamed from=NAME" in a comment of a line. NAME may be
// backquoted.
func hintIn(line string) string {
	i := strings.Index(line, "@renamed")
	if i < 0 {
		return ""
	}
	before := line[:i]
	if !strings.Contains(before, "--") && !strings.Contains(before, "#") {
		return ""
	}
	rest := strings.TrimSpace(line[i+len("@renamed"):])
	rest, ok := strings.CutPrefix(rest, "from=")
	if !ok {
		return ""
	}
	if strings.HasPrefix(rest, "`") {
		if j := strings.Index(rest[1:], "`"); j >= 0 {
			return rest[1 : j+1]
		}
		return ""
	}
	if f := strings.Fields(rest); len(f) > 0 {
		return strings.Trim(f[0], ",;")
	}
	return ""
}
