package knex

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "modernc.org/sqlite"

	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	myintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/mysql"
	pgintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/postgres"
	sqliteintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/mytest"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// toolsDir is tools/knex (Knex, drivers, ts-node) and sqliteModules the
// node_modules holding better-sqlite3 (tools/prisma-oracle's).
var (
	_, thisFile, _, _ = runtime.Caller(0)
	repoRoot          = filepath.Join(filepath.Dir(thisFile), "..", "..", "..", "..")
	toolsDir          = filepath.Join(repoRoot, "tools", "knex")
	sqliteModules     = filepath.Join(repoRoot, "tools", "prisma-oracle", "node_modules")
)

// requireKnex ends the test when Knex is not installed: a skip with the
// install command, or a failure under CI=true.
func requireKnex(t *testing.T) {
	t.Helper()
	_, err := os.Stat(filepath.Join(toolsDir, "node_modules", "knex", "bin", "cli.js"))
	if err == nil {
		_, err = os.Stat(filepath.Join(sqliteModules, "better-sqlite3", "package.json"))
	}
	if err == nil {
		_, err = exec.LookPath("node")
	}
	if err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("Knex is required in CI but not installed (%v): run tools/knex/install.sh", err)
	}
	t.Skipf("Knex is not installed (%v): run tools/knex/install.sh, or set CI=true to make this a failure", err)
}

// target is one database a scenario migrates.
type target struct {
	client, connection string
	inspect            func() (*schema.Schema, error)
}

func newTarget(t *testing.T, dialectName string) *target {
	t.Helper()
	ctx := context.Background()
	switch dialectName {
	case "postgres":
		db := pgtest.New(t)
		return &target{client: "pg", connection: db.URL, inspect: func() (*schema.Schema, error) {
			return pgintro.Inspect(ctx, db.DB, pgintro.Options{})
		}}
	case "mariadb":
		db := mytest.New(t)
		cfg, err := mysql.ParseDSN(db.DSN)
		if err != nil {
			t.Fatal(err)
		}
		url := fmt.Sprintf("mysql://%s:%s@%s/%s", cfg.User, cfg.Passwd, cfg.Addr, cfg.DBName)
		return &target{client: "mysql2", connection: url, inspect: func() (*schema.Schema, error) {
			return myintro.Inspect(ctx, db.DB, myintro.Options{})
		}}
	}
	file := filepath.Join(t.TempDir(), "app.db")
	return &target{client: "better-sqlite3", connection: file, inspect: func() (*schema.Schema, error) {
		db, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
		if err != nil {
			return nil, err
		}
		defer db.Close()
		return sqliteintro.Inspect(ctx, db, sqliteintro.Options{})
	}}
}

