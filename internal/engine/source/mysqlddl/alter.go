package mysqlddl

import (
	"slices"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// alterTable applies ALTER TABLE's specifications in order.
func (r *reader) alterTable(n *ast.AlterTableStmt) error {
	ts, err := r.table(n.Table.Name, n.Table.Schema, 0)
	if err != nil {
		return err
	}
	t := ts.t
	for _, sp := range n.Specs {
		switch sp.Tp {
		case ast.AlterTableOption:
			if err := r.tableOptions(ts, sp.Options); err != nil {
				return err
			}
		case ast.AlterTableAddColumns:
			if err := r.addColumns(ts, sp); err != nil {
				return err
			}
		case ast.AlterTableAddConstraint:
			if err := r.addKeys(ts, []pendingKey{{c: sp.Constraint}}); err != nil {
				return err
			}
		case ast.AlterTableDropColumn:
			if err := r.dropColumn(ts, sp.OldColumnName.Name.O, sp.IfExists); err != nil {
				return err
			}
		case ast.AlterTableDropPrimaryKey:
			t.PrimaryKey = nil
		case ast.AlterTableDropIndex:
			if index(t, sp.Name) == nil && !sp.IfExists {
				return r.errorf(0, "table %s: index %s does not exist", t.Name.Name, sp.Name)
			}
			r.removeIndex(ts, sp.Name)
		case ast.AlterTableDropForeignKey:
			t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(f *schema.ForeignKey) bool { return strings.EqualFold(f.Name, sp.Name) })
		case ast.AlterTableDropCheck:
			name := sp.Constraint.Name
			t.Checks = slices.DeleteFunc(t.Checks, func(c *schema.Check) bool { return strings.EqualFold(c.Name, name) })
		case ast.AlterTableModifyColumn, ast.AlterTableChangeColumn:
			if err := r.changeColumn(ts, sp); err != nil {
				return err
			}
		case ast.AlterTableRenameColumn:
			if err := r.renameColumn(ts, sp.OldColumnName.Name.O, sp.NewColumnName.Name.O); err != nil {
				return err
			}
		case ast.AlterTableRenameIndex:
			ix := index(t, sp.FromKey.O)
			if ix == nil {
				return r.errorf(0, "table %s: index %s does not exist", t.Name.Name, sp.FromKey.O)
			}
			delete(ts.implicit, strings.ToLower(ix.Name))
			ix.Name = sp.ToKey.O
		case ast.AlterTableRenameTable:
			if err := r.rename(ts, sp.NewTable.Name.O); err != nil {
				return err
			}
		case ast.AlterTableAlterColumn:
			if err := r.alterColumnDefault(ts, sp); err != nil {
				return err
			}
		case ast.AlterTableAlgorithm, ast.AlterTableLock, ast.AlterTableForce:
			// How the server runs the change, not what it changes.
		default:
			return r.errorf(0, "table %s: this ALTER TABLE action is not supported by the MySQL reader", t.Name.Name)
		}
	}
	return nil
}

// addColumns adds columns at their position (FIRST, AFTER x, or last).
func (r *reader) addColumns(ts *tableState, sp *ast.AlterTableSpec) error {
	t := ts.t
	for i, cd := range sp.NewColumns {
		if column(t, cd.Name.Name.O) != nil {
			if sp.IfNotExists {
				continue
			}
			return r.errorf(0, "table %s: column %s already exists", t.Name.Name, cd.Name.Name.O)
		}
		c, keys, err := r.column(ts, cd, 0)
		if err != nil {
			return err
		}
		at := len(t.Columns)
		if i == 0 && sp.Position != nil {
			if at, err = r.position(t, sp.Position); err != nil {
				return err
			}
		}
		t.Columns = slices.Insert(t.Columns, at, c)
		if err := r.addKeys(ts, keys); err != nil {
			return err
		}
	}
	for _, c := range sp.NewConstraints {
		if err := r.addKeys(ts, []pendingKey{{c: c}}); err != nil {
			return err
		}
	}
	return nil
}

// position is the index in t.Columns a FIRST / AFTER clause puts a column
// at.
func (r *reader) position(t *schema.Table, p *ast.ColumnPosition) (int, error) {
	switch p.Tp {
	case ast.ColumnPositionFirst:
		return 0, nil
	case ast.ColumnPositionAfter:
		for i, c := range t.Columns {
			if strings.EqualFold(c.Name, p.RelativeColumn.Name.O) {
				return i + 1, nil
			}
		}
		return 0, r.errorf(0, "table %s: column %s does not exist", t.Name.Name, p.RelativeColumn.Name.O)
	}
	return len(t.Columns), nil
}

