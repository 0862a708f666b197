package schema

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Equal reports whether two schemas are the same structure: Differences
// finds nothing.
func Equal(a, b *Schema) bool { return len(Differences(a, b)) == 0 }

// Differences lists how schema b differs from schema a, one human-readable
// line per difference, in a stable order:
//
//	table public.users: column email: type text != character varying(20)
//	table public.orders: only in b
//
// "x != y" reads "a has x, b has y"; "only in a" names an object b lacks.
//
// The comparison ignores what does not reach the database: positions,
// Type.Raw, RenamedFrom hints, the order of columns within a table and the
// order of named objects in their lists (tables, indexes, constraints ...),
// and the Dialect label. Order that the database keeps is compared: enum
// values, key and index columns. Objects of the same kind are matched by
// name; unnamed constraints and indexes (SQLite) by definition.
func Differences(a, b *Schema) []string {
	if a == nil || b == nil {
		if a == b {
			return nil
		}
		return []string{"schema: one side is nil"}
	}
	d := &differ{}
	compareNamed(d, nil, "namespace", a.Namespaces, b.Namespaces,
		func(n *Namespace) string { return n.Name }, func(p path, x, y *Namespace) {
			d.field(p, "comment", x.Comment, y.Comment)
		})
	compareNamed(d, nil, "extension", a.Extensions, b.Extensions,
		func(e *Extension) string { return e.Name }, func(p path, x, y *Extension) {
			d.field(p, "schema", x.Schema, y.Schema)
		})
	compareNamed(d, nil, "enum", a.Enums, b.Enums,
		func(e *Enum) string { return e.Name.String() }, func(p path, x, y *Enum) {
			if !slices.Equal(x.Values, y.Values) {
				d.add(p, "values %s != %s", strings.Join(x.Values, ","), strings.Join(y.Values, ","))
			}
			d.field(p, "comment", x.Comment, y.Comment)
		})
	compareNamed(d, nil, "sequence", a.Sequences, b.Sequences,
		func(q *Sequence) string { return q.Name.String() }, func(p path, x, y *Sequence) {
			if !SameSequence(x, y) {
				d.add(p, "options %s != %s", sequenceOptions(x), sequenceOptions(y))
			}
		})
	compareNamed(d, nil, "table", a.Tables, b.Tables,
		func(t *Table) string { return t.Name.String() }, d.table)
	compareNamed(d, nil, "", a.Objects, b.Objects,
		func(o *Object) string { return o.Key() }, func(p path, x, y *Object) {
			d.field(p, "definition", x.Definition, y.Definition)
			d.field(p, "comment", x.Comment, y.Comment)
			if !SameObject(x, y) && x.Definition == y.Definition && x.Comment == y.Comment {
				d.add(p, "depends on %v != %v", x.DependsOn, y.DependsOn)
			}
		})
	return d.lines
}

// differ collects difference lines.
type differ struct{ lines []string }

// path names the object a difference is about ("table public.users:
// column email"); its text is built only for a reported difference.
type path struct {
	parent    *path
	kind, key string
}

func (p path) String() string {
	s := p.key
	if p.kind != "" {
		s = p.kind + " " + s
	}
	if p.parent != nil {
		s = p.parent.String() + ": " + s
	}
	return s
}

func (d *differ) add(p path, format string, args ...any) {
	d.lines = append(d.lines, p.String()+": "+fmt.Sprintf(format, args...))
}

// field records a difference in one string property.
func (d *differ) field(p path, name, x, y string) {
	if x != y {
		d.add(p, "%s %q != %q", name, x, y)
	}
}

// compareNamed matches two lists by key, reports objects on one side only
// or listed twice, and calls same for each matched pair, in key order,
// with the path naming the pair ("table public.users").
func compareNamed[T any](d *differ, parent *path, kind string, a, b []*T, key func(*T) string, same func(p path, x, y *T)) {
	at := func(k string) path { return path{parent: parent, kind: kind, key: k} }
	if order, ok := alignedOrder(a, b, key); ok {
		// The common case, two versions of one object listing the same
		// names: no maps.
		for _, i := range order {
			same(at(key(a[i])), a[i], b[i])
		}
		return
	}
	index := func(list []*T, side string) map[string]*T {
		m := make(map[string]*T, len(list))
		for _, x := range list {
			k := key(x)
			if _, dup := m[k]; dup {
				d.add(at(k), "listed twice in %s", side)
				continue
			}
			m[k] = x
		}
		return m
	}
	ma, mb := index(a, "a"), index(b, "b")
	keys := slices.Sorted(maps.Keys(ma))
	for k := range mb {
		if _, ok := ma[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		x, inA := ma[k]
		y, inB := mb[k]
		switch {
		case !inB:
			d.add(at(k), "only in a")
		case !inA:
			d.add(at(k), "only in b")
		default:
			same(at(k), x, y)
		}
	}
}

// alignedOrder reports whether a and b list the same distinct keys in the
// same order and returns the positions in key order.
func alignedOrder[T any](a, b []*T, key func(*T) string) ([]int, bool) {
	if len(a) != len(b) {
		return nil, false
	}
	order := make([]int, len(a))
	sorted := true
	for i := range a {
		k := key(a[i])
		if k != key(b[i]) {
			return nil, false
		}
		if i > 0 && k <= key(a[i-1]) {
			sorted = false
		}
		order[i] = i
	}
	if !sorted {
		slices.SortFunc(order, func(i, j int) int { return strings.Compare(key(a[i]), key(a[j])) })
		for n := 1; n < len(order); n++ {
			if key(a[order[n-1]]) == key(a[order[n]]) {
				return nil, false // listed twice: the map path reports it
			}
		}
	}
	return order, true
}

func sequenceOptions(q *Sequence) string {
	s := fmt.Sprintf("type=%s start=%d increment=%d min=%d max=%d cache=%d cycle=%t",
		q.Type, q.Start, q.Increment, q.Min, q.Max, q.Cache, q.Cycle)
	if q.OwnedBy != "" {
		s += " owned_by=" + q.OwnedBy
	}
	if q.Comment != "" {
		s += fmt.Sprintf(" comment=%q", q.Comment)
	}
	return s
}
