package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
)

// LockHeldAcrossSteps flags a transaction in which a step takes a lock
// that blocks reads on an existing table and a later step of the same
// transaction scans or rewrites a table. Locks are released only at
// commit, so the first table stays unreadable for as long as the later
// step runs, even if that step is on another table. Safe alternative:
// commit between them (separate migrations, or a transaction per step);
// keep blocking catalog changes in short transactions of their own.
type LockHeldAcrossSteps struct{}

// Code implements lint.Rule.
func (LockHeldAcrossSteps) Code() string { return "MB418" }

// Severity implements lint.Rule.
func (LockHeldAcrossSteps) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (LockHeldAcrossSteps) Title() string { return "Exclusive lock held across a long step" }

// Doc implements lint.Rule.
func (LockHeldAcrossSteps) Doc() string { return docOf("LockHeldAcrossSteps") }

// Check implements lint.Rule.
func (r LockHeldAcrossSteps) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, tx := range transactions(ctx) {
		var holder *indexed
		for i := range tx {
			s := tx[i]
			if holder != nil && (s.Scan || s.Rewrite) && s.Change != holder.Change {
				t := holder.Lock.Tables[0]
				out = append(out, finding(s, r.Severity(), t, "", "%s taken by step %d is held while step %d (%s) scans or rewrites",
					lockPhrase(*holder), holder.n, s.n, s.Change.Kind()))
				break
			}
			if holder == nil && s.Lock.BlocksReads && onExisting(s) {
				holder = &tx[i]
			}
		}
	}
	return out
}
