// Package dialect holds per-dialect facts as data: quoting, identifier
// limits, type names and aliases, and capabilities by version (transactional
// DDL, concurrent index builds, NOT VALID constraints, instant column adds).
// Code elsewhere asks d.Caps.ConcurrentIndex, never "if dialect == ...".
package dialect

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Version is a server version, major.minor.
type Version struct {
	Major, Minor int
}

// String renders the version as major.minor (or major when minor is 0 and
// the dialect numbers by major only).
func (v Version) String() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// AtLeast reports whether v >= major.minor.
func (v Version) AtLeast(major, minor int) bool {
	return v.Major > major || v.Major == major && v.Minor >= minor
}

// ParseVersion reads "15", "15.4", "8.0", "10.11".
func ParseVersion(s string) (Version, error) {
	parts := strings.SplitN(strings.TrimSpace(s), ".", 3)
	maj, err := strconv.Atoi(parts[0])
	if err != nil || maj < 0 {
		return Version{}, fmt.Errorf("invalid version %q: want MAJOR or MAJOR.MINOR", s)
	}
	v := Version{Major: maj}
	if len(parts) > 1 {
		mn, err := strconv.Atoi(parts[1])
		if err != nil || mn < 0 {
			return Version{}, fmt.Errorf("invalid version %q: want MAJOR or MAJOR.MINOR", s)
		}
		v.Minor = mn
	}
	return v, nil
}

// Caps are what a dialect at a version can do. Each field documents the
// vendor fact it rests on.
type Caps struct {
	// TransactionalDDL: DDL runs inside a transaction and rolls back with it
	// (PostgreSQL, SQLite; not MySQL, whose DDL commits implicitly).
	TransactionalDDL bool
	// ConcurrentIndex: CREATE/DROP INDEX CONCURRENTLY exists; it takes SHARE
	// UPDATE EXCLUSIVE instead of SHARE and cannot run in a transaction.
	ConcurrentIndex bool
	// NotValidConstraints: FOREIGN KEY and CHECK can be added NOT VALID and
	// validated later under SHARE UPDATE EXCLUSIVE.
	NotValidConstraints bool
	// ConstantDefaultNoRewrite: ADD COLUMN with a non-volatile DEFAULT stores
	// the value in the catalog instead of rewriting the table (PG >= 11).
	ConstantDefaultNoRewrite bool
	// EnumAddValueInTransaction: ALTER TYPE ... ADD VALUE may run inside a
	// transaction block (PG >= 12; the value is usable after commit).
	EnumAddValueInTransaction bool
	// CheckProvesNotNull: SET NOT NULL skips its full scan when a valid
	// CHECK (col IS NOT NULL) proves it (PG >= 12).
	CheckProvesNotNull bool
	// NullsNotDistinct: UNIQUE NULLS NOT DISTINCT (PG >= 15).
	NullsNotDistinct bool
	// IfExists: DROP ... IF EXISTS / CREATE ... IF NOT EXISTS for tables,
	// indexes and columns, used to make rollbacks re-runnable.
	IfExists bool
	// ConstraintIfExists: ALTER TABLE ... DROP CONSTRAINT IF EXISTS.
	ConstraintIfExists bool
	// EnumTypes: enums are standalone named types (PostgreSQL) rather than
	// inline column types (MySQL) or absent (SQLite).
	EnumTypes bool
	// Namespaces: several schemas (namespaces) in one database.
	Namespaces bool
	// Sequences: standalone sequences exist.
	Sequences bool
	// Comments: COMMENT ON is supported.
	Comments bool
}

// Dialect is one database family at one version.
type Dialect struct {
	// Name is "postgres", "mysql", "mariadb" or "sqlite".
	Name    string
	Version Version
	// MaxIdentLen is the longest identifier in bytes; longer ones are
	// truncated by the server (PostgreSQL: NAMEDATALEN-1 = 63).
	MaxIdentLen int
	// DefaultNamespace is where unqualified names live ("public").
	DefaultNamespace string
	Caps             Caps
}

// Lookup returns the dialect for a name ("postgres", "postgresql", "pg")
// and a version ("15"; empty means the newest supported).
func Lookup(name, version string) (*Dialect, error) {
	switch strings.ToLower(name) {
	case "postgres", "postgresql", "pg":
		return Postgres(version)
	}
	return nil, fmt.Errorf("unknown dialect %q: supported: postgres", name)
}

// Quote quotes an identifier for the dialect: "a""b" on PostgreSQL. Every
// identifier the engine writes goes through Quote, so a table named
// `a"; drop table x; --` is only a name.
func (d *Dialect) Quote(ident string) string {
	return `"` + strings.ReplaceAll(ident, `"`, `""`) + `"`
}

// QuoteName quotes a qualified name, leaving out an empty schema.
func (d *Dialect) QuoteName(q schema.QName) string {
	if q.Schema == "" || !d.Caps.Namespaces {
		return d.Quote(q.Name)
	}
	return d.Quote(q.Schema) + "." + d.Quote(q.Name)
}

// QuoteString quotes a string literal: 'it''s'.
func (d *Dialect) QuoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
