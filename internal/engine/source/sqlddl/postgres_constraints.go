package sqlddl

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/migrate-bot/migrate-bot/internal/engine/pgexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// addConstraints adds a statement's constraints to the table in the order
// PostgreSQL names them. inCreate drops a UNIQUE that repeats the primary
// key or an earlier UNIQUE on the same columns, as CREATE TABLE does.
func (r *pgReader) addConstraints(st stmt, t *pgTable, cons *tableConstraints, inCreate bool) error {
	for _, c := range cons.checks {
		if err := r.addCheck(st, t, c); err != nil {
			return err
		}
	}
	if cons.pkey != nil {
		if err := r.addPrimaryKey(st, t, cons.pkey); err != nil {
			return err
		}
	}
	for _, c := range cons.uniques {
		if inCreate && r.redundantUnique(t, c) {
			continue
		}
		if err := r.addUnique(st, t, c); err != nil {
			return err
		}
	}
	for _, c := range cons.fks {
		if err := r.addForeignKey(st, t, c); err != nil {
			return err
		}
	}
	return nil
}

func (r *pgReader) redundantUnique(t *pgTable, c *pg.Constraint) bool {
	if c.Conname != "" || len(c.Including) > 0 || c.Deferrable {
		return false
	}
	cols := strs(c.Keys)
	if pk := t.t.PrimaryKey; pk != nil && slices.Equal(pk.Columns, cols) {
		return true
	}
	for _, u := range t.t.Uniques {
		if slices.Equal(u.Columns, cols) && u.NullsNotDistinct == c.NullsNotDistinct && !u.Deferrable {
			return true
		}
	}
	return false
}

// checkColumns verifies that every key column exists.
func (r *pgReader) checkColumns(st stmt, t *pgTable, loc int32, cols []string) error {
	for _, c := range cols {
		if t.cols[c] == nil {
			return st.errorf(loc, "column %q named in key does not exist in table %s", c, t.t.Name)
		}
	}
	return nil
}

func (r *pgReader) addCheck(st stmt, t *pgTable, c *pg.Constraint) error {
	expr, err := pgexpr.DeparseNode(c.RawExpr, t.columnTypes())
	if err != nil {
		return st.errorf(c.Location, "CHECK: %v", err)
	}
	ns := t.t.Name.Schema
	name := c.Conname
	if name == "" {
		col := ""
		if cols := exprColumns(c.RawExpr); len(cols) == 1 {
			col = cols[0]
		}
		name = r.names.constraint(ns, t.t.Name.Name, col, "check")
	} else {
		if t.t.Check(name) != nil {
			return st.errorf(c.Location, "constraint %q for relation %s already exists", name, t.t.Name)
		}
		r.names.takeCon(ns, name)
	}
	t.t.Checks = append(t.t.Checks, &schema.Check{Name: name, Expr: expr, NoInherit: c.IsNoInherit, Pos: st.at(c.Location)})
	return nil
}

// indexKeys reads the columns of a PRIMARY KEY or UNIQUE constraint,
// which may take them from an existing index (USING INDEX).
func (r *pgReader) indexKeys(st stmt, t *pgTable, c *pg.Constraint) (cols []string, name string, err error) {
	if len(c.Including) > 0 {
		return nil, "", st.errorf(c.Location, "INCLUDE on a constraint is not supported; use CREATE UNIQUE INDEX ... INCLUDE")
	}
	if c.Indexname == "" {
		cols = strs(c.Keys)
		return cols, c.Conname, r.checkColumns(st, t, c.Location, cols)
	}
	for i, ix := range t.t.Indexes {
		if ix.Name != c.Indexname {
			continue
		}
		if !ix.Unique || ix.Where != "" || len(ix.Include) > 0 || ix.Method != "" {
			return nil, "", st.errorf(c.Location, "index %q cannot back a constraint", ix.Name)
		}
		for _, p := range ix.Parts {
			if p.Column == "" || p.Desc || p.NullsFirst || p.OpClass != "" || p.Collation != "" {
				return nil, "", st.errorf(c.Location, "index %q cannot back a constraint", ix.Name)
			}
			cols = append(cols, p.Column)
		}
		t.t.Indexes = slices.Delete(t.t.Indexes, i, i+1)
		name = c.Conname
		if name == "" {
			name = ix.Name
		}
		r.names.takeCon(t.t.Name.Schema, name)
		return cols, name, nil
	}
	return nil, "", st.errorf(c.Location, "index %q does not exist on table %s", c.Indexname, t.t.Name)
}

