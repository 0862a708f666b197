package sqlite

import (
	"context"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite/sqltext"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Values of pragma_index_list.origin.
const (
	originIndex      = "c"  // CREATE INDEX
	originUnique     = "u"  // a UNIQUE constraint
	originPrimaryKey = "pk" // a PRIMARY KEY constraint
)

// Values of pragma_index_xinfo.cid that are not columns.
const (
	cidRowid = -1
	cidExpr  = -2
)

// indexRow is one key column of one index.
type indexRow struct {
	t       *table
	index   string
	unique  bool
	origin  string
	cid     int64
	column  string
	desc    bool
	keyPart int
}

// indexes reads pragma_index_list joined with pragma_index_xinfo (key
// columns only). Indexes made by CREATE INDEX become schema.Index with
// expressions, collations and the WHERE predicate from their text;
// indexes made by a UNIQUE constraint become schema.Unique, named from the
// CREATE TABLE text when it names them; primary key indexes are the
// primary key and are skipped.
func (in *inspector) indexes(ctx context.Context, _ *schema.Schema) error {
	var rows []indexRow
	err := in.perTable(ctx, `il.name, il."unique", il.origin, x.cid, coalesce(x.name, ''), x."desc"`,
		`pragma_index_list(m.name, ?1) il, pragma_index_xinfo(il.name, ?1) x`, `x.key = 1`,
		`il.name, x.seqno`, func(scan tableScan) error {
			var r indexRow
			t, err := scan(&r.index, &r.unique, &r.origin, &r.cid, &r.column, &r.desc)
			if err != nil {
				return err
			}
			r.t = t
			if n := len(rows); n > 0 && rows[n-1].t == t && rows[n-1].index == r.index {
				r.keyPart = rows[n-1].keyPart + 1
			}
			rows = append(rows, r)
			return nil
		})
	if err != nil {
		return err
	}
	used := map[*sqltext.Constraint]bool{}
	for i := 0; i < len(rows); {
		j := i
		for j < len(rows) && rows[j].t == rows[i].t && rows[j].index == rows[i].index {
			j++
		}
		group := rows[i:j]
		switch group[0].origin {
		case originUnique:
			in.unique(group, used)
		case originIndex:
			in.index(group)
		case originPrimaryKey:
		}
		i = j
	}
	return nil
}

// unique builds the UNIQUE constraint an index of origin "u" backs.
func (in *inspector) unique(group []indexRow, used map[*sqltext.Constraint]bool) {
	t := group[0].t
	u := &schema.Unique{}
	for _, r := range group {
		u.Columns = append(u.Columns, r.column)
	}
	if def := claim(t.keyConstraints(sqltext.Unique), used, u.Columns, nil); def != nil {
		u.Name = def.Name
	}
	t.t.Uniques = append(t.t.Uniques, u)
}

// index builds an index made by CREATE INDEX.
func (in *inspector) index(group []indexRow) {
	first := group[0]
	ix := &schema.Index{Name: first.index, Unique: first.unique}
	def := sqltext.ParseCreateIndex(in.indexSQL[strings.ToLower(first.index)])
	if def == nil {
		def = &sqltext.Index{}
	}
	for _, r := range group {
		var part schema.IndexPart
		var text sqltext.IndexPart
		if r.keyPart < len(def.Parts) {
			text = def.Parts[r.keyPart]
		}
		switch r.cid {
		case cidExpr:
			part.Expr = text.Expr
			if part.Expr == "" {
				part.Expr = text.Column
			}
		case cidRowid:
			part.Column = "rowid"
		default:
			part.Column = r.column
		}
		part.Desc = r.desc
		if text.Collation != "BINARY" {
			part.Collation = text.Collation
		}
		ix.Parts = append(ix.Parts, part)
	}
	ix.Where = def.Where
	first.t.t.Indexes = append(first.t.t.Indexes, ix)
}
