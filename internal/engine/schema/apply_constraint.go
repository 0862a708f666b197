package schema

import (
	"errors"
	"fmt"
	"slices"
)

// constraintNameUsed reports whether a table has a primary key, unique,
// foreign key or check constraint called name. Constraint names are unique
// per table; unnamed constraints (SQLite) never collide.
func constraintNameUsed(t *Table, name string) bool {
	if name == "" {
		return false
	}
	return t.PrimaryKey != nil && t.PrimaryKey.Name == name ||
		t.Unique(name) != nil || t.ForeignKey(name) != nil || t.Check(name) != nil
}

// indexNameUsed reports whether name is taken by an index of the table or
// by the index backing its primary key or a unique constraint.
func indexNameUsed(t *Table, name string) bool {
	if name == "" {
		return false
	}
	return t.Index(name) != nil || t.Unique(name) != nil || t.PrimaryKey != nil && t.PrimaryKey.Name == name
}

// findNamed returns the index in list of the element matching want: by
// name, or for an unnamed one, by definition.
func findNamed[T any](list []*T, want *T, name func(*T) string, same func(a, b *T) bool) int {
	if n := name(want); n != "" {
		return slices.IndexFunc(list, func(x *T) bool { return name(x) == n })
	}
	return slices.IndexFunc(list, func(x *T) bool { return name(x) == "" && same(x, want) })
}

func uniqueName(u *Unique) string         { return u.Name }
func indexName(i *Index) string           { return i.Name }
func foreignKeyName(f *ForeignKey) string { return f.Name }
func checkName(c *Check) string           { return c.Name }

// applyConstraint applies the primary key, unique, check and foreign key
// changes, and RenameConstraint.
func (a *applier) applyConstraint(c Change) error {
	var tn QName
	switch c := c.(type) {
	case *AddPrimaryKey:
		tn = c.Table
	case *DropPrimaryKey:
		tn = c.Table
	case *AddUnique:
		tn = c.Table
	case *DropUnique:
		tn = c.Table
	case *AddCheck:
		tn = c.Table
	case *DropCheck:
		tn = c.Table
	case *AddForeignKey:
		tn = c.Table
	case *DropForeignKey:
		tn = c.Table
	case *RenameConstraint:
		tn = c.Table
	}
	t, err := a.mustTable(tn)
	if err != nil {
		return err
	}
	switch c := c.(type) {
	case *AddPrimaryKey:
		if c.PrimaryKey == nil {
			return errors.New("no primary key")
		}
		if t.PrimaryKey != nil {
			return fmt.Errorf("table %s already has primary key %s", t.Name, t.PrimaryKey.Name)
		}
		if indexNameUsed(t, c.PrimaryKey.Name) || constraintNameUsed(t, c.PrimaryKey.Name) {
			return fmt.Errorf("table %s: name %s is already used", t.Name, c.PrimaryKey.Name)
		}
		pk := *c.PrimaryKey
		pk.Columns = slices.Clone(pk.Columns)
		t.PrimaryKey = &pk
	case *DropPrimaryKey:
		if t.PrimaryKey == nil {
			return fmt.Errorf("table %s has no primary key", t.Name)
		}
		if c.PrimaryKey != nil && c.PrimaryKey.Name != "" && t.PrimaryKey.Name != "" && c.PrimaryKey.Name != t.PrimaryKey.Name {
			return fmt.Errorf("table %s: primary key is %s, not %s", t.Name, t.PrimaryKey.Name, c.PrimaryKey.Name)
		}
		t.PrimaryKey = nil
	case *AddUnique:
		if c.Unique == nil {
			return errors.New("no unique constraint")
		}
		if indexNameUsed(t, c.Unique.Name) || constraintNameUsed(t, c.Unique.Name) {
			return fmt.Errorf("table %s: name %s is already used", t.Name, c.Unique.Name)
		}
		u := *c.Unique
		u.Columns = slices.Clone(u.Columns)
		t.Uniques = append(t.Uniques, &u)
	case *DropUnique:
		if c.Unique == nil {
			return errors.New("no unique constraint")
		}
		i := findNamed(t.Uniques, c.Unique, uniqueName, SameUnique)
		if i < 0 {
			return fmt.Errorf("table %s: unique constraint %s does not exist", t.Name, c.Unique.Name)
		}
		t.Uniques = slices.Delete(t.Uniques, i, i+1)
	case *AddCheck:
		if c.Check == nil {
			return errors.New("no check constraint")
		}
		if constraintNameUsed(t, c.Check.Name) {
			return fmt.Errorf("table %s: constraint %s already exists", t.Name, c.Check.Name)
		}
		v := *c.Check
		t.Checks = append(t.Checks, &v)
	case *DropCheck:
		if c.Check == nil {
			return errors.New("no check constraint")
		}
		i := findNamed(t.Checks, c.Check, checkName, SameCheck)
		if i < 0 {
			return fmt.Errorf("table %s: check constraint %s does not exist", t.Name, c.Check.Name)
		}
		t.Checks = slices.Delete(t.Checks, i, i+1)
	case *AddForeignKey:
		if c.ForeignKey == nil {
			return errors.New("no foreign key")
		}
		if constraintNameUsed(t, c.ForeignKey.Name) {
			return fmt.Errorf("table %s: constraint %s already exists", t.Name, c.ForeignKey.Name)
		}
		f := *c.ForeignKey
		f.Columns = slices.Clone(f.Columns)
		f.RefColumns = slices.Clone(f.RefColumns)
		t.ForeignKeys = append(t.ForeignKeys, &f)
	case *DropForeignKey:
		if c.ForeignKey == nil {
			return errors.New("no foreign key")
		}
		i := findNamed(t.ForeignKeys, c.ForeignKey, foreignKeyName, SameForeignKey)
		if i < 0 {
			return fmt.Errorf("table %s: foreign key %s does not exist", t.Name, c.ForeignKey.Name)
		}
		t.ForeignKeys = slices.Delete(t.ForeignKeys, i, i+1)
	case *RenameConstraint:
		return renameConstraint(t, c.From, c.To)
	}
	return nil
}

