package dialect

import (
	"fmt"
	"strings"
)

// SqliteVersions are the SQLite 3 minor releases whose facts differ or
// that are common in the field; any 3.x is accepted. 3.45 is the default.
// The embedded engine used by tests (modernc.org/sqlite v1.62) is newer
// than every fact below, so every capability is proven on it.
var SqliteVersions = []string{"3.24", "3.25", "3.26", "3.31", "3.35", "3.37", "3.40", "3.45", "3.46"}

// SqliteFacts are what ALTER TABLE and CREATE TABLE can do on one SQLite
// version. Each field names the release and the page of sqlite.org it
// rests on. They are kept apart from Caps until Caps carries them (see
// SqliteFactsFor); code asks these fields, never the version.
type SqliteFacts struct {
	// RenameColumn: ALTER TABLE ... RENAME COLUMN a TO b (3.25.0,
	// lang_altertable.html). Earlier versions need a table rebuild.
	RenameColumn bool
	// RenameTableUpdatesReferences: RENAME TABLE and RENAME COLUMN rewrite
	// references in triggers and views too (3.26.0 with
	// legacy_alter_table=OFF, lang_altertable.html "Compatibility Note").
	RenameTableUpdatesReferences bool
	// DropColumn: ALTER TABLE ... DROP COLUMN (3.35.0). It fails when the
	// column is part of the primary key, has a UNIQUE constraint, is
	// indexed, is named in a partial index's WHERE, a CHECK, a foreign key,
	// a generated column, a trigger or a view; those cases rebuild.
	DropColumn bool
	// Returning: INSERT/UPDATE/DELETE ... RETURNING (3.35.0,
	// lang_returning.html).
	Returning bool
	// GeneratedColumns: GENERATED ALWAYS AS (expr) VIRTUAL|STORED columns
	// (3.31.0, gencol.html). ADD COLUMN can add only VIRTUAL ones.
	GeneratedColumns bool
	// StrictTables: CREATE TABLE ... STRICT (3.37.0, stricttables.html).
	StrictTables bool
	// AddColumnChecksRows: ADD COLUMN with a CHECK constraint, or a NOT
	// NULL generated column, is tested against the existing rows (3.37.0,
	// lang_altertable.html); before, such constraints were not verified.
	AddColumnChecksRows bool
	// AddColumnNotNullNeedsDefault: ADD COLUMN ... NOT NULL requires a
	// default other than NULL (every version, lang_altertable.html).
	AddColumnNotNullNeedsDefault bool
	// AddColumnExpressionDefault: ADD COLUMN may have a default of
	// CURRENT_TIME, CURRENT_DATE, CURRENT_TIMESTAMP or an expression in
	// parentheses. Never true: SQLite refuses those (lang_altertable.html),
	// so such a column is added by a rebuild.
	AddColumnExpressionDefault bool
	// AddColumnConstraintKey: ADD COLUMN may carry PRIMARY KEY or UNIQUE.
	// Never true (lang_altertable.html).
	AddColumnConstraintKey bool
	// TableIfExists: CREATE TABLE/INDEX/VIEW/TRIGGER IF NOT EXISTS and DROP
	// ... IF EXISTS exist (every supported version). There is no IF EXISTS
	// for columns, which is why Caps.IfExists is false.
	TableIfExists bool
	// WithoutRowid: CREATE TABLE ... WITHOUT ROWID (3.8.2,
	// withoutrowid.html).
	WithoutRowid bool
}

// SqliteAutoincrement is the Expr of the DefaultSequence default that
// stands for an INTEGER PRIMARY KEY AUTOINCREMENT column: the rowid never
// reuses a value, tracked in sqlite_sequence (autoinc.html). A plain
// INTEGER PRIMARY KEY (a rowid alias without AUTOINCREMENT) has no default.
const SqliteAutoincrement = "AUTOINCREMENT"

