package schema

import (
	"slices"
	"strings"
)

// Normalize puts the schema in canonical order so that two equal schemas
// compare equal whatever their source: namespaces, extensions, enums,
// sequences, tables and objects by name; a table's indexes, unique, foreign
// key and check constraints by name. Column order is kept (it is the order
// a CREATE TABLE writes) and enum value order is kept (it is meaningful).
// Referential actions are spelled canonically ("" for NO ACTION).
// Normalize returns s for chaining.
func (s *Schema) Normalize() *Schema {
	slices.SortFunc(s.Namespaces, func(a, b *Namespace) int { return strings.Compare(a.Name, b.Name) })
	slices.SortFunc(s.Extensions, func(a, b *Extension) int { return strings.Compare(a.Name, b.Name) })
	slices.SortFunc(s.Enums, func(a, b *Enum) int { return compareQName(a.Name, b.Name) })
	slices.SortFunc(s.Sequences, func(a, b *Sequence) int { return compareQName(a.Name, b.Name) })
	slices.SortFunc(s.Tables, func(a, b *Table) int { return compareQName(a.Name, b.Name) })
	slices.SortFunc(s.Objects, func(a, b *Object) int { return strings.Compare(a.Key(), b.Key()) })
	for _, t := range s.Tables {
		t.Normalize()
	}
	return s
}

// Normalize sorts the table's indexes and constraints by name and spells
// referential actions canonically.
func (t *Table) Normalize() {
	slices.SortFunc(t.Uniques, func(a, b *Unique) int { return strings.Compare(a.Name, b.Name) })
	slices.SortFunc(t.Indexes, func(a, b *Index) int { return strings.Compare(a.Name, b.Name) })
	slices.SortFunc(t.ForeignKeys, func(a, b *ForeignKey) int { return strings.Compare(a.Name, b.Name) })
	slices.SortFunc(t.Checks, func(a, b *Check) int { return strings.Compare(a.Name, b.Name) })
	for _, f := range t.ForeignKeys {
		f.OnDelete = canonicalAction(f.OnDelete)
		f.OnUpdate = canonicalAction(f.OnUpdate)
	}
	if len(t.Options) == 0 {
		t.Options = nil
	}
}

func canonicalAction(a string) string {
	a = strings.ToUpper(strings.Join(strings.Fields(a), " "))
	if a == NoAction {
		return ""
	}
	return a
}

func compareQName(a, b QName) int {
	if c := strings.Compare(a.Schema, b.Schema); c != 0 {
		return c
	}
	return strings.Compare(a.Name, b.Name)
}
