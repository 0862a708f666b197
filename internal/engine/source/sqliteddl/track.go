package sqliteddl

import (
	"regexp"
	"sort"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite/sqltext"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// source is one file being read: its text, where its lines start, and
// the rename hints its comments give.
type source struct {
	path  string
	text  string
	lines []int // byte offsets of line starts
	hints map[int]string
}

func newSource(f schema.File) *source {
	s := &source{path: f.Path, text: string(f.Data), lines: []int{0}}
	for i := 0; i < len(s.text); i++ {
		if s.text[i] == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	s.hints = renameHints(s.text, s.lines)
	return s
}

// pos is the file:line:col of a byte offset (columns count bytes).
func (f *source) pos(off int) schema.Pos {
	line := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off })
	return schema.Pos{File: f.path, Line: line, Col: off - f.lines[line-1] + 1}
}

// renameHint matches "-- @renamed from=old" (the old name may be quoted).
var renameHint = regexp.MustCompile(`--\s*@renamed\s+from=(?:"((?:[^"]|"")*)"|(\S+))`)

// renameHints maps 1-based line numbers to the old name a rename hint on
// that line gives.
func renameHints(text string, lines []int) map[int]string {
	if !strings.Contains(text, "@renamed") {
		return nil
	}
	hints := map[int]string{}
	for i, start := range lines {
		end := len(text)
		if i+1 < len(lines) {
			end = lines[i+1]
		}
		m := renameHint.FindStringSubmatch(text[start:end])
		if m == nil {
			continue
		}
		name := m[2]
		if m[1] != "" {
			name = strings.ReplaceAll(m[1], `""`, `"`)
		}
		hints[i+1] = name
	}
	return hints
}

// hintFor returns the rename hint for an object starting on line: one on
// that line, or one on the line before unless that line starts another
// object (taken).
func (f *source) hintFor(line int, taken map[int]bool) string {
	if h, ok := f.hints[line]; ok {
		return h
	}
	if h, ok := f.hints[line-1]; ok && !taken[line-1] {
		return h
	}
	return ""
}

// tracker follows the statements SQLite ran to know where each table,
// column, index, view and trigger was last created, and which rename hints
// apply to them. Names are compared lower-cased, as SQLite compares them.
type tracker struct {
	tables  map[string]*tableTrack
	indexes map[string]schema.Pos
	objects map[string]schema.Pos
	// columns, when not nil, maps the text of a CREATE TABLE statement to
	// its columns (a Reader's, shared by the reads of one plan): a
	// statement read before is not parsed again.
	columns map[string][]columnAt
}

// columnAt is a column of a CREATE TABLE statement: its name and its
// offset from the statement's first token.
type columnAt struct {
	name string
	off  int
}

// tableTrack is where a table and its columns come from.
type tableTrack struct {
	pos         schema.Pos
	renamedFrom string
	columns     map[string]columnTrack
}

type columnTrack struct {
	pos         schema.Pos
	renamedFrom string
}

func newTracker() *tracker {
	return &tracker{tables: map[string]*tableTrack{}, indexes: map[string]schema.Pos{}, objects: map[string]schema.Pos{}}
}

// record notes what a statement SQLite has just run created, renamed or
// dropped. Temporary objects are not followed: Parse reads the main
// database only.
func (tr *tracker) record(f *source, st sqltext.Statement) {
	toks := st.Tokens
	if len(toks) < 3 {
		return
	}
	switch {
	case toks[0].Is("CREATE"):
		tr.create(f, st.Text, toks)
	case toks[0].Is("ALTER") && toks[1].Is("TABLE"):
		tr.alter(f, toks[2:])
	case toks[0].Is("DROP"):
		i := 2
		if len(toks) > 4 && toks[2].Is("IF") {
			i = 4
		}
		schemaName, name := qualified(toks, i)
		if isTemp(schemaName) {
			return
		}
		key := strings.ToLower(name)
		switch {
		case toks[1].Is("TABLE"):
			delete(tr.tables, key)
		case toks[1].Is("INDEX"):
			delete(tr.indexes, key)
		default:
			delete(tr.objects, key)
		}
	}
}

// create records a CREATE statement.
func (tr *tracker) create(f *source, text string, toks []sqltext.Token) {
	i := 1
	if toks[i].Is("TEMP") || toks[i].Is("TEMPORARY") {
		return
	}
	if toks[i].Is("UNIQUE") {
		i++
	}
	if i >= len(toks) {
		return
	}
	kind := strings.ToUpper(toks[i].Text)
	i++
	if i+2 < len(toks) && toks[i].Is("IF") {
		i += 3
	}
	schemaName, name := qualified(toks, i)
	if isTemp(schemaName) {
		return
	}
	key := strings.ToLower(name)
	pos := f.pos(toks[0].Off)
	switch kind {
	case "TABLE":
		tr.createTable(f, tr.tableColumns(text, toks), key, pos, toks[0].Off)
	case "INDEX":
		tr.indexes[key] = pos
	case "VIEW", "TRIGGER":
		tr.objects[key] = pos
	}
}

// tableColumns returns the columns of a CREATE TABLE statement, nil when
// it has none it can read.
func (tr *tracker) tableColumns(text string, toks []sqltext.Token) []columnAt {
	if cols, ok := tr.columns[text]; ok {
		return cols
	}
	cols := columnsOf(toks)
	if tr.columns != nil {
		tr.columns[text] = cols
	}
	return cols
}

