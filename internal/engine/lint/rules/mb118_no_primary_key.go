package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// NoPrimaryKey flags a new table without a primary key. Rows cannot be
// addressed one by one (ORMs refuse to update them), logical replication
// cannot replicate updates and deletes of it without REPLICA IDENTITY
// FULL, MySQL row-based replication scans the table per changed row, and
// adding a key later to a large table is slow. Safe alternative: give
// every table a primary key when it is created.
type NoPrimaryKey struct{}

// Code implements lint.Rule.
func (NoPrimaryKey) Code() string { return "MB118" }

// Severity implements lint.Rule.
func (NoPrimaryKey) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (NoPrimaryKey) Title() string { return "Table without primary key" }

// Doc implements lint.Rule.
func (NoPrimaryKey) Doc() string { return docOf("NoPrimaryKey") }

// Check implements lint.Rule.
func (r NoPrimaryKey) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		c, ok := s.Change.(*schema.AddTable)
		if !ok || c.Table == nil || c.Table.PrimaryKey != nil {
			continue
		}
		t := c.Table.Name
		if tt := ctx.ToTable(t); tt != nil && tt.PrimaryKey != nil {
			continue // added by a later step of the plan
		}
		out = append(out, finding(s, r.Severity(), t, "", "table %s is created without a primary key", t))
	}
	return out
}
