package acceptance

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// backend is what the suite needs to know of one dialect: where its cases
// live, how to get an empty database, how to read a database's schema and
// rows, which reader reads its SQL files, and which Prisma provider its
// Prisma cases use. The case runner (run) is the same for every dialect;
// the dialect of a case is the name of its testdata directory.
type backend struct {
	// name is the testdata directory, and the subtest name prefix.
	name string
	// provider is the Prisma datasource provider its Prisma cases use.
	provider string
	// minCases, minPrisma and minSQL are the promised suite size.
	minCases, minPrisma, minSQL int
	// concurrency is how many cases run at once per -parallel slot: 1 for
	// suites that use the cores, more for one that waits for its server's
	// disk.
	concurrency int
	// newPool prepares n databases for the cases to take (on the top test).
	newPool func(t *testing.T, n int) *dbPool
	// serverVersion reads the version a case plans for when it names none
	// ("15", "10.11", "3.46").
	serverVersion func(db *sql.DB) (string, error)
	// lookup returns the dialect at a version.
	lookup func(version string) (*dialect.Dialect, error)
	// parseSQL reads the SQL files of an SQL case.
	parseSQL func(d *dialect.Dialect, files ...schema.File) (*schema.Schema, error)
	// inspect reads a live database's schema.
	inspect func(ctx context.Context, db *sql.DB) (*schema.Schema, error)
	// snapshot reads every row of every table of s.
	snapshot func(t *testing.T, db *sql.DB, d *dialect.Dialect, s *schema.Schema) rowSet
	// prismaEngine runs the SQL Prisma's own engine writes for files in
	// scratch and returns it; nil when the engine has no connector for the
	// provider (MySQL), in which case the reader's documented mapping is
	// the reference: the database built from migrate-bot's plan must
	// introspect equal to the reader's model.
	prismaEngine func(t *testing.T, files []schema.File, scratch *testDB) string
}

// testDB is one database a case works in.
type testDB struct {
	// Name names it in messages.
	Name string
	// URL is what Prisma's engine connects to (PostgreSQL), or the file
	// (SQLite).
	URL string
	DB  *sql.DB
	// empty drops everything in the database.
	empty func(t *testing.T, db *testDB)
}

// reset empties the database before use.
func (db *testDB) reset(t *testing.T) {
	t.Helper()
	db.empty(t, db)
}

// backends are the dialects the suite runs, by testdata directory.
var backends = map[string]*backend{
	"postgres": postgresBackend,
	"mariadb":  mariadbBackend,
	"sqlite":   sqliteBackend,
}

// serverMajorMinor cuts a server's version string ("10.11.6-MariaDB-0+deb12u1",
// "3.46.0") to major.minor.
func serverMajorMinor(v string) (string, error) {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return "", fmt.Errorf("unexpected server version %q", v)
	}
	minor := parts[1]
	for i, r := range minor {
		if r < '0' || r > '9' {
			minor = minor[:i]
			break
		}
	}
	return parts[0] + "." + minor, nil
}

// genericSnapshot reads every row of every table with SELECT *, each value
// as a JSON string (or null): the driver's text form, the same for the same
// column type before and after a migration.
func genericSnapshot(t *testing.T, db *sql.DB, d *dialect.Dialect, s *schema.Schema) rowSet {
	t.Helper()
	out := rowSet{}
	for _, tb := range s.Tables {
		rows, err := db.Query("SELECT * FROM " + d.QuoteName(tb.Name))
		if err != nil {
			t.Fatalf("read rows of %s: %v", tb.Name, err)
		}
		cols, err := rows.Columns()
		if err != nil {
			t.Fatalf("read rows of %s: %v", tb.Name, err)
		}
		var list []map[string]json.RawMessage
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("read rows of %s: %v", tb.Name, err)
			}
			m := make(map[string]json.RawMessage, len(cols))
			for i, c := range cols {
				m[c] = textJSON(vals[i])
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

// textJSON encodes one scanned value as a JSON string of its text form.
func textJSON(v any) json.RawMessage {
	var s string
	switch v := v.(type) {
	case nil:
		return json.RawMessage("null")
	case []byte:
		s = string(v)
	default:
		s = fmt.Sprint(v)
	}
	b, _ := json.Marshal(s)
	return b
}
