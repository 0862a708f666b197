package rules

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
)

// LockTimeout flags a migration that takes a lock blocking reads or
// writes on an existing table without a lock timeout
// (Context.Options.LockTimeout). A DDL statement waiting for its lock
// behind a long query sits in the lock queue, and every query that arrives
// after it waits behind it: a one-millisecond ALTER becomes an outage. Safe
// alternative: SET lock_timeout (PostgreSQL) or lock_wait_timeout (MySQL)
// to a few seconds and retry on timeout; the plain SQL files migrate-bot
// writes start with one.
type LockTimeout struct{}

// Code implements lint.Rule.
func (LockTimeout) Code() string { return "MB412" }

// Severity implements lint.Rule.
func (LockTimeout) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (LockTimeout) Title() string { return "Blocking lock without lock timeout" }

// Doc implements lint.Rule.
func (LockTimeout) Doc() string { return docOf("LockTimeout") }

// Check implements lint.Rule.
func (r LockTimeout) Check(ctx *lint.Context) []lint.Finding {
	if ctx.Options.LockTimeout {
		return nil
	}
	var tables []string
	seen := map[string]bool{}
	for _, s := range steps(ctx) {
		if !blocking(s) {
			continue
		}
		for _, t := range s.Lock.Tables {
			if !seen[t.String()] {
				seen[t.String()] = true
				tables = append(tables, t.String())
			}
		}
	}
	if len(tables) == 0 {
		return nil
	}
	return []lint.Finding{{Severity: r.Severity(),
		Message: "the migration takes blocking locks on " + strings.Join(tables, ", ") + " without a lock timeout: a lock wait queues every later query"}}
}
