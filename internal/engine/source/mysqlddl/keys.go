package mysqlddl

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// primaryName is the name MySQL gives every primary key.
const primaryName = "PRIMARY"

// column finds a column by name, case-insensitively as MySQL does.
func column(t *schema.Table, name string) *schema.Column {
	for _, c := range t.Columns {
		if strings.EqualFold(c.Name, name) {
			return c
		}
	}
	return nil
}

// index finds an index by name, case-insensitively.
func index(t *schema.Table, name string) *schema.Index {
	for _, i := range t.Indexes {
		if strings.EqualFold(i.Name, name) {
			return i
		}
	}
	return nil
}

// keyNameTaken reports whether a key name is in use (PRIMARY always is).
func keyNameTaken(t *schema.Table, name string) bool {
	return strings.EqualFold(name, primaryName) || index(t, name) != nil
}

// indexName is the name MySQL gives an unnamed index: its first column's
// name, or that name with _2, _3 ... when taken (sql_table.cc,
// make_unique_key_name).
func indexName(t *schema.Table, first string) string {
	if !keyNameTaken(t, first) {
		return first
	}
	for n := 2; ; n++ {
		if c := fmt.Sprintf("%s_%d", first, n); !keyNameTaken(t, c) {
			return c
		}
	}
}

// addKeys adds the keys and constraints of one statement the way the
// server does (sql_table.cc, mysql_prepare_create_table): every FOREIGN
// KEY brings a generated index at its place in the list; a generated index
// whose columns start another index (or the primary key) is dropped; then
// unnamed indexes are named in order.
func (r *reader) addKeys(ts *tableState, keys []pendingKey) error {
	var entries []keyEntry
	for _, k := range keys {
		if k.opt != nil {
			e, err := r.columnKey(ts, k)
			if err != nil {
				return err
			}
			if e != nil {
				entries = append(entries, *e)
			}
			continue
		}
		e, err := r.constraint(ts, k.c, k.off)
		if err != nil {
			return err
		}
		if e != nil {
			entries = append(entries, *e)
		}
	}
	keep := make([]bool, len(entries))
	for i, e := range entries {
		keep[i] = !e.generated || !r.redundant(ts.t, entries, keep, i)
	}
	for i, e := range entries {
		if !keep[i] {
			continue
		}
		ix := e.index
		if ix.Name == "" || e.generated && keyNameTaken(ts.t, ix.Name) {
			first := ix.Parts[0].Column
			if first == "" {
				return r.errorf(e.off, "table %s: an expression index needs a name", ts.t.Name.Name)
			}
			ix.Name = indexName(ts.t, first)
		} else if keyNameTaken(ts.t, ix.Name) && !ts.implicit[strings.ToLower(ix.Name)] {
			return r.errorf(e.off, "table %s: duplicate key name %s", ts.t.Name.Name, ix.Name)
		}
		r.addIndex(ts, ix)
		if e.generated {
			ts.implicit[strings.ToLower(ix.Name)] = true
		}
	}
	return nil
}

// keyEntry is an index waiting for its name.
type keyEntry struct {
	index *schema.Index
	// generated marks the index a foreign key brings.
	generated bool
	off       int
}

// redundant reports whether generated entry i is served by the primary
// key, an index of the table, or another entry still kept (an identical
// generated entry only when it comes first).
func (r *reader) redundant(t *schema.Table, entries []keyEntry, keep []bool, i int) bool {
	cols := make([]string, len(entries[i].index.Parts))
	for k, p := range entries[i].index.Parts {
		cols[k] = p.Column
	}
	if served(t, cols) {
		return true
	}
	for j, o := range entries {
		if j == i || !startsWith(o.index, cols) {
			continue
		}
		if !o.generated || len(o.index.Parts) > len(cols) || j < i && keep[j] {
			return true
		}
	}
	return false
}

// columnKey adds PRIMARY KEY, UNIQUE or CHECK written on a column.
func (r *reader) columnKey(ts *tableState, k pendingKey) (*keyEntry, error) {
	switch k.opt.Tp {
	case ast.ColumnOptionPrimaryKey:
		return nil, r.setPrimaryKey(ts, []string{k.col}, k.off)
	case ast.ColumnOptionUniqKey:
		return &keyEntry{index: &schema.Index{Unique: true, Parts: []schema.IndexPart{{Column: k.col}}, Pos: r.at(k.off)}, off: k.off}, nil
	case ast.ColumnOptionCheck:
		return nil, r.addCheck(ts, k.opt.ConstraintName, k.col, k.opt.Expr, k.off)
	}
	return nil, nil
}

// setPrimaryKey sets the table's primary key and makes its columns NOT
// NULL, as the server does.
func (r *reader) setPrimaryKey(ts *tableState, cols []string, off int) error {
	t := ts.t
	if t.PrimaryKey != nil {
		return r.errorf(off, "table %s: multiple primary keys defined", t.Name.Name)
	}
	for i, name := range cols {
		c := column(t, name)
		if c == nil {
			return r.errorf(off, "table %s: primary key column %s does not exist", t.Name.Name, name)
		}
		c.NotNull = true
		cols[i] = c.Name
	}
	t.PrimaryKey = &schema.PrimaryKey{Name: primaryName, Columns: cols, Pos: r.at(off)}
	return nil
}

