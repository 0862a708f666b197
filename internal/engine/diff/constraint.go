package diff

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// namedKind describes one kind of index or constraint to matchNamed.
type namedKind[T any] struct {
	name func(*T) string
	// shape is a coarse key of the definition: objects with the same
	// definition have the same shape (same confirms it).
	shape func(*T) string
	same  func(a, b *T) bool
	// drop, add and rename emit the changes; a changed definition under
	// the same name is a drop and an add.
	drop, add func(*T)
	rename    func(from, to *T)
}

// matchNamed compares two lists of a table's indexes or constraints. Named
// objects match by name; an object that only changed its name (the same
// definition, unmatched on both sides) is renamed; unnamed objects (SQLite)
// match by definition. Changes are emitted in name order.
func matchNamed[T any](a, b []*T, k namedKind[T]) {
	if len(a) == 0 && len(b) == 0 {
		return
	}
	key := func(x *T) string {
		if n := k.name(x); n != "" {
			return n
		}
		return "\x00" + k.shape(x)
	}
	a, b = sortedNamed(a, key), sortedNamed(b, key)
	var goneA, newB, unnamedA, unnamedB []*T
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var ka, kb string
		if i < len(a) {
			ka = key(a[i])
		}
		if j < len(b) {
			kb = key(b[j])
		}
		switch {
		case i < len(a) && k.name(a[i]) == "":
			unnamedA = append(unnamedA, a[i])
			i++
		case j < len(b) && k.name(b[j]) == "":
			unnamedB = append(unnamedB, b[j])
			j++
		case j == len(b) || i < len(a) && ka < kb:
			goneA = append(goneA, a[i])
			i++
		case i == len(a) || kb < ka:
			newB = append(newB, b[j])
			j++
		default:
			if !k.same(a[i], b[j]) {
				k.drop(a[i])
				k.add(b[j])
			}
			i++
			j++
		}
	}
	// Unnamed objects: the same definition on both sides is the same object.
	unnamedA, unnamedB = pairByShape(unnamedA, unnamedB, k, nil)
	// Named objects only on one side: the same definition is a rename.
	goneA, newB = pairByShape(goneA, newB, k, k.rename)
	for _, x := range append(goneA, unnamedA...) {
		k.drop(x)
	}
	for _, y := range append(newB, unnamedB...) {
		k.add(y)
	}
}

// pairByShape pairs objects of a and b with the same definition, calling
// pair for each pair (when not nil), and returns the unpaired ones.
func pairByShape[T any](a, b []*T, k namedKind[T], pair func(from, to *T)) (restA, restB []*T) {
	if len(a) == 0 || len(b) == 0 {
		return a, b
	}
	byShape := make(map[string][]*T, len(a))
	for _, x := range a {
		s := k.shape(x)
		byShape[s] = append(byShape[s], x)
	}
	taken := make(map[*T]bool, len(a))
	for _, y := range b {
		var match *T
		for _, x := range byShape[k.shape(y)] {
			if !taken[x] && k.same(x, y) {
				match = x
				break
			}
		}
		if match == nil {
			restB = append(restB, y)
			continue
		}
		taken[match] = true
		if pair != nil {
			pair(match, y)
		}
	}
	for _, x := range a {
		if !taken[x] {
			restA = append(restA, x)
		}
	}
	return restA, restB
}

func (d *differ) uniques(w, t *schema.Table) {
	matchNamed(w.Uniques, t.Uniques, namedKind[schema.Unique]{
		name:  func(u *schema.Unique) string { return u.Name },
		shape: func(u *schema.Unique) string { return strings.Join(u.Columns, "\x00") },
		same:  schema.SameUnique,
		drop:  func(u *schema.Unique) { d.emit(phaseDropConstraint, &schema.DropUnique{Table: t.Name, Unique: u}) },
		add:   func(u *schema.Unique) { d.emit(phaseAddConstraint, &schema.AddUnique{Table: t.Name, Unique: u}) },
		rename: func(a, b *schema.Unique) {
			d.emit(phaseRenameDerived, &schema.RenameConstraint{Table: t.Name, From: a.Name, To: b.Name})
		},
	})
}

func (d *differ) indexes(w, t *schema.Table) {
	matchNamed(w.Indexes, t.Indexes, namedKind[schema.Index]{
		name:  func(x *schema.Index) string { return x.Name },
		shape: indexShape,
		same:  schema.SameIndex,
		drop:  func(x *schema.Index) { d.emit(phaseDropIndex, &schema.DropIndex{Table: t.Name, Index: x}) },
		add:   func(x *schema.Index) { d.emit(phaseAddIndex, &schema.AddIndex{Table: t.Name, Index: x}) },
		rename: func(a, b *schema.Index) {
			d.emit(phaseRenameDerived, &schema.RenameIndex{Table: t.Name, From: a.Name, To: b.Name})
		},
	})
}

func (d *differ) foreignKeys(w, t *schema.Table) {
	matchNamed(w.ForeignKeys, t.ForeignKeys, namedKind[schema.ForeignKey]{
		name:  func(f *schema.ForeignKey) string { return f.Name },
		shape: foreignKeyShape,
		same:  schema.SameForeignKey,
		drop: func(f *schema.ForeignKey) {
			d.emit(phaseDropForeignKey, &schema.DropForeignKey{Table: t.Name, ForeignKey: f})
		},
		add: func(f *schema.ForeignKey) {
			d.emit(phaseAddForeignKey, &schema.AddForeignKey{Table: t.Name, ForeignKey: f})
		},
		rename: func(a, b *schema.ForeignKey) {
			d.emit(phaseRenameDerived, &schema.RenameConstraint{Table: t.Name, From: a.Name, To: b.Name})
		},
	})
}

func (d *differ) checks(w, t *schema.Table) {
	matchNamed(w.Checks, t.Checks, namedKind[schema.Check]{
		name:  func(c *schema.Check) string { return c.Name },
		shape: func(c *schema.Check) string { return c.Expr },
		same:  schema.SameCheck,
		drop:  func(c *schema.Check) { d.emit(phaseDropConstraint, &schema.DropCheck{Table: t.Name, Check: c}) },
		add:   func(c *schema.Check) { d.emit(phaseAddConstraint, &schema.AddCheck{Table: t.Name, Check: c}) },
		rename: func(a, b *schema.Check) {
			d.emit(phaseRenameDerived, &schema.RenameConstraint{Table: t.Name, From: a.Name, To: b.Name})
		},
	})
}

// indexShape is a coarse key of an index definition: its key columns and
// expressions and its predicate.
func indexShape(x *schema.Index) string {
	var b strings.Builder
	for _, p := range x.Parts {
		b.WriteString(p.Column)
		b.WriteByte(0)
		b.WriteString(p.Expr)
		b.WriteByte(0)
	}
	b.WriteString(x.Where)
	return b.String()
}

// foreignKeyShape is a coarse key of a foreign key: its columns and the
// referenced table and columns.
func foreignKeyShape(f *schema.ForeignKey) string {
	return strings.Join(f.Columns, "\x00") + "\x01" + qkey(f.RefTable) + "\x01" + strings.Join(f.RefColumns, "\x00")
}

// indexKey and foreignKeyKey order a new table's indexes and foreign keys.
func indexKey(x *schema.Index) string {
	if x.Name != "" {
		return x.Name
	}
	return "\x00" + indexShape(x)
}

func foreignKeyKey(f *schema.ForeignKey) string {
	if f.Name != "" {
		return f.Name
	}
	return "\x00" + foreignKeyShape(f)
}
