package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// ConstraintNotValid flags a foreign key or CHECK added to an existing
// table and validated in the same statement, under the lock the ADD takes:
// ACCESS EXCLUSIVE for a CHECK (reads and writes wait) and SHARE ROW
// EXCLUSIVE on both tables for a foreign key (writes wait), for a full
// scan of the table. Safe alternative where the database has it (Caps
// NotValidConstraints): ADD ... NOT VALID (brief lock, new rows checked at
// once), then VALIDATE CONSTRAINT in its own transaction, which scans
// under SHARE UPDATE EXCLUSIVE and blocks nobody. Elsewhere, add the
// constraint while the table is small or quiet.
type ConstraintNotValid struct{}

// Code implements lint.Rule.
func (ConstraintNotValid) Code() string { return "MB403" }

// Severity implements lint.Rule.
func (ConstraintNotValid) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (ConstraintNotValid) Title() string { return "Constraint validated under a blocking lock" }

// Doc implements lint.Rule.
func (ConstraintNotValid) Doc() string { return docOf("ConstraintNotValid") }

// Check implements lint.Rule.
func (r ConstraintNotValid) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		var t schema.QName
		var name string
		switch c := s.Change.(type) {
		case *schema.AddForeignKey:
			t, name = c.Table, c.ForeignKey.Name
		case *schema.AddCheck:
			t, name = c.Table, c.Check.Name
		default:
			continue
		}
		if !onExisting(s) || !s.Scan || !blocking(s) {
			continue
		}
		alt := "; no NOT VALID form exists here: add it while the table is small or quiet"
		if ctx.Dialect != nil && ctx.Dialect.Caps.NotValidConstraints {
			alt = "; add it NOT VALID and VALIDATE it in a separate transaction"
		}
		f := finding(s, r.Severity(), t, "", "constraint %s scans %s under %s%s%s", name, t, lockPhrase(s), rowsNote(ctx, t), alt)
		out = append(out, scaled(ctx, f, t))
	}
	return out
}