// dropColumn removes a column and what only it made up: key parts
// (a key left without parts is dropped) and foreign keys on it.
func (r *reader) dropColumn(ts *tableState, name string, ifExists bool) error {
	t := ts.t
	i := slices.IndexFunc(t.Columns, func(c *schema.Column) bool { return strings.EqualFold(c.Name, name) })
	if i < 0 {
		if ifExists {
			return nil
		}
		return r.errorf(0, "table %s: column %s does not exist", t.Name.Name, name)
	}
	t.Columns = slices.Delete(t.Columns, i, i+1)
	for _, ix := range slices.Clone(t.Indexes) {
		ix.Parts = slices.DeleteFunc(ix.Parts, func(p schema.IndexPart) bool { return strings.EqualFold(p.Column, name) })
		if len(ix.Parts) == 0 {
			r.removeIndex(ts, ix.Name)
		}
	}
	if pk := t.PrimaryKey; pk != nil {
		pk.Columns = slices.DeleteFunc(pk.Columns, func(c string) bool { return strings.EqualFold(c, name) })
		if len(pk.Columns) == 0 {
			t.PrimaryKey = nil
		}
	}
	return nil
}

// changeColumn reads MODIFY and CHANGE: the column gets a new definition
// (and with CHANGE possibly a new name) at its place or a new position.
func (r *reader) changeColumn(ts *tableState, sp *ast.AlterTableSpec) error {
	t := ts.t
	if len(sp.NewColumns) != 1 {
		return r.errorf(0, "table %s: MODIFY/CHANGE takes one column", t.Name.Name)
	}
	oldName := sp.NewColumns[0].Name.Name.O
	if sp.OldColumnName != nil {
		oldName = sp.OldColumnName.Name.O
	}
	i := slices.IndexFunc(t.Columns, func(c *schema.Column) bool { return strings.EqualFold(c.Name, oldName) })
	if i < 0 {
		if sp.IfExists {
			return nil
		}
		return r.errorf(0, "table %s: column %s does not exist", t.Name.Name, oldName)
	}
	c, keys, err := r.column(ts, sp.NewColumns[0], 0)
	if err != nil {
		return err
	}
	if t.PrimaryKey != nil && slices.ContainsFunc(t.PrimaryKey.Columns, func(n string) bool { return strings.EqualFold(n, oldName) }) {
		c.NotNull = true
	}
	old := t.Columns[i]
	t.Columns[i] = c
	if !strings.EqualFold(old.Name, c.Name) || old.Name != c.Name {
		renameColumnRefs(t, old.Name, c.Name)
	}
	if sp.Position != nil && sp.Position.Tp != ast.ColumnPositionNone {
		t.Columns = slices.Delete(t.Columns, i, i+1)
		at, err := r.position(t, sp.Position)
		if err != nil {
			return err
		}
		t.Columns = slices.Insert(t.Columns, at, c)
	}
	return r.addKeys(ts, keys)
}

// renameColumn reads RENAME COLUMN a TO b.
func (r *reader) renameColumn(ts *tableState, from, to string) error {
	c := column(ts.t, from)
	if c == nil {
		return r.errorf(0, "table %s: column %s does not exist", ts.t.Name.Name, from)
	}
	old := c.Name
	c.Name = to
	renameColumnRefs(ts.t, old, to)
	return nil
}

// renameColumnRefs renames a column in the table's keys.
func renameColumnRefs(t *schema.Table, from, to string) {
	ren := func(s []string) {
		for i := range s {
			if strings.EqualFold(s[i], from) {
				s[i] = to
			}
		}
	}
	if t.PrimaryKey != nil {
		ren(t.PrimaryKey.Columns)
	}
	for _, ix := range t.Indexes {
		for i := range ix.Parts {
			if strings.EqualFold(ix.Parts[i].Column, from) {
				ix.Parts[i].Column = to
			}
		}
	}
	for _, fk := range t.ForeignKeys {
		ren(fk.Columns)
	}
}

