package rules

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// DropIndexBackingFK flags a dropped index that was the only index on a
// foreign key's columns in the target schema. Deletes on the parent table
// then scan the child table; on MySQL and MariaDB, InnoDB refuses to drop
// an index a foreign key needs ("needed in a foreign key constraint"), so
// the migration fails. Safe alternative: keep the index, or create the
// replacement index before dropping this one.
type DropIndexBackingFK struct{}

// Code implements lint.Rule.
func (DropIndexBackingFK) Code() string { return "MB605" }

// Severity implements lint.Rule.
func (DropIndexBackingFK) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (DropIndexBackingFK) Title() string { return "Dropped index backs a foreign key" }

// Doc implements lint.Rule.
func (DropIndexBackingFK) Doc() string { return docOf("DropIndexBackingFK") }

// Check implements lint.Rule.
func (r DropIndexBackingFK) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		c, ok := s.Change.(*schema.DropIndex)
		if !ok || c.Index == nil {
			continue
		}
		tt := ctx.ToTable(c.Table)
		if tt == nil {
			continue
		}
		for _, fk := range tt.ForeignKeys {
			n := len(fk.Columns)
			lead := leadingColumns(c.Index.Parts, n)
			if lead == nil || !sameSet(lead, fk.Columns) || keyCovers(tt, fk.Columns) {
				continue
			}
			out = append(out, finding(s, r.Severity(), c.Table, strings.Join(fk.Columns, ","), "index %s is the only index on foreign key %s(%s)",
				c.Index.Name, fk.Name, strings.Join(fk.Columns, ", ")))
		}
	}
	return out
}
