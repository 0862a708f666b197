package plan

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Columns: add, drop, rename. A plain column is added and dropped INSTANT
// where the version allows; an AUTO_INCREMENT column fills every row
// (INPLACE, LOCK=SHARED), a STORED generated one copies the table; a column
// that is part of an index is dropped INPLACE (its indexes shrink).

// position is the FIRST / AFTER clause that puts a column where it is in
// table t, or "" when the column is appended (the server cannot place it
// instantly, or it is already last).
func (p *my) position(t *schema.Table, name string) string {
	if t == nil || !p.d.Caps.InstantAddColumnAnyPosition {
		return ""
	}
	for i, c := range t.Columns {
		if c.Name != name {
			continue
		}
		if i == len(t.Columns)-1 {
			return ""
		}
		if i == 0 {
			return " FIRST"
		}
		return " AFTER " + p.q(t.Columns[i-1].Name)
	}
	return ""
}

// columnIndex is the position of a column in t, for ordering adds.
func columnIndex(t *schema.Table, name string) int {
	if t != nil {
		for i, c := range t.Columns {
			if c.Name == name {
				return i
			}
		}
	}
	return 0
}

// myCallRE matches a function call's name in an expression.
var myCallRE = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_$]*)\s*\(`)

// myStringRE matches a quoted string literal, removed before looking for
// calls.
var myStringRE = regexp.MustCompile(`'(?:[^'\\]|''|\\.)*'|"(?:[^"\\]|""|\\.)*"`)

// rowEvaluatedDefault reports whether a column's default is an expression
// that calls a function other than the CURRENT_TIMESTAMP family (which
// the server evaluates once per statement and adds instantly). Constant
// expressions such as (1 + 2) are not: MariaDB adds them instantly.
func rowEvaluatedDefault(c *schema.Column) bool {
	if c.Default == nil || c.Default.Kind != schema.DefaultFunction {
		return false
	}
	for _, m := range myCallRE.FindAllStringSubmatch(myStringRE.ReplaceAllString(c.Default.Expr, "''"), -1) {
		switch strings.ToLower(m[1]) {
		case "current_timestamp", "now", "localtime", "localtimestamp":
		default:
			return true
		}
	}
	return false
}

// addAlgo is the class of adding a column.
func (p *my) addAlgo(c *schema.Column, placed bool) algo {
	switch {
	case autoIncrement(c):
		return algoInplaceShared
	case c.Generated != nil && c.Generated.Stored:
		return algoCopy
	case rowEvaluatedDefault(c):
		// Existing rows each get their own value (UUID(), SYSDATE()):
		// MariaDB 10.11 refuses INSTANT and INPLACE (error 1845), so the
		// table is copied. Setting such a default on an existing column
		// is still metadata-only (mysql_alter.go).
		return algoCopy
	case placed && p.d.Caps.InstantAddColumnAnyPosition, !placed && p.d.Caps.InstantAddColumn:
		return algoInstant
	}
	return algoInplace
}

func (p *my) addColumn(c *schema.AddColumn) ([]*item, error) {
	col := c.Column
	if col == nil || c.Table.Name == "" {
		return nil, errMissing("column")
	}
	t := p.afterRename(c.Table)
	def, err := p.columnDef(col)
	if err != nil {
		return nil, err
	}
	target := p.toTable(t)
	pos := p.position(target, col.Name)
	cl := &clause{
		table: t, up: "ADD COLUMN " + def + pos,
		down: "DROP COLUMN " + p.q(col.Name), downAgain: "DROP COLUMN" + p.ifExists(false) + " " + p.q(col.Name),
		obj: "column:" + col.Name, algo: p.addAlgo(col, pos != ""),
	}
	name := fmt.Sprintf("%04d", columnIndex(target, col.Name))
	if autoIncrement(col) {
		name = "~" // last, right before its key
	}
	it := p.alterItem(cl, rankAddColumn, name, col.Pos)
	s := it.step
	if p.isNew(t) {
		return []*item{it}, nil
	}
	if autoIncrement(col) {
		s.Rewrite = true
		s.Hazards = append(s.Hazards, hazard(HazardRewrite, t, col.Name, "auto_increment column"))
	}
	if col.NotNull && col.Default == nil && col.Generated == nil && !autoIncrement(col) {
		// MySQL fills existing rows with the type's implicit default (0,
		// '', the zero date) instead of failing.
		detail := "not null without default"
		if p.d.Caps.ImplicitZeroFill {
			detail = "not null without default: existing rows get the implicit default"
		}
		s.Hazards = append(s.Hazards, hazard(HazardBreaking, t, col.Name, detail))
	}
	return []*item{it}, nil
}

// indexedColumn reports whether a column of the source table is part of an
// index or key.
func (p *my) indexedColumn(t schema.QName, name string) bool {
	tb := p.fromTable(t)
	if tb == nil {
		return false
	}
	if tb.PrimaryKey != nil && slices.Contains(tb.PrimaryKey.Columns, name) {
		return true
	}
	for _, u := range tb.Uniques {
		if slices.Contains(u.Columns, name) {
			return true
		}
	}
	for _, ix := range tb.Indexes {
		for _, part := range ix.Parts {
			if part.Column == name || myExprUses(part.Expr, name) {
				return true
			}
		}
	}
	return false
}

