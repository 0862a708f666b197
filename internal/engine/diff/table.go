package diff

import (
	"fmt"
	"maps"
	"slices"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// tablePairs is the tables of work and to matched by name.
type tablePairs struct {
	both         [][2]*schema.Table
	onlyW, onlyT []*schema.Table
}

// pairTables matches the tables of two schemas by merging their lists in
// name order: no map, linear time. A name listed twice is an error.
func (d *differ) pairTables() (*tablePairs, error) {
	ws, ts := sortedBy(d.work.Tables, func(t *schema.Table) schema.QName { return t.Name }), d.sortedToTables()
	for _, list := range [][]*schema.Table{ws, ts} {
		for i := 1; i < len(list); i++ {
			if list[i].Name == list[i-1].Name {
				return nil, fmt.Errorf("diff: a schema lists table %s twice", list[i].Name)
			}
		}
	}
	p := &tablePairs{both: make([][2]*schema.Table, 0, min(len(ws), len(ts)))}
	i, j := 0, 0
	for i < len(ws) || j < len(ts) {
		switch {
		case j == len(ts) || i < len(ws) && ws[i].Name.Less(ts[j].Name):
			p.onlyW = append(p.onlyW, ws[i])
			i++
		case i == len(ws) || ts[j].Name.Less(ws[i].Name):
			p.onlyT = append(p.onlyT, ts[j])
			j++
		default:
			p.both = append(p.both, [2]*schema.Table{ws[i], ts[j]})
			i++
			j++
		}
	}
	return p, nil
}

// tables compares the tables of work and to, in name order.
func (d *differ) tables(p *tablePairs) {
	for _, t := range p.onlyW {
		d.dropTable(t)
	}
	for _, t := range p.onlyT {
		d.addTable(t)
	}
	for _, wt := range p.both {
		d.table(wt[0], wt[1])
	}
}

func (d *differ) dropTable(t *schema.Table) {
	d.droppedTables = append(d.droppedTables, t)
	d.emit(phaseDropTable, &schema.DropTable{Table: t})
}

// addTable emits AddTable with the table's columns, primary key, unique
// and check constraints, then its indexes and foreign keys as separate
// changes marked NewTable.
func (d *differ) addTable(t *schema.Table) {
	d.addedTables = append(d.addedTables, t)
	bare := *t
	bare.Indexes, bare.ForeignKeys = nil, nil
	d.emit(phaseAddTable, &schema.AddTable{Table: &bare})
	for _, x := range sortedNamed(t.Indexes, indexKey) {
		d.emit(phaseAddIndex, &schema.AddIndex{Table: t.Name, Index: x, NewTable: true})
	}
	for _, f := range sortedNamed(t.ForeignKeys, foreignKeyKey) {
		d.emit(phaseAddForeignKey, &schema.AddForeignKey{Table: t.Name, ForeignKey: f, NewTable: true})
	}
}

// table compares two tables of the same name.
func (d *differ) table(w, t *schema.Table) {
	d.columns(w, t)
	d.primaryKey(w, t)
	d.uniques(w, t)
	d.indexes(w, t)
	d.foreignKeys(w, t)
	d.checks(w, t)
	if w.Comment != t.Comment {
		d.emit(phaseAlterColumn, &schema.SetTableComment{Table: t.Name, From: w.Comment, To: t.Comment})
	}
	if !sameOptions(w.Options, t.Options) {
		d.emit(phaseAlterColumn, &schema.SetTableOptions{Table: t.Name, From: maps.Clone(w.Options), To: maps.Clone(t.Options)})
	}
}

func sameOptions(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// columns compares the columns of two tables by name: AlterColumn for a
// column that changed, AddColumn and DropColumn for the rest.
func (d *differ) columns(w, t *schema.Table) {
	var byName map[string]*schema.Column
	// lookup finds w's column of a name: at the same position in the
	// common case, through a map otherwise.
	lookup := func(i int, name string) *schema.Column {
		if i < len(w.Columns) && w.Columns[i].Name == name {
			return w.Columns[i]
		}
		if byName == nil {
			byName = make(map[string]*schema.Column, len(w.Columns))
			for _, c := range w.Columns {
				byName[c.Name] = c
			}
		}
		return byName[name]
	}
	matched := 0
	var added []*schema.Column
	for i, c := range t.Columns {
		wc := lookup(i, c.Name)
		if wc == nil {
			added = append(added, c)
			continue
		}
		matched++
		if what := schema.ColumnChanges(wc, c); what != 0 {
			d.emit(phaseAlterColumn, &schema.AlterColumn{Table: t.Name, From: wc, To: c, What: what})
		}
	}
	var dropped []*schema.Column
	if matched < len(w.Columns) {
		inT := make(map[string]bool, len(t.Columns))
		for _, c := range t.Columns {
			inT[c.Name] = true
		}
		for _, c := range w.Columns {
			if !inT[c.Name] {
				dropped = append(dropped, c)
				d.emit(phaseDropColumn, &schema.DropColumn{Table: t.Name, Column: c})
			}
		}
	}
	for _, c := range added {
		d.emit(phaseAddColumn, &schema.AddColumn{Table: t.Name, Column: c})
	}
	if len(added) > 0 && len(dropped) > 0 {
		if d.droppedCols == nil {
			d.droppedCols, d.addedCols = map[schema.QName][]*schema.Column{}, map[schema.QName][]*schema.Column{}
		}
		d.droppedCols[t.Name], d.addedCols[t.Name] = dropped, added
	}
}

// primaryKey compares primary keys: the same columns under another name is
// a rename, other columns a drop and an add.
func (d *differ) primaryKey(w, t *schema.Table) {
	a, b := w.PrimaryKey, t.PrimaryKey
	switch {
	case a == nil && b == nil:
	case a == nil:
		d.emit(phaseAddConstraint, &schema.AddPrimaryKey{Table: t.Name, PrimaryKey: b})
	case b == nil:
		d.emit(phaseDropConstraint, &schema.DropPrimaryKey{Table: t.Name, PrimaryKey: a})
	case !schema.SamePrimaryKey(a, b) || (a.Name == "") != (b.Name == ""):
		d.emit(phaseDropConstraint, &schema.DropPrimaryKey{Table: t.Name, PrimaryKey: a})
		d.emit(phaseAddConstraint, &schema.AddPrimaryKey{Table: t.Name, PrimaryKey: b})
	case a.Name != b.Name:
		d.emit(phaseRenameDerived, &schema.RenameConstraint{Table: t.Name, From: a.Name, To: b.Name})
	}
}

// sortedNamed returns list sorted by key, without copying when it already
// is.
func sortedNamed[T any](list []*T, key func(*T) string) []*T {
	cmp := func(a, b *T) int {
		ka, kb := key(a), key(b)
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return 0
	}
	if slices.IsSortedFunc(list, cmp) {
		return list
	}
	return slices.SortedStableFunc(slices.Values(list), cmp)
}
