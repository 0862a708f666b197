package knex

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// builder returns the knex.schema lines that do what the step's
// statements of one direction do, or nil when no builder call is known to
// produce the same effect on the dialect. The rule: the direction must be
// exactly one statement, and that statement must be, word for word, the
// plain form of one change (what the planner writes for it with no safety
// clause added: no CONCURRENTLY, NOT VALID, ALGORITHM=, no folded second
// change). Anything else is written through knex.raw, statement by
// statement, so the plan's proven SQL runs as planned.
func builder(s *plan.Step, d *dialect.Dialect, up bool, k string) []string {
	stmts := statements(s, up)
	if len(stmts) != 1 || s.Change == nil {
		return nil
	}
	stmt := stmts[0]
	c := s.Change
	if !up {
		c = inverse(c)
		if c == nil {
			return nil
		}
	}
	if !complete(c) {
		return nil
	}
	e := exprs{d: d, k: k}
	switch c := c.(type) {
	case *schema.AddTable:
		return e.createTable(c.Table, stmt)
	case *schema.DropTable:
		return e.dropTable(c.Table.Name, stmt)
	case *schema.RenameTable:
		if d.Name == "postgres" || d.Name == "sqlite" {
			if e.local(c.From) && e.local(c.To) && stmt == "ALTER TABLE "+d.QuoteName(c.From)+" RENAME TO "+d.Quote(c.To.Name) {
				return []string{"await " + k + ".schema.renameTable(" + jsString(c.From.Name) + ", " + jsString(c.To.Name) + ");"}
			}
		}
	case *schema.AddColumn:
		if d.Name == "postgres" && e.local(c.Table) && simpleColumn(c.Column) {
			base := "ALTER TABLE " + d.QuoteName(c.Table) + " ADD COLUMN " + d.Quote(c.Column.Name) + " " + c.Column.Type.Norm
			if stmt == base+columnTail(c.Column, true) || stmt == base+columnTail(c.Column, false) {
				return e.alter(c.Table, e.column(c.Column)+";")
			}
		}
	case *schema.DropColumn:
		if d.Name == "postgres" && e.local(c.Table) {
			for _, form := range []string{"ALTER TABLE " + d.QuoteName(c.Table) + " DROP COLUMN " + d.Quote(c.Column.Name), "ALTER TABLE " + d.QuoteName(c.Table) + " DROP COLUMN IF EXISTS " + d.Quote(c.Column.Name)} {
				if stmt == form {
					return e.alter(c.Table, "table.dropColumn("+jsString(c.Column.Name)+");")
				}
			}
		}
	case *schema.RenameColumn:
		if d.Name == "postgres" && e.local(c.Table) && stmt == "ALTER TABLE "+d.QuoteName(c.Table)+" RENAME COLUMN "+d.Quote(c.From)+" TO "+d.Quote(c.To) {
			return e.alter(c.Table, "table.renameColumn("+jsString(c.From)+", "+jsString(c.To)+");")
		}
	case *schema.AddIndex:
		return e.addIndex(c.Table, c.Index, stmt)
	case *schema.DropIndex:
		return e.dropIndex(c.Table, c.Index, stmt)
	case *schema.AddForeignKey:
		return e.addForeignKey(c.Table, c.ForeignKey, stmt)
	case *schema.DropForeignKey:
		return e.dropForeignKey(c.Table, c.ForeignKey, stmt)
	}
	return nil
}

// complete reports whether a change carries the objects a builder reads
// (a change built by hand may leave them out).
func complete(c schema.Change) bool {
	switch c := c.(type) {
	case *schema.AddTable:
		return c.Table != nil
	case *schema.DropTable:
		return c.Table != nil
	case *schema.AddColumn:
		return c.Column != nil
	case *schema.DropColumn:
		return c.Column != nil
	case *schema.AddIndex:
		return c.Index != nil
	case *schema.DropIndex:
		return c.Index != nil
	case *schema.AddForeignKey:
		return c.ForeignKey != nil
	case *schema.DropForeignKey:
		return c.ForeignKey != nil
	}
	return true
}

// inverse is the change a step's down statements carry out, for the
// changes whose inverse a builder can express.
func inverse(c schema.Change) schema.Change {
	switch c := c.(type) {
	case *schema.AddTable:
		return &schema.DropTable{Table: c.Table}
	case *schema.DropTable:
		return &schema.AddTable{Table: c.Table}
	case *schema.RenameTable:
		return &schema.RenameTable{From: c.To, To: c.From}
	case *schema.AddColumn:
		return &schema.DropColumn{Table: c.Table, Column: c.Column}
	case *schema.DropColumn:
		return &schema.AddColumn{Table: c.Table, Column: c.Column}
	case *schema.RenameColumn:
		return &schema.RenameColumn{Table: c.Table, From: c.To, To: c.From}
	case *schema.AddIndex:
		return &schema.DropIndex{Table: c.Table, Index: c.Index}
	case *schema.DropIndex:
		return &schema.AddIndex{Table: c.Table, Index: c.Index}
	case *schema.AddForeignKey:
		return &schema.DropForeignKey{Table: c.Table, ForeignKey: c.ForeignKey}
	case *schema.DropForeignKey:
		return &schema.AddForeignKey{Table: c.Table, ForeignKey: c.ForeignKey}
	}
	return nil
}

// exprs writes builder calls for one dialect on one knex object.
type exprs struct {
	d *dialect.Dialect
	k string
}

// local reports whether a table lives where Knex's unqualified names
// find it (the default namespace).
func (e exprs) local(q schema.QName) bool {
	return q.Schema == "" || q.Schema == e.d.DefaultNamespace
}

func (e exprs) alter(t schema.QName, lines ...string) []string {
	out := []string{"await " + e.k + ".schema.alterTable(" + jsString(t.Name) + ", (table) => {"}
	for _, l := range lines {
		out = append(out, "  "+l)
	}
	return append(out, "});")
}

func (e exprs) dropTable(t schema.QName, stmt string) []string {
	if !e.local(t) {
		return nil
	}
	switch stmt {
	case "DROP TABLE " + e.d.QuoteName(t):
		return []string{"await " + e.k + ".schema.dropTable(" + jsString(t.Name) + ");"}
	case "DROP TABLE IF EXISTS " + e.d.QuoteName(t):
		return []string{"await " + e.k + ".schema.dropTableIfExists(" + jsString(t.Name) + ");"}
	}
	return nil
}

// simpleColumn reports whether a column is a type, NOT NULL and a default
// only: what the column builders below write.
func simpleColumn(c *schema.Column) bool {
	return c.Identity == nil && c.Generated == nil && c.Collation == "" && c.OnUpdate == "" &&
		(c.Default == nil || c.Default.Kind != schema.DefaultSequence)
}

// columnTail is the DEFAULT and NOT NULL clauses of a column definition,
// in either order.
func columnTail(c *schema.Column, defaultFirst bool) string {
	def, nn := "", ""
	if c.Default != nil {
		def = " DEFAULT " + c.Default.Expr
	}
	if c.NotNull {
		nn = " NOT NULL"
	}
	if defaultFirst {
		return def + nn
	}
	return nn + def
}

// column writes a column builder: the type, nullability, default and
// comment.
func (e exprs) column(c *schema.Column) string {
	s := "table." + e.columnType(c)
	if c.NotNull {
		s += ".notNullable()"
	}
	if c.Default != nil {
		s += ".defaultTo(" + e.k + ".raw(" + sqlLiteral(c.Default.Expr, e.d) + "))"
	}
	if c.Comment != "" {
		s += ".comment(" + jsString(c.Comment) + ")"
	}
	return s
}
