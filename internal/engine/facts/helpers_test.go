package facts

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/introspect/mysql"
	"github.com/migrate-bot/migrate-bot/internal/engine/introspect/postgres"
	"github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite"
	"github.com/migrate-bot/migrate-bot/internal/engine/migration"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/mytest"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// target is a seeded database with the schemas before and after a
// migration and the plan between them.
type target struct {
	db       *sql.DB
	d        *dialect.Dialect
	from, to *schema.Schema
	plan     *plan.Plan
}

func mustExec(t *testing.T, db *sql.DB, stmts string) {
	t.Helper()
	for _, s := range strings.Split(stmts, ";\n") {
		if strings.TrimSpace(s) == "" {
			continue
		}
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}
}

// newTarget creates the before schema in a fresh database of the dialect,
// seeds it, creates the after schema in another, reads both back and
// plans the migration.
func newTarget(t *testing.T, name, before, after, seed string) *target {
	t.Helper()
	ctx := context.Background()
	var db, other *sql.DB
	var d *dialect.Dialect
	var err error
	inspect := func(db *sql.DB) *schema.Schema {
		t.Helper()
		var s *schema.Schema
		var err error
		switch name {
		case "postgres":
			s, err = postgres.Inspect(ctx, db, postgres.Options{})
		case "mariadb":
			s, err = mysql.Inspect(ctx, db, mysql.Options{})
		case "sqlite":
			s, err = sqlite.Inspect(ctx, db, sqlite.Options{})
		}
		if err != nil {
			t.Fatalf("inspect: %v", err)
		}
		return s
	}
	switch name {
	case "postgres":
		db, other = pgtest.New(t).DB, pgtest.New(t).DB
		d, err = dialect.Postgres("15")
	case "mariadb":
		db, other = mytest.New(t).DB, mytest.New(t).DB
		d, err = dialect.Mariadb("10.11")
	case "sqlite":
		db, other = openSQLite(t, "target.db"), openSQLite(t, "after.db")
		d, err = dialect.Sqlite("")
	}
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, before)
	mustExec(t, db, seed)
	mustExec(t, other, after)
	if name == "postgres" {
		mustExec(t, db, "ANALYZE")
	}
	from, to := inspect(db), inspect(other)
	r, err := migration.Generate(from, to, d, migration.Options{})
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	return &target{db: db, d: d, from: from, to: to, plan: r.Plan}
}

func openSQLite(t *testing.T, name string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// collect runs Collect and returns the measured facts.
func (tg *target) collect(t *testing.T, opts Options) *Measured {
	t.Helper()
	f, err := Collect(context.Background(), tg.db, tg.d, tg.from, tg.plan, opts)
	if err != nil {
		t.Fatalf("collect: %v", err)
	}
	return f.(*Measured)
}
