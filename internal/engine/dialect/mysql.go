package dialect

import (
	"fmt"
	"strconv"
	"strings"
)

// MySQLVersions are the MySQL versions the dialect knows; 8.0 is the
// default. None runs on this machine: MySQL-only facts come from the
// MySQL 8.0/8.4 reference manual.
var MySQLVersions = []string{"5.7", "8.0", "8.4"}

// MariaDBVersions are the MariaDB versions the dialect knows; 10.11 is the
// default and the server proven in tests on this machine.
var MariaDBVersions = []string{"10.2", "10.3", "10.4", "10.5", "10.6", "10.11", "11.4"}

// MySQLFacts are the facts of the MySQL family that are not capabilities:
// which server it is, its defaults, and how it names what the user left
// unnamed.
type MySQLFacts struct {
	// MariaDB is true for MariaDB, false for Oracle MySQL.
	MariaDB bool
	// Patch is the patch level the capabilities were computed for (8.0.29
	// has Patch 29). A version given without a patch is taken at its
	// latest release.
	Patch int
	// DefaultEngine is the storage engine of a table that names none.
	DefaultEngine string
	// DefaultCharset and DefaultCollation are what a table that names no
	// character set gets. They are the server's defaults as shipped: MySQL
	// 8.0 utf8mb4 / utf8mb4_0900_ai_ci; MariaDB utf8mb4 /
	// utf8mb4_general_ci as the Debian and Ubuntu packages and the
	// official container images configure it (upstream MariaDB before 11.6
	// defaults to latin1). Set them to the target database's defaults
	// (information_schema.SCHEMATA) when they differ.
	DefaultCharset   string
	DefaultCollation string
	// Collations maps a character set to its default collation.
	Collations map[string]string

	// The fields below are online-DDL facts the planner reads next to
	// Caps. Where a fact is marked "proven", the MariaDB 10.11 server on
	// this machine accepted the ALGORITHM clause (plan tests); MySQL facts
	// rest on the MySQL 8.0 manual, "Online DDL Operations".

	// InstantRenameIndex: RENAME INDEX with ALGORITHM=INSTANT (MariaDB
	// 10.5.2+, proven on 10.11); MySQL renames an index INPLACE.
	InstantRenameIndex bool
	// InstantColumnMetadata: changing only a column's comment, or
	// renaming it through CHANGE COLUMN, with ALGORITHM=INSTANT (MariaDB
	// 10.4+, proven on 10.11); MySQL does it INPLACE.
	InstantColumnMetadata bool
	// InstantTableComment: COMMENT='...' on a table with
	// ALGORITHM=INSTANT (MariaDB 10.4+, proven on 10.11); MySQL does it
	// INPLACE.
	InstantTableComment bool
	// InstantDropCheck: dropping a CHECK constraint with
	// ALGORITHM=INSTANT (MariaDB 10.4+, proven on 10.11); MySQL drops it
	// INPLACE. Adding one copies the table on both (it validates every
	// row; proven on MariaDB 10.11).
	InstantDropCheck bool
	// DropCheckSyntax: a CHECK constraint is dropped with ALTER TABLE ...
	// DROP CHECK name (MySQL 8.0.16+); MariaDB spells it DROP CONSTRAINT
	// name.
	DropCheckSyntax bool
	// InstantIndexedDropColumn is always false: dropping a column that is
	// part of an index drops or shrinks the index, which is INPLACE on
	// both servers (proven on MariaDB 10.11).

	// FunctionNames maps a function name, lower case, to the name the
	// server stores a call of it under, when the two differ: a CHECK
	// constraint, a generated column, an expression default or an index
	// expression comes back from information_schema with calls under the
	// stored name, so a reader of written DDL spells them so too
	// (myexpr.Names). MariaDB stores length() and lengthb() as
	// octet_length() and character_length() as char_length() (proven on
	// 10.11: CHECK_CLAUSE and GENERATION_EXPRESSION print them so). MySQL
	// stores octet_length() as length() and character_length() as
	// char_length(): the manual lists them as synonyms ("OCTET_LENGTH() is
	// a synonym for LENGTH()", "CHARACTER_LENGTH() is a synonym for
	// CHAR_LENGTH()"), one function each, printed under its own name.
	FunctionNames map[string]string

	// LockTimeout is the session setting a migration file starts with: a
	// statement that cannot get its metadata lock within 10 seconds fails
	// instead of queueing and blocking every later session behind it
	// (lock_wait_timeout, in seconds, on MySQL and MariaDB).
	LockTimeout string
}

