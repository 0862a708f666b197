package acceptance

import (
	"context"
	"flag"
	"strconv"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// dbPool shares a few databases among the cases. Creating and dropping a
// database costs a second or more on this machine (twice that under load),
// against tens of milliseconds for emptying one, so each case takes two
// databases from the pool and empties them before use. The pool holds two
// databases per case that may run at once (go test -parallel), so taking
// never waits for long and never deadlocks.
type dbPool struct {
	free chan *pgtest.DB
}

// newDBPool creates the databases on the test t (they are dropped when t
// and all its subtests end).
func newDBPool(t *testing.T) *dbPool {
	t.Helper()
	n := 2 * parallelism()
	p := &dbPool{free: make(chan *pgtest.DB, n)}
	for range n {
		db := pgtest.New(t)
		// Commits need not wait for the WAL to reach the disk: these
		// databases are thrown away, and every DDL statement of the suite
		// would otherwise wait for an fsync. New sessions get the setting;
		// closing the idle ones makes every later session new.
		if _, err := db.DB.Exec(`ALTER DATABASE "` + db.Name + `" SET synchronous_commit = off`); err != nil {
			t.Fatalf("configure %s: %v", db.Name, err)
		}
		db.DB.SetMaxIdleConns(0)
		db.DB.SetMaxIdleConns(2)
		p.free <- db
	}
	return p
}

// parallelism is go test's -parallel value (GOMAXPROCS by default).
func parallelism() int {
	if f := flag.Lookup("test.parallel"); f != nil {
		if n, err := strconv.Atoi(f.Value.String()); err == nil && n > 0 {
			return n
		}
	}
	return 1
}

// take lends a database for the rest of the test t; callers empty it
// (resetDB) before use.
func (p *dbPool) take(t *testing.T) *pgtest.DB {
	t.Helper()
	db := <-p.free
	t.Cleanup(func() { p.free <- db })
	return db
}

// resetSQL empties a database back to what CREATE DATABASE gives: every
// extension but plpgsql and every non-system schema are dropped, and public
// is created again as PostgreSQL 15 creates it (owned by pg_database_owner,
// usable by everyone, with its standard comment).
const resetSQL = `
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' LOOP
    EXECUTE format('DROP EXTENSION %I CASCADE', r.extname);
  END LOOP;
  FOR r IN SELECT nspname FROM pg_namespace
           WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
             AND nspname NOT LIKE 'pg\_temp\_%' AND nspname NOT LIKE 'pg\_toast\_temp\_%' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
END $$;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
COMMENT ON SCHEMA public IS 'standard public schema';
GRANT USAGE ON SCHEMA public TO PUBLIC;
`

func resetDB(t *testing.T, db *pgtest.DB) {
	t.Helper()
	if _, err := db.DB.ExecContext(context.Background(), resetSQL); err != nil {
		t.Fatalf("empty database %s: %v", db.Name, err)
	}
}
