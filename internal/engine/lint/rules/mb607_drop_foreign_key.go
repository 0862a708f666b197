package rules

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// DropForeignKey notes a foreign key that is dropped without being
// replaced. From then on nothing stops rows that reference missing
// parents, and ON DELETE actions (CASCADE, SET NULL) stop happening, which
// running code may rely on. Safe alternative: keep the constraint, or make
// sure the application enforces the relation before dropping it.
type DropForeignKey struct{}

// Code implements lint.Rule.
func (DropForeignKey) Code() string { return "MB607" }

// Severity implements lint.Rule.
func (DropForeignKey) Severity() lint.Severity { return lint.Notice }

// Title implements lint.Rule.
func (DropForeignKey) Title() string { return "Foreign key dropped" }

// Doc implements lint.Rule.
func (DropForeignKey) Doc() string { return docOf("DropForeignKey") }

// Check implements lint.Rule.
func (r DropForeignKey) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		c, ok := s.Change.(*schema.DropForeignKey)
		if !ok || c.ForeignKey == nil {
			continue
		}
		if replaced(ctx, c) {
			continue
		}
		fk := c.ForeignKey
		out = append(out, finding(s, r.Severity(), c.Table, strings.Join(fk.Columns, ","), "foreign key %s from %s to %s is dropped: the relation is no longer enforced",
			fk.Name, c.Table, fk.RefTable))
	}
	return out
}

// replaced reports whether the plan adds a foreign key on the same
// columns of the same table (a changed constraint, not a removed one), or
// drops the table itself.
func replaced(ctx *lint.Context, d *schema.DropForeignKey) bool {
	for _, s := range steps(ctx) {
		switch c := s.Change.(type) {
		case *schema.AddForeignKey:
			if c.ForeignKey != nil && sameSet(c.ForeignKey.Columns, d.ForeignKey.Columns) {
				return true
			}
		case *schema.DropTable:
			if c.Table != nil && c.Table.Name == d.Table {
				return true
			}
		}
	}
	return false
}