// baseCollations are the default collations of the common character sets,
// the same on MySQL 8 and MariaDB 10.11 (SHOW CHARACTER SET).
var baseCollations = map[string]string{
	"ascii":   "ascii_general_ci",
	"big5":    "big5_chinese_ci",
	"binary":  "binary",
	"cp1250":  "cp1250_general_ci",
	"cp1251":  "cp1251_general_ci",
	"cp1256":  "cp1256_general_ci",
	"cp850":   "cp850_general_ci",
	"gb2312":  "gb2312_chinese_ci",
	"gbk":     "gbk_chinese_ci",
	"greek":   "greek_general_ci",
	"hebrew":  "hebrew_general_ci",
	"latin1":  "latin1_swedish_ci",
	"latin2":  "latin2_general_ci",
	"sjis":    "sjis_japanese_ci",
	"ucs2":    "ucs2_general_ci",
	"ujis":    "ujis_japanese_ci",
	"utf16":   "utf16_general_ci",
	"utf32":   "utf32_general_ci",
	"utf8mb3": "utf8mb3_general_ci",
	"utf8mb4": "utf8mb4_general_ci",
}

func collations(utf8mb4 string) map[string]string {
	m := make(map[string]string, len(baseCollations))
	for k, v := range baseCollations {
		m[k] = v
	}
	m["utf8mb4"] = utf8mb4
	return m
}

// splitVersion reads "8", "8.0", "8.0.29" into a Version and a patch level
// (-1 when not given).
func splitVersion(s string) (Version, int, error) {
	parts := strings.Split(strings.TrimSpace(s), ".")
	if len(parts) > 3 {
		return Version{}, 0, fmt.Errorf("invalid version %q: want MAJOR.MINOR or MAJOR.MINOR.PATCH", s)
	}
	v, err := ParseVersion(strings.Join(parts[:min(len(parts), 2)], "."))
	if err != nil {
		return Version{}, 0, err
	}
	patch := -1
	if len(parts) == 3 {
		if patch, err = strconv.Atoi(parts[2]); err != nil || patch < 0 {
			return Version{}, 0, fmt.Errorf("invalid version %q: want MAJOR.MINOR.PATCH", s)
		}
	}
	return v, patch, nil
}

// atLeast reports whether major.minor.patch >= the given version; a
// missing patch (-1) counts as the latest release of major.minor.
func atLeast(v Version, patch, major, minor, p int) bool {
	if v.Major != major || v.Minor != minor {
		return v.AtLeast(major, minor)
	}
	return patch < 0 || patch >= p
}

