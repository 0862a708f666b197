package bench

import (
	"context"
	"database/sql"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/emit/sqlfile"
	mysqlintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/mysql"
	sqliteintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite"
	"github.com/migrate-bot/migrate-bot/internal/engine/migration"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/mysqlddl"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqliteddl"
	"github.com/migrate-bot/migrate-bot/internal/testutil/mytest"
)

// dialectBench is one dialect's benchmark: its dialect, how it reads a
// base and a head (one reader per plan: what a reader remembers of the
// base serves the head of the same plan only, so every iteration is a cold
// plan) and its rendering of a DialectPair.
type dialectBench struct {
	dialect    func() (*dialect.Dialect, error)
	read       func(d *dialect.Dialect, base, head schema.File) (*schema.Schema, *schema.Schema, error)
	base, head func(DialectPair) string
}

var (
	mariadbBench = dialectBench{
		dialect: func() (*dialect.Dialect, error) { return dialect.Mariadb("10.11") },
		read: func(d *dialect.Dialect, base, head schema.File) (*schema.Schema, *schema.Schema, error) {
			sides, err := mysqlddl.ParseEach(d, []schema.File{base}, []schema.File{head})
			if err != nil {
				return nil, nil, err
			}
			return sides[0], sides[1], nil
		},
		base: func(p DialectPair) string { return p.BaseMySQL },
		head: func(p DialectPair) string { return p.HeadMySQL },
	}
	sqliteBench = dialectBench{
		dialect: func() (*dialect.Dialect, error) { return dialect.Sqlite("3.45") },
		read: func(d *dialect.Dialect, base, head schema.File) (*schema.Schema, *schema.Schema, error) {
			sides, err := sqliteddl.NewReader(d).ParseEach([]schema.File{base}, []schema.File{head})
			if err != nil {
				return nil, nil, err
			}
			return sides[0], sides[1], nil
		},
		base: func(p DialectPair) string { return p.BaseSQLite },
		head: func(p DialectPair) string { return p.HeadSQLite },
	}
)

// planDialectOnce parses both sides with the dialect's reader, diffs,
// plans, checks convergence (migration.Generate) and renders the files:
// what one plan command does.
func planDialectOnce(tb testing.TB, db dialectBench, p DialectPair) *migration.Result {
	d, err := db.dialect()
	if err != nil {
		tb.Fatal(err)
	}
	base, head, err := db.read(d, schema.File{Path: "base.sql", Data: []byte(db.base(p))},
		schema.File{Path: "head.sql", Data: []byte(db.head(p))})
	if err != nil {
		tb.Fatalf("parse: %v", err)
	}
	res, err := migration.Generate(base, head, d, migration.Options{})
	if err != nil {
		tb.Fatalf("plan %s: %v", d.Name, err)
	}
	up, down := sqlfile.Render(res.Plan, sqlfile.Options{Version: "20250101000000", Name: "bench"})
	if up == "" || down == "" {
		tb.Fatalf("plan %s: empty SQL", d.Name)
	}
	return res
}

func benchmarkDialect(b *testing.B, db dialectBench) {
	p := GenerateDialects(benchTables, benchSeed)
	b.ReportAllocs()
	b.ResetTimer()
	var res *migration.Result
	cpu0, cpuOK := cpuTime()
	for b.Loop() {
		res = planDialectOnce(b, db, p)
	}
	// CPU time per plan (all goroutines): on a shared machine the wall
	// time depends on the load, the CPU time much less.
	if cpu1, ok := cpuTime(); ok && cpuOK {
		b.ReportMetric(float64((cpu1-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
	}
	b.ReportMetric(float64(len(res.Changes)), "changes")
	b.ReportMetric(float64(len(res.Plan.Steps)), "steps")
}

// BenchmarkPlanMariaDB2000 plans the 2,000-table pair from MySQL DDL for
// MariaDB 10.11 (TiDB parser, diff, plan, render).
func BenchmarkPlanMariaDB2000(b *testing.B) { benchmarkDialect(b, mariadbBench) }

// BenchmarkPlanSQLite2000 plans the 2,000-table pair from SQLite DDL
// (read by SQLite itself in memory, diff, plan with table rebuilds,
// render).
func BenchmarkPlanSQLite2000(b *testing.B) { benchmarkDialect(b, sqliteBench) }

// TestDialectPairPlans checks the 2,000-table pair plans in both dialects
// with the changes the generator made: each changed table gives at least
// one change, and the new tables are added.
func TestDialectPairPlans(t *testing.T) {
	p := GenerateDialects(benchTables, benchSeed)
	for name, db := range map[string]dialectBench{"mariadb": mariadbBench, "sqlite": sqliteBench} {
		t.Run(name, func(t *testing.T) {
			res := planDialectOnce(t, db, p)
			adds := 0
			for _, c := range res.Changes {
				if _, ok := c.(*schema.AddTable); ok {
					adds++
				}
			}
			if adds != p.Stats.NewTables || len(res.Changes) < p.Stats.Changed {
				t.Errorf("%d changes (%d AddTable) for %d changed and %d new tables", len(res.Changes), adds, p.Stats.Changed, p.Stats.NewTables)
			}
		})
	}
}

// TestDialectRenderingsMatchDatabases runs a small pair's DDL on the real
// databases (MariaDB, SQLite) and requires each reader's model to equal
// the introspected database: the benchmark plans schemas the servers
// accept, read as the servers read them.
func TestDialectRenderingsMatchDatabases(t *testing.T) {
	p := GenerateDialects(60, benchSeed)
	ctx := context.Background()
	t.Run("sqlite", func(t *testing.T) {
		d, _ := dialect.Sqlite("3.45")
		db, err := sql.Open("sqlite", ":memory:")
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		defer db.Close()
		if _, err := db.Exec(p.HeadSQLite); err != nil {
			t.Fatal(err)
		}
		live, err := sqliteintro.Inspect(ctx, db, sqliteintro.Options{})
		if err != nil {
			t.Fatal(err)
		}
		read, err := sqliteddl.Parse(d, schema.File{Path: "head.sql", Data: []byte(p.HeadSQLite)})
		if err != nil {
			t.Fatal(err)
		}
		if len(live.Tables) != p.Stats.Tables+p.Stats.NewTables {
			t.Errorf("%d tables in the database", len(live.Tables))
		}
		for _, diff := range schema.Differences(read, live) {
			t.Errorf("reader vs database: %s", diff)
		}
	})
	t.Run("mariadb", func(t *testing.T) {
		d, _ := dialect.Mariadb("10.11")
		db := mytest.New(t)
		db.Exec(t, p.HeadMySQL)
		live, err := mysqlintro.Inspect(ctx, db.DB, mysqlintro.Options{})
		if err != nil {
			t.Fatal(err)
		}
		read, err := mysqlddl.Parse(d, schema.File{Path: "head.sql", Data: []byte(p.HeadMySQL)})
		if err != nil {
			t.Fatal(err)
		}
		if len(live.Tables) != p.Stats.Tables+p.Stats.NewTables {
			t.Errorf("%d tables in the database", len(live.Tables))
		}
		for _, diff := range schema.Differences(read, live) {
			t.Errorf("reader vs database: %s", diff)
		}
	})
}
