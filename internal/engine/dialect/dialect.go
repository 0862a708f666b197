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

	// The fields below are facts of the MySQL family (MySQL 8.0/8.4 InnoDB
	// online DDL, dev.mysql.com "Online DDL Operations"; MariaDB KB "InnoDB
	// Online DDL Operations with ALGORITHM=INSTANT"); see
	// shared/notes/ddl-safety.md. They are false on other dialects.

	// InstantAddColumn: ADD COLUMN as the last column with
	// ALGORITHM=INSTANT (MySQL 8.0.12+, MariaDB 10.3.2+).
	InstantAddColumn bool
	// InstantAddColumnAnyPosition: ADD COLUMN ... FIRST/AFTER with
	// ALGORITHM=INSTANT (MySQL 8.0.29+, MariaDB 10.4+).
	InstantAddColumnAnyPosition bool
	// InstantDropColumn: DROP COLUMN with ALGORITHM=INSTANT (MySQL 8.0.29+,
	// MariaDB 10.4+).
	InstantDropColumn bool
	// InstantRenameColumn: renaming a column with ALGORITHM=INSTANT (MySQL
	// 8.0.28+, MariaDB 10.4+).
	InstantRenameColumn bool
	// InstantSetDefault: SET / DROP DEFAULT with ALGORITHM=INSTANT (MySQL
	// 8.0, MariaDB 10.3+).
	InstantSetDefault bool
	// InstantEnumAppend: appending ENUM/SET members without changing the
	// storage size with ALGORITHM=INSTANT (MySQL 8.0, MariaDB 10.3+).
	InstantEnumAppend bool
	// InstantVarcharExtend: widening a VARCHAR within the same length-prefix
	// size with ALGORITHM=INSTANT (MariaDB 10.2.2+; MySQL does it INPLACE).
	InstantVarcharExtend bool
	// InplaceIndex: ADD/DROP INDEX with ALGORITHM=INPLACE, LOCK=NONE
	// (concurrent DML allowed; MySQL 5.6+, MariaDB 10.0+).
	InplaceIndex bool
	// InplaceForeignKey: ADD FOREIGN KEY runs INPLACE only with
	// foreign_key_checks=0, otherwise it copies the table (MySQL, MariaDB).
	InplaceForeignKey bool
	// CheckConstraints: CHECK constraints are enforced (MySQL 8.0.16+,
	// MariaDB 10.2.1+); earlier servers parse and ignore them.
	CheckConstraints bool
	// ExpressionDefaults: DEFAULT (expr) for any expression (MySQL
	// 8.0.13+, MariaDB 10.2.1+).
	ExpressionDefaults bool
	// DescendingIndexes: DESC in an index key is stored, not ignored (MySQL
	// 8.0+, MariaDB 10.8+).
	DescendingIndexes bool
	// FunctionalIndexes: index key parts may be expressions (MySQL
	// 8.0.13+; not MariaDB).
	FunctionalIndexes bool
	// RenameColumnSyntax: ALTER TABLE ... RENAME COLUMN a TO b (MySQL 8.0+,
	// MariaDB 10.5.2+); otherwise CHANGE COLUMN with the full definition.
	RenameColumnSyntax bool
	// RenameIndexSyntax: ALTER TABLE ... RENAME INDEX a TO b (MySQL 5.7+,
	// MariaDB 10.5.2+).
	RenameIndexSyntax bool
	// JSONAsLongtext: the json type is an alias of LONGTEXT with a
	// CHECK (json_valid(col)) constraint named after the column (MariaDB);
	// MySQL has a native binary json type.
	JSONAsLongtext bool
	// IntDisplayWidth: information_schema reports integer display widths
	// (int(11)); MySQL 8.0.19+ reports them only for tinyint(1) (MariaDB
	// always). The model's canonical spelling has no display width.
	IntDisplayWidth bool
	// DDLImplicitCommit: every DDL statement commits the current
	// transaction before and after it runs (MySQL, MariaDB), so a failed
	// migration is left half-applied.
	DDLImplicitCommit bool
	// ImplicitZeroFill: ADD COLUMN ... NOT NULL without a DEFAULT succeeds
	// on a non-empty table, filling existing rows with the type's implicit
	// default (0, '', the zero date) instead of failing (MySQL "Data Type
	// Default Values", implicit defaults; Atlas MY101). Lint rules use it.
	ImplicitZeroFill bool

	// JSONB: the binary, indexable jsonb type exists next to the textual
	// json type, which keeps the input verbatim and has no equality
	// operator (PostgreSQL 9.4+, "JSON Types"). Lint rules use it.
	JSONB bool
	// DropExpression: ALTER TABLE ... ALTER COLUMN ... DROP EXPRESSION
	// turns a stored generated column into a plain one, keeping its values
	// (PostgreSQL 13+, "ALTER TABLE"); earlier servers need the column
	// dropped and added back.
	DropExpression bool
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
	// MySQL holds the facts of the MySQL family (nil for other dialects):
	// default engine, charset and collation, generated constraint names.
	MySQL *MySQLFacts
	// quote is the identifier quote character: 0 means the SQL standard
	// double quote; MySQL and MariaDB use the backtick.
	quote rune
}

// Lookup returns the dialect for a name ("postgres", "postgresql", "pg",
// "mysql", "mariadb", "sqlite") and a version ("15", "8.0", "10.11"; empty means the
// dialect's default version).
func Lookup(name, version string) (*Dialect, error) {
	switch strings.ToLower(name) {
	case "postgres", "postgresql", "pg":
		return Postgres(version)
	case "mysql":
		return Mysql(version)
	case "mariadb":
		return Mariadb(version)
	case "sqlite", "sqlite3":
		return Sqlite(version)
	}
	return nil, fmt.Errorf("unknown dialect %q: supported: postgres, mysql, mariadb, sqlite", name)
}

// Quote quotes an identifier for the dialect: "a""b" on PostgreSQL, `a“b`
// on MySQL. Every identifier the engine writes goes through Quote, so a
// table named `a"; drop table x; --` is only a name.
func (d *Dialect) Quote(ident string) string {
	q := `"`
	if d.quote != 0 {
		q = string(d.quote)
	}
	return q + strings.ReplaceAll(ident, q, q+q) + q
}

// QuoteName quotes a qualified name, leaving out an empty schema.
func (d *Dialect) QuoteName(q schema.QName) string {
	if q.Schema == "" || !d.Caps.Namespaces {
		return d.Quote(q.Name)
	}
	return d.Quote(q.Schema) + "." + d.Quote(q.Name)
}

// QuoteString quotes a string literal: 'it”s'. On MySQL and MariaDB the
// backslash is an escape character in string literals (unless sql_mode has
// NO_BACKSLASH_ESCAPES), so it is doubled too: 'a\\b'.
func (d *Dialect) QuoteString(s string) string {
	if d.MySQL != nil {
		return quoteMySQLString(s)
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// The database families: dialects whose servers speak the same catalog and
// wire protocol (MySQL and MariaDB are one family).
const (
	FamilyPostgres = "postgres"
	FamilyMySQL    = "mysql"
	FamilySQLite   = "sqlite"
)

// Family returns the family of d: FamilyMySQL for MySQL and MariaDB, else
// the dialect's own name.
func (d *Dialect) Family() string {
	if d.MySQL != nil {
		return FamilyMySQL
	}
	return d.Name
}
