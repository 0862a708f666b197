package schema

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// applyTable applies the table changes.
func (a *applier) applyTable(c Change) error {
	switch c := c.(type) {
	case *AddTable:
		if c.Table == nil {
			return errors.New("no table")
		}
		if a.table(c.Table.Name) != nil {
			return fmt.Errorf("table %s already exists", c.Table.Name)
		}
		t := c.Table.Clone()
		a.s.Tables = append(a.s.Tables, t)
		a.tables[t.Name] = t
	case *DropTable:
		if c.Table == nil {
			return errors.New("no table")
		}
		t, err := a.mustTable(c.Table.Name)
		if err != nil {
			return err
		}
		a.s.Tables = slices.DeleteFunc(a.s.Tables, func(x *Table) bool { return x == t })
		delete(a.tables, t.Name)
		// Triggers live and die with their table.
		a.s.Objects = slices.DeleteFunc(a.s.Objects, func(o *Object) bool {
			return o.Kind == ObjectTrigger && o.Table != nil && *o.Table == t.Name
		})
	case *RenameTable:
		return a.renameTable(c.From, c.To)
	case *SetTableComment:
		t, err := a.mustTable(c.Table)
		if err != nil {
			return err
		}
		t.Comment = c.To
	case *SetTableOptions:
		t, err := a.mustTable(c.Table)
		if err != nil {
			return err
		}
		t.Options = maps.Clone(c.To)
		if len(t.Options) == 0 {
			t.Options = nil
		}
	}
	return nil
}

// renameTable renames a table and every reference to it: foreign keys of
// other tables, triggers, objects' dependencies and sequence owners.
func (a *applier) renameTable(from, to QName) error {
	t, err := a.mustTable(from)
	if err != nil {
		return err
	}
	if from == to {
		return fmt.Errorf("rename table %s to itself", from)
	}
	if a.table(to) != nil {
		return fmt.Errorf("table %s already exists", to)
	}
	t.Name = to
	delete(a.tables, from)
	a.tables[to] = t
	for _, x := range a.s.Tables {
		for _, f := range x.ForeignKeys {
			if f.RefTable == from {
				f.RefTable = to
			}
		}
	}
	for _, o := range a.s.Objects {
		if o.Table != nil && *o.Table == from {
			o.Table = &QName{Schema: to.Schema, Name: to.Name}
		}
		for i, d := range o.DependsOn {
			if d == from {
				o.DependsOn[i] = to
			}
		}
	}
	for _, q := range a.s.Sequences {
		q.OwnedBy = renameOwnerTable(q.OwnedBy, from, to)
	}
	return nil
}

// renameOwnerTable rewrites a sequence's OwnedBy ("table.column" or
// "schema.table.column") after a table rename.
func renameOwnerTable(owner string, from, to QName) string {
	if p := from.String() + "."; from.Schema != "" && strings.HasPrefix(owner, p) {
		return to.String() + "." + owner[len(p):]
	}
	if p := from.Name + "."; strings.HasPrefix(owner, p) && strings.Count(owner, ".") == 1 {
		return to.Name + "." + owner[len(p):]
	}
	return owner
}

// ownerMatches reports whether OwnedBy names column col of table t.
func ownerMatches(owner string, t QName, col string) bool {
	return owner == t.Name+"."+col || t.Schema != "" && owner == t.String()+"."+col
}

// applyColumn applies the column changes.
func (a *applier) applyColumn(c Change) error {
	switch c := c.(type) {
	case *AddColumn:
		if c.Column == nil {
			return errors.New("no column")
		}
		t, err := a.mustTable(c.Table)
		if err != nil {
			return err
		}
		if t.Column(c.Column.Name) != nil {
			return fmt.Errorf("table %s: column %s already exists", t.Name, c.Column.Name)
		}
		t.Columns = append(t.Columns, c.Column.Clone())
	case *DropColumn:
		if c.Column == nil {
			return errors.New("no column")
		}
		t, err := a.mustTable(c.Table)
		if err != nil {
			return err
		}
		return dropColumn(t, c.Column.Name)
	case *RenameColumn:
		return a.renameColumn(c.Table, c.From, c.To)
	case *AlterColumn:
		if c.From == nil || c.To == nil {
			return errors.New("alter column needs From and To")
		}
		t, err := a.mustTable(c.Table)
		if err != nil {
			return err
		}
		if c.From.Name != c.To.Name {
			return fmt.Errorf("table %s: alter column %s into %s: use RenameColumn to rename", t.Name, c.From.Name, c.To.Name)
		}
		i := slices.IndexFunc(t.Columns, func(x *Column) bool { return x.Name == c.From.Name })
		if i < 0 {
			return fmt.Errorf("table %s: column %s does not exist", t.Name, c.From.Name)
		}
		t.Columns[i] = c.To.Clone()
	}
	return nil
}

