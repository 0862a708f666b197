package prisma

import (
	"context"
	"database/sql"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	sqliteintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/prismaoracle"
)

var update = flag.Bool("update", false, "rewrite testdata/sqlite/*.sql from Prisma's schema engine")

// sqliteCase is one schema under testdata/sqlite: a .prisma file or a
// folder of them, with the SQL Prisma's engine writes for it from an empty
// database in <name>.sql.
type sqliteCase struct {
	name  string
	files []schema.File
}

func sqliteCases(t *testing.T) []sqliteCase {
	t.Helper()
	entries, err := os.ReadDir("testdata/sqlite")
	if err != nil {
		t.Fatal(err)
	}
	var cases []sqliteCase
	for _, e := range entries {
		p := filepath.Join("testdata/sqlite", e.Name())
		var paths []string
		switch {
		case e.IsDir():
			paths, _ = filepath.Glob(filepath.Join(p, "*.prisma"))
			sort.Strings(paths)
		case strings.HasSuffix(e.Name(), ".prisma"):
			paths = []string{p}
		default:
			continue
		}
		c := sqliteCase{name: strings.TrimSuffix(e.Name(), ".prisma")}
		for _, path := range paths {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			c.files = append(c.files, schema.File{Path: path, Data: data})
		}
		cases = append(cases, c)
	}
	if len(cases) < 10 {
		t.Fatalf("only %d SQLite schemas under testdata/sqlite", len(cases))
	}
	return cases
}

// TestSqliteEngineSQL checks that the recorded SQL under testdata/sqlite
// is what Prisma's schema engine (its WebAssembly build, through
// tools/prisma-oracle) generates today from an empty database: `migrate
// diff --from-empty --to-schema ... --script`. With -update it rewrites
// the recordings. It skips where the oracle is not installed; the
// comparison with the database (TestSqliteMatchesEngine) runs on the
// recordings everywhere.
func TestSqliteEngineSQL(t *testing.T) {
	for _, c := range sqliteCases(t) {
		t.Run(c.name, func(t *testing.T) {
			got := prismaoracle.Diff(t, "sqlite", nil, c.files, "")
			path := filepath.Join("testdata/sqlite", c.name+".sql")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestSqliteEngineSQL -update)", err)
			}
			if got != string(want) {
				t.Errorf("Prisma's engine now writes different SQL for %s; rerun with -update and check TestSqliteMatchesEngine:\n%s", c.name, got)
			}
		})
	}
}

// TestSqliteMatchesEngine runs the SQL Prisma's engine wrote for each
// schema in a fresh SQLite database, inspects the database, and requires
// the reader's schema to equal it (schema.Differences empty): the reader
// says what Prisma would build, to the column default and constraint name.
func TestSqliteMatchesEngine(t *testing.T) {
	for _, c := range sqliteCases(t) {
		t.Run(c.name, func(t *testing.T) {
			ddl, err := os.ReadFile(filepath.Join("testdata/sqlite", c.name+".sql"))
			if err != nil {
				t.Fatal(err)
			}
			db, err := sql.Open("sqlite", ":memory:")
			if err != nil {
				t.Fatal(err)
			}
			db.SetMaxOpenConns(1)
			defer db.Close()
			if _, err := db.Exec(string(ddl)); err != nil {
				t.Fatalf("apply Prisma's SQL: %v", err)
			}
			live, err := sqliteintro.Inspect(context.Background(), db, sqliteintro.Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(c.files...)
			if err != nil {
				t.Fatal(err)
			}
			if got.Dialect != "sqlite" {
				t.Errorf("dialect %q", got.Dialect)
			}
			if len(live.Tables) == 0 || len(live.Tables) != len(got.Tables) {
				t.Errorf("%d tables in the database, %d from the reader", len(live.Tables), len(got.Tables))
			}
			for _, d := range schema.Differences(got, live) {
				t.Errorf("reader vs database: %s", d)
			}
		})
	}
}