// constraint reads a table-level PRIMARY KEY, UNIQUE, INDEX, FULLTEXT,
// CHECK or FOREIGN KEY. Indexes are returned for addKeys to name and
// add; the rest is added at once.
func (r *reader) constraint(ts *tableState, c *ast.Constraint, off int) (*keyEntry, error) {
	t := ts.t
	switch c.Tp {
	case ast.ConstraintPrimaryKey:
		parts, err := r.parts(t, c.Keys, off)
		if err != nil {
			return nil, err
		}
		cols := make([]string, len(parts))
		for i, p := range parts {
			if p.Column == "" || p.Length != 0 || p.Desc {
				return nil, r.errorf(off, "table %s: primary key parts must be plain columns here", t.Name.Name)
			}
			cols[i] = p.Column
		}
		return nil, r.setPrimaryKey(ts, cols, off)
	case ast.ConstraintKey, ast.ConstraintIndex, ast.ConstraintUniq, ast.ConstraintUniqKey,
		ast.ConstraintUniqIndex, ast.ConstraintFulltext:
		parts, err := r.parts(t, c.Keys, off)
		if err != nil {
			return nil, err
		}
		ix := &schema.Index{Name: c.Name, Parts: parts, Pos: r.at(off)}
		switch c.Tp {
		case ast.ConstraintUniq, ast.ConstraintUniqKey, ast.ConstraintUniqIndex:
			ix.Unique = true
		case ast.ConstraintFulltext:
			ix.Method = "FULLTEXT"
		}
		return &keyEntry{index: ix, off: off}, nil
	case ast.ConstraintCheck:
		return nil, r.addCheck(ts, c.Name, "", c.Expr, off)
	case ast.ConstraintForeignKey:
		return r.foreignKey(ts, c, off)
	}
	return nil, r.errorf(off, "table %s: constraint kind not supported by the MySQL reader", t.Name.Name)
}

// addIndex adds an index; an index InnoDB created for a foreign key is
// dropped when the new index can serve that key instead.
func (r *reader) addIndex(ts *tableState, ix *schema.Index) {
	t := ts.t
	if old := index(t, ix.Name); old != nil && ts.implicit[strings.ToLower(ix.Name)] {
		r.removeIndex(ts, old.Name)
	}
	t.Indexes = append(t.Indexes, ix)
	for _, fk := range t.ForeignKeys {
		for _, other := range t.Indexes {
			if other != ix && ts.implicit[strings.ToLower(other.Name)] && startsWith(ix, fk.Columns) && startsWith(other, fk.Columns) {
				r.removeIndex(ts, other.Name)
				break
			}
		}
	}
}

// removeIndex drops an index by name.
func (r *reader) removeIndex(ts *tableState, name string) {
	t := ts.t
	for i, ix := range t.Indexes {
		if strings.EqualFold(ix.Name, name) {
			t.Indexes = append(t.Indexes[:i], t.Indexes[i+1:]...)
			delete(ts.implicit, strings.ToLower(name))
			return
		}
	}
}

// parts reads index key parts.
func (r *reader) parts(t *schema.Table, keys []*ast.IndexPartSpecification, off int) ([]schema.IndexPart, error) {
	out := make([]schema.IndexPart, 0, len(keys))
	for _, k := range keys {
		p := schema.IndexPart{Desc: k.Desc}
		if k.Expr != nil {
			e, err := r.names().Node(k.Expr)
			if err != nil {
				return nil, r.errorf(off, "table %s: index expression: %v", t.Name.Name, err)
			}
			p.Expr = e
		} else {
			c := column(t, k.Column.Name.O)
			if c == nil {
				return nil, r.errorf(off, "table %s: key column %s does not exist", t.Name.Name, k.Column.Name.O)
			}
			p.Column = c.Name
			if k.Length > 0 {
				p.Length = k.Length
			}
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, r.errorf(off, "table %s: a key needs at least one column", t.Name.Name)
	}
	return out, nil
}

// addCheck adds a CHECK constraint, named as the server names it when the
// source does not (column is the column it was written on, if any).
func (r *reader) addCheck(ts *tableState, name, col string, e ast.ExprNode, off int) error {
	t := ts.t
	expr, err := r.names().Node(e)
	if err != nil {
		return r.errorf(off, "table %s: check: %v", t.Name.Name, err)
	}
	if name == "" {
		// MariaDB numbers only table-level unnamed checks; MySQL numbers
		// every unnamed check.
		if col == "" || !r.d.MySQL.MariaDB {
			ts.checks++
		}
		name = r.d.MySQL.CheckName(t.Name.Name, ts.checks, col)
		for check(t, name) != nil {
			ts.checks++
			name = r.d.MySQL.CheckName(t.Name.Name, ts.checks, col)
			if col != "" && r.d.MySQL.MariaDB {
				return r.errorf(off, "table %s: duplicate check constraint name %s", t.Name.Name, name)
			}
		}
	} else if check(t, name) != nil {
		return r.errorf(off, "table %s: duplicate check constraint name %s", t.Name.Name, name)
	}
	t.Checks = append(t.Checks, &schema.Check{Name: name, Expr: expr, Pos: r.at(off)})
	return nil
}

func check(t *schema.Table, name string) *schema.Check {
	for _, c := range t.Checks {
		if strings.EqualFold(c.Name, name) {
			return c
		}
	}
	return nil
}
