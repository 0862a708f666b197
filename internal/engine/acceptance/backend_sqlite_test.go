package acceptance

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	// The embedded SQLite engine, registered as "sqlite".
	_ "modernc.org/sqlite"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	introspect "github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqliteddl"
	"github.com/migrate-bot/migrate-bot/internal/testutil/prismaoracle"
)

// sqliteBackend runs testdata/sqlite on the embedded SQLite engine
// (modernc.org/sqlite), each database a temporary file. Connections have
// foreign key enforcement on, as Prisma's and most applications' have, so
// a table rebuild that does not turn it off around itself fails here as it
// would in production.
var sqliteBackend = &backend{
	name:     "sqlite",
	provider: "sqlite",
	minCases: 80, minPrisma: 25, minSQL: 40,
	concurrency: 1,
	newPool: func(*testing.T, int) *dbPool {
		return &dbPool{fresh: func(t *testing.T) *testDB {
			db := &testDB{Name: "sqlite", URL: filepath.Join(t.TempDir(), "acceptance.db"), empty: emptySqlite}
			openSqlite(t, db)
			return db
		}}
	},
	serverVersion: func(db *sql.DB) (string, error) {
		var v string
		if err := db.QueryRow(`SELECT sqlite_version()`).Scan(&v); err != nil {
			return "", err
		}
		return serverMajorMinor(v)
	},
	lookup:   dialect.Sqlite,
	parseSQL: sqliteddl.Parse,
	inspect: func(ctx context.Context, db *sql.DB) (*schema.Schema, error) {
		return introspect.Inspect(ctx, db, introspect.Options{})
	},
	snapshot: genericSnapshot,
	prismaEngine: func(t *testing.T, files []schema.File, scratch *testDB) string {
		script := prismaoracle.Diff(t, "sqlite", nil, files, "")
		if _, err := scratch.DB.ExecContext(context.Background(), script); err != nil {
			t.Fatalf("Prisma's own SQL does not run: %v\n%s", err, script)
		}
		return script
	},
}

// openSqlite opens db.URL, a file, with foreign keys enforced.
func openSqlite(t *testing.T, db *testDB) {
	t.Helper()
	h, err := sql.Open("sqlite", "file:"+db.URL+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatalf("open %s: %v", db.URL, err)
	}
	db.DB = h
	t.Cleanup(func() { h.Close() })
}

// emptySqlite starts the database over as a new, empty file.
func emptySqlite(t *testing.T, db *testDB) {
	t.Helper()
	if err := db.DB.Close(); err != nil {
		t.Fatalf("close %s: %v", db.URL, err)
	}
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		if err := os.Remove(db.URL + suffix); err != nil && !os.IsNotExist(err) {
			t.Fatalf("empty %s: %v", db.URL, err)
		}
	}
	openSqlite(t, db)
}
