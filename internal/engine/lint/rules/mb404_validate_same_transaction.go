package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
)

// ValidateSameTransaction flags VALIDATE CONSTRAINT run in the same
// transaction as the ADD ... NOT VALID before it. Locks are held until the
// transaction ends, so the ACCESS EXCLUSIVE (or SHARE ROW EXCLUSIVE) lock
// of the ADD is still held during the validating scan, which is exactly
// what NOT VALID was meant to avoid. Safe alternative: commit after the
// ADD and validate in a transaction of its own (the plan marks such steps
// NewTransaction).
type ValidateSameTransaction struct{}

// Code implements lint.Rule.
func (ValidateSameTransaction) Code() string { return "MB404" }

// Severity implements lint.Rule.
func (ValidateSameTransaction) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (ValidateSameTransaction) Title() string {
	return "VALIDATE in the same transaction as ADD NOT VALID"
}

// Doc implements lint.Rule.
func (ValidateSameTransaction) Doc() string { return docOf("ValidateSameTransaction") }

// Check implements lint.Rule.
func (r ValidateSameTransaction) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, tx := range transactions(ctx) {
		for i, s := range tx {
			if !upContains(s, "VALIDATE CONSTRAINT") {
				continue
			}
			for _, earlier := range tx[:i] {
				if earlier.Change == s.Change && upContains(earlier, "NOT VALID") && blocking(earlier) {
					t := s.Lock.Tables
					if len(t) == 0 {
						continue
					}
					out = append(out, finding(s, r.Severity(), t[0], "", "VALIDATE runs in the transaction of step %d, which holds %s during the scan",
						earlier.n, lockPhrase(earlier)))
					break
				}
			}
		}
	}
	return out
}

// transactions groups the plan's steps into the transactions they run in:
// consecutive transactional steps share one unless a step asks for a new
// one; a non-transactional step runs alone.
func transactions(ctx *lint.Context) [][]indexed {
	var out [][]indexed
	var cur []indexed
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur = nil
	}
	for _, s := range steps(ctx) {
		if !s.Transactional {
			flush()
			out = append(out, []indexed{s})
			continue
		}
		if s.NewTransaction {
			flush()
		}
		cur = append(cur, s)
	}
	flush()
	return out
}
