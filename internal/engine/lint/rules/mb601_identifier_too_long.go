package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// IdentifierTooLong flags a new name (table, column, index, constraint,
// type) longer than the dialect's identifier limit in bytes (63 on
// PostgreSQL, 64 on MySQL). PostgreSQL silently truncates it, so the
// database holds a different name than the schema file: the next diff
// sees a rename, and two long names sharing a prefix collide. MySQL
// refuses the statement. Safe alternative: choose a shorter name.
type IdentifierTooLong struct{}

// Code implements lint.Rule.
func (IdentifierTooLong) Code() string { return "MB601" }

// Severity implements lint.Rule.
func (IdentifierTooLong) Severity() lint.Severity { return lint.Error }

// Title implements lint.Rule.
func (IdentifierTooLong) Title() string { return "Identifier longer than the dialect allows" }

// Doc implements lint.Rule.
func (IdentifierTooLong) Doc() string { return docOf("IdentifierTooLong") }

// Check implements lint.Rule.
func (r IdentifierTooLong) Check(ctx *lint.Context) []lint.Finding {
	if ctx.Dialect == nil || ctx.Dialect.MaxIdentLen <= 0 {
		return nil
	}
	max := ctx.Dialect.MaxIdentLen
	var out []lint.Finding
	for _, s := range steps(ctx) {
		for _, n := range newNames(s.Change) {
			if len(n.name) > max {
				out = append(out, finding(s, r.Severity(), n.table, n.column, "%s name %q is %d bytes, over the limit of %d",
					n.kind, n.name, len(n.name), max))
			}
		}
	}
	return out
}

// newName is a name a change introduces.
type newName struct {
	kind, name string
	table      schema.QName
	column     string
}

// newNames lists the names a change creates.
func newNames(c schema.Change) []newName {
	var out []newName
	add := func(kind, name string, t schema.QName, col string) {
		if name != "" {
			out = append(out, newName{kind, name, t, col})
		}
	}
	switch c := c.(type) {
	case *schema.AddTable:
		t := c.Table
		add("table", t.Name.Name, t.Name, "")
		for _, col := range t.Columns {
			add("column", col.Name, t.Name, col.Name)
		}
		if t.PrimaryKey != nil {
			add("constraint", t.PrimaryKey.Name, t.Name, "")
		}
		for _, u := range t.Uniques {
			add("constraint", u.Name, t.Name, "")
		}
		for _, ck := range t.Checks {
			add("constraint", ck.Name, t.Name, "")
		}
	case *schema.AddColumn:
		add("column", c.Column.Name, c.Table, c.Column.Name)
	case *schema.RenameTable:
		add("table", c.To.Name, c.To, "")
	case *schema.RenameColumn:
		add("column", c.To, c.Table, c.To)
	case *schema.AddIndex:
		add("index", c.Index.Name, c.Table, "")
	case *schema.RenameIndex:
		add("index", c.To, c.Table, "")
	case *schema.AddForeignKey:
		add("constraint", c.ForeignKey.Name, c.Table, "")
	case *schema.AddUnique:
		add("constraint", c.Unique.Name, c.Table, "")
	case *schema.AddCheck:
		add("constraint", c.Check.Name, c.Table, "")
	case *schema.AddPrimaryKey:
		add("constraint", c.PrimaryKey.Name, c.Table, "")
	case *schema.RenameConstraint:
		add("constraint", c.To, c.Table, "")
	case *schema.AddEnum:
		add("type", c.Enum.Name.Name, c.Enum.Name, "")
	case *schema.RenameEnum:
		add("type", c.To.Name, c.To, "")
	}
	return out
}
