package acceptance

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	introspect "github.com/migrate-bot/migrate-bot/internal/engine/introspect/postgres"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqlddl"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
	"github.com/migrate-bot/migrate-bot/internal/testutil/prismaoracle"
)

// postgresBackend runs testdata/postgres on the PostgreSQL server of
// package pgtest.
var postgresBackend = &backend{
	name:     "postgres",
	provider: "postgresql",
	minCases: 100, minPrisma: 40, minSQL: 40,
	concurrency: 1,
	newPool: func(t *testing.T, n int) *dbPool {
		return newServerPool(t, n, func(t *testing.T) *testDB {
			db := pgtest.New(t)
			// Commits need not wait for the WAL to reach the disk: these
			// databases are thrown away, and every DDL statement of the
			// suite would otherwise wait for an fsync. New sessions get
			// the setting; closing the idle ones makes every later session
			// new.
			if _, err := db.DB.Exec(`ALTER DATABASE "` + db.Name + `" SET synchronous_commit = off`); err != nil {
				t.Fatalf("configure %s: %v", db.Name, err)
			}
			db.DB.SetMaxIdleConns(0)
			db.DB.SetMaxIdleConns(2)
			return &testDB{Name: db.Name, URL: db.URL, DB: db.DB, empty: emptyPostgres}
		})
	},
	serverVersion: func(db *sql.DB) (string, error) {
		var num int
		if err := db.QueryRow(`SELECT current_setting('server_version_num')::int`).Scan(&num); err != nil {
			return "", err
		}
		return strconv.Itoa(num / 10000), nil
	},
	lookup:   dialect.Postgres,
	parseSQL: sqlddl.Parse,
	inspect: func(ctx context.Context, db *sql.DB) (*schema.Schema, error) {
		return introspect.Inspect(ctx, db, introspect.Options{})
	},
	snapshot: postgresSnapshot,
	prismaEngine: func(t *testing.T, files []schema.File, scratch *testDB) string {
		script := prismaoracle.Diff(t, "postgresql", nil, files, scratch.URL)
		if _, err := scratch.DB.ExecContext(context.Background(), script); err != nil {
			t.Fatalf("Prisma's own SQL does not run: %v\n%s", err, script)
		}
		return script
	},
}

// resetPostgresSQL empties a database back to what CREATE DATABASE gives:
// every extension but plpgsql and every non-system schema are dropped, and
// public is created again as PostgreSQL 15 creates it (owned by
// pg_database_owner, usable by everyone, with its standard comment).
const resetPostgresSQL = `
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

func emptyPostgres(t *testing.T, db *testDB) {
	t.Helper()
	if _, err := db.DB.ExecContext(context.Background(), resetPostgresSQL); err != nil {
		t.Fatalf("empty database %s: %v", db.Name, err)
	}
}

// postgresSnapshot reads every row of every table as jsonb, PostgreSQL's
// own canonical JSON of a row.
func postgresSnapshot(t *testing.T, db *sql.DB, _ *dialect.Dialect, s *schema.Schema) rowSet {
	t.Helper()
	out := rowSet{}
	for _, tb := range s.Tables {
		// The alias cannot be a column name: a column named like the alias
		// would be what to_jsonb reads.
		q := fmt.Sprintf(`SELECT to_jsonb("mb acceptance row")::text FROM %s AS "mb acceptance row"`, quoteName(tb.Name))
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("read rows of %s: %v", tb.Name, err)
		}
		var list []map[string]json.RawMessage
		for rows.Next() {
			var js string
			if err := rows.Scan(&js); err != nil {
				t.Fatalf("read rows of %s: %v", tb.Name, err)
			}
			m := map[string]json.RawMessage{}
			if err := json.Unmarshal([]byte(js), &m); err != nil {
				t.Fatalf("decode row of %s: %v", tb.Name, err)
			}
			list = append(list, m)
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("read rows of %s: %v", tb.Name, err)
		}
		rows.Close()
		out[tb.Name] = list
	}
	return out
}
