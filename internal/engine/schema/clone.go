package schema

import (
	"maps"
	"slices"
)

// Clone returns a deep copy of the schema: changing the copy never changes
// the original.
func (s *Schema) Clone() *Schema {
	if s == nil {
		return nil
	}
	c := &Schema{Dialect: s.Dialect}
	for _, n := range s.Namespaces {
		v := *n
		c.Namespaces = append(c.Namespaces, &v)
	}
	for _, e := range s.Extensions {
		v := *e
		c.Extensions = append(c.Extensions, &v)
	}
	for _, e := range s.Enums {
		c.Enums = append(c.Enums, e.Clone())
	}
	for _, q := range s.Sequences {
		v := *q
		c.Sequences = append(c.Sequences, &v)
	}
	for _, t := range s.Tables {
		c.Tables = append(c.Tables, t.Clone())
	}
	for _, o := range s.Objects {
		c.Objects = append(c.Objects, o.Clone())
	}
	return c
}

// Clone returns a deep copy of the enum.
func (e *Enum) Clone() *Enum {
	v := *e
	v.Values = slices.Clone(e.Values)
	return &v
}

// Clone returns a deep copy of the object.
func (o *Object) Clone() *Object {
	v := *o
	if o.Table != nil {
		t := *o.Table
		v.Table = &t
	}
	v.DependsOn = slices.Clone(o.DependsOn)
	return &v
}

// Clone returns a deep copy of the table.
func (t *Table) Clone() *Table {
	v := *t
	v.Columns = make([]*Column, len(t.Columns))
	for i, c := range t.Columns {
		v.Columns[i] = c.Clone()
	}
	if t.PrimaryKey != nil {
		pk := *t.PrimaryKey
		pk.Columns = slices.Clone(pk.Columns)
		v.PrimaryKey = &pk
	}
	v.Uniques = nil
	for _, u := range t.Uniques {
		w := *u
		w.Columns = slices.Clone(u.Columns)
		v.Uniques = append(v.Uniques, &w)
	}
	v.Indexes = nil
	for _, i := range t.Indexes {
		v.Indexes = append(v.Indexes, i.Clone())
	}
	v.ForeignKeys = nil
	for _, f := range t.ForeignKeys {
		w := *f
		w.Columns = slices.Clone(f.Columns)
		w.RefColumns = slices.Clone(f.RefColumns)
		v.ForeignKeys = append(v.ForeignKeys, &w)
	}
	v.Checks = nil
	for _, c := range t.Checks {
		w := *c
		v.Checks = append(v.Checks, &w)
	}
	if t.Options != nil {
		v.Options = maps.Clone(t.Options)
	}
	return &v
}

// Clone returns a deep copy of the index.
func (i *Index) Clone() *Index {
	v := *i
	v.Parts = slices.Clone(i.Parts)
	v.Include = slices.Clone(i.Include)
	return &v
}

// Clone returns a deep copy of the column.
func (c *Column) Clone() *Column {
	v := *c
	if c.Type.Ref != nil {
		r := *c.Type.Ref
		v.Type.Ref = &r
	}
	if c.Default != nil {
		d := *c.Default
		if d.Sequence != nil {
			q := *d.Sequence
			d.Sequence = &q
		}
		v.Default = &d
	}
	if c.Identity != nil {
		id := *c.Identity
		v.Identity = &id
	}
	if c.Generated != nil {
		g := *c.Generated
		v.Generated = &g
	}
	return &v
}
