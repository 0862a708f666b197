package sqlalchemy

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// resolved is a table ready for DDL: its constraints in SQLAlchemy's
// creation order, with foreign key targets and column types resolved.
type resolvedFK struct {
	*fkDef
	refTable *tableDef
	refCols  []*colDef
}

// finalize resolves foreign key targets and types copied from them, and
// turns column flags into constraints and indexes.
func (mp *mapper) finalize() error {
	for _, t := range mp.tables {
		for _, col := range t.cols {
			for _, fk := range col.fks {
				fk.cols = []string{col.name}
				t.fks = append(t.fks, fk)
			}
		}
	}
	for _, t := range mp.tables {
		for _, fk := range t.fks {
			if err := mp.resolveFK(t, fk); err != nil {
				return err
			}
		}
	}
	for _, t := range mp.tables {
		for _, col := range t.cols {
			if err := mp.fkType(t, col, 0); err != nil {
				return err
			}
		}
		if t.pk != nil {
			for _, n := range t.pk.cols {
				for _, c := range t.cols {
					if c.name == n {
						c.pk = true
					}
				}
			}
		}
		for _, col := range t.cols {
			idx := col.index != nil && *col.index
			uq := col.unique != nil && *col.unique
			switch {
			case idx:
				t.indexes = append(t.indexes, &ixDef{cols: []string{col.name}, unique: uq, columnFlag: true, pos: col.pos})
			case uq:
				t.uniques = append(t.uniques, &uqDef{cols: []string{col.name}, pos: col.pos})
			}
		}
	}
	return nil
}

// resolveFK fills fk.refs from class attribute targets and checks the
// target table exists.
func (mp *mapper) resolveFK(t *tableDef, fk *fkDef) error {
	for i, r := range fk.refs {
		if r != "" {
			continue
		}
		rt, col, err := mp.refTable(resolve(fk.refMember[i]), fk.pos)
		if err != nil {
			return err
		}
		r = rt.name + "." + col.name
		if rt.schema != "" {
			r = rt.schema + "." + r
		}
		fk.refs[i] = r
	}
	for _, r := range fk.refs {
		if _, _, err := mp.target(r, fk.pos); err != nil {
			return err
		}
	}
	return nil
}

// target finds the table and column of "table.col" / "schema.table.col".
func (mp *mapper) target(ref string, pos schema.Pos) (*tableDef, *colDef, error) {
	i := strings.LastIndexByte(ref, '.')
	if i <= 0 {
		return nil, nil, schema.Errorf(pos, "foreign key target %q is not \"table.column\"", ref)
	}
	key, colName := ref[:i], ref[i+1:]
	for _, t := range mp.tables {
		if t.key() == key {
			for _, c := range t.cols {
				if c.key == colName || c.name == colName {
					return t, c, nil
				}
			}
			return nil, nil, schema.Errorf(pos, "foreign key target %q: table %s has no column %s", ref, key, colName)
		}
	}
	return nil, nil, schema.Errorf(pos, "foreign key target %q: no table %s in the scanned models", ref, key)
}

// key is the table's MetaData key: "schema.name" or "name".
func (t *tableDef) key() string {
	if t.schema != "" {
		return t.schema + "." + t.name
	}
	return t.name
}

// fkType gives a column without a type its foreign key target's type, as
// SQLAlchemy does.
func (mp *mapper) fkType(t *tableDef, col *colDef, depth int) error {
	if col.typ != nil {
		return nil
	}
	if depth > 20 || len(col.fks) == 0 {
		return schema.Errorf(col.pos, "column %s has no type", col.name)
	}
	rt, rc, err := mp.target(col.fks[0].refs[0], col.fks[0].pos)
	if err != nil {
		return err
	}
	if err := mp.fkType(rt, rc, depth+1); err != nil {
		return err
	}
	cp := *rc.typ
	col.typ = &cp
	return nil
}

// pkCols lists the primary key columns in table order (or the explicit
// PrimaryKeyConstraint's order).
func (t *tableDef) pkCols() []*colDef {
	var out []*colDef
	if t.pk != nil {
		for _, n := range t.pk.cols {
			for _, c := range t.cols {
				if c.name == n {
					out = append(out, c)
				}
			}
		}
		return out
	}
	for _, c := range t.cols {
		if c.pk {
			out = append(out, c)
		}
	}
	return out
}

// autoincColumn is SQLAlchemy's Table._autoincrement_column.
func (t *tableDef) autoincColumn(f family) (*colDef, error) {
	pk := t.pkCols()
	valid := func(c *colDef, explicit bool) (bool, error) {
		if !c.typ.forFamily(f).isIntegerType() {
			if explicit {
				return false, schema.Errorf(c.pos, "column %s: autoincrement=True needs an integer type", c.name)
			}
			return false, nil
		}
		if explicit {
			return true, nil
		}
		if c.pyDefault || c.serverDef != nil && c.identity == nil {
			return false, nil
		}
		if len(c.fks) > 0 && c.autoinc != "ignore_fk" {
			return false, nil
		}
		for _, fk := range t.fks {
			for _, n := range fk.cols {
				if n == c.name && c.autoinc != "ignore_fk" {
					return false, nil
				}
			}
		}
		return true, nil
	}
	if len(pk) == 1 {
		c := pk[0]
		switch c.autoinc {
		case "true":
			_, err := valid(c, true)
			return c, err
		case "auto", "ignore_fk":
			ok, err := valid(c, false)
			if ok {
				return c, err
			}
			return nil, err
		}
		return nil, nil
	}
	var found *colDef
	for _, c := range pk {
		if c.autoinc == "true" {
			if _, err := valid(c, true); err != nil {
				return nil, err
			}
			if found != nil {
				return nil, schema.Errorf(c.pos, "only one column may be marked autoincrement=True, found %s and %s", found.name, c.name)
			}
			found = c
		}
	}
	return found, nil
}

// notNull is the column's NOT NULL: explicit nullable=, else primary key
// columns are NOT NULL and others nullable.
func (c *colDef) notNull() bool {
	if c.pk {
		return true
	}
	if c.nullable != nil {
		return !*c.nullable
	}
	return false
}
