package rules

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// UniqueOnDuplicates flags a primary key, unique constraint or unique
// index added to an existing table. Building it fails if two rows share a
// value; a failed CREATE UNIQUE INDEX CONCURRENTLY leaves an INVALID index
// behind that still enforces uniqueness on new writes and must be dropped
// by hand. Safe alternative: find and resolve duplicates first (SELECT
// cols, count(*) ... GROUP BY cols HAVING count(*) > 1), and make writers
// stop creating them. With data facts, the number of duplicate groups is
// in the message: none is a notice, some is an error.
type UniqueOnDuplicates struct{}

// Code implements lint.Rule.
func (UniqueOnDuplicates) Code() string { return "MB303" }

// Severity implements lint.Rule.
func (UniqueOnDuplicates) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (UniqueOnDuplicates) Title() string { return "Unique key fails on duplicates" }

// Doc implements lint.Rule.
func (UniqueOnDuplicates) Doc() string { return docOf("UniqueOnDuplicates") }

// Check implements lint.Rule.
func (r UniqueOnDuplicates) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, g := range groups(ctx) {
		var t schema.QName
		var name string
		var cols []string
		switch c := g.change.(type) {
		case *schema.AddUnique:
			if c.Unique == nil {
				continue
			}
			t, name, cols = c.Table, c.Unique.Name, c.Unique.Columns
		case *schema.AddPrimaryKey:
			if c.PrimaryKey == nil {
				continue
			}
			t, name, cols = c.Table, c.PrimaryKey.Name, c.PrimaryKey.Columns
		case *schema.AddIndex:
			if c.Index == nil || !c.Index.Unique || c.NewTable {
				continue
			}
			t, name = c.Table, c.Index.Name
			for _, p := range c.Index.Parts {
				if p.Column == "" {
					cols = nil // an expression: Facts cannot count it by columns
					break
				}
				cols = append(cols, p.Column)
			}
		default:
			continue
		}
		s := g.steps[0]
		if !onExisting(s) {
			continue
		}
		f := finding(s, r.Severity(), t, strings.Join(cols, ","), "unique key %s on %s fails if existing rows share a value", name, t)
		if ctx.Facts != nil && len(cols) > 0 {
			n, ok := ctx.Facts.DuplicateGroups(t, cols)
			f = offending(f, n, ok, "duplicate group", "duplicate groups")
		}
		out = append(out, f)
	}
	return out
}
