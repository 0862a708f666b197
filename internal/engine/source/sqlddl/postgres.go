package sqlddl

import (
	"errors"
	"fmt"
	"github.com/migrate-bot/migrate-bot/internal/engine/pgexpr"
	"sort"
	"strings"
	"unicode/utf8"

	pg "github.com/pganalyze/pg_query_go/v6"
	pgparser "github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// pgReader builds a schema from PostgreSQL statements, file by file.
type pgReader struct {
	d     *dialect.Dialect
	s     *schema.Schema
	names *namer

	tables    map[schema.QName]*pgTable
	enums     map[schema.QName]*schema.Enum
	seqs      map[schema.QName]*schema.Sequence
	seqOwner  map[schema.QName]ownerRef
	ns        map[string]*schema.Namespace
	objects   map[string]*schema.Object
	pendingFK []pendingFK
	// defaults remembers canonical column defaults (columnDefault).
	defaults map[defaultKey]schema.Default
	// types remembers the canonical spelling of builtin types by their
	// name, modifiers and array dimensions (columnType): a schema spells
	// the same few types thousands of times.
	types map[string]string
}

// pgTable is a table being built, with its columns by name.
type pgTable struct {
	t    *schema.Table
	cols map[string]*schema.Column
	// colTypes caches columnTypes for the columns the table had when it
	// was built (the reader refuses ALTER COLUMN TYPE, RENAME and DROP,
	// so columns only ever get added: the count tells a stale cache).
	colTypes pgexpr.Columns
}

// ownerRef is the column a sequence is OWNED BY.
type ownerRef struct {
	table  schema.QName
	column string
}

// pendingFK is a foreign key written without referenced columns; they are
// the referenced table's primary key, known once every file is read.
type pendingFK struct {
	fk  *schema.ForeignKey
	pos schema.Pos
}

// stmt is one parsed statement with what positions need: its file and the
// byte offset its locations count from.
type stmt struct {
	node *pg.Node // shared by every read of the same text (Parser): read only
	file *sourceFile
	base int // byte offset in the file of the text the locations count from (may be negative)
	loc  int // byte offset of the statement's first token in the file
}

// readPostgres reads parsed files, in order, into a schema.
func readPostgres(d *dialect.Dialect, files []parsedFile) (*schema.Schema, error) {
	r := &pgReader{
		d:        d,
		s:        &schema.Schema{Dialect: "postgres"},
		names:    newNamer(d.MaxIdentLen),
		tables:   map[schema.QName]*pgTable{},
		enums:    map[schema.QName]*schema.Enum{},
		seqs:     map[schema.QName]*schema.Sequence{},
		seqOwner: map[schema.QName]ownerRef{},
		ns:       map[string]*schema.Namespace{},
		objects:  map[string]*schema.Object{},
		defaults: map[defaultKey]schema.Default{},
	}
	for _, f := range files {
		if f.err != nil {
			return nil, f.err
		}
		for _, st := range f.stmts {
			if err := r.statement(st); err != nil {
				return nil, err
			}
		}
	}
	if err := r.finish(); err != nil {
		return nil, err
	}
	return r.s.Normalize(), nil
}

// sourceFile is one input file with a line index for positions and its
// rename hints.
type sourceFile struct {
	path  string
	text  string
	lines []int // byte offset of the start of each line
	hints map[int]string
}

func newSourceFile(f schema.File) *sourceFile {
	s := &sourceFile{path: f.Path, text: blankRestrict(string(f.Data)), lines: []int{0}}
	for i := 0; i < len(s.text); i++ {
		if s.text[i] == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	s.hints = renameHints(s.text, s.lines)
	return s
}

// pos converts a byte offset to a position; a negative offset (a node
// without a location) gives the file only.
func (f *sourceFile) pos(off int) schema.Pos {
	if off < 0 || off > len(f.text) {
		return schema.Pos{File: f.path}
	}
	line := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	start := f.lines[line]
	return schema.Pos{File: f.path, Line: line + 1, Col: utf8.RuneCountInString(f.text[start:off]) + 1}
}

// line returns the 1-based line of a byte offset.
func (f *sourceFile) line(off int) int { return f.pos(off).Line }

// parseWhole parses the whole file with one pg_query call, without
// reusing trees: the fallback when the statement cut and pg_query
// disagree, and the way to the true position of a syntax error.
func (f *sourceFile) parseWhole() ([]stmt, error) {
	res, err := pg.Parse(f.text)
	if err != nil {
		return nil, f.syntaxError(err)
	}
	out := make([]stmt, 0, len(res.Stmts))
	for _, rs := range res.Stmts {
		if rs.Stmt == nil {
			continue
		}
		loc := skipBlank(f.text, int(rs.StmtLocation))
		out = append(out, stmt{node: rs.Stmt, file: f, loc: loc})
	}
	return out, nil
}

// syntaxError turns a parser error into a PosError at its cursor.
func (f *sourceFile) syntaxError(err error) error {
	var pe *pgparser.Error
	if !errors.As(err, &pe) {
		return &schema.PosError{Pos: f.pos(0), Msg: "syntax error: " + err.Error()}
	}
	off := 0
	if pe.Cursorpos > 0 {
		// The cursor counts characters from 1.
		n := 0
		for i := range f.text {
			n++
			if n == pe.Cursorpos {
				off = i
				break
			}
		}
	}
	return &schema.PosError{Pos: f.pos(off), Msg: pe.Message}
}

// skipBlank moves past white space and comments from off: statement
// locations point just after the previous semicolon.
func skipBlank(s string, off int) int {
	for off < len(s) {
		switch {
		case s[off] == ' ' || s[off] == '\t' || s[off] == '\n' || s[off] == '\r' || s[off] == '\f':
			off++
		case strings.HasPrefix(s[off:], "--"):
			i := strings.IndexByte(s[off:], '\n')
			if i < 0 {
				return len(s)
			}
			off += i + 1
		case strings.HasPrefix(s[off:], "/*"):
			off = skipBlockComment(s, off)
		default:
			return off
		}
	}
	return off
}

// at returns the position of a node location inside st.
func (st stmt) at(loc int32) schema.Pos {
	if loc < 0 {
		return st.file.pos(st.loc)
	}
	return st.file.pos(st.base + int(loc))
}

// start is the position of the statement's first token.
func (st stmt) start() schema.Pos { return st.file.pos(st.loc) }

// errorf reports an error at a location inside st.
func (st stmt) errorf(loc int32, format string, args ...any) error {
	return &schema.PosError{Pos: st.at(loc), Msg: fmt.Sprintf(format, args...)}
}

// qname resolves a range variable against the default namespace.
func (r *pgReader) qname(rv *pg.RangeVar) schema.QName {
	q := schema.QName{Schema: rv.GetSchemaname(), Name: rv.GetRelname()}
	if q.Schema == "" {
		q.Schema = r.d.DefaultNamespace
	}
	return q
}

// qnameOf resolves a list of String nodes (a qualified name).
func (r *pgReader) qnameOf(names []*pg.Node) (schema.QName, bool) {
	parts := strs(names)
	switch len(parts) {
	case 1:
		return schema.QName{Schema: r.d.DefaultNamespace, Name: parts[0]}, true
	case 2:
		return schema.QName{Schema: parts[0], Name: parts[1]}, true
	case 3:
		return schema.QName{Schema: parts[1], Name: parts[2]}, true
	}
	return schema.QName{}, false
}

// strs returns the strings of String nodes.
func strs(nodes []*pg.Node) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

// table returns the table a statement refers to, or an error at loc.
func (r *pgReader) table(st stmt, rv *pg.RangeVar) (*pgTable, error) {
	q := r.qname(rv)
	t := r.tables[q]
	if t == nil {
		return nil, st.errorf(rv.GetLocation(), "table %s is not defined before this statement", q)
	}
	return t, nil
}

// skipBlockComment returns the offset after the (possibly nested) block
// comment starting at off, or len(s) when it is not closed.
func skipBlockComment(s string, off int) int {
	depth := 0
	for i := off; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "/*"):
			depth++
			i += 2
		case strings.HasPrefix(s[i:], "*/"):
			depth--
			i += 2
			if depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return len(s)
}

// blankRestrict replaces the psql meta-commands \restrict and
// \unrestrict that pg_dump (15.14, 16.10, 17.6 and later) writes around a
// dump with spaces, keeping every offset in place; they are not SQL.
func blankRestrict(text string) string {
	if !strings.Contains(text, "restrict ") {
		return text
	}
	b := []byte(text)
	for start := 0; start < len(b); {
		end := start
		for end < len(b) && b[end] != '\n' {
			end++
		}
		line := text[start:end]
		if strings.HasPrefix(line, `\restrict `) || strings.HasPrefix(line, `\unrestrict `) {
			for i := start; i < end; i++ {
				b[i] = ' '
			}
		}
		start = end + 1
	}
	return string(b)
}