func (p *my) dropColumn(c *schema.DropColumn) ([]*item, error) {
	col := c.Column
	if col == nil || col.Name == "" || c.Table.Name == "" {
		return nil, errMissing("column")
	}
	t := p.afterRename(c.Table)
	def, err := p.columnDef(col)
	if err != nil {
		return nil, err
	}
	pos := p.position(p.fromTable(t), col.Name)
	a := algoInplace
	if p.d.Caps.InstantDropColumn && !p.indexedColumn(t, col.Name) && (col.Generated == nil || !col.Generated.Stored) {
		a = algoInstant
	}
	cl := &clause{
		table: t, up: "DROP COLUMN " + p.q(col.Name),
		down: "ADD COLUMN " + def + pos, downAgain: "ADD COLUMN" + p.ifExists(true) + " " + def + pos,
		obj: "column:" + col.Name, algo: a,
	}
	it := p.alterItem(cl, rankDropColumn, col.Name, col.Pos)
	s := it.step
	s.Rewrite = s.Rewrite || a == algoInplace
	s.DownLosesData = true
	s.Hazards = append(s.Hazards, hazard(HazardDataLoss, t, col.Name, "drop column"),
		hazard(HazardBreaking, t, col.Name, "drop column"))
	return []*item{it}, nil
}

func (p *my) renameColumn(c *schema.RenameColumn) ([]*item, error) {
	if c.Table.Name == "" || c.From == "" || c.To == "" {
		return nil, errMissing("column name")
	}
	t := p.afterRename(c.Table)
	to := p.column(false, t, c.To)
	cl := &clause{table: t, obj: "column:" + c.From}
	if p.d.Caps.RenameColumnSyntax {
		cl.up = "RENAME COLUMN " + p.q(c.From) + " TO " + p.q(c.To)
		cl.down = "RENAME COLUMN " + p.q(c.To) + " TO " + p.q(c.From)
	} else {
		// Before RENAME COLUMN: CHANGE COLUMN with the full definition
		// (the source's, so nothing else changes).
		from := p.column(true, t, c.To)
		if from == nil {
			return nil, fmt.Errorf("column %s.%s: rename needs its definition on %s %s: %w", t, c.From, p.d.Name, p.d.Version, ErrUnsupported)
		}
		was, now := from.Clone(), from.Clone()
		was.Name, now.Name = c.From, c.To
		defNow, err := p.columnDef(now)
		if err != nil {
			return nil, err
		}
		defWas, err := p.columnDef(was)
		if err != nil {
			return nil, err
		}
		cl.up = "CHANGE COLUMN " + p.q(c.From) + " " + defNow
		cl.down = "CHANGE COLUMN " + p.q(c.To) + " " + defWas
	}
	cl.downAgain = cl.down
	cl.algo = algoInplace
	if p.d.Caps.InstantRenameColumn {
		cl.algo = algoInstant
	}
	pos := schema.Pos{}
	if to != nil {
		pos = to.Pos
	}
	it := p.alterItem(cl, rankRename, "", pos)
	it.inputOrder = true
	it.step.Hazards = append(it.step.Hazards, hazard(HazardBreaking, t, c.From, "rename column"))
	return []*item{it}, nil
}

// column finds a column by its name after the plan's renames in the
// source (source) or the target.
func (p *my) column(source bool, t schema.QName, name string) *schema.Column {
	if !source {
		if tb := p.toTable(t); tb != nil {
			return tb.Column(name)
		}
		return nil
	}
	tb := p.fromTable(t)
	if tb == nil {
		return nil
	}
	if old, ok := p.colRenamedBack[schema.ColumnRef{Table: t, Column: name}]; ok {
		name = old
	}
	return tb.Column(name)
}

// charBytes are the most bytes one character takes in a character set;
// an unknown set counts as 4 (the widest), which errs towards a copy.
var charBytes = map[string]int{
	"latin1": 1, "ascii": 1, "binary": 1, "latin2": 1, "cp1250": 1, "cp1251": 1, "cp1256": 1,
	"cp850": 1, "greek": 1, "hebrew": 1, "utf8mb3": 3, "utf8mb4": 4, "ucs2": 2, "utf16": 4,
	"utf32": 4, "big5": 2, "gbk": 2, "gb2312": 2, "sjis": 2, "ujis": 3,
}

// lengthOf reads n of "varchar(n)" or "varbinary(n)" (kind is the
// prefix), or -1.
func lengthOf(norm, kind string) int {
	rest, ok := strings.CutPrefix(norm, kind+"(")
	if !ok {
		return -1
	}
	num, after, ok := strings.Cut(rest, ")")
	if !ok || strings.TrimSpace(after) != "" {
		return -1
	}
	n, err := strconv.Atoi(num)
	if err != nil {
		return -1
	}
	return n
}

// columnCharset is the character set of a string column: its own
// collation's, else the table's, else the server default's.
func (p *my) columnCharset(t schema.QName, c *schema.Column) string {
	coll := c.Collation
	if coll == "" {
		if tb := p.toTable(t); tb != nil {
			coll = tb.Options["collate"]
		}
	}
	if coll == "" {
		coll = p.f.DefaultCollation
	}
	cs, _, _ := strings.Cut(coll, "_")
	return cs
}

// myIdentRE matches a backquoted or bare identifier in an expression.
var myIdentRE = regexp.MustCompile("`(?:[^`]|``)*`|[A-Za-z_][A-Za-z0-9_$]*")

// myExprUses reports whether an expression refers to a column by name.
func myExprUses(expr, column string) bool {
	for _, w := range myIdentRE.FindAllString(expr, -1) {
		if strings.HasPrefix(w, "`") {
			w = strings.ReplaceAll(w[1:len(w)-1], "``", "`")
		}
		if strings.EqualFold(w, column) {
			return true
		}
	}
	return false
}
