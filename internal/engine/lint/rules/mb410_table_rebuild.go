package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
)

// TableRebuild flags a step that rebuilds an existing table inside a
// transaction without blocking readers, as SQLite does for every change
// ALTER TABLE cannot make in place (the "12-step" procedure: create the
// new table, copy the rows, drop the old one, rename). The database write
// lock is held for the whole copy, so every writer waits; foreign key
// enforcement is off during the copy, so violations are only found by
// PRAGMA foreign_key_check afterwards; triggers and views on the table
// must be re-created. Safe alternative: run it when writers can wait,
// check foreign keys after the copy, and keep such changes rare.
type TableRebuild struct{}

// Code implements lint.Rule.
func (TableRebuild) Code() string { return "MB410" }

// Severity implements lint.Rule.
func (TableRebuild) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (TableRebuild) Title() string { return "Table rebuilt by copying" }

// Doc implements lint.Rule.
func (TableRebuild) Doc() string { return docOf("TableRebuild") }

// Check implements lint.Rule.
func (r TableRebuild) Check(ctx *lint.Context) []lint.Finding {
	if ctx.Dialect == nil || ctx.Dialect.Caps.DDLImplicitCommit || !ctx.Dialect.Caps.TransactionalDDL {
		return nil
	}
	var out []lint.Finding
	for _, s := range steps(ctx) {
		// A rewrite that blocks reads is an in-place rewrite (MB405 and
		// others); a rebuild lets readers see the old table meanwhile.
		if !s.Rewrite || s.Lock.BlocksReads || !onExisting(s) {
			continue
		}
		t := s.Lock.Tables[0]
		f := finding(s, r.Severity(), t, "", "%s rebuilds %s by copying its rows; writers wait for the whole copy%s", s.Change.Kind(), t, rowsNote(ctx, t))
		out = append(out, scaled(ctx, f, t))
	}
	return out
}
