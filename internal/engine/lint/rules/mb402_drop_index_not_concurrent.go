package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// DropIndexNotConcurrent flags an index dropped under a lock that blocks
// reads or writes. A plain DROP INDEX on PostgreSQL takes ACCESS EXCLUSIVE
// on the table; it is quick once granted, but it queues behind every
// running query and every later query queues behind it. Safe alternative:
// DROP INDEX CONCURRENTLY (outside a transaction block) where the database
// has it.
type DropIndexNotConcurrent struct{}

// Code implements lint.Rule.
func (DropIndexNotConcurrent) Code() string { return "MB402" }

// Severity implements lint.Rule.
func (DropIndexNotConcurrent) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (DropIndexNotConcurrent) Title() string { return "Index dropped under a blocking lock" }

// Doc implements lint.Rule.
func (DropIndexNotConcurrent) Doc() string { return docOf("DropIndexNotConcurrent") }

// Check implements lint.Rule.
func (r DropIndexNotConcurrent) Check(ctx *lint.Context) []lint.Finding {
	if ctx.Dialect == nil || !ctx.Dialect.Caps.ConcurrentIndex {
		return nil
	}
	var out []lint.Finding
	for _, s := range steps(ctx) {
		c, ok := s.Change.(*schema.DropIndex)
		if !ok || c.Index == nil || !onExisting(s) || !blocking(s) {
			continue
		}
		out = append(out, finding(s, r.Severity(), c.Table, "", "index %s is dropped under %s; DROP INDEX CONCURRENTLY does not block",
			c.Index.Name, lockPhrase(s)))
	}
	return out
}
