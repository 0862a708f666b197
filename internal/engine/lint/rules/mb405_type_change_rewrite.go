package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TypeChangeRewrite flags a column type change that rewrites the table in
// place: every row is converted and written anew, with every index
// rebuilt, under a lock that blocks reads too (ACCESS EXCLUSIVE on
// PostgreSQL: no reads, no writes). Only changes the database proves
// binary-compatible (varchar(n) to a longer varchar or text, numeric
// precision up) avoid it. Copies that let readers go on (MySQL
// ALGORITHM=COPY, SQLite rebuilds) are MB409 and MB410. Safe alternative: add a column of the new type,
// backfill it in batches, switch readers and writers, drop the old one.
// With data facts the table size and estimated duration are in the
// message, and an empty table is a notice.
type TypeChangeRewrite struct{}

// Code implements lint.Rule.
func (TypeChangeRewrite) Code() string { return "MB405" }

// Severity implements lint.Rule.
func (TypeChangeRewrite) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (TypeChangeRewrite) Title() string { return "Type change rewrites the table" }

// Doc implements lint.Rule.
func (TypeChangeRewrite) Doc() string { return docOf("TypeChangeRewrite") }

// Check implements lint.Rule.
func (r TypeChangeRewrite) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		c, ok := s.Change.(*schema.AlterColumn)
		if !ok || !c.What.Has(schema.ChangeType) || !s.Rewrite || !s.Lock.BlocksReads || !onExisting(s) {
			continue
		}
		f := finding(s, r.Severity(), c.Table, c.To.Name, "changing %s.%s from %s to %s rewrites the table under %s%s",
			c.Table, c.To.Name, c.From.Type.Norm, c.To.Type.Norm, lockPhrase(s), rowsNote(ctx, c.Table))
		out = append(out, scaled(ctx, f, c.Table))
	}
	return out
}
