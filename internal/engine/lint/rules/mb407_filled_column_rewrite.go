package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// FilledColumnRewrite flags a serial, auto-increment, identity or stored
// generated column added to an existing table (or a column turned into a
// generated one). The database computes a value for every row, rewriting
// the table under its lock; for auto-increment the values are also
// assigned in an order replicas may not reproduce. Safe alternative: add a
// plain nullable column, fill it in batches (from a sequence or the
// expression), then attach the default or identity; on MySQL, a VIRTUAL
// generated column needs no rewrite.
type FilledColumnRewrite struct{}

// Code implements lint.Rule.
func (FilledColumnRewrite) Code() string { return "MB407" }

// Severity implements lint.Rule.
func (FilledColumnRewrite) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (FilledColumnRewrite) Title() string {
	return "Serial, identity or generated column rewrites the table"
}

// Doc implements lint.Rule.
func (FilledColumnRewrite) Doc() string { return docOf("FilledColumnRewrite") }

// Check implements lint.Rule.
func (r FilledColumnRewrite) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		if !s.Rewrite || !onExisting(s) {
			continue
		}
		var t schema.QName
		var col *schema.Column
		switch c := s.Change.(type) {
		case *schema.AddColumn:
			if c.Column == nil || !serialOrIdentity(c.Column) && (c.Column.Generated == nil || !c.Column.Generated.Stored) {
				continue
			}
			t, col = c.Table, c.Column
		case *schema.AlterColumn:
			if !c.What.Has(schema.ChangeGenerated) || c.To == nil || c.To.Generated == nil {
				continue
			}
			t, col = c.Table, c.To
		default:
			continue
		}
		kind := "generated column"
		if serialOrIdentity(col) {
			kind = "serial or identity column"
		}
		f := finding(s, r.Severity(), t, col.Name, "%s.%s is a %s: every row is filled, rewriting the table under %s%s",
			t, col.Name, kind, lockPhrase(s), rowsNote(ctx, t))
		out = append(out, scaled(ctx, f, t))
	}
	return out
}
