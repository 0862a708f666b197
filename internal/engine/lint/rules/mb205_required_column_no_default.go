package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// RequiredColumnNoDefault flags a NOT NULL column added to an existing
// table without a database default. Code running against the old schema
// inserts rows without the column and fails with a not-null violation
// until it is replaced; an ORM-level default (Prisma @default(cuid()))
// does not help those writers. Safe alternative: add the column nullable
// (or with a database default), deploy code that writes it, backfill, then
// set NOT NULL.
type RequiredColumnNoDefault struct{}

// Code implements lint.Rule.
func (RequiredColumnNoDefault) Code() string { return "MB205" }

// Severity implements lint.Rule.
func (RequiredColumnNoDefault) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (RequiredColumnNoDefault) Title() string { return "New NOT NULL column without default" }

// Doc implements lint.Rule.
func (RequiredColumnNoDefault) Doc() string { return docOf("RequiredColumnNoDefault") }

// Check implements lint.Rule.
func (r RequiredColumnNoDefault) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		c, ok := s.Change.(*schema.AddColumn)
		if !ok || c.Column == nil || !c.Column.NotNull || hasDBDefault(c.Column) || !onExisting(s) {
			continue
		}
		out = append(out, finding(s, r.Severity(), c.Table, c.Column.Name,
			"%s.%s is added NOT NULL without a default: inserts by the running code, which omit it, fail", c.Table, c.Column.Name))
	}
	return out
}