// renameConstraint renames a primary key, unique, foreign key or check
// constraint. Renaming a primary key or unique constraint also renames its
// backing index, so the new name must be free among indexes too.
func renameConstraint(t *Table, from, to string) error {
	if from == "" || to == "" || from == to {
		return fmt.Errorf("table %s: cannot rename constraint %q to %q", t.Name, from, to)
	}
	if constraintNameUsed(t, to) {
		return fmt.Errorf("table %s: constraint %s already exists", t.Name, to)
	}
	switch {
	case t.PrimaryKey != nil && t.PrimaryKey.Name == from:
		if indexNameUsed(t, to) {
			return fmt.Errorf("table %s: index %s already exists", t.Name, to)
		}
		t.PrimaryKey.Name = to
	case t.Unique(from) != nil:
		if indexNameUsed(t, to) {
			return fmt.Errorf("table %s: index %s already exists", t.Name, to)
		}
		t.Unique(from).Name = to
	case t.ForeignKey(from) != nil:
		t.ForeignKey(from).Name = to
	case t.Check(from) != nil:
		t.Check(from).Name = to
	default:
		return fmt.Errorf("table %s: constraint %s does not exist", t.Name, from)
	}
	return nil
}

// applyIndex applies the index changes.
func (a *applier) applyIndex(c Change) error {
	switch c := c.(type) {
	case *AddIndex:
		if c.Index == nil {
			return errors.New("no index")
		}
		t, err := a.mustTable(c.Table)
		if err != nil {
			return err
		}
		if indexNameUsed(t, c.Index.Name) {
			return fmt.Errorf("table %s: index %s already exists", t.Name, c.Index.Name)
		}
		t.Indexes = append(t.Indexes, c.Index.Clone())
	case *DropIndex:
		if c.Index == nil {
			return errors.New("no index")
		}
		t, err := a.mustTable(c.Table)
		if err != nil {
			return err
		}
		i := findNamed(t.Indexes, c.Index, indexName, SameIndex)
		if i < 0 {
			return fmt.Errorf("table %s: index %s does not exist", t.Name, c.Index.Name)
		}
		t.Indexes = slices.Delete(t.Indexes, i, i+1)
	case *RenameIndex:
		t, err := a.mustTable(c.Table)
		if err != nil {
			return err
		}
		x := t.Index(c.From)
		if x == nil || c.From == "" {
			return fmt.Errorf("table %s: index %s does not exist", t.Name, c.From)
		}
		if c.To == "" || indexNameUsed(t, c.To) {
			return fmt.Errorf("table %s: cannot rename index %s to %q: name in use", t.Name, c.From, c.To)
		}
		x.Name = c.To
	}
	return nil
}