// Mysql returns the MySQL dialect at a version ("" = 8.0; "8.0.29" sets
// the patch level the instant-DDL capabilities depend on). 5.7 and later
// are accepted.
func Mysql(version string) (*Dialect, error) {
	if version == "" {
		version = "8.0"
	}
	v, patch, err := splitVersion(version)
	if err != nil {
		return nil, err
	}
	if !v.AtLeast(5, 7) || v.Major > 9 {
		return nil, fmt.Errorf("mysql %s is not supported: 5.7, 8.0, 8.4 or 9.x", version)
	}
	at := func(major, minor, p int) bool { return atLeast(v, patch, major, minor, p) }
	d := mysqlBase("mysql", v)
	d.MySQL = &MySQLFacts{
		Patch: max(patch, 0), DefaultEngine: "InnoDB", LockTimeout: mysqlLockTimeout,
		DefaultCharset: "utf8mb4", DefaultCollation: "utf8mb4_0900_ai_ci",
		Collations:    collations("utf8mb4_0900_ai_ci"),
		FunctionNames: map[string]string{"octet_length": "length", "character_length": "char_length"},
	}
	if !v.AtLeast(8, 0) {
		d.MySQL.DefaultCharset, d.MySQL.DefaultCollation = "latin1", "latin1_swedish_ci"
		d.MySQL.Collations = collations("utf8mb4_general_ci")
	}
	d.MySQL.DropCheckSyntax = at(8, 0, 16)
	c := &d.Caps
	c.InstantAddColumn = at(8, 0, 12)
	c.InstantAddColumnAnyPosition = at(8, 0, 29)
	c.InstantDropColumn = at(8, 0, 29)
	c.InstantRenameColumn = at(8, 0, 28)
	c.InstantSetDefault = v.AtLeast(8, 0)
	c.InstantEnumAppend = v.AtLeast(8, 0)
	c.CheckConstraints = at(8, 0, 16)
	c.ExpressionDefaults = at(8, 0, 13)
	c.DescendingIndexes = v.AtLeast(8, 0)
	c.FunctionalIndexes = at(8, 0, 13)
	c.RenameColumnSyntax = v.AtLeast(8, 0)
	c.RenameIndexSyntax = true
	c.IntDisplayWidth = !at(8, 0, 19)
	return d, nil
}

// Mariadb returns the MariaDB dialect at a version ("" = 10.11; 10.2 and
// later are accepted).
func Mariadb(version string) (*Dialect, error) {
	if version == "" {
		version = "10.11"
	}
	v, patch, err := splitVersion(version)
	if err != nil {
		return nil, err
	}
	if !v.AtLeast(10, 2) || v.Major > 12 {
		return nil, fmt.Errorf("mariadb %s is not supported: 10.2 or later", version)
	}
	at := func(major, minor, p int) bool { return atLeast(v, patch, major, minor, p) }
	d := mysqlBase("mariadb", v)
	d.MySQL = &MySQLFacts{
		MariaDB: true, Patch: max(patch, 0), DefaultEngine: "InnoDB", LockTimeout: mysqlLockTimeout,
		DefaultCharset: "utf8mb4", DefaultCollation: "utf8mb4_general_ci",
		Collations: collations("utf8mb4_general_ci"),
		FunctionNames: map[string]string{"length": "octet_length", "lengthb": "octet_length",
			"character_length": "char_length"},
	}
	f := d.MySQL
	f.InstantRenameIndex = at(10, 5, 2)
	f.InstantColumnMetadata = v.AtLeast(10, 4)
	f.InstantTableComment = v.AtLeast(10, 4)
	f.InstantDropCheck = v.AtLeast(10, 4)
	c := &d.Caps
	// MariaDB has IF [NOT] EXISTS on ADD/DROP COLUMN, INDEX and
	// CONSTRAINT (MariaDB KB "ALTER TABLE").
	c.IfExists = true
	c.ConstraintIfExists = true
	c.InstantAddColumn = at(10, 3, 2)
	c.InstantAddColumnAnyPosition = v.AtLeast(10, 4)
	c.InstantDropColumn = v.AtLeast(10, 4)
	c.InstantRenameColumn = v.AtLeast(10, 4)
	c.InstantSetDefault = v.AtLeast(10, 3)
	c.InstantEnumAppend = v.AtLeast(10, 3)
	c.InstantVarcharExtend = at(10, 2, 2)
	c.CheckConstraints = at(10, 2, 1)
	c.ExpressionDefaults = at(10, 2, 1)
	c.DescendingIndexes = v.AtLeast(10, 8)
	c.RenameColumnSyntax = at(10, 5, 2)
	c.RenameIndexSyntax = at(10, 5, 2)
	c.JSONAsLongtext = true
	c.IntDisplayWidth = true
	return d, nil
}

// mysqlLockTimeout is MySQLFacts.LockTimeout on both servers.
const mysqlLockTimeout = "SET SESSION lock_wait_timeout = 10"

