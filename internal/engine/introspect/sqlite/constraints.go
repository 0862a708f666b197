package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite/sqltext"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// finishTable sets what comes from the CREATE TABLE text once the columns
// are read: the primary key with its name, AUTOINCREMENT, and the CHECK
// constraints, which SQLite keeps nowhere else.
func (in *inspector) finishTable(t *table) {
	if cols := t.pkColumns(); len(cols) > 0 {
		t.t.PrimaryKey = &schema.PrimaryKey{Name: t.pkName(), Columns: cols}
		if len(cols) == 1 && t.autoincrement() {
			if c := t.column(cols[0]); c != nil {
				c.Default = &schema.Default{Kind: schema.DefaultSequence, Expr: dialect.SqliteAutoincrement}
			}
		}
	}
	for _, c := range t.def.Columns {
		for _, x := range c.Constraints {
			if x.Kind == sqltext.Check {
				t.t.Checks = append(t.t.Checks, &schema.Check{Name: x.Name, Expr: x.Expr})
			}
		}
	}
	for _, x := range t.def.Constraints {
		if x.Kind == sqltext.Check {
			t.t.Checks = append(t.t.Checks, &schema.Check{Name: x.Name, Expr: x.Expr})
		}
	}
	// Unnamed constraints share the name "": order them by definition so
	// that the result does not depend on the order of the source text or
	// of the pragmas (foreign key ids count backwards).
	slices.SortStableFunc(t.t.Checks, func(a, b *schema.Check) int {
		return strings.Compare(a.Name+"\x00"+a.Expr, b.Name+"\x00"+b.Expr)
	})
	slices.SortStableFunc(t.t.Uniques, func(a, b *schema.Unique) int {
		return strings.Compare(a.Name+"\x00"+strings.Join(a.Columns, "\x00"), b.Name+"\x00"+strings.Join(b.Columns, "\x00"))
	})
	slices.SortStableFunc(t.t.ForeignKeys, func(a, b *schema.ForeignKey) int {
		return strings.Compare(fkKey(a), fkKey(b))
	})
	// SQLite keeps an unnamed constraint written twice (a column's
	// REFERENCES and a FOREIGN KEY clause on the same columns, or the
	// same CHECK twice); the copies enforce nothing more, and the model
	// matches unnamed constraints by definition, so one is kept.
	t.t.Checks = slices.CompactFunc(t.t.Checks, func(a, b *schema.Check) bool {
		return a.Name == "" && b.Name == "" && a.Expr == b.Expr
	})
	t.t.ForeignKeys = slices.CompactFunc(t.t.ForeignKeys, func(a, b *schema.ForeignKey) bool {
		return a.Name == "" && b.Name == "" && fkKey(a) == fkKey(b) && a.Deferred == b.Deferred
	})
}

// fkKey orders foreign keys by name, then definition.
func fkKey(f *schema.ForeignKey) string {
	return strings.Join([]string{f.Name, strings.Join(f.Columns, ","), f.RefTable.Name,
		strings.Join(f.RefColumns, ","), f.OnDelete, f.OnUpdate}, "\x00")
}

// pkName is the name given to the primary key with CONSTRAINT, or "".
func (t *table) pkName() string {
	for _, c := range t.def.Columns {
		if pk := c.Find(sqltext.PrimaryKey); pk != nil {
			return pk.Name
		}
	}
	for _, c := range t.def.Constraints {
		if c.Kind == sqltext.PrimaryKey {
			return c.Name
		}
	}
	return ""
}

// keyConstraints lists the CREATE TABLE's constraints of kind k with
// their key columns: a column constraint keys its own column.
func (t *table) keyConstraints(k sqltext.ConstraintKind) []*sqltext.Constraint {
	var out []*sqltext.Constraint
	for _, c := range t.def.Columns {
		for _, x := range c.Constraints {
			if x.Kind == k {
				cp := *x
				if len(cp.Columns) == 0 {
					cp.Columns = []string{c.Name}
				}
				out = append(out, &cp)
			}
		}
	}
	for _, x := range t.def.Constraints {
		if x.Kind == k {
			out = append(out, x)
		}
	}
	return out
}

