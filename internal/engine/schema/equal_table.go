package schema

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// table compares two tables of the same name.
func (d *differ) table(p path, x, y *Table) {
	compareNamed(d, &p, "column", x.Columns, y.Columns, func(c *Column) string { return c.Name }, d.column)
	switch {
	case x.PrimaryKey == nil && y.PrimaryKey != nil:
		d.add(p, "primary key %s only in b", y.PrimaryKey.Name)
	case x.PrimaryKey != nil && y.PrimaryKey == nil:
		d.add(p, "primary key %s only in a", x.PrimaryKey.Name)
	case x.PrimaryKey != nil:
		if x.PrimaryKey.Name != y.PrimaryKey.Name {
			d.add(p, "primary key name %s != %s", x.PrimaryKey.Name, y.PrimaryKey.Name)
		}
		if !SamePrimaryKey(x.PrimaryKey, y.PrimaryKey) {
			d.add(p, "primary key columns (%s) != (%s)",
				strings.Join(x.PrimaryKey.Columns, ", "), strings.Join(y.PrimaryKey.Columns, ", "))
		}
	}
	compareNamed(d, &p, "unique", x.Uniques, y.Uniques, func(u *Unique) string {
		return keyOr(u.Name, func() string { return "(" + strings.Join(u.Columns, ", ") + ")" })
	}, func(q path, a, b *Unique) {
		if !SameUnique(a, b) {
			d.add(q, "definition %s != %s", uniqueDef(a), uniqueDef(b))
		}
	})
	compareNamed(d, &p, "index", x.Indexes, y.Indexes, func(i *Index) string {
		return keyOr(i.Name, func() string { return indexDef(i) })
	}, func(q path, a, b *Index) {
		if !SameIndex(a, b) {
			d.add(q, "definition %s != %s", indexDef(a), indexDef(b))
		}
	})
	compareNamed(d, &p, "foreign key", x.ForeignKeys, y.ForeignKeys, func(f *ForeignKey) string {
		return keyOr(f.Name, func() string { return foreignKeyDef(f) })
	}, func(q path, a, b *ForeignKey) {
		if !SameForeignKey(a, b) {
			d.add(q, "definition %s != %s", foreignKeyDef(a), foreignKeyDef(b))
		}
	})
	compareNamed(d, &p, "check", x.Checks, y.Checks, func(c *Check) string {
		return keyOr(c.Name, func() string { return "(" + c.Expr + ")" })
	}, func(q path, a, b *Check) {
		if !SameCheck(a, b) {
			d.add(q, "definition %s != %s", checkDef(a), checkDef(b))
		}
	})
	d.field(p, "comment", x.Comment, y.Comment)
	if len(x.Options) != 0 || len(y.Options) != 0 {
		if !maps.Equal(x.Options, y.Options) {
			d.add(p, "options %s != %s", options(x.Options), options(y.Options))
		}
	}
}

// keyOr is the matching key of a constraint or index: its name, or for an
// unnamed one a description of its definition.
func keyOr(name string, def func() string) string {
	if name != "" {
		return name
	}
	return "unnamed " + def()
}

// column compares two columns of the same name.
func (d *differ) column(p path, x, y *Column) {
	w := ColumnChanges(x, y)
	if w.Has(ChangeType) {
		if x.Type.Norm != y.Type.Norm {
			d.add(p, "type %s != %s", x.Type.Norm, y.Type.Norm)
		} else {
			d.add(p, "type reference %v != %v", refString(x.Type.Ref), refString(y.Type.Ref))
		}
	}
	if w.Has(ChangeNull) {
		d.add(p, "not null %t != %t", x.NotNull, y.NotNull)
	}
	if w.Has(ChangeDefault) {
		d.add(p, "default %s != %s", defaultString(x.Default), defaultString(y.Default))
	}
	if w.Has(ChangeIdentity) {
		d.add(p, "identity %s != %s", identityString(x.Identity), identityString(y.Identity))
	}
	if w.Has(ChangeGenerated) {
		d.add(p, "generated %s != %s", generatedString(x.Generated), generatedString(y.Generated))
	}
	if w.Has(ChangeCollation) {
		d.field(p, "collation", x.Collation, y.Collation)
	}
	if w.Has(ChangeComment) {
		d.field(p, "comment", x.Comment, y.Comment)
	}
	if w.Has(ChangeOnUpdate) {
		d.field(p, "on update", x.OnUpdate, y.OnUpdate)
	}
}