// columnsOf finds the columns of a CREATE TABLE statement without
// parsing their definitions: the items of the parenthesized list after
// the table's name that do not start with a table constraint's keyword.
// A statement without such a list (CREATE TABLE ... AS SELECT) has none.
func columnsOf(toks []sqltext.Token) []columnAt {
	open := -1
	for i, t := range toks {
		if t.IsPunct("(") {
			open = i
			break
		}
		if t.Is("AS") {
			return nil
		}
	}
	if open < 0 {
		return nil
	}
	end, depth := -1, 0
	for i := open; i < len(toks) && end < 0; i++ {
		switch {
		case toks[i].IsPunct("("):
			depth++
		case toks[i].IsPunct(")"):
			if depth--; depth == 0 {
				end = i
			}
		}
	}
	if end < 0 {
		end = len(toks) // cut short: what is there
	}
	var cols []columnAt
	for _, item := range sqltext.SplitTop(toks[open+1 : end]) {
		if len(item) == 0 {
			continue
		}
		first := item[0]
		if first.Is("CONSTRAINT") || first.Is("PRIMARY") || first.Is("UNIQUE") || first.Is("CHECK") || first.Is("FOREIGN") {
			continue
		}
		cols = append(cols, columnAt{name: first.Name(), off: first.Off - toks[0].Off})
	}
	return cols
}

// createTable records a table and its columns (at their offsets from the
// statement's first token, at byte start and position pos), with their
// rename hints.
func (tr *tracker) createTable(f *source, cols []columnAt, key string, pos schema.Pos, start int) {
	t := &tableTrack{pos: pos, columns: make(map[string]columnTrack, len(cols))}
	taken := map[int]bool{pos.Line: true}
	at := make([]schema.Pos, len(cols))
	for i, c := range cols {
		at[i] = f.pos(start + c.off)
		taken[at[i].Line] = true
	}
	t.renamedFrom = f.hintFor(pos.Line, taken)
	for i, c := range cols {
		hint := ""
		if at[i].Line != pos.Line {
			hint = f.hintFor(at[i].Line, taken)
		}
		t.columns[strings.ToLower(c.name)] = columnTrack{pos: at[i], renamedFrom: hint}
	}
	tr.tables[key] = t
}

// alter records ALTER TABLE name RENAME TO / RENAME COLUMN / ADD COLUMN /
// DROP COLUMN; toks start at the table name.
func (tr *tracker) alter(f *source, toks []sqltext.Token) {
	schemaName, name := qualified(toks, 0)
	if isTemp(schemaName) {
		return
	}
	i := 1
	if schemaName != "" {
		i = 3
	}
	t := tr.tables[strings.ToLower(name)]
	if t == nil || i >= len(toks) {
		return
	}
	rest := toks[i:]
	at := func(j int) sqltext.Token {
		if j < len(rest) {
			return rest[j]
		}
		return sqltext.Token{}
	}
	switch {
	case at(0).Is("RENAME") && at(1).Is("TO"):
		delete(tr.tables, strings.ToLower(name))
		tr.tables[strings.ToLower(at(2).Name())] = t
	case at(0).Is("RENAME"):
		j := 1
		if at(1).Is("COLUMN") {
			j = 2
		}
		old, c := strings.ToLower(at(j).Name()), at(j+2)
		if ct, ok := t.columns[old]; ok {
			delete(t.columns, old)
			t.columns[strings.ToLower(c.Name())] = ct
		}
	case at(0).Is("ADD"):
		j := 1
		if at(1).Is("COLUMN") {
			j = 2
		}
		c := at(j)
		cp := f.pos(c.Off)
		t.columns[strings.ToLower(c.Name())] = columnTrack{pos: cp, renamedFrom: f.hintFor(cp.Line, nil)}
	case at(0).Is("DROP"):
		j := 1
		if at(1).Is("COLUMN") {
			j = 2
		}
		delete(t.columns, strings.ToLower(at(j).Name()))
	}
}

// qualified reads "name" or "schema.name" at toks[i].
func qualified(toks []sqltext.Token, i int) (schemaName, name string) {
	if i >= len(toks) {
		return "", ""
	}
	if i+2 < len(toks) && toks[i+1].IsPunct(".") {
		return toks[i].Name(), toks[i+2].Name()
	}
	return "", toks[i].Name()
}

func isTemp(schemaName string) bool {
	return strings.EqualFold(schemaName, "temp") || strings.EqualFold(schemaName, "temporary")
}

// apply sets positions and rename hints on the inspected schema. Keys,
// checks and foreign keys point at their table's CREATE statement.
func (tr *tracker) apply(s *schema.Schema) {
	for _, t := range s.Tables {
		tt := tr.tables[strings.ToLower(t.Name.Name)]
		if tt == nil {
			continue
		}
		t.Pos, t.RenamedFrom = tt.pos, tt.renamedFrom
		for _, c := range t.Columns {
			ct, ok := tt.columns[strings.ToLower(c.Name)]
			if !ok {
				ct.pos = tt.pos
			}
			c.Pos, c.RenamedFrom = ct.pos, ct.renamedFrom
			if c.Default != nil {
				c.Default.Pos = ct.pos
			}
		}
		if t.PrimaryKey != nil {
			t.PrimaryKey.Pos = tt.pos
		}
		for _, u := range t.Uniques {
			u.Pos = tt.pos
		}
		for _, f := range t.ForeignKeys {
			f.Pos = tt.pos
		}
		for _, c := range t.Checks {
			c.Pos = tt.pos
		}
		for _, ix := range t.Indexes {
			if p, ok := tr.indexes[strings.ToLower(ix.Name)]; ok {
				ix.Pos = p
			} else {
				ix.Pos = tt.pos
			}
		}
	}
	for _, o := range s.Objects {
		o.Pos = tr.objects[strings.ToLower(o.Name.Name)]
	}
}
