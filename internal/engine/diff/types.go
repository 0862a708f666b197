package diff

import (
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// namespaces compares namespaces and extensions.
func (d *differ) namespaces() {
	matchByKey(d.work.Namespaces, d.to.Namespaces, func(n *schema.Namespace) string { return n.Name },
		func(n *schema.Namespace) { d.emit(phaseNamespaceDrop, &schema.DropNamespace{Namespace: n}) },
		func(n *schema.Namespace) { d.emit(phaseNamespaceAdd, &schema.AddNamespace{Namespace: n}) },
		func(a, b *schema.Namespace) {
			if a.Comment != b.Comment {
				d.unsupported = append(d.unsupported, "namespace "+a.Name+": comment changes")
			}
		})
	matchByKey(d.work.Extensions, d.to.Extensions, func(e *schema.Extension) string { return e.Name },
		func(e *schema.Extension) { d.emit(phaseNamespaceDrop, &schema.DropExtension{Extension: e}) },
		func(e *schema.Extension) { d.emit(phaseNamespaceAdd, &schema.AddExtension{Extension: e}) },
		func(a, b *schema.Extension) {
			if a.Schema != b.Schema {
				d.unsupported = append(d.unsupported, "extension "+a.Name+": moves from namespace "+a.Schema+" to "+b.Schema)
			}
		})
}

// objects compares views, functions, procedures and triggers by key.
func (d *differ) objects() {
	matchByKey(d.work.Objects, d.to.Objects, (*schema.Object).Key,
		func(o *schema.Object) { d.emit(phaseObjectDrop, &schema.DropObject{Object: o}) },
		func(o *schema.Object) { d.emit(phaseObjectAdd, &schema.AddObject{Object: o}) },
		func(a, b *schema.Object) {
			if !schema.SameObject(a, b) {
				d.emit(phaseObjectAdd, &schema.ReplaceObject{From: a, To: b})
			}
		})
}

// sequences compares standalone sequences.
func (d *differ) sequences() {
	key := func(q *schema.Sequence) string { return qkey(q.Name) }
	matchByKey(d.work.Sequences, d.to.Sequences, key,
		func(q *schema.Sequence) { d.emit(phaseSequenceDrop, &schema.DropSequence{Sequence: q}) },
		func(q *schema.Sequence) { d.emit(phaseSequenceAdd, &schema.AddSequence{Sequence: q}) },
		func(a, b *schema.Sequence) {
			if !schema.SameSequence(a, b) {
				d.emit(phaseSequenceAdd, &schema.AlterSequence{From: a, To: b})
			}
		})
}

// qkey is a sortable string key for a qualified name.
func qkey(q schema.QName) string { return q.Schema + "\x00" + q.Name }

// enums compares enum types and their values.
func (d *differ) enums() {
	key := func(e *schema.Enum) string { return qkey(e.Name) }
	matchByKey(d.work.Enums, d.to.Enums, key,
		func(e *schema.Enum) {
			d.droppedEnums = append(d.droppedEnums, e)
			d.emit(phaseTypeDrop, &schema.DropEnum{Enum: e})
		},
		func(e *schema.Enum) {
			d.addedEnums = append(d.addedEnums, e)
			d.emit(phaseTypeAdd, &schema.AddEnum{Enum: e})
		},
		d.enumValues)
}

// enumValues emits the changes that give enum a the values of b, in b's
// order: ADD VALUE with a position when values are only added and the kept
// ones keep their order; a recreation of the type otherwise.
func (d *differ) enumValues(a, b *schema.Enum) {
	if a.Comment != b.Comment {
		d.unsupported = append(d.unsupported, "enum "+a.Name.String()+": comment changes")
	}
	if slices.Equal(a.Values, b.Values) {
		return
	}
	inB := make(map[string]bool, len(b.Values))
	for _, v := range b.Values {
		inB[v] = true
	}
	var removed []string
	for _, v := range a.Values {
		if !inB[v] {
			removed = append(removed, v)
		}
	}
	if len(removed) > 0 {
		d.emit(phaseTypeAdd, &schema.DropEnumValue{From: a, To: b, Values: removed, Columns: d.columnsUsing(b.Name)})
		return
	}
	inA := make(map[string]bool, len(a.Values))
	for _, v := range a.Values {
		inA[v] = true
	}
	// The values kept must appear in b in a's order, or ADD VALUE cannot
	// reach b's order.
	var kept []string
	for _, v := range b.Values {
		if inA[v] {
			kept = append(kept, v)
		}
	}
	if !slices.Equal(kept, a.Values) {
		// ReorderEnum neither adds nor removes: append the new values
		// first, then reorder the whole.
		grown := a.Clone()
		for _, v := range b.Values {
			if !inA[v] {
				d.emit(phaseTypeAdd, &schema.AddEnumValue{Enum: b.Name, Value: v})
				grown.Values = append(grown.Values, v)
			}
		}
		d.emit(phaseTypeAdd, &schema.ReorderEnum{From: grown, To: b, Columns: d.columnsUsing(b.Name)})
		return
	}
	for i, v := range b.Values {
		if inA[v] {
			continue
		}
		c := &schema.AddEnumValue{Enum: b.Name, Value: v}
		switch {
		case i > 0:
			// The previous value exists by now: it was there, or was
			// added by the change before this one.
			c.After = b.Values[i-1]
		case len(a.Values) > 0:
			c.Before = a.Values[0]
		}
		d.emit(phaseTypeAdd, c)
	}
}

// columnsUsing lists the columns of the target schema whose type is the
// enum, sorted by table and column.
func (d *differ) columnsUsing(enum schema.QName) []schema.ColumnRef {
	if d.enumUsers == nil {
		d.enumUsers = map[schema.QName][]schema.ColumnRef{}
		for _, t := range d.sortedToTables() {
			for _, c := range t.Columns {
				if c.Type.Ref != nil {
					d.enumUsers[*c.Type.Ref] = append(d.enumUsers[*c.Type.Ref], schema.ColumnRef{Table: t.Name, Column: c.Name})
				}
			}
		}
		for _, refs := range d.enumUsers {
			slices.SortStableFunc(refs, func(x, y schema.ColumnRef) int {
				if c := compareQName(x.Table, y.Table); c != 0 {
					return c
				}
				return strings.Compare(x.Column, y.Column)
			})
		}
	}
	return slices.Clone(d.enumUsers[enum])
}

// sequenceRenames finds serial columns whose owned sequence is named
// differently in the target (typically after a table rename, which does
// not rename the sequences the table owns) and returns RenameSequence
// changes for them. A rename whose new name is taken in the source, or
// whose sequence two columns claim, is left to an AlterColumn default.
func (d *differ) sequenceRenames(tables *tablePairs) []schema.Change {
	type pair struct{ from, to schema.QName }
	var cands []pair
	for _, wt := range tables.both {
		w, t := wt[0], wt[1]
		for _, c := range t.Columns {
			if c.Default == nil || c.Default.Kind != schema.DefaultSequence || c.Default.Sequence == nil {
				continue
			}
			wc := w.Column(c.Name)
			if wc == nil || wc.Default == nil || wc.Default.Kind != schema.DefaultSequence || wc.Default.Sequence == nil {
				continue
			}
			if *wc.Default.Sequence != *c.Default.Sequence {
				cands = append(cands, pair{*wc.Default.Sequence, *c.Default.Sequence})
			}
		}
	}
	if len(cands) == 0 {
		return nil
	}
	// Names taken in the source: standalone sequences and owned ones.
	taken := map[schema.QName]int{}
	for _, q := range d.work.Sequences {
		taken[q.Name]++
	}
	for _, t := range d.work.Tables {
		for _, c := range t.Columns {
			if c.Default != nil && c.Default.Sequence != nil {
				taken[*c.Default.Sequence]++
			}
		}
	}
	var out []schema.Change
	used := map[schema.QName]bool{}
	for _, p := range cands {
		if taken[p.to] > 0 || taken[p.from] != 1 || used[p.from] || used[p.to] {
			continue
		}
		used[p.from], used[p.to] = true, true
		out = append(out, &schema.RenameSequence{From: p.from, To: p.to})
	}
	return out
}

// matchByKey matches two lists by key and calls drop for what is only in
// a, add for what is only in b and both for each matched pair, in key
// order.
func matchByKey[T any](a, b []*T, key func(*T) string, drop, add func(*T), both func(x, y *T)) {
	if len(a) == 0 && len(b) == 0 {
		return
	}
	mb := make(map[string]*T, len(b))
	for _, y := range b {
		mb[key(y)] = y
	}
	ma := make(map[string]*T, len(a))
	keys := make([]string, 0, len(a)+len(b))
	for _, x := range a {
		k := key(x)
		ma[k] = x
		keys = append(keys, k)
	}
	for _, y := range b {
		if k := key(y); ma[k] == nil {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		x, y := ma[k], mb[k]
		switch {
		case y == nil:
			drop(x)
		case x == nil:
			add(y)
		default:
			both(x, y)
		}
	}
}
