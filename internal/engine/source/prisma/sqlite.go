package prisma

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite/sqltext"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// sqlite is the SQLite provider, as Prisma's schema engine writes SQLite
// DDL (observed with its WebAssembly build; see sqlite_engine_test.go).
// SQLite keeps a column's declared type as written; the canonical Norm is
// that declared type upper-cased, as SQLite introspection reports it.
//
//   - Types: TEXT, INTEGER, BIGINT, REAL, DECIMAL, BOOLEAN, DATETIME,
//     JSONB, BLOB; an enum column is TEXT (SQLite has no enum types and
//     Prisma writes no CHECK); no native types, no scalar lists.
//   - Keys: the primary key is unnamed; a single-column Int key is
//     INTEGER PRIMARY KEY AUTOINCREMENT even without autoincrement()
//     (a BigInt key never is: SQLite only autoincrements INTEGER).
//   - Names: indexes as on PostgreSQL (unique in the database); foreign
//     keys are inline CONSTRAINT "<T>_<cols>_fkey" and cannot be renamed
//     with map:; an implicit many-to-many table has the unique index
//     _<T>_AB_unique rather than a primary key.
//   - Defaults: written as Prisma writes them and SQLite keeps them:
//     numbers as written in the schema, TRUE/FALSE, now() is
//     CURRENT_TIMESTAMP, a DateTime is '2020-01-02 03:04:05.500 +09:00',
//     Bytes the hex digits as a string; dbgenerated("e") is e spelled as
//     SQLite introspection spells a stored default (sqltext.CanonDefault).
var sqlite = &provider{
	dialect:     "sqlite",
	maxIdentLen: 10000, // Prisma's SQLite connector; SQLite has no limit
	scalars: map[string]string{
		"String":   "TEXT",
		"Boolean":  "BOOLEAN",
		"Int":      "INTEGER",
		"BigInt":   "BIGINT",
		"Float":    "REAL",
		"Decimal":  "DECIMAL",
		"DateTime": "DATETIME",
		"Json":     "JSONB",
		"Bytes":    "BLOB",
	},
	unsupportedType: dialect.NormalizeSqliteType,
	enumType:        func(*schema.Enum) string { return "TEXT" },
	serial: func(_ schema.QName, col *schema.Column, _ int) *schema.Default {
		if col.Type.Norm != "INTEGER" {
			// BIGINT PRIMARY KEY: Prisma writes no AUTOINCREMENT.
			return nil
		}
		return &schema.Default{Kind: schema.DefaultSequence, Expr: dialect.SqliteAutoincrement}
	},
	autoincrementNeeds: "id",
	intIDAutoincrement: true,
	literals: literals{
		str: pgString,
		boolean: func(v bool) string {
			// SQLite keeps TRUE and FALSE as keywords; introspection
			// spells them upper case.
			return strings.ToUpper(strconv.FormatBool(v))
		},
		number: func(text, _ string) string { return text },
		bytes:  func(raw []byte) (string, bool) { return pgString(hex.EncodeToString(raw)), true },
		// Prisma's engine writes a JSON default without quotes, which
		// SQLite rejects; the value it means is the string.
		json:     func(s string) (string, bool) { return pgString(s), true },
		dateTime: sqliteDateTime,
		now:      func(string) string { return "CURRENT_TIMESTAMP" },
	},
	dbgenerated:  sqltext.CanonDefault,
	indexMethods: map[string]string{"BTree": ""},
	foreignKeys:  true,
}

// sqliteDateTime spells a DateTime default as Prisma's engine writes it
// for SQLite (chrono's "%Y-%m-%d %H:%M:%S%.f %:z"): the offset kept, the
// fraction in 3, 6 or 9 digits as needed, none when zero.
func sqliteDateTime(t time.Time, _ string) string {
	frac := ""
	switch ns := t.Nanosecond(); {
	case ns == 0:
	case ns%1_000_000 == 0:
		frac = fmt.Sprintf(".%03d", ns/1_000_000)
	case ns%1_000 == 0:
		frac = fmt.Sprintf(".%06d", ns/1_000)
	default:
		frac = fmt.Sprintf(".%09d", ns)
	}
	return pgString(t.Format("2006-01-02 15:04:05") + frac + t.Format(" -07:00"))
}
