package diff

import (
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// likelyRenames reports drop+add pairs that look like renames: in one
// table, a dropped and an added column of the same type, nullability and
// default; in one namespace, a dropped and an added table with the same
// column names and types, or a dropped and an added enum with the same
// values. Each dropped object pairs with at most one added object, in name
// order. The changes stay a drop and an add: renames are never guessed.
func (d *differ) likelyRenames() {
	tables := make([]schema.QName, 0, len(d.addedCols))
	for t := range d.addedCols {
		tables = append(tables, t)
	}
	slices.SortFunc(tables, compareQName)
	for _, t := range tables {
		pairShapes(d.droppedCols[t], d.addedCols[t], columnShape, func(from, to *schema.Column) {
			d.suggest(Rename{Kind: RenameColumn, Table: t, From: from.Name, To: to.Name})
		})
	}
	pairShapes(d.droppedTables, d.addedTables, tableShape, func(from, to *schema.Table) {
		d.suggest(Rename{Kind: RenameTable, Table: to.Name, From: from.Name.Name, To: to.Name.Name})
	})
	pairShapes(d.droppedEnums, d.addedEnums, enumShape, func(from, to *schema.Enum) {
		d.suggest(Rename{Kind: RenameEnum, Table: to.Name, From: from.Name.Name, To: to.Name.Name})
	})
}

// pairShapes pairs each added object with the first unpaired dropped one
// of the same shape.
func pairShapes[T any](dropped, added []*T, shape func(*T) string, pair func(from, to *T)) {
	if len(dropped) == 0 || len(added) == 0 {
		return
	}
	byShape := make(map[string][]*T, len(dropped))
	for _, x := range dropped {
		s := shape(x)
		byShape[s] = append(byShape[s], x)
	}
	for _, y := range added {
		s := shape(y)
		if c := byShape[s]; len(c) > 0 {
			byShape[s] = c[1:]
			pair(c[0], y)
		}
	}
}

// columnShape is what a renamed column keeps: type, nullability, default.
func columnShape(c *schema.Column) string {
	s := c.Type.Norm + "\x00"
	if c.NotNull {
		s += "not null"
	}
	if c.Default != nil {
		s += "\x00" + c.Default.Kind.String() + "\x00" + c.Default.Expr
	}
	return s
}

// tableShape is what a renamed table keeps: its namespace and its
// columns' names and types, in name order.
func tableShape(t *schema.Table) string {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = c.Name + "\x00" + c.Type.Norm
	}
	slices.Sort(cols)
	return t.Name.Schema + "\x01" + strings.Join(cols, "\x01")
}

// enumShape is what a renamed enum keeps: its namespace and values.
func enumShape(e *schema.Enum) string {
	return e.Name.Schema + "\x01" + strings.Join(e.Values, "\x00")
}

func (d *differ) suggest(r Rename) {
	d.likely = append(d.likely, LikelyRename{
		Kind: r.Kind, Table: r.Table, From: r.From, To: r.To, Flag: FormatRename(r, d.defNS),
	})
}
