package plan

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// The rollback of a dropped NOT NULL column without a default cannot add it
// back NOT NULL as it was on a table with rows: it has nothing to put in
// them. It adds the column with a temporary DEFAULT of the type's zero
// value, which fills the existing rows and lets NOT NULL hold, then drops
// the default, so the schema comes back exactly; the rows hold the zero
// value instead of the data the column had.
//
// The rule, exactly: a column gets a zero fill when its type is one of
// zeroValues (by base type, modifiers ignored), an array of any type, or
// an enum of the source schema (its first value), and no UNIQUE constraint
// or unique index of its table in the source covers it (one zero value in
// every row would break it; a primary key is zero-filled, since it could
// not be re-added on NULLs either). Otherwise the column comes back
// nullable and the step carries an irreversible hazard ("not null not
// restored"). Foreign keys and checks that use a zero-filled column are
// re-added NOT VALID by the rollback: the zero value need not have a
// parent or pass the check, new rows are checked.

// zeroValues are the zero values of the built-in types, as SQL literals,
// keyed by the base type name format_type gives.
var zeroValues = map[string]string{
	"text": "''", "character varying": "''", "character": "''", "citext": "''", "name": "''",
	"bytea":    "''",
	"smallint": "0", "integer": "0", "bigint": "0", "numeric": "0", "real": "0",
	"double precision": "0", "money": "0", "oid": "0",
	"boolean":                     "false",
	"date":                        "'1970-01-01'",
	"timestamp without time zone": "'1970-01-01 00:00:00'",
	"timestamp with time zone":    "'1970-01-01 00:00:00+00'",
	"time without time zone":      "'00:00:00'",
	"time with time zone":         "'00:00:00+00'",
	"interval":                    "'00:00:00'",
	"uuid":                        "'00000000-0000-0000-0000-000000000000'",
	"json":                        "'{}'",
	"jsonb":                       "'{}'",
	"inet":                        "'0.0.0.0'",
	"cidr":                        "'0.0.0.0/32'",
	"macaddr":                     "'00:00:00:00:00:00'",
	"bit varying":                 "''",
	"tsvector":                    "''",
}

// zeroValue is the literal a rollback fills a re-added NOT NULL column of
// type c with, or "" when the type has no known zero value.
func (p *pg) zeroValue(c *schema.Column) string {
	norm := c.Type.Norm
	if strings.HasSuffix(norm, "[]") {
		return "'{}'"
	}
	if c.Type.Ref != nil {
		if p.from != nil {
			if e := p.from.Enum(*c.Type.Ref); e != nil && len(e.Values) > 0 {
				return p.lit(e.Values[0])
			}
		}
		return ""
	}
	t, ok := parsePGType(norm)
	if !ok {
		return ""
	}
	return zeroValues[t.base]
}

// needsFill reports whether a re-added column cannot simply come back as it
// was: it is NOT NULL and nothing (a default, an identity, a generation)
// fills the existing rows.
func needsFill(c *schema.Column) bool {
	return c.NotNull && c.Default == nil && c.Identity == nil && c.Generated == nil
}

// zeroFill is the zero value the rollback of dropping column col of table
// t (named after the plan's renames) fills it with, or "" when it comes
// back nullable (or needs no fill).
func (p *pg) zeroFill(t schema.QName, col *schema.Column) string {
	if !needsFill(col) || p.uniquelyCovered(t, col.Name) {
		return ""
	}
	return p.zeroValue(col)
}

// uniquelyCovered reports whether a UNIQUE constraint or unique index of
// the source table covers the column.
func (p *pg) uniquelyCovered(t schema.QName, column string) bool {
	tb := p.fromTable(t)
	if tb == nil {
		return false
	}
	for _, u := range tb.Uniques {
		if contains(u.Columns, column) {
			return true
		}
	}
	for _, ix := range tb.Indexes {
		if !ix.Unique {
			continue
		}
		for _, part := range ix.Parts {
			if part.Column == column || exprUses(part.Expr, column) {
				return true
			}
		}
	}
	return false
}

// zeroFilledByRollback reports whether the plan drops column of table t
// (named after the plan's renames) and its rollback zero-fills it.
func (p *pg) zeroFilledByRollback(t schema.QName, column string) bool {
	for _, c := range p.changes {
		if d, ok := c.(*schema.DropColumn); ok && d.Column != nil && d.Column.Name == column &&
			p.afterRename(d.Table) == t && p.zeroFill(t, d.Column) != "" {
			return true
		}
	}
	return false
}