// SqliteFactsFor returns the SQLite facts of a version.
func SqliteFactsFor(v Version) SqliteFacts {
	at := func(minor int) bool { return v.AtLeast(3, minor) }
	return SqliteFacts{
		RenameColumn:                 at(25),
		RenameTableUpdatesReferences: at(26),
		DropColumn:                   at(35),
		Returning:                    at(35),
		GeneratedColumns:             at(31),
		StrictTables:                 at(37),
		AddColumnChecksRows:          at(37),
		AddColumnNotNullNeedsDefault: true,
		TableIfExists:                true,
		WithoutRowid:                 at(8),
	}
}

// Sqlite returns the SQLite dialect at a version ("" = 3.45). Any 3.x is
// accepted ("3.45" or "3.45.1"; the patch level changes no fact).
//
// SQLite has one namespace per database file (attached databases are not
// modelled), no identifier length limit (MaxIdentLen 0: planners never
// shorten names), standard double-quote quoting, transactional DDL, no
// enum types, no standalone sequences and no COMMENT ON.
func Sqlite(version string) (*Dialect, error) {
	if version == "" {
		version = "3.45"
	}
	v, err := ParseVersion(version)
	if err != nil {
		return nil, err
	}
	if strings.Count(version, ".") > 2 || v.Major != 3 {
		return nil, fmt.Errorf("sqlite %s is not supported: 3.x", version)
	}
	return &Dialect{
		Name:    "sqlite",
		Version: v,
		Caps: Caps{
			// DDL is transactional: "ALTER TABLE ... and every other
			// schema change is transactional" (lang_transaction.html).
			TransactionalDDL: true,
		},
	}, nil
}

// NormalizeSqliteType returns the canonical spelling of a declared SQLite
// column type. SQLite keeps the declared type verbatim (it only derives an
// affinity from it, datatype3.html 3.1), so the canonical form is the
// declaration itself with words upper-cased and whitespace normalized:
// "varchar( 20 )" is "VARCHAR(20)", "double   precision" is "DOUBLE
// PRECISION", "decimal(10, 2)" is "DECIMAL(10,2)". Quoted words keep their
// spelling. An empty declaration stays empty (no type: BLOB affinity).
func NormalizeSqliteType(declared string) string {
	var b strings.Builder
	prev := byte(0) // last byte written
	space := false
	for i := 0; i < len(declared); i++ {
		c := declared[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			space = true
			continue
		case c == '"' || c == '\'' || c == '`' || c == '[':
			end := byte(c)
			if c == '[' {
				end = ']'
			}
			j := i + 1
			for j < len(declared) && declared[j] != end {
				j++
			}
			j = min(j+1, len(declared))
			if space && b.Len() > 0 && prev != '(' && prev != ',' {
				b.WriteByte(' ')
			}
			b.WriteString(declared[i:j])
			prev, space = declared[j-1], false
			i = j - 1
			continue
		}
		if space && b.Len() > 0 && prev != '(' && prev != ',' && c != '(' && c != ')' && c != ',' {
			b.WriteByte(' ')
		}
		space = false
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		b.WriteByte(c)
		prev = c
	}
	return b.String()
}

// SqliteAffinity is the type affinity SQLite derives from a declared type
// by the rules of datatype3.html section 3.1, in order: INTEGER when it
// contains "INT"; TEXT when it contains "CHAR", "CLOB" or "TEXT"; BLOB when
// it contains "BLOB" or is empty; REAL when it contains "REAL", "FLOA" or
// "DOUB"; NUMERIC otherwise. Two declarations with the same affinity store
// values alike, though they are different types to the model.
func SqliteAffinity(declared string) string {
	t := strings.ToUpper(declared)
	switch {
	case strings.Contains(t, "INT"):
		return "INTEGER"
	case strings.Contains(t, "CHAR"), strings.Contains(t, "CLOB"), strings.Contains(t, "TEXT"):
		return "TEXT"
	case strings.Contains(t, "BLOB"), strings.TrimSpace(t) == "":
		return "BLOB"
	case strings.Contains(t, "REAL"), strings.Contains(t, "FLOA"), strings.Contains(t, "DOUB"):
		return "REAL"
	}
	return "NUMERIC"
}