// knex runs the Knex CLI (the binary `npx knex` runs) with the test
// knexfile.
func (tg *target) knex(dir string, ts bool, args ...string) error {
	argv := []string{}
	if ts {
		argv = append(argv, "-r", filepath.Join(toolsDir, "node_modules", "ts-node", "register"))
	}
	argv = append(argv, filepath.Join(toolsDir, "node_modules", "knex", "bin", "cli.js"), "--knexfile", filepath.Join(toolsDir, "knexfile.js"), "--cwd", dir)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", append(argv, args...)...)
	cmd.Env = append(append(os.Environ(), knexEnv()...),
		"KNEX_CLIENT="+tg.client, "KNEX_CONNECTION="+tg.connection, "KNEX_MIGRATIONS_DIR="+filepath.Join(dir, "migrations"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("knex %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// knexTables are Knex's own bookkeeping tables, not part of any schema.
var knexTables = map[string]bool{"knex_migrations": true, "knex_migrations_lock": true}

// withoutKnexTables drops Knex's tables from an introspected schema.
func withoutKnexTables(s *schema.Schema) *schema.Schema {
	out := s.Clone()
	kept := out.Tables[:0]
	for _, tb := range out.Tables {
		if !knexTables[tb.Name.Name] {
			kept = append(kept, tb)
		}
	}
	out.Tables = kept
	return out
}

// differences compares a database with a schema as its reader read it:
// the model comparison and the differ both ways. Views are compared by
// name, kind and dependencies: the server prints a view's definition back
// rewritten (see the acceptance suite's viewsAsServer).
func differences(live, want *schema.Schema) []string {
	want = want.Clone()
	defs := map[string]string{}
	for _, o := range live.Objects {
		defs[o.Key()] = o.Definition
	}
	for _, o := range want.Objects {
		if o.Kind == schema.ObjectView || o.Kind == schema.ObjectMaterializedView {
			if def, ok := defs[o.Key()]; ok {
				o.Definition = def
			}
		}
	}
	out := schema.Differences(want, live)
	for _, dir := range [][2]*schema.Schema{{want, live}, {live, want}} {
		r, err := diff.Diff(dir[0], dir[1], diff.Options{})
		if err != nil {
			out = append(out, "diff: "+err.Error())
			continue
		}
		for _, c := range r.Changes {
			out = append(out, "diff: "+c.Kind())
		}
	}
	return out
}

// prove runs one scenario through Knex: the base migration alone
// (migrate:latest), then the generated one (migrate:latest, compared with
// the head), migrate:rollback (compared with the base), and migrate:latest
// again (compared with the head).
func prove(sc scenario, migrate func(cmd string) error, tg *target, dir string, base, head *schema.Schema, p *plan.Plan, baseFile schema.File, generated []schema.File) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	write := func(files ...schema.File) {
		for _, f := range files {
			path := filepath.Join(dir, filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				panic(err)
			}
			if err := os.WriteFile(path, f.Data, 0o644); err != nil {
				panic(err)
			}
		}
	}
	dump := func() string { return txtar(append([]schema.File{baseFile}, generated...)) }
	if sc.style == ESModule {
		// An ES module project: its package.json says so, and Node loads
		// the .js migrations as modules.
		write(schema.File{Path: "package.json", Data: []byte(`{"type": "module"}` + "\n")})
	}
	write(baseFile)
	if err := migrate("latest"); err != nil {
		return fmt.Errorf("base migration: %v\n%s", err, dump())
	}
	check := func(when string, want *schema.Schema) error {
		live, err := tg.inspect()
		if err != nil {
			return fmt.Errorf("%s: inspect: %v", when, err)
		}
		if ds := differences(withoutKnexTables(live), want); len(ds) > 0 {
			return fmt.Errorf("%s, the database differs from the schema:\n  %s\n%s", when, strings.Join(ds, "\n  "), dump())
		}
		return nil
	}
	if err := check("after the base migration", base); err != nil {
		return err
	}
	if len(generated) == 0 {
		if !p.Empty() {
			return fmt.Errorf("a plan with %d steps gave no file", len(p.Steps))
		}
		return nil
	}
	write(generated...)
	steps := []struct {
		cmd, when string
		want      *schema.Schema
	}{
		{"latest", "after migrate:latest", head},
		{"rollback", "after migrate:rollback", base},
		{"latest", "after migrate:latest again", head},
	}
	for _, st := range steps {
		if err := migrate(st.cmd); err != nil {
			return fmt.Errorf("%s: %v\n%s", st.when, err, dump())
		}
		if err := check(st.when, st.want); err != nil {
			return err
		}
	}
	return nil
}

// TestProveWithKnex runs every scenario with Knex on PostgreSQL, MariaDB
// and SQLite, through one Node process (the runner) that all scenarios
// share, and at least 25 scenarios per dialect.
func TestProveWithKnex(t *testing.T) {
	requireKnex(t)
	run := startRunner(t)
	for _, dn := range dialects {
		scenarios := append(sqlCases(t, dn), docCases(t, dn)...)
		if len(scenarios) < 25 {
			t.Errorf("%s: %d scenarios, want at least 25", dn, len(scenarios))
		}
		for _, sc := range scenarios {
			t.Run(dn+"/"+sc.name, func(t *testing.T) {
				t.Parallel()
				base, head, initial, p := sc.plans(t)
				baseFile, generated := sc.files(t, initial, p, time.Now())
				tg := newTarget(t, sc.dialect)
				dir := t.TempDir()
				migrate := func(cmd string) error { return run.run(tg, dir, cmd) }
				if err := prove(sc, migrate, tg, dir, base, head, p, baseFile, generated); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// TestKnexCLI proves the schema document scenarios a second way, with the
// Knex command line itself (bin/cli.js, what `npx knex` runs) and the
// knexfile tools/knex/knexfile.js: migrate:latest, migrate:rollback,
// migrate:latest, on each dialect.
func TestKnexCLI(t *testing.T) {
	requireKnex(t)
	for _, dn := range dialects {
		for _, sc := range docCases(t, dn) {
			t.Run(dn+"/"+sc.name, func(t *testing.T) {
				t.Parallel()
				base, head, initial, p := sc.plans(t)
				baseFile, generated := sc.files(t, initial, p, time.Now())
				tg := newTarget(t, sc.dialect)
				dir := t.TempDir()
				migrate := func(cmd string) error { return tg.knex(dir, sc.style == TypeScript, "migrate:"+cmd) }
				if err := prove(sc, migrate, tg, dir, base, head, p, baseFile, generated); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}
