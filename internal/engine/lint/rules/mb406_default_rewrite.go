package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// DefaultRewrite flags a column added with a default that makes the
// database write the value into every existing row, rewriting the table
// under its lock: a volatile default (random(), gen_random_uuid(),
// clock_timestamp()) on PostgreSQL 11 and later, and any non-null default
// before PostgreSQL 11 (Caps ConstantDefaultNoRewrite). Safe alternative:
// add the column without the default (or with a constant one), set the
// default for new rows, and backfill existing rows in batches.
type DefaultRewrite struct{}

// Code implements lint.Rule.
func (DefaultRewrite) Code() string { return "MB406" }

// Severity implements lint.Rule.
func (DefaultRewrite) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (DefaultRewrite) Title() string { return "Column default rewrites the table" }

// Doc implements lint.Rule.
func (DefaultRewrite) Doc() string { return docOf("DefaultRewrite") }

// Check implements lint.Rule.
func (r DefaultRewrite) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		c, ok := s.Change.(*schema.AddColumn)
		if !ok || c.Column == nil || !s.Rewrite || !onExisting(s) || serialOrIdentity(c.Column) || c.Column.Generated != nil || c.Column.Default == nil {
			continue
		}
		why := "the volatile default"
		if ctx.Dialect != nil && !ctx.Dialect.Caps.ConstantDefaultNoRewrite {
			why = "any default on this version"
		}
		f := finding(s, r.Severity(), c.Table, c.Column.Name, "adding %s.%s with DEFAULT %s rewrites the table (%s) under %s%s",
			c.Table, c.Column.Name, c.Column.Default.Expr, why, lockPhrase(s), rowsNote(ctx, c.Table))
		out = append(out, scaled(ctx, f, c.Table))
	}
	return out
}
