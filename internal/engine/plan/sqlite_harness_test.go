package plan_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/emit/sqlfile"
	sqliteintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite"
	"github.com/migrate-bot/migrate-bot/internal/engine/migration"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/prisma"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqliteddl"
	"github.com/migrate-bot/migrate-bot/internal/testutil/prismaoracle"
)

// sqliteScenario is one migration proven on embedded SQLite (a temporary
// database file, foreign keys enforced): the base is created from SQL (or
// from a Prisma schema, with the SQL Prisma's engine writes for it),
// seeded, planned by migration.Generate from the reader's schemas, applied
// up batch by batch as the SQL files group it, inspected and compared with
// a database built directly from the head; rows are checked, then down
// (compared with the base, rows again), then up again.
type sqliteScenario struct {
	name    string
	version string
	// base and head are SQL DDL, or with prisma set Prisma schemas.
	base, head string
	prisma     bool
	// seed is SQL run on the base database before migrating.
	seed string
	// rowsBase is a query on the base whose rows must come back after
	// down; rowsHead (default rowsBase) is the same data read on the head,
	// which must equal rowsBase's rows read before up. Several queries are
	// separated by ";".
	rowsBase, rowsHead string
	// renames are confirmed renames (--rename).
	renames []diff.Rename
	// rebuild says whether the plan must (true) or must not (false)
	// rebuild a table.
	rebuild bool
	// upFails, when set, is a substring of the error the up migration
	// must fail with (on the seeded rows), leaving the base intact.
	upFails string
	// check runs extra assertions on the plan.
	check func(t *testing.T, p *plan.Plan)
}

var sqliteDBSerial atomic.Int64

// openSqlite opens a fresh database file on one connection, with foreign
// keys enforced.
func openSqlite(t *testing.T) *sql.Conn {
	t.Helper()
	path := filepath.Join(t.TempDir(), fmt.Sprintf("db%d.sqlite", sqliteDBSerial.Add(1)))
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(); db.Close() })
	return conn
}

func sqliteExec(t *testing.T, conn *sql.Conn, sqlText string) {
	t.Helper()
	if strings.TrimSpace(sqlText) == "" {
		return
	}
	if _, err := conn.ExecContext(context.Background(), sqlText); err != nil {
		t.Fatalf("exec %q: %v", sqlText, err)
	}
}

// applySqlite runs the plan's statements as the SQL files group them:
// transactional batches inside BEGIN ... COMMIT, the others one by one.
func applySqlite(conn *sql.Conn, p *plan.Plan, up bool) error {
	ctx := context.Background()
	for _, b := range sqlfile.Statements(p, up) {
		if b.Transactional {
			if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
				return err
			}
		}
		for _, stmt := range b.SQL {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				if b.Transactional {
					conn.ExecContext(ctx, "ROLLBACK")
				}
				return fmt.Errorf("%s: %w", stmt, err)
			}
		}
		if b.Transactional {
			if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
				return err
			}
		}
	}
	return nil
}

func inspectSqlite(t *testing.T, conn *sql.Conn) *schema.Schema {
	t.Helper()
	s, err := sqliteintro.Inspect(context.Background(), conn, sqliteintro.Options{})
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	return s
}

// queryRows runs the queries ("SELECT ...; SELECT ...") and returns
// every row's values.
func queryRows(t *testing.T, conn *sql.Conn, queries string) [][]any {
	t.Helper()
	var out [][]any
	for i, q := range strings.Split(queries, "; SELECT ") {
		if i > 0 {
			q = "SELECT " + q
		}
		rows, err := conn.QueryContext(context.Background(), q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, vals)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		out = append(out, []any{"--"})
	}
	return out
}