func refString(q *QName) string {
	if q == nil {
		return "none"
	}
	return q.String()
}

func defaultString(v *Default) string {
	if v == nil {
		return "none"
	}
	s := v.Kind.String() + " " + v.Expr
	if v.Sequence != nil {
		s += " (sequence " + v.Sequence.String() + ")"
	}
	return s
}

func identityString(v *Identity) string {
	if v == nil {
		return "none"
	}
	kind := "by default"
	if v.Always {
		kind = "always"
	}
	return fmt.Sprintf("%s start %d increment %d", kind, v.Start, v.Increment)
}

func generatedString(v *Generated) string {
	if v == nil {
		return "none"
	}
	if v.Stored {
		return "(" + v.Expr + ") stored"
	}
	return "(" + v.Expr + ") virtual"
}

func uniqueDef(u *Unique) string {
	s := "UNIQUE (" + strings.Join(u.Columns, ", ") + ")"
	if u.NullsNotDistinct {
		s += " NULLS NOT DISTINCT"
	}
	if u.Deferrable {
		s += " DEFERRABLE"
	}
	if u.Deferred {
		s += " INITIALLY DEFERRED"
	}
	return s
}

// indexDef renders an index's definition for messages.
func indexDef(i *Index) string {
	var b strings.Builder
	if i.Unique {
		b.WriteString("UNIQUE ")
	}
	if i.Method != "" {
		b.WriteString("USING " + i.Method + " ")
	}
	parts := make([]string, len(i.Parts))
	for k, part := range i.Parts {
		s := part.Column
		if part.Expr != "" {
			s = "(" + part.Expr + ")"
		}
		if part.Length != 0 {
			s += fmt.Sprintf("(%d)", part.Length)
		}
		if part.Collation != "" {
			s += " COLLATE " + part.Collation
		}
		if part.OpClass != "" {
			s += " " + part.OpClass
		}
		if part.Desc {
			s += " DESC"
		}
		if part.NullsFirst {
			s += " NULLS FIRST"
		}
		if part.NullsLast {
			s += " NULLS LAST"
		}
		parts[k] = s
	}
	b.WriteString("(" + strings.Join(parts, ", ") + ")")
	if len(i.Include) != 0 {
		b.WriteString(" INCLUDE (" + strings.Join(i.Include, ", ") + ")")
	}
	if i.NullsNotDistinct {
		b.WriteString(" NULLS NOT DISTINCT")
	}
	if i.Where != "" {
		b.WriteString(" WHERE " + i.Where)
	}
	return b.String()
}

// foreignKeyDef renders a foreign key's definition for messages.
func foreignKeyDef(f *ForeignKey) string {
	s := fmt.Sprintf("(%s) REFERENCES %s (%s)", strings.Join(f.Columns, ", "), f.RefTable, strings.Join(f.RefColumns, ", "))
	if a := canonicalAction(f.OnDelete); a != "" {
		s += " ON DELETE " + a
	}
	if a := canonicalAction(f.OnUpdate); a != "" {
		s += " ON UPDATE " + a
	}
	if f.Deferrable {
		s += " DEFERRABLE"
	}
	if f.Deferred {
		s += " INITIALLY DEFERRED"
	}
	return s
}

func checkDef(c *Check) string {
	s := "CHECK (" + c.Expr + ")"
	if c.NoInherit {
		s += " NO INHERIT"
	}
	return s
}

func options(m map[string]string) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, " ")
}
