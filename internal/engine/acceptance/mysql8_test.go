package acceptance

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/migration"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/mysqlddl"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/prisma"
)

var updateMySQL8 = flag.Bool("update-mysql8", false, "write the plans of testdata/mysql8 into their expect-up.sql and expect-down.sql sections (review the diff before committing)")

// TestMySQL8 plans the cases of testdata/mysql8, changes whose SQL exists
// only on MySQL 8 (INSTANT at any position from 8.0.29, ALTER TABLE ...
// DROP CHECK, functional index key parts, native json ...), from the
// dialect tables alone: no MySQL server runs on this machine, so each case
// states the exact up and down statements it expects (expect-up.sql,
// expect-down.sql), and the usual structural checks hold (each side plans
// nothing against itself; the plan converges, which Generate proves).
func TestMySQL8(t *testing.T) {
	cases, err := loadCases(filepath.Join("testdata", "mysql8"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 10 {
		t.Errorf("testdata/mysql8 has %d cases; it promises at least 10", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			if !*updateMySQL8 && (!c.HasWantUp || !c.HasWantDown) {
				t.Fatalf("%s: a mysql8 case states its expect-up.sql and expect-down.sql", c.Name)
			}
			d, err := dialect.Mysql(c.Version)
			if err != nil {
				t.Fatalf("%s: dialect: %v", c.Name, err)
			}
			r := &caseRun{t: t, c: c, d: d}
			read := func(files []schema.File) (*schema.Schema, error) {
				if c.Format == formatPrisma {
					return prisma.Parse(files...)
				}
				return mysqlddl.Parse(d, files...)
			}
			base, err := read(c.Base)
			if err != nil {
				r.failf(true, "parse base: %v", err)
			}
			head, err := read(c.Head)
			if err != nil {
				r.failf(true, "parse head: %v", err)
			}
			for _, s := range []*schema.Schema{base, head} {
				res, err := migration.Generate(s, s, d, migration.Options{})
				if err != nil {
					r.failf(false, "plan a side against itself: %v", err)
				} else if len(res.Changes) > 0 || !res.Plan.Empty() {
					r.failf(false, "a side planned against itself is not empty:\n%s", planSQL(res.Plan))
				}
			}
			res, err := migration.Generate(base, head, d, migration.Options{Renames: flagRenames(r)})
			if err != nil {
				r.failf(true, "plan base -> head: %v", err)
			}
			r.plan = res.Plan
			if *updateMySQL8 {
				writeExpectedSQL(t, c, res.Plan.Statements(true), res.Plan.Statements(false))
				return
			}
			checkExpectations(r, res)
		})
	}
}

// writeExpectedSQL rewrites a mysql8 case file with the given up and down
// statements as its expect-up.sql and expect-down.sql sections.
func writeExpectedSQL(t *testing.T, c *testCase, up, down []string) {
	t.Helper()
	path := filepath.Join("testdata", "mysql8", c.Name+".txtar")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if i := strings.Index(text, "\n-- expect-up.sql --\n"); i >= 0 {
		text = text[:i+1]
	}
	text += "-- expect-up.sql --\n" + statementText(up) + "-- expect-down.sql --\n" + statementText(down)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