// claim finds the first constraint not yet used whose key columns are
// cols (case-insensitive) and for which match (if not nil) holds, marks it
// used and returns it; nil when none does.
func claim(list []*sqltext.Constraint, used map[*sqltext.Constraint]bool, cols []string, match func(*sqltext.Constraint) bool) *sqltext.Constraint {
	for _, c := range list {
		if used[c] || !sameNames(c.Columns, cols) || match != nil && !match(c) {
			continue
		}
		used[c] = true
		return c
	}
	return nil
}

// sameNames compares name lists as SQLite compares names.
func sameNames(a, b []string) bool {
	return slices.EqualFunc(a, b, strings.EqualFold)
}

// fkRow is one row of pragma_foreign_key_list.
type fkRow struct {
	t                  *table
	id                 int64
	refTable, from, to string
	onUpdate, onDelete string
}

// foreignKeys reads pragma_foreign_key_list, one group of rows per
// constraint id; buildForeignKeys makes them foreign keys, with names and
// DEFERRABLE from the CREATE TABLE text, matched by columns and
// referenced table.
func (in *inspector) foreignKeys(ctx context.Context, _ *schema.Schema) error {
	var rows []fkRow
	err := in.perTable(ctx, `f.id, f."table", f."from", coalesce(f."to", ''), f.on_update, f.on_delete`,
		`pragma_foreign_key_list(m.name, ?1) f`, "", `f.id, f.seq`, func(scan tableScan) error {
			var r fkRow
			var to sql.NullString
			t, err := scan(&r.id, &r.refTable, &r.from, &to, &r.onUpdate, &r.onDelete)
			if err != nil {
				return err
			}
			r.t, r.to = t, to.String
			rows = append(rows, r)
			return nil
		})
	in.fkRows = rows
	return err
}

// buildForeignKeys builds the foreign keys from the rows read, once every
// table (every possible parent) is known.
func (in *inspector) buildForeignKeys() {
	rows := in.fkRows
	used := map[*sqltext.Constraint]bool{}
	for i := 0; i < len(rows); {
		j := i
		for j < len(rows) && rows[j].t == rows[i].t && rows[j].id == rows[i].id {
			j++
		}
		in.foreignKey(rows[i:j], used)
		i = j
	}
}

// foreignKey builds one foreign key from its rows.
func (in *inspector) foreignKey(group []fkRow, used map[*sqltext.Constraint]bool) {
	first := group[0]
	fk := &schema.ForeignKey{
		RefTable: schema.QName{Name: first.refTable},
		OnDelete: first.onDelete,
		OnUpdate: first.onUpdate,
	}
	var to []string
	for _, r := range group {
		fk.Columns = append(fk.Columns, r.from)
		if r.to != "" {
			to = append(to, r.to)
		}
	}
	if def := claim(first.t.keyConstraints(sqltext.ForeignKey), used, fk.Columns, func(c *sqltext.Constraint) bool {
		return c.Ref != nil && strings.EqualFold(c.Ref.Table, first.refTable) && sameNames(c.Ref.Columns, to)
	}); def != nil {
		fk.Name = def.Name
		fk.Deferrable, fk.Deferred = def.Ref.Deferred, def.Ref.Deferred
	}
	fk.RefColumns = to
	if parent := in.lookup(first.refTable); parent != nil {
		// The parent's name as created, whatever case REFERENCES used.
		fk.RefTable.Name = parent.t.Name.Name
		if len(to) == 0 {
			// REFERENCES parent without columns means the parent's
			// primary key (foreignkeys.html 3), spelled out so that both
			// forms compare equal.
			fk.RefColumns = parent.pkColumns()
		}
	}
	first.t.t.ForeignKeys = append(first.t.t.ForeignKeys, fk)
}