func fkViolations(t *testing.T, conn *sql.Conn) int {
	t.Helper()
	var n int
	if err := conn.QueryRowContext(context.Background(), "SELECT count(*) FROM pragma_foreign_key_check").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// sqliteSide reads one side of a scenario and builds a database from it:
// SQL is run as it is; a Prisma schema through the SQL Prisma's engine
// writes for it from an empty database.
func sqliteSide(t *testing.T, d *dialect.Dialect, text string, isPrisma bool) (*schema.Schema, *sql.Conn) {
	t.Helper()
	conn := openSqlite(t)
	if !isPrisma {
		s, err := sqliteddl.Parse(d, schema.File{Path: "schema.sql", Data: []byte(text)})
		if err != nil {
			t.Fatalf("sqliteddl: %v", err)
		}
		sqliteExec(t, conn, text)
		return s, conn
	}
	files := []schema.File{{Path: "schema.prisma", Data: []byte("datasource db {\n  provider = \"sqlite\"\n}\n" + text)}}
	s, err := prisma.Parse(files...)
	if err != nil {
		t.Fatalf("prisma: %v", err)
	}
	sqliteExec(t, conn, prismaoracle.Diff(t, "sqlite", nil, files, ""))
	return s, conn
}

func requireSame(t *testing.T, what string, got, want *schema.Schema) {
	t.Helper()
	for _, d := range schema.Differences(got, want) {
		t.Errorf("%s: %s", what, d)
	}
}

func hasRebuild(p *plan.Plan) bool {
	for _, s := range p.Steps {
		for _, u := range s.Up {
			if strings.HasPrefix(u, "ALTER TABLE \"new_") {
				return true
			}
		}
	}
	return false
}

func runSqliteScenario(t *testing.T, sc sqliteScenario) {
	t.Helper()
	d, err := dialect.Sqlite(sc.version)
	if err != nil {
		t.Fatal(err)
	}
	base, conn := sqliteSide(t, d, sc.base, sc.prisma)
	head, headDB := sqliteSide(t, d, sc.head, sc.prisma)
	wantHead := inspectSqlite(t, headDB)
	sqliteExec(t, conn, sc.seed)
	before := inspectSqlite(t, conn)
	rowsHead := sc.rowsHead
	if rowsHead == "" {
		rowsHead = sc.rowsBase
	}
	seeded := queryRows(t, conn, sc.rowsBase)

	res, err := migration.Generate(base, head, d, migration.Options{Renames: sc.renames})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	p := res.Plan
	if p.Empty() {
		t.Fatal("empty plan")
	}
	if got := hasRebuild(p); got != sc.rebuild {
		t.Errorf("rebuild = %v, want %v", got, sc.rebuild)
	}
	dump := func() string {
		up, down := sqlfile.Render(p, sqlfile.Options{})
		return up + "\n" + down
	}
	if sc.check != nil {
		sc.check(t, p)
	}
	if sc.upFails != "" {
		err := applySqlite(conn, p, true)
		if err == nil || !strings.Contains(err.Error(), sc.upFails) {
			t.Fatalf("up: err = %v, want %q\n%s", err, sc.upFails, dump())
		}
		requireSame(t, "after the failed up vs base", inspectSqlite(t, conn), before)
		if got := queryRows(t, conn, sc.rowsBase); !reflect.DeepEqual(got, seeded) {
			t.Errorf("rows after the failed up:\n got %v\nwant %v", got, seeded)
		}
		return
	}
	if sc.prisma {
		// Prisma's own migration from base to head, applied to a seeded
		// copy of the base, gives the same database.
		files := func(text string) []schema.File {
			return []schema.File{{Path: "schema.prisma", Data: []byte("datasource db {\n  provider = \"sqlite\"\n}\n" + text)}}
		}
		_, prismaDB := sqliteSide(t, d, sc.base, true)
		sqliteExec(t, prismaDB, sc.seed)
		sqliteExec(t, prismaDB, prismaoracle.Diff(t, "sqlite", files(sc.base), files(sc.head), ""))
		requireSame(t, "Prisma's migration vs head", inspectSqlite(t, prismaDB), wantHead)
	}
	for round := 1; round <= 2; round++ {
		if err := applySqlite(conn, p, true); err != nil {
			t.Fatalf("up %d: %v\n%s", round, err, dump())
		}
		requireSame(t, fmt.Sprintf("up %d vs head", round), inspectSqlite(t, conn), wantHead)
		if round == 1 {
			if got := queryRows(t, conn, rowsHead); !reflect.DeepEqual(got, seeded) {
				t.Errorf("rows after up:\n got %v\nwant %v", got, seeded)
			}
			if n := fkViolations(t, conn); n != 0 {
				t.Errorf("%d foreign key violations after up", n)
			}
			next, err := migration.Generate(head, head, d, migration.Options{})
			if err != nil || !next.Plan.Empty() {
				t.Errorf("head to head: err %v, %d steps", err, len(next.Plan.Steps))
			}
		}
		if err := applySqlite(conn, p, false); err != nil {
			t.Fatalf("down %d: %v\n%s", round, err, dump())
		}
		requireSame(t, fmt.Sprintf("down %d vs base", round), inspectSqlite(t, conn), before)
		if got := queryRows(t, conn, sc.rowsBase); !reflect.DeepEqual(got, seeded) {
			t.Errorf("rows after down %d:\n got %v\nwant %v", round, got, seeded)
		}
		if n := fkViolations(t, conn); n != 0 {
			t.Errorf("%d foreign key violations after down", n)
		}
	}
	if t.Failed() {
		t.Log(dump())
	}
}
