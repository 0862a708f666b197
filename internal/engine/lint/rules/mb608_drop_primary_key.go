package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// DropPrimaryKey flags a primary key dropped from a table that keeps
// existing. Foreign keys referencing it must go first, logical replication
// stops replicating updates and deletes, ORMs cannot address rows, and on
// MySQL dropping a primary key alone copies the table. Safe alternative:
// when replacing the key, build the new unique index first and swap in one
// short step; otherwise keep it.
type DropPrimaryKey struct{}

// Code implements lint.Rule.
func (DropPrimaryKey) Code() string { return "MB608" }

// Severity implements lint.Rule.
func (DropPrimaryKey) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (DropPrimaryKey) Title() string { return "Primary key dropped" }

// Doc implements lint.Rule.
func (DropPrimaryKey) Doc() string { return docOf("DropPrimaryKey") }

// Check implements lint.Rule.
func (r DropPrimaryKey) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		c, ok := s.Change.(*schema.DropPrimaryKey)
		if !ok || c.PrimaryKey == nil {
			continue
		}
		tt := ctx.ToTable(c.Table)
		if tt == nil {
			continue // the table goes away too
		}
		msg := "primary key %s of %s is dropped"
		if tt.PrimaryKey != nil {
			msg += " and replaced"
		}
		out = append(out, finding(s, r.Severity(), c.Table, "", msg, c.PrimaryKey.Name, c.Table))
	}
	return out
}
