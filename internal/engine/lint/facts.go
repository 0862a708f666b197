package lint

import (
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Facts are numbers read from the target database's data. Every method
// returns ok false when the number is unknown (no such table, the query
// timed out, the implementation does not measure it); a rule then judges
// from the schema alone. Implementations must be safe to call on a busy
// production database: read-only, with a statement timeout, and using
// statistics or sampling where a full count would be expensive (so counts
// may be estimates). Tables and columns are named as in the source schema
// (before the migration).
type Facts interface {
	// RowCount is the number of rows in a table.
	RowCount(table schema.QName) (int64, bool)
	// TableBytes is the table's size on disk, indexes included.
	TableBytes(table schema.QName) (int64, bool)
	// NullCount is the number of rows whose column is NULL.
	NullCount(table schema.QName, column string) (int64, bool)
	// DuplicateGroups is the number of distinct non-NULL value
	// combinations of columns that occur more than once.
	DuplicateGroups(table schema.QName, columns []string) (int64, bool)
	// Orphans is the number of rows of table whose non-NULL foreign key
	// columns match no row of the referenced table.
	Orphans(table schema.QName, fk *schema.ForeignKey) (int64, bool)
	// ViolatingRows is the number of rows for which the check's
	// expression is false.
	ViolatingRows(table schema.QName, check *schema.Check) (int64, bool)
	// EnumValueUses is the number of rows whose column holds the value.
	EnumValueUses(column schema.ColumnRef, value string) (int64, bool)
	// ValuesNotFitting is the number of non-NULL values of the column
	// that cannot be converted to newType without error or truncation.
	ValuesNotFitting(table schema.QName, column, newType string) (int64, bool)
	// RewriteDuration is the estimated time to scan or rewrite the table,
	// from its size and the rates measured for the dialect.
	RewriteDuration(table schema.QName) (time.Duration, bool)
}

// MapFacts is Facts recorded ahead of time: numbers measured once (or
// written by hand in a test case) and looked up by key. A missing key is
// unknown. Keys are a table ("public.users"), a column
// ("public.users.email"), and for the specific checks the column or
// constraint followed by the value, type or column list, as the field
// comments say.
type MapFacts struct {
	Rows  map[string]int64 // table
	Bytes map[string]int64 // table
	Nulls map[string]int64 // table.column
	// Duplicates is keyed by "table(col1,col2)".
	Duplicates map[string]int64
	// OrphanRows is keyed by "table.fk_name".
	OrphanRows map[string]int64
	// Violating is keyed by "table.check_name".
	Violating map[string]int64
	// EnumUses is keyed by "table.column=value".
	EnumUses map[string]int64
	// NotFitting is keyed by "table.column" (whatever the new type).
	NotFitting map[string]int64
	// Durations is keyed by table.
	Durations map[string]time.Duration
}

func lookup[V any](m map[string]V, key string) (V, bool) {
	v, ok := m[key]
	return v, ok
}

// RowCount implements Facts.
func (m *MapFacts) RowCount(t schema.QName) (int64, bool) { return lookup(m.Rows, t.String()) }

// TableBytes implements Facts.
func (m *MapFacts) TableBytes(t schema.QName) (int64, bool) { return lookup(m.Bytes, t.String()) }

// NullCount implements Facts.
func (m *MapFacts) NullCount(t schema.QName, c string) (int64, bool) {
	return lookup(m.Nulls, t.String()+"."+c)
}

// DuplicateGroups implements Facts.
func (m *MapFacts) DuplicateGroups(t schema.QName, cols []string) (int64, bool) {
	key := t.String() + "("
	for i, c := range cols {
		if i > 0 {
			key += ","
		}
		key += c
	}
	return lookup(m.Duplicates, key+")")
}

// Orphans implements Facts.
func (m *MapFacts) Orphans(t schema.QName, fk *schema.ForeignKey) (int64, bool) {
	return lookup(m.OrphanRows, t.String()+"."+fk.Name)
}

// ViolatingRows implements Facts.
func (m *MapFacts) ViolatingRows(t schema.QName, c *schema.Check) (int64, bool) {
	return lookup(m.Violating, t.String()+"."+c.Name)
}

// EnumValueUses implements Facts.
func (m *MapFacts) EnumValueUses(c schema.ColumnRef, v string) (int64, bool) {
	return lookup(m.EnumUses, c.Table.String()+"."+c.Column+"="+v)
}

// ValuesNotFitting implements Facts.
func (m *MapFacts) ValuesNotFitting(t schema.QName, c, _ string) (int64, bool) {
	return lookup(m.NotFitting, t.String()+"."+c)
}

// RewriteDuration implements Facts.
func (m *MapFacts) RewriteDuration(t schema.QName) (time.Duration, bool) {
	return lookup(m.Durations, t.String())
}
