package rules

import (
	"slices"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// PreferBigintKeys notes a new key column (a primary key column, or a
// serial, auto-increment or identity column) of a 16- or 32-bit integer
// type. A busy table exhausts 2,147,483,647 ids sooner than expected, and
// widening the key later rewrites the table and every referencing one
// under a blocking lock. Safe alternative: use bigint for ids from the
// start; the extra four bytes per row are cheap.
type PreferBigintKeys struct{}

// Code implements lint.Rule.
func (PreferBigintKeys) Code() string { return "MB111" }

// Severity implements lint.Rule.
func (PreferBigintKeys) Severity() lint.Severity { return lint.Notice }

// Title implements lint.Rule.
func (PreferBigintKeys) Title() string { return "Key column narrower than bigint" }

// Doc implements lint.Rule.
func (PreferBigintKeys) Doc() string { return docOf("PreferBigintKeys") }

// Check implements lint.Rule.
func (r PreferBigintKeys) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		t, cols := addedColumns(s.Change)
		var pk []string
		if a, ok := s.Change.(*schema.AddTable); ok && a.Table.PrimaryKey != nil {
			pk = a.Table.PrimaryKey.Columns
		}
		for _, c := range cols {
			rank := intRank(parseType(c.Type.Norm).base)
			if rank == 0 || rank >= 5 || !serialOrIdentity(c) && !slices.Contains(pk, c.Name) {
				continue
			}
			out = append(out, atColumn(finding(s, r.Severity(), t, c.Name, "key column %s.%s is %s; bigint does not run out", t, c.Name, c.Type.Norm), c))
		}
	}
	return out
}