// dropColumn removes a column with the indexes and constraints of its
// table that involve it, as PostgreSQL's ALTER TABLE DROP COLUMN does.
func dropColumn(t *Table, name string) error {
	i := slices.IndexFunc(t.Columns, func(x *Column) bool { return x.Name == name })
	if i < 0 {
		return fmt.Errorf("table %s: column %s does not exist", t.Name, name)
	}
	t.Columns = slices.Delete(t.Columns, i, i+1)
	if t.PrimaryKey != nil && slices.Contains(t.PrimaryKey.Columns, name) {
		t.PrimaryKey = nil
	}
	t.Uniques = slices.DeleteFunc(t.Uniques, func(u *Unique) bool { return slices.Contains(u.Columns, name) })
	t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(f *ForeignKey) bool { return slices.Contains(f.Columns, name) })
	t.Checks = slices.DeleteFunc(t.Checks, func(c *Check) bool { return exprUsesColumn(c.Expr, name) })
	t.Indexes = slices.DeleteFunc(t.Indexes, func(x *Index) bool {
		if slices.Contains(x.Include, name) || exprUsesColumn(x.Where, name) {
			return true
		}
		return slices.ContainsFunc(x.Parts, func(p IndexPart) bool {
			return p.Column == name || exprUsesColumn(p.Expr, name)
		})
	})
	return nil
}

// renameColumn renames a column of table tn and every reference to it: the
// table's keys, indexes, checks and generated expressions, foreign keys of
// any table that reference it, and sequence owners.
func (a *applier) renameColumn(tn QName, from, to string) error {
	t, err := a.mustTable(tn)
	if err != nil {
		return err
	}
	col := t.Column(from)
	if col == nil {
		return fmt.Errorf("table %s: column %s does not exist", t.Name, from)
	}
	if from == to {
		return fmt.Errorf("table %s: rename column %s to itself", t.Name, from)
	}
	if t.Column(to) != nil {
		return fmt.Errorf("table %s: column %s already exists", t.Name, to)
	}
	col.Name = to
	rename := func(names []string) {
		for i, n := range names {
			if n == from {
				names[i] = to
			}
		}
	}
	for _, c := range t.Columns {
		if c.Generated != nil {
			c.Generated.Expr = renameColumnInExpr(c.Generated.Expr, from, to)
		}
	}
	if t.PrimaryKey != nil {
		rename(t.PrimaryKey.Columns)
	}
	for _, u := range t.Uniques {
		rename(u.Columns)
	}
	for _, x := range t.Indexes {
		for i := range x.Parts {
			if x.Parts[i].Column == from {
				x.Parts[i].Column = to
			}
			x.Parts[i].Expr = renameColumnInExpr(x.Parts[i].Expr, from, to)
		}
		rename(x.Include)
		x.Where = renameColumnInExpr(x.Where, from, to)
	}
	for _, f := range t.ForeignKeys {
		rename(f.Columns)
	}
	for _, c := range t.Checks {
		c.Expr = renameColumnInExpr(c.Expr, from, to)
	}
	for _, x := range a.s.Tables {
		for _, f := range x.ForeignKeys {
			if f.RefTable == t.Name {
				rename(f.RefColumns)
			}
		}
	}
	for _, q := range a.s.Sequences {
		if ownerMatches(q.OwnedBy, t.Name, from) {
			q.OwnedBy = strings.TrimSuffix(q.OwnedBy, from) + to
		}
	}
	return nil
}
