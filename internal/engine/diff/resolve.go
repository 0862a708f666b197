package diff

import (
	"fmt"
	"slices"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// resolveRenames turns the confirmed renames and the target's rename hints
// into RenameEnum, RenameTable and RenameColumn changes, in that order. A
// confirmed rename that does not fit the schemas is an error; a hint that
// does not fit (the old name is gone, or the new one already exists) is
// ignored, since the hint may describe a rename already made.
func (d *differ) resolveRenames() ([]schema.Change, error) {
	if !d.anyRenames() {
		return nil, nil
	}
	var out []schema.Change
	enums, err := d.resolveEnumRenames()
	if err != nil {
		return nil, err
	}
	tables, tableOf, err := d.resolveTableRenames()
	if err != nil {
		return nil, err
	}
	columns, err := d.resolveColumnRenames(tableOf)
	if err != nil {
		return nil, err
	}
	out = append(out, enums...)
	out = append(out, tables...)
	return append(out, columns...), nil
}

// anyRenames reports whether there is a rename to resolve: a confirmed
// one or a hint. It allocates nothing, so schemas without renames cost one
// scan.
func (d *differ) anyRenames() bool {
	if len(d.opts.Renames) > 0 {
		return true
	}
	for _, e := range d.to.Enums {
		if e.RenamedFrom != "" {
			return true
		}
	}
	for _, t := range d.to.Tables {
		if t.RenamedFrom != "" {
			return true
		}
		for _, c := range t.Columns {
			if c.RenamedFrom != "" {
				return true
			}
		}
	}
	return false
}

// qualifiedHint reads a RenamedFrom hint: a name in the namespace of the
// renamed object.
func qualifiedHint(ns, hint string) schema.QName { return schema.QName{Schema: ns, Name: hint} }

func (d *differ) resolveEnumRenames() ([]schema.Change, error) {
	fromEnums := make(map[schema.QName]bool, len(d.from.Enums))
	for _, e := range d.from.Enums {
		fromEnums[e.Name] = true
	}
	toEnums := make(map[schema.QName]bool, len(d.to.Enums))
	for _, e := range d.to.Enums {
		toEnums[e.Name] = true
	}
	claimed := map[schema.QName]bool{}
	var out []schema.Change
	fits := func(old, new schema.QName) string {
		switch {
		case !fromEnums[old]:
			return fmt.Sprintf("no enum %s in the source schema", old)
		case !toEnums[new]:
			return fmt.Sprintf("no enum %s in the target schema", new)
		case fromEnums[new]:
			return fmt.Sprintf("enum %s already exists in the source schema", new)
		case toEnums[old]:
			return fmt.Sprintf("enum %s still exists in the target schema", old)
		case claimed[old]:
			return fmt.Sprintf("enum %s is renamed twice", old)
		}
		return ""
	}
	for _, r := range d.opts.Renames {
		if r.Kind != RenameEnum {
			continue
		}
		old, new := schema.QName{Schema: r.Table.Schema, Name: r.From}, schema.QName{Schema: r.Table.Schema, Name: r.To}
		if why := fits(old, new); why != "" {
			return nil, fmt.Errorf("diff: rename %s: %s", r, why)
		}
		claimed[old] = true
		out = append(out, &schema.RenameEnum{From: old, To: new})
	}
	for _, e := range sortedBy(d.to.Enums, func(e *schema.Enum) schema.QName { return e.Name }) {
		if e.RenamedFrom == "" || slices.ContainsFunc(out, func(c schema.Change) bool { return c.(*schema.RenameEnum).To == e.Name }) {
			continue
		}
		old := qualifiedHint(e.Name.Schema, e.RenamedFrom)
		if fits(old, e.Name) == "" {
			claimed[old] = true
			out = append(out, &schema.RenameEnum{From: old, To: e.Name})
		}
	}
	return out, nil
}

// resolveTableRenames returns the table renames and a map from each
// target table name to its source table name (for renamed tables only).
func (d *differ) resolveTableRenames() ([]schema.Change, map[schema.QName]schema.QName, error) {
	fromTables := make(map[schema.QName]bool, len(d.from.Tables))
	for _, t := range d.from.Tables {
		fromTables[t.Name] = true
	}
	toTables := make(map[schema.QName]bool, len(d.to.Tables))
	for _, t := range d.to.Tables {
		toTables[t.Name] = true
	}
	tableOf := map[schema.QName]schema.QName{}
	claimed := map[schema.QName]bool{}
	var out []schema.Change
	fits := func(old, new schema.QName) string {
		switch {
		case !fromTables[old]:
			return fmt.Sprintf("no table %s in the source schema", old)
		case !toTables[new]:
			return fmt.Sprintf("no table %s in the target schema", new)
		case fromTables[new]:
			return fmt.Sprintf("table %s already exists in the source schema", new)
		case toTables[old]:
			return fmt.Sprintf("table %s still exists in the target schema", old)
		case claimed[old]:
			return fmt.Sprintf("table %s is renamed twice", old)
		}
		if _, ok := tableOf[new]; ok {
			return fmt.Sprintf("table %s is the target of two renames", new)
		}
		return ""
	}
	add := func(old, new schema.QName) {
		claimed[old] = true
		tableOf[new] = old
		out = append(out, &schema.RenameTable{From: old, To: new})
	}
	for _, r := range d.opts.Renames {
		if r.Kind != RenameTable {
			continue
		}
		old, new := schema.QName{Schema: r.Table.Schema, Name: r.From}, schema.QName{Schema: r.Table.Schema, Name: r.To}
		if why := fits(old, new); why != "" {
			return nil, nil, fmt.Errorf("diff: rename %s: %s", r, why)
		}
		add(old, new)
	}
	for _, t := range d.sortedToTables() {
		if t.RenamedFrom == "" {
			continue
		}
		if _, done := tableOf[t.Name]; done {
			continue
		}
		if old := qualifiedHint(t.Name.Schema, t.RenamedFrom); fits(old, t.Name) == "" {
			add(old, t.Name)
		}
	}
	return out, tableOf, nil
}

func (d *differ) resolveColumnRenames(tableOf map[schema.QName]schema.QName) ([]schema.Change, error) {
	fromTables := make(map[schema.QName]*schema.Table, len(d.from.Tables))
	for _, t := range d.from.Tables {
		fromTables[t.Name] = t
	}
	toTables := make(map[schema.QName]*schema.Table, len(d.to.Tables))
	for _, t := range d.to.Tables {
		toTables[t.Name] = t
	}
	// source returns the from-side table of a target table.
	source := func(target schema.QName) *schema.Table {
		if old, ok := tableOf[target]; ok {
			return fromTables[old]
		}
		return fromTables[target]
	}
	type key struct {
		table  schema.QName
		column string
	}
	claimed, targeted := map[key]bool{}, map[key]bool{}
	var out []schema.Change
	fits := func(src, dst *schema.Table, old, new string) string {
		switch {
		case src == nil:
			return "the table is not in the source schema"
		case src.Column(old) == nil:
			return fmt.Sprintf("no column %s in table %s of the source schema", old, src.Name)
		case dst.Column(new) == nil:
			return fmt.Sprintf("no column %s in table %s of the target schema", new, dst.Name)
		case src.Column(new) != nil:
			return fmt.Sprintf("column %s already exists in table %s of the source schema", new, src.Name)
		case dst.Column(old) != nil:
			return fmt.Sprintf("column %s still exists in table %s of the target schema", old, dst.Name)
		case claimed[key{dst.Name, old}]:
			return fmt.Sprintf("column %s is renamed twice", old)
		case targeted[key{dst.Name, new}]:
			return fmt.Sprintf("column %s is the target of two renames", new)
		}
		return ""
	}
	add := func(dst *schema.Table, old, new string) {
		claimed[key{dst.Name, old}] = true
		targeted[key{dst.Name, new}] = true
		out = append(out, &schema.RenameColumn{Table: dst.Name, From: old, To: new})
	}
	for _, r := range d.opts.Renames {
		if r.Kind != RenameColumn {
			continue
		}
		dst := toTables[r.Table]
		if dst == nil {
			// Accept the table's old name when the table is renamed too.
			for target, old := range tableOf {
				if old == r.Table {
					dst = toTables[target]
				}
			}
		}
		if dst == nil {
			return nil, fmt.Errorf("diff: rename %s: no table %s in the target schema", r, r.Table)
		}
		if why := fits(source(dst.Name), dst, r.From, r.To); why != "" {
			return nil, fmt.Errorf("diff: rename %s: %s", r, why)
		}
		add(dst, r.From, r.To)
	}
	for _, dst := range d.sortedToTables() {
		src := source(dst.Name)
		if src == nil {
			continue
		}
		for _, c := range dst.Columns {
			if c.RenamedFrom == "" || targeted[key{dst.Name, c.Name}] {
				continue
			}
			if fits(src, dst, c.RenamedFrom, c.Name) == "" {
				add(dst, c.RenamedFrom, c.Name)
			}
		}
	}
	return out, nil
}

// sortedBy returns list sorted by name, without copying when it already is.
func sortedBy[T any](list []*T, name func(*T) schema.QName) []*T {
	less := func(a, b *T) int { return compareQName(name(a), name(b)) }
	if slices.IsSortedFunc(list, less) {
		return list
	}
	return slices.SortedStableFunc(slices.Values(list), less)
}

func compareQName(a, b schema.QName) int {
	switch {
	case a == b:
		return 0
	case a.Less(b):
		return -1
	}
	return 1
}
