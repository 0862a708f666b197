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
	inspect            func(t *testing.T) *schema.Schema
}

func newTarget(t *testing.T, dialectName string) *target {
	t.Helper()
	ctx := context.Background()
	switch dialectName {
	case "postgres":
		db := pgtest.New(t)
		return &target{client: "pg", connection: db.URL, inspect: func(t *testing.T) *schema.Schema {
			s, err := pgintro.Inspect(ctx, db.DB, pgintro.Options{})
			if err != nil {
				t.Fatalf("inspect: %v", err)
			}
			return s
		}}
	case "mariadb":
		db := mytest.New(t)
		cfg, err := mysql.ParseDSN(db.DSN)
		if err != nil {
			t.Fatal(err)
		}
		url := fmt.Sprintf("mysql://%s:%s@%s/%s", cfg.User, cfg.Passwd, cfg.Addr, cfg.DBName)
		return &target{client: "mysql2", connection: url, inspect: func(t *testing.T) *schema.Schema {
			s, err := myintro.Inspect(ctx, db.DB, myintro.Options{})
			if err != nil {
				t.Fatalf("inspect: %v", err)
			}
			return s
		}}
	}
	file := filepath.Join(t.TempDir(), "app.db")
	return &target{client: "better-sqlite3", connection: file, inspect: func(t *testing.T) *schema.Schema {
		db, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		s, err := sqliteintro.Inspect(ctx, db, sqliteintro.Options{})
		if err != nil {
			t.Fatalf("inspect: %v", err)
		}
		return s
	}}
}

// knex runs the Knex CLI (the binary `npx knex` runs) with the test
// knexfile.
func (tg *target) knex(t *testing.T, dir string, ts bool, args ...string) error {
	t.Helper()
	argv := []string{}
	if ts {
		argv = append(argv, "-r", filepath.Join(toolsDir, "node_modules", "ts-node", "register"))
	}
	argv = append(argv, filepath.Join(toolsDir, "node_modules", "knex", "bin", "cli.js"), "--knexfile", filepath.Join(toolsDir, "knexfile.js"), "--cwd", dir)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", append(argv, args...)...)
	cmd.Env = append(os.Environ(),
		"KNEX_CLIENT="+tg.client, "KNEX_CONNECTION="+tg.connection, "KNEX_MIGRATIONS_DIR="+filepath.Join(dir, "migrations"),
		"NODE_PATH="+sqliteModules, "TS_NODE_TRANSPILE_ONLY=true", "TS_NODE_SKIP_PROJECT=true",
		`TS_NODE_COMPILER_OPTIONS={"module":"commonjs","esModuleInterop":true}`, "NO_COLOR=1")
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
func prove(t *testing.T, sc scenario) {
	base, head, initial, p := sc.plans(t)
	baseFile, generated := sc.files(t, initial, p, time.Now())
	tg := newTarget(t, sc.dialect)
	dir := t.TempDir()
	write := func(files ...schema.File) {
		for _, f := range files {
			path := filepath.Join(dir, filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	dump := func() string { return txtar(append([]schema.File{baseFile}, generated...)) }
	ts := sc.style == TypeScript
	write(baseFile)
	if err := tg.knex(t, dir, ts, "migrate:latest"); err != nil {
		t.Fatalf("base migration: %v\n%s", err, dump())
	}
	check := func(when string, want *schema.Schema) {
		t.Helper()
		if ds := differences(withoutKnexTables(tg.inspect(t)), want); len(ds) > 0 {
			t.Fatalf("%s, the database differs from the schema:\n  %s\n%s", when, strings.Join(ds, "\n  "), dump())
		}
	}
	check("after the base migration", base)
	if len(generated) == 0 {
		if !p.Empty() {
			t.Fatalf("a plan with %d steps gave no file", len(p.Steps))
		}
		return
	}
	write(generated...)
	steps := []struct {
		cmd, when string
		want      *schema.Schema
	}{
		{"migrate:latest", "after migrate:latest", head},
		{"migrate:rollback", "after migrate:rollback", base},
		{"migrate:latest", "after migrate:latest again", head},
	}
	for _, st := range steps {
		if err := tg.knex(t, dir, ts, st.cmd); err != nil {
			t.Fatalf("%s: %v\n%s", st.when, err, dump())
		}
		check(st.when, st.want)
	}
}

// TestProveWithKnex runs every scenario with the Knex CLI on PostgreSQL,
// MariaDB and SQLite.
func TestProveWithKnex(t *testing.T) {
	requireKnex(t)
	for _, dn := range dialects {
		t.Run(dn, func(t *testing.T) {
			t.Parallel()
			for _, sc := range append(sqlCases(t, dn), docCases(t, dn)...) {
				t.Run(sc.name, func(t *testing.T) {
					t.Parallel()
					prove(t, sc)
				})
			}
		})
	}
}
