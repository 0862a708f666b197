package facts

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/testutil/mytest"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"

	// The modernc.org/sqlite driver, registered as "sqlite".
	_ "modernc.org/sqlite"
)

// measureMB is the size of the table TestMeasureRates builds.
const measureMB = 200

// BenchmarkMeasureRates measures the rates in rates.go on this machine's
// databases: it builds a table of about measureMB megabytes (indexes
// included) and times a rewrite (integer to bigint), an index build and a
// validation scan, printing MB/s for each. It is a measurement, not a test
// (slow, and its numbers depend on the machine), so it runs only when
// asked, once per database:
//
//	go test ./internal/engine/facts -run '^$' -bench MeasureRates -benchtime 1x -v -timeout 30m
func BenchmarkMeasureRates(b *testing.B) {
	b.Run("postgres", func(b *testing.B) { measurePostgres(b) })
	b.Run("mariadb", func(b *testing.B) { measureMariaDB(b) })
	b.Run("sqlite", func(b *testing.B) { measureSQLite(b) })
}

// timed runs the statements and returns how long they took.
func timed(t testing.TB, db *sql.DB, stmts ...string) time.Duration {
	t.Helper()
	start := time.Now()
	for _, s := range stmts {
		if _, err := db.ExecContext(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return time.Since(start)
}

func sizeOf(t testing.TB, db *sql.DB, query string) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func report(t testing.TB, bytes int64, what string, d time.Duration) {
	t.Helper()
	mb := float64(bytes) / (1 << 20)
	t.Logf("%-12s %7.1f MB in %8v: %7.1f MB/s", what, mb, d.Round(time.Millisecond), mb/d.Seconds())
}

// rowsFor is the number of ~140-byte rows (a 100-character pad, an
// integer and a key, with per-row overhead) that make about mb megabytes.
func rowsFor(mb int) int { return mb << 20 / 170 }

func measurePostgres(t testing.TB) {
	db := pgtest.New(t).DB
	n := rowsFor(measureMB)
	timed(t, db, "CREATE TABLE m (id bigint PRIMARY KEY, n integer, pad text)",
		fmt.Sprintf("INSERT INTO m SELECT g, g %% 1000, md5(g::text) || md5((g+1)::text) || md5((g+2)::text) FROM generate_series(1, %d) g", n),
		"VACUUM ANALYZE m")
	size := sizeOf(t, db, "SELECT pg_total_relation_size('m')")
	report(t, size, "scan", timed(t, db, "ALTER TABLE m ADD CONSTRAINT m_n CHECK (n IS NOT NULL) NOT VALID", "ALTER TABLE m VALIDATE CONSTRAINT m_n"))
	report(t, size, "index", timed(t, db, "CREATE INDEX m_n_idx ON m (n)"))
	timed(t, db, "DROP INDEX m_n_idx")
	report(t, size, "rewrite", timed(t, db, "ALTER TABLE m ALTER COLUMN n TYPE bigint"))
}

func measureMariaDB(t testing.TB) {
	db := mytest.New(t).DB
	n := rowsFor(measureMB)
	timed(t, db, "CREATE TABLE m (id bigint PRIMARY KEY, n int, pad text) ENGINE=InnoDB",
		fmt.Sprintf("INSERT INTO m SELECT seq, seq %% 1000, concat(md5(seq), md5(seq+1), md5(seq+2)) FROM seq_1_to_%d", n),
		"ANALYZE TABLE m")
	size := sizeOf(t, db, "SELECT data_length + index_length FROM information_schema.tables WHERE table_schema = database() AND table_name = 'm'")
	report(t, size, "scan", timed(t, db, "SELECT count(*) FROM m WHERE n IS NULL"))
	report(t, size, "index", timed(t, db, "ALTER TABLE m ADD INDEX m_n_idx (n), ALGORITHM=INPLACE, LOCK=NONE"))
	timed(t, db, "ALTER TABLE m DROP INDEX m_n_idx")
	report(t, size, "rewrite", timed(t, db, "ALTER TABLE m MODIFY n bigint"))
}

func measureSQLite(t testing.TB) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	n := rowsFor(measureMB)
	timed(t, db, "PRAGMA journal_mode=WAL", "CREATE TABLE m (id integer PRIMARY KEY, n integer, pad text)",
		fmt.Sprintf(`INSERT INTO m WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM g WHERE i < %d)
			SELECT i, i %% 1000, printf('%%.96d', i) FROM g`, n))
	size := sizeOf(t, db, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
	report(t, size, "scan", timed(t, db, "SELECT count(*) FROM m WHERE n IS NULL"))
	report(t, size, "index", timed(t, db, "CREATE INDEX m_n_idx ON m (n)"))
	timed(t, db, "DROP INDEX m_n_idx")
	// SQLite changes a type by rebuilding the table (the planner's
	// create-copy-drop-rename).
	report(t, size, "rewrite", timed(t, db, "BEGIN", "CREATE TABLE m_new (id integer PRIMARY KEY, n bigint, pad text)",
		"INSERT INTO m_new SELECT id, n, pad FROM m", "DROP TABLE m", "ALTER TABLE m_new RENAME TO m", "COMMIT"))
}
