package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite/sqltext"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Values of pragma_table_xinfo.hidden (sqlite3.c, PRAGMA table_xinfo).
const (
	hiddenVirtualTable = 1 // a hidden column of a virtual table
	generatedVirtual   = 2
	generatedStored    = 3
)

// columns reads every table's columns in order from pragma_table_xinfo,
// with what the pragma does not report taken from the CREATE TABLE text:
// generated expressions and collations.
func (in *inspector) columns(ctx context.Context, _ *schema.Schema) error {
	return in.perTable(ctx, `p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden`,
		`pragma_table_xinfo(m.name, ?1) p`, "", `p.cid`, func(scan tableScan) error {
			var cid, notNull, pk, hidden int64
			var name, typ string
			var dflt sql.NullString
			t, err := scan(&cid, &name, &typ, &notNull, &dflt, &pk, &hidden)
			if err != nil {
				return err
			}
			if hidden == hiddenVirtualTable {
				return nil
			}
			col := &schema.Column{
				Name:    name,
				Type:    schema.Type{Raw: typ, Norm: dialect.NormalizeSqliteType(typ)},
				NotNull: notNull != 0,
			}
			if dflt.Valid {
				expr, literal := sqltext.CanonDefault(dflt.String)
				kind := schema.DefaultFunction
				if literal {
					kind = schema.DefaultLiteral
				}
				if expr != "" {
					col.Default = &schema.Default{Kind: kind, Expr: expr}
				}
			}
			def := t.def.Column(name)
			if hidden == generatedVirtual || hidden == generatedStored {
				col.Generated = &schema.Generated{Stored: hidden == generatedStored}
				if def != nil {
					if g := def.Find(sqltext.Generated); g != nil {
						col.Generated.Expr = g.Expr
					}
				}
			}
			if def != nil {
				if c := def.Find(sqltext.Collate); c != nil && c.Expr != "BINARY" {
					col.Collation = c.Expr
				}
			}
			if pk > 0 {
				if t.pkAt == nil {
					t.pkAt = map[int]string{}
				}
				t.pkAt[int(pk)] = name
			}
			t.t.Columns = append(t.t.Columns, col)
			return nil
		})
}

// column returns the table's column named name (case-insensitive), or
// nil.
func (t *table) column(name string) *schema.Column {
	for _, c := range t.t.Columns {
		if strings.EqualFold(c.Name, name) {
			return c
		}
	}
	return nil
}

// autoincrement reports whether the CREATE TABLE text declares the
// primary key AUTOINCREMENT, on the column or in a table PRIMARY KEY.
func (t *table) autoincrement() bool {
	for _, c := range t.def.Columns {
		if pk := c.Find(sqltext.PrimaryKey); pk != nil && pk.Autoincrement {
			return true
		}
	}
	for _, c := range t.def.Constraints {
		if c.Kind == sqltext.PrimaryKey && c.Autoincrement {
			return true
		}
	}
	return false
}
