package plan_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/emit/sqlfile"
	introspect "github.com/migrate-bot/migrate-bot/internal/engine/introspect/mysql"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/mysqlddl"
	"github.com/migrate-bot/migrate-bot/internal/testutil/mytest"
)

// myScenario is one migration proven on the MariaDB server: base and
// head are DDL read by the MySQL reader. The base DDL is run on a fresh
// database and seeded; the plan of diff(base, head) is applied statement
// by statement; the result must equal a database built directly from the
// head DDL; the rollback must give back the base and (unless the plan
// says it loses data) the seeded rows; up runs again.
type myScenario struct {
	name       string
	base, head string
	seed       string
	// rows is a query whose result must be the same before up and after
	// down (the data the plan keeps).
	rows string
	// renames are confirmed renames for the differ.
	renames []diff.Rename
	// check runs after the first up.
	check func(t *testing.T, db *sql.DB, p *plan.Plan)
}

func runMyScenario(t *testing.T, sc myScenario) {
	t.Helper()
	d, err := dialect.Mariadb("10.11")
	if err != nil {
		t.Fatal(err)
	}
	from := parseMy(t, d, sc.base)
	to := parseMy(t, d, sc.head)
	res, err := diff.Diff(from, to, diff.Options{Renames: sc.renames})
	if err != nil {
		t.Fatalf("diff: %v", err)
	}
	p, err := plan.Build(res.Changes, from, to, d)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}

	wantDB := mytest.New(t)
	wantDB.Exec(t, sc.head)
	want := inspectMy(t, wantDB.DB)

	db := mytest.New(t)
	db.Exec(t, sc.base)
	db.Exec(t, sc.seed)
	before := inspectMy(t, db.DB)
	rowsBefore := dump(t, db.DB, sc.rows)

	applyMy(t, db.DB, p, true)
	sameSchema(t, "after up", want, inspectMy(t, db.DB), nil)
	if sc.check != nil {
		sc.check(t, db.DB, p)
	}
	applyMy(t, db.DB, p, false)
	sameSchema(t, "after down", before, inspectMy(t, db.DB), nil)
	lost := false
	for _, s := range p.Steps {
		lost = lost || s.DownLosesData
	}
	if got := dump(t, db.DB, sc.rows); !lost && got != rowsBefore {
		t.Errorf("rows after down:\n%s\nwant\n%s", got, rowsBefore)
	}
	applyMy(t, db.DB, p, true)
	sameSchema(t, "after up again", want, inspectMy(t, db.DB), nil)
}

func parseMy(t *testing.T, d *dialect.Dialect, ddl string) *schema.Schema {
	t.Helper()
	s, err := mysqlddl.Parse(d, schema.File{Path: "schema.sql", Data: []byte(ddl)})
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return s
}

func inspectMy(t *testing.T, db *sql.DB) *schema.Schema {
	t.Helper()
	s, err := introspect.Inspect(context.Background(), db, introspect.Options{})
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	return s
}

// applyMy runs the batches as a runner does, statement by statement (no
// MySQL step is transactional).
func applyMy(t *testing.T, db *sql.DB, p *plan.Plan, up bool) {
	t.Helper()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, b := range sqlfile.Statements(p, up) {
		if b.Transactional {
			t.Fatalf("transactional batch on MariaDB: %v", b.SQL)
		}
		for _, s := range b.SQL {
			if _, err := conn.ExecContext(ctx, s); err != nil {
				t.Fatalf("%s: %v\n--- statement ---\n%s", map[bool]string{true: "up", false: "down"}[up], err, s)
			}
		}
	}
}

// dump renders a query's rows as text.
func dump(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	if q == "" {
		return ""
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			if v.Valid {
				b.WriteString(v.String)
			} else {
				b.WriteString("NULL")
			}
			b.WriteString("|")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// stepWith returns the first step whose up statement contains s.
func stepWith(p *plan.Plan, s string) *plan.Step {
	for _, st := range p.Steps {
		for _, u := range st.Up {
			if strings.Contains(u, s) {
				return st
			}
		}
	}
	return nil
}

// q is an unqualified table name, as MySQL schemas have them.
func q(name string) schema.QName { return schema.QName{Name: name} }