// mysqlBase holds what MySQL and MariaDB share: 64-byte identifiers
// quoted with backticks, one namespace per database, inline enums, no
// transactional DDL, inline COMMENT clauses instead of COMMENT ON.
func mysqlBase(name string, v Version) *Dialect {
	return &Dialect{
		Name:        name,
		Version:     v,
		MaxIdentLen: 64,
		quote:       '`',
		Caps: Caps{
			InplaceIndex:      true,
			InplaceForeignKey: true,
			DDLImplicitCommit: true,
			ImplicitZeroFill:  true,
		},
	}
}

// quoteMySQLString quotes a MySQL string literal: quotes are doubled and
// backslashes escaped, and NUL, newline, carriage return and Ctrl-Z are
// written as escapes, as mysql_real_escape_string does.
func quoteMySQLString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\'':
			b.WriteString("''")
		case '\\':
			b.WriteString(`\\`)
		case 0:
			b.WriteString(`\0`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case 0x1a:
			b.WriteString(`\Z`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// CollationOf returns the collation a column or table with character set
// charset and collation collate gets: collate when given, otherwise the
// charset's default collation ("" when the charset is unknown). Character
// set and collation names are lower-cased and the utf8 alias is spelled
// utf8mb3, as MySQL 8.0.30+ and MariaDB 10.6+ report it.
func (f *MySQLFacts) CollationOf(charset, collate string) string {
	if collate != "" {
		return CanonicalCollation(collate)
	}
	return f.Collations[CanonicalCharset(charset)]
}

// CanonicalCharset lower-cases a character set name and spells utf8 as
// utf8mb3.
func CanonicalCharset(cs string) string {
	cs = strings.ToLower(strings.TrimSpace(cs))
	if cs == "utf8" {
		return "utf8mb3"
	}
	return cs
}

// CanonicalCollation lower-cases a collation name and spells utf8_* as
// utf8mb3_*.
func CanonicalCollation(c string) string {
	c = strings.ToLower(strings.TrimSpace(c))
	if rest, ok := strings.CutPrefix(c, "utf8_"); ok {
		return "utf8mb3_" + rest
	}
	return c
}

// CharsetOfCollation is the character set a collation belongs to: the
// part of its name before the first underscore ("binary" for binary).
func CharsetOfCollation(c string) string {
	c = CanonicalCollation(c)
	cs, _, _ := strings.Cut(c, "_")
	return cs
}

// CheckName is the name the server gives the n-th (1-based) unnamed CHECK
// constraint of a table. MySQL 8.0.16+ names every unnamed check
// <table>_chk_<n>. MariaDB names a column-level check after its column
// (column is non-empty for a check written in a column definition) and a
// table-level one CONSTRAINT_<n>, n counting the table's unnamed
// table-level checks.
func (f *MySQLFacts) CheckName(table string, n int, column string) string {
	if !f.MariaDB {
		return fmt.Sprintf("%s_chk_%d", table, n)
	}
	if column != "" {
		return column
	}
	return fmt.Sprintf("CONSTRAINT_%d", n)
}

// ForeignKeyName is the name InnoDB gives the n-th (1-based) unnamed
// foreign key of a table: <table>_ibfk_<n> (MySQL and MariaDB).
func (f *MySQLFacts) ForeignKeyName(table string, n int) string {
	return fmt.Sprintf("%s_ibfk_%d", table, n)
}

// CanonicalEngine spells a storage engine as information_schema reports
// it ("innodb" is InnoDB); an unknown engine is returned as given.
func CanonicalEngine(e string) string {
	switch strings.ToLower(strings.TrimSpace(e)) {
	case "innodb":
		return "InnoDB"
	case "myisam":
		return "MyISAM"
	case "memory", "heap":
		return "MEMORY"
	case "aria":
		return "Aria"
	case "csv":
		return "CSV"
	case "archive":
		return "ARCHIVE"
	case "blackhole":
		return "BLACKHOLE"
	case "rocksdb":
		return "ROCKSDB"
	case "merge", "mrg_myisam":
		return "MRG_MyISAM"
	}
	return strings.TrimSpace(e)
}
