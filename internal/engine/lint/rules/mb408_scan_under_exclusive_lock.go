package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// ScanUnderExclusiveLock flags a step that reads every row of an existing
// table while holding a lock that blocks reads (ACCESS EXCLUSIVE on
// PostgreSQL): SET NOT NULL before PostgreSQL 12 or without a proving
// CHECK, a primary key attached to nullable columns, and similar. Nothing
// else can even SELECT from the table until the scan ends. Rewrites,
// constraints and index builds have their own rules. Safe alternative on
// PostgreSQL 12+: prove NOT NULL with CHECK (col IS NOT NULL) NOT VALID,
// VALIDATE it, then SET NOT NULL, which then skips the scan.
type ScanUnderExclusiveLock struct{}

// Code implements lint.Rule.
func (ScanUnderExclusiveLock) Code() string { return "MB408" }

// Severity implements lint.Rule.
func (ScanUnderExclusiveLock) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (ScanUnderExclusiveLock) Title() string { return "Full scan under a lock that blocks reads" }

// Doc implements lint.Rule.
func (ScanUnderExclusiveLock) Doc() string { return docOf("ScanUnderExclusiveLock") }

// Check implements lint.Rule.
func (r ScanUnderExclusiveLock) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		if !s.Scan || s.Rewrite || !s.Lock.BlocksReads || !onExisting(s) {
			continue
		}
		switch s.Change.(type) {
		case *schema.AddForeignKey, *schema.AddCheck, *schema.AddIndex:
			continue // MB403, MB401
		}
		t := s.Lock.Tables[0]
		col := ""
		if c, ok := s.Change.(*schema.AlterColumn); ok && c.To != nil {
			col = c.To.Name
		}
		f := finding(s, r.Severity(), t, col, "%s scans %s while holding %s%s", s.Change.Kind(), t, lockPhrase(s), rowsNote(ctx, t))
		out = append(out, scaled(ctx, f, t))
	}
	return out
}
