package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// IndexNotConcurrent flags an index built on an existing table under a
// lock that blocks writes. A plain CREATE INDEX on PostgreSQL takes SHARE:
// every INSERT, UPDATE and DELETE waits for the whole build, which on a
// large table is minutes. Safe alternative: CREATE INDEX CONCURRENTLY
// (outside a transaction block; SHARE UPDATE EXCLUSIVE, writes go on) on
// PostgreSQL, ALGORITHM=INPLACE, LOCK=NONE on MySQL. With data facts the
// table's size and the estimated build time are in the message.
type IndexNotConcurrent struct{}

// Code implements lint.Rule.
func (IndexNotConcurrent) Code() string { return "MB401" }

// Severity implements lint.Rule.
func (IndexNotConcurrent) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (IndexNotConcurrent) Title() string { return "Index built under a write-blocking lock" }

// Doc implements lint.Rule.
func (IndexNotConcurrent) Doc() string { return docOf("IndexNotConcurrent") }

// Check implements lint.Rule.
func (r IndexNotConcurrent) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		c, ok := s.Change.(*schema.AddIndex)
		if !ok || c.Index == nil || !onExisting(s) || !s.Lock.BlocksWrites {
			continue
		}
		alt := ""
		if ctx.Dialect != nil && ctx.Dialect.Caps.ConcurrentIndex {
			alt = "; build it CONCURRENTLY"
		} else if ctx.Dialect != nil && ctx.Dialect.Caps.InplaceIndex {
			alt = "; build it with ALGORITHM=INPLACE, LOCK=NONE"
		}
		f := finding(s, r.Severity(), c.Table, "", "index %s is built under %s for the whole build%s%s",
			c.Index.Name, lockPhrase(s), rowsNote(ctx, c.Table), alt)
		out = append(out, scaled(ctx, f, c.Table))
	}
	return out
}