// alterColumnDefault reads ALTER COLUMN c SET DEFAULT x / DROP DEFAULT.
func (r *reader) alterColumnDefault(ts *tableState, sp *ast.AlterTableSpec) error {
	if len(sp.NewColumns) != 1 {
		return r.errorf(0, "table %s: ALTER COLUMN takes one column", ts.t.Name.Name)
	}
	cd := sp.NewColumns[0]
	c := column(ts.t, cd.Name.Name.O)
	if c == nil {
		return r.errorf(0, "table %s: column %s does not exist", ts.t.Name.Name, cd.Name.Name.O)
	}
	c.Default = nil
	for _, o := range cd.Options {
		if o.Expr != nil {
			dv, err := r.columnDefault(o.Expr, c.Type.Norm)
			if err != nil {
				return r.errorf(0, "column %s: default: %v", c.Name, err)
			}
			c.Default = dv
		}
	}
	return nil
}

// rename renames a table, keeping its state.
func (r *reader) rename(ts *tableState, to string) error {
	if other := r.tables[strings.ToLower(to)]; other != nil && other != ts {
		return r.errorf(0, "table %s already exists", to)
	}
	delete(r.tables, strings.ToLower(ts.t.Name.Name))
	from := ts.t.Name.Name
	ts.t.Name = schema.QName{Name: to}
	r.tables[strings.ToLower(to)] = ts
	for _, other := range r.tables {
		for _, fk := range other.t.ForeignKeys {
			if strings.EqualFold(fk.RefTable.Name, from) {
				fk.RefTable.Name = to
			}
		}
	}
	return nil
}

// renameTable reads RENAME TABLE a TO b[, c TO d].
func (r *reader) renameTable(n *ast.RenameTableStmt) error {
	for _, tt := range n.TableToTables {
		ts, err := r.table(tt.OldTable.Name, tt.OldTable.Schema, 0)
		if err != nil {
			return err
		}
		if err := r.rename(ts, tt.NewTable.Name.O); err != nil {
			return err
		}
	}
	return nil
}

// createIndex reads CREATE [UNIQUE|FULLTEXT] INDEX.
func (r *reader) createIndex(n *ast.CreateIndexStmt) error {
	ts, err := r.table(n.Table.Name, n.Table.Schema, 0)
	if err != nil {
		return err
	}
	if n.IfNotExists && index(ts.t, n.IndexName) != nil {
		return nil
	}
	c := &ast.Constraint{Name: n.IndexName, Keys: n.IndexPartSpecifications, Tp: ast.ConstraintIndex}
	switch n.KeyType {
	case ast.IndexKeyTypeUnique:
		c.Tp = ast.ConstraintUniq
	case ast.IndexKeyTypeFulltext:
		c.Tp = ast.ConstraintFulltext
	case ast.IndexKeyTypeNone:
	default:
		return r.errorf(0, "CREATE INDEX %s: this index kind is not supported by the MySQL reader", n.IndexName)
	}
	return r.addKeys(ts, []pendingKey{{c: c}})
}

// dropIndex reads DROP INDEX x ON t.
func (r *reader) dropIndex(n *ast.DropIndexStmt) error {
	ts, err := r.table(n.Table.Name, n.Table.Schema, 0)
	if err != nil {
		return err
	}
	if strings.EqualFold(n.IndexName, primaryName) {
		ts.t.PrimaryKey = nil
		return nil
	}
	if index(ts.t, n.IndexName) == nil {
		if n.IfExists {
			return nil
		}
		return r.errorf(0, "index %s does not exist on %s", n.IndexName, ts.t.Name.Name)
	}
	r.removeIndex(ts, n.IndexName)
	return nil
}

// dropTable reads DROP TABLE [IF EXISTS] a, b.
func (r *reader) dropTable(n *ast.DropTableStmt) error {
	if n.IsView {
		for _, v := range n.Tables {
			r.s.Objects = slices.DeleteFunc(r.s.Objects, func(o *schema.Object) bool {
				return o.Kind == schema.ObjectView && strings.EqualFold(o.Name.Name, v.Name.O)
			})
		}
		return nil
	}
	for _, tn := range n.Tables {
		key := strings.ToLower(tn.Name.O)
		if r.tables[key] == nil {
			if n.IfExists {
				continue
			}
			return r.errorf(0, "table %s does not exist", tn.Name.O)
		}
		delete(r.tables, key)
	}
	return nil
}
