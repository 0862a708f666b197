package rules

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
)

// StatementTimeout notes a migration that scans or rewrites an existing
// table under a lock blocking reads or writes without a statement timeout
// (Context.Options.StatementTimeout). If the table is larger than
// expected, the lock is held for as long as the statement runs, with no
// bound. Safe alternative: SET statement_timeout for the blocking
// statements to what the application can bear, and plan a safer form if
// it is hit (concurrent index builds should run without it).
type StatementTimeout struct{}

// Code implements lint.Rule.
func (StatementTimeout) Code() string { return "MB413" }

// Severity implements lint.Rule.
func (StatementTimeout) Severity() lint.Severity { return lint.Notice }

// Title implements lint.Rule.
func (StatementTimeout) Title() string { return "Long blocking statement without statement timeout" }

// Doc implements lint.Rule.
func (StatementTimeout) Doc() string { return docOf("StatementTimeout") }

// Check implements lint.Rule.
func (r StatementTimeout) Check(ctx *lint.Context) []lint.Finding {
	if ctx.Options.StatementTimeout {
		return nil
	}
	var tables []string
	seen := map[string]bool{}
	for _, s := range steps(ctx) {
		if !(s.Scan || s.Rewrite) || !blocking(s) {
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
		Message: "statements scan or rewrite " + strings.Join(tables, ", ") + " under blocking locks with no statement timeout"}}
}
