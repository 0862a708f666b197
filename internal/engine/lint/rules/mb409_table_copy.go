package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
)

// TableCopy flags a step that copies an existing table while writes are
// blocked, as MySQL and MariaDB do with ALGORITHM=COPY (a column type
// change, an enum reordered, a foreign key added with foreign_key_checks
// on, a primary key dropped): reads go on, but every INSERT, UPDATE and
// DELETE waits for the whole copy, and the DDL commits implicitly, so a
// failure leaves the migration half applied. Safe alternative: an online
// schema change tool (gh-ost, pt-online-schema-change, Spirit) or a change
// the server can do INSTANT or INPLACE with LOCK=NONE.
type TableCopy struct{}

// Code implements lint.Rule.
func (TableCopy) Code() string { return "MB409" }

// Severity implements lint.Rule.
func (TableCopy) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (TableCopy) Title() string { return "Table copied while writes are blocked" }

// Doc implements lint.Rule.
func (TableCopy) Doc() string { return docOf("TableCopy") }

// Check implements lint.Rule.
func (r TableCopy) Check(ctx *lint.Context) []lint.Finding {
	if ctx.Dialect == nil || !ctx.Dialect.Caps.DDLImplicitCommit {
		return nil
	}
	var out []lint.Finding
	for _, s := range steps(ctx) {
		if !s.Rewrite || !s.Lock.BlocksWrites || !onExisting(s) {
			continue
		}
		t := s.Lock.Tables[0]
		f := finding(s, r.Severity(), t, "", "%s copies %s under %s%s", s.Change.Kind(), t, lockPhrase(s), rowsNote(ctx, t))
		out = append(out, scaled(ctx, f, t))
	}
	return out
}
