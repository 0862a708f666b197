package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// KeyWithoutUsingIndex flags a primary key or unique constraint added to
// an existing table by building its index inside ALTER TABLE, under
// ACCESS EXCLUSIVE: no reads and no writes for the whole index build.
// Safe alternative where the database builds indexes concurrently: CREATE
// UNIQUE INDEX CONCURRENTLY, then ALTER TABLE ... ADD CONSTRAINT ...
// PRIMARY KEY / UNIQUE USING INDEX, which only takes the lock briefly (for
// a primary key, make the columns NOT NULL first, or the attach scans).
type KeyWithoutUsingIndex struct{}

// Code implements lint.Rule.
func (KeyWithoutUsingIndex) Code() string { return "MB414" }

// Severity implements lint.Rule.
func (KeyWithoutUsingIndex) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (KeyWithoutUsingIndex) Title() string {
	return "Key built under ACCESS EXCLUSIVE instead of USING INDEX"
}

// Doc implements lint.Rule.
func (KeyWithoutUsingIndex) Doc() string { return docOf("KeyWithoutUsingIndex") }

// Check implements lint.Rule.
func (r KeyWithoutUsingIndex) Check(ctx *lint.Context) []lint.Finding {
	if ctx.Dialect == nil || !ctx.Dialect.Caps.ConcurrentIndex {
		return nil
	}
	var out []lint.Finding
	for _, g := range groups(ctx) {
		var t schema.QName
		switch c := g.change.(type) {
		case *schema.AddPrimaryKey:
			t = c.Table
		case *schema.AddUnique:
			t = c.Table
		default:
			continue
		}
		concurrent := false
		for _, s := range g.steps {
			concurrent = concurrent || upContains(s, "CONCURRENTLY")
		}
		s := g.steps[0]
		if concurrent || !onExisting(s) || !s.Lock.BlocksReads {
			continue
		}
		f := finding(s, r.Severity(), t, "", "%s builds its index under %s%s; build it CONCURRENTLY and attach it USING INDEX",
			g.change.Kind(), lockPhrase(s), rowsNote(ctx, t))
		out = append(out, scaled(ctx, f, t))
	}
	return out
}