func (r *pgReader) addPrimaryKey(st stmt, t *pgTable, c *pg.Constraint) error {
	if t.t.PrimaryKey != nil {
		return st.errorf(c.Location, "multiple primary keys for table %s are not allowed", t.t.Name)
	}
	cols, name, err := r.indexKeys(st, t, c)
	if err != nil {
		return err
	}
	ns := t.t.Name.Schema
	if name == "" {
		name = r.names.relation(ns, t.t.Name.Name, "", "pkey", true)
	} else if c.Indexname == "" {
		r.names.takeRel(ns, name)
		r.names.takeCon(ns, name)
	}
	for _, col := range cols {
		t.cols[col].NotNull = true
	}
	t.t.PrimaryKey = &schema.PrimaryKey{Name: name, Columns: cols, Pos: st.at(c.Location)}
	return nil
}

func (r *pgReader) addUnique(st stmt, t *pgTable, c *pg.Constraint) error {
	cols, name, err := r.indexKeys(st, t, c)
	if err != nil {
		return err
	}
	ns := t.t.Name.Schema
	if name == "" {
		name = r.names.relation(ns, t.t.Name.Name, r.names.joinAddition(cols), "key", true)
	} else if c.Indexname == "" {
		r.names.takeRel(ns, name)
		r.names.takeCon(ns, name)
	}
	t.t.Uniques = append(t.t.Uniques, &schema.Unique{
		Name: name, Columns: cols, NullsNotDistinct: c.NullsNotDistinct,
		Deferrable: c.Deferrable, Deferred: c.Initdeferred, Pos: st.at(c.Location),
	})
	return nil
}

// fkActions maps the parser's action letters to canonical spellings; ""
// is NO ACTION.
var fkActions = map[string]string{
	"": "", "a": "", "r": schema.Restrict, "c": schema.Cascade, "n": schema.SetNull, "d": schema.SetDefault,
}

func (r *pgReader) addForeignKey(st stmt, t *pgTable, c *pg.Constraint) error {
	switch c.FkMatchtype {
	case "f":
		return st.errorf(c.Location, "MATCH FULL foreign keys are not supported")
	case "p":
		return st.errorf(c.Location, "MATCH PARTIAL foreign keys are not supported")
	}
	if len(c.FkDelSetCols) > 0 {
		return st.errorf(c.Location, "ON DELETE SET NULL/DEFAULT with a column list is not supported")
	}
	onDelete, ok1 := fkActions[c.FkDelAction]
	onUpdate, ok2 := fkActions[c.FkUpdAction]
	if !ok1 || !ok2 {
		return st.errorf(c.Location, "unknown referential action")
	}
	cols := strs(c.FkAttrs)
	if err := r.checkColumns(st, t, c.Location, cols); err != nil {
		return err
	}
	fk := &schema.ForeignKey{
		Name: c.Conname, Columns: cols, RefTable: r.qname(c.Pktable), RefColumns: strs(c.PkAttrs),
		OnDelete: onDelete, OnUpdate: onUpdate, Deferrable: c.Deferrable, Deferred: c.Initdeferred,
		Pos: st.at(c.Location),
	}
	ns := t.t.Name.Schema
	if fk.Name == "" {
		fk.Name = r.names.constraint(ns, t.t.Name.Name, r.names.joinAddition(cols), "fkey")
	} else {
		r.names.takeCon(ns, fk.Name)
	}
	if len(fk.RefColumns) == 0 {
		r.pendingFK = append(r.pendingFK, pendingFK{fk: fk, pos: fk.Pos})
	} else if len(fk.RefColumns) != len(fk.Columns) {
		return st.errorf(c.Location, "number of referencing and referenced columns for foreign key disagree")
	}
	t.t.ForeignKeys = append(t.t.ForeignKeys, fk)
	return nil
}
