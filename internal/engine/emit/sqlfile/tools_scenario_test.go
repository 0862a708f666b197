package sqlfile

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	myintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/mysql"
	pgintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/postgres"
	sqliteintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite"
	"github.com/migrate-bot/migrate-bot/internal/engine/migration"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/mysqlddl"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqlddl"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqliteddl"
	"github.com/migrate-bot/migrate-bot/internal/testutil/mytest"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// toolDialects are the acceptance suite's directories the tool proofs run.
var toolDialects = []string{"postgres", "mariadb", "sqlite"}

// toolScenario is one SQL case of the engine's acceptance suite
// (internal/engine/acceptance/testdata/<dialect>/s_*.txtar): a base and a
// head schema, with renames and a dialect version from its flags.
type toolScenario struct {
	dialect, name string
	base, head    []schema.File
	renames       []string
	version       string
}

// toolAlways are cases every tool proof runs on every dialect that has
// them, whatever their place in the list: steps that cannot run in a
// transaction (concurrent index builds and drops, enum values, SQLite
// table rebuilds with PRAGMA foreign_keys), functions and triggers whose
// bodies hold ";".
var toolAlways = map[string]bool{
	"s_index_add_drop": true, "s_index_drop": true, "s_index_methods": true, "s_indexes_btree_forms": true,
	"s_enum_add_values": true, "s_enum_create_drop": true, "s_enum_rename": true,
	"s_unique_add_drop": true, "s_fk_add_drop": true, "s_drop_column": true, "s_null_to_not_null": true,
	"s_checks": true, "s_fk_drop_parent_table": true, "s_unique_constraints": true, "s_nullability": true,
	"s_trigger_on_renamed_table": true, "s_rename_table_drop_fk": true,
}

// toolScenarios reads the dialect's acceptance cases: every other one in
// name order (the proofs of the three tools stay within a couple of
// minutes) and every case of toolAlways.
func toolScenarios(t *testing.T, dialectName string) []toolScenario {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "acceptance", "testdata", dialectName, "s_*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no acceptance cases for %s: %v", dialectName, err)
	}
	slices.Sort(paths)
	var out []toolScenario
	for i, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".txtar")
		if i%2 == 1 && !toolAlways[name] || strings.HasPrefix(name, "s_no_changes") {
			// s_no_changes_*: the plan is empty, there is no migration to run.
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sc := toolScenario{dialect: dialectName, name: name}
		names, files := splitTxtar(string(data))
		for _, n := range names {
			f := schema.File{Path: n, Data: []byte(files[n])}
			switch {
			case n == "base.sql" || strings.HasPrefix(n, "base/"):
				sc.base = append(sc.base, f)
			case n == "head.sql" || strings.HasPrefix(n, "head/"):
				sc.head = append(sc.head, f)
			case n == "flags":
				for _, l := range strings.Split(files[n], "\n") {
					l = strings.TrimSpace(l)
					if r, ok := strings.CutPrefix(l, "rename "); ok {
						sc.renames = append(sc.renames, strings.TrimSpace(r))
					} else if v, ok := strings.CutPrefix(l, "dialect-version "); ok {
						sc.version = strings.TrimSpace(v)
					}
				}
			}
		}
		out = append(out, sc)
	}
	return out
}

// splitTxtar splits a txtar archive into its files, in order.
func splitTxtar(data string) (names []string, files map[string]string) {
	files = map[string]string{}
	name := ""
	var cur strings.Builder
	flush := func() {
		if name != "" {
			files[name] = cur.String()
		}
		cur.Reset()
	}
	for line := range strings.Lines(data) {
		l := strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") && len(l) > 6 {
			flush()
			name = strings.TrimSpace(l[3 : len(l)-3])
			names = append(names, name)
			continue
		}
		cur.WriteString(line)
	}
	flush()
	return names, files
}

// plans parses both sides and returns the schemas, the plan that builds
// the base from nothing (the history's first migration) and the plan
// under test.
func (sc toolScenario) plans(t *testing.T) (base, head *schema.Schema, initial, p *plan.Plan) {
	t.Helper()
	v := sc.version
	if v == "" {
		v = map[string]string{"postgres": "15", "mariadb": "10.11", "sqlite": "3.45"}[sc.dialect]
	}
	d, err := dialect.Lookup(sc.dialect, v)
	if err != nil {
		t.Fatal(err)
	}
	parse := func(files []schema.File) *schema.Schema {
		var s *schema.Schema
		var err error
		switch {
		case d.Name == "postgres":
			s, err = sqlddl.Parse(d, files...)
		case d.MySQL != nil:
			s, err = mysqlddl.Parse(d, files...)
		default:
			s, err = sqliteddl.Parse(d, files...)
		}
		if err != nil {
			t.Fatalf("%s: %v", sc.name, err)
		}
		return s
	}
	base, head = parse(sc.base), parse(sc.head)
	var renames []diff.Rename
	for _, r := range sc.renames {
		rn, err := diff.ParseRename(r, d.DefaultNamespace)
		if err != nil {
			t.Fatal(err)
		}
		renames = append(renames, rn)
	}
	first, err := migration.Generate(nil, base, d, migration.Options{})
	if err != nil {
		t.Fatalf("plan empty -> base: %v", err)
	}
	res, err := migration.Generate(base, head, d, migration.Options{Renames: renames})
	if err != nil {
		t.Fatalf("plan base -> head: %v", err)
	}
	return base, head, first.Plan, res.Plan
}

// toolDB is a fresh database of one dialect, with the connection strings
// each tool wants and an introspection that leaves out the tools' own
// bookkeeping tables.
type toolDB struct {
	dialect string
	// pgURL (postgres://...), myDSN (go-sql-driver) or sqliteFile.
	pgURL, myDSN, sqliteFile string
	inspect                  func() (*schema.Schema, error)
}

// bookkeeping are the tables the tools keep their history in.
var bookkeeping = map[string]bool{"schema_migrations": true, "goose_db_version": true}

func newToolDB(t *testing.T, dialectName string) *toolDB {
	t.Helper()
	ctx := context.Background()
	tg := &toolDB{dialect: dialectName}
	var inspect func() (*schema.Schema, error)
	switch dialectName {
	case "postgres":
		db := pgtest.New(t)
		tg.pgURL = db.URL
		inspect = func() (*schema.Schema, error) { return pgintro.Inspect(ctx, db.DB, pgintro.Options{}) }
	case "mariadb":
		db := mytest.New(t)
		tg.myDSN = db.DSN
		inspect = func() (*schema.Schema, error) { return myintro.Inspect(ctx, db.DB, myintro.Options{}) }
	default:
		tg.sqliteFile = filepath.Join(t.TempDir(), "app.db")
		inspect = func() (*schema.Schema, error) {
			db, err := sql.Open("sqlite", "file:"+tg.sqliteFile+"?mode=ro")
			if err != nil {
				return nil, err
			}
			defer db.Close()
			return sqliteintro.Inspect(ctx, db, sqliteintro.Options{})
		}
	}
	tg.inspect = func() (*schema.Schema, error) {
		s, err := inspect()
		if err != nil {
			return nil, err
		}
		s = s.Clone()
		kept := s.Tables[:0]
		for _, tb := range s.Tables {
			if !bookkeeping[tb.Name.Name] {
				kept = append(kept, tb)
			}
		}
		s.Tables = kept
		return s, nil
	}
	return tg
}

// schemaDifferences compares a database with a schema as its reader read
// it: the model comparison and the differ both ways. Views are compared by
// name, kind and dependencies: the server prints a view's definition back
// rewritten.
func schemaDifferences(live, want *schema.Schema) []string {
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

// toolRunner drives one real tool on one database and one migrations
// directory: up applies everything pending, down reverts the last n
// migrations. A non-empty excluded says why the tool cannot run the
// scenario's files at all; the scenario is then not counted as proven.
type toolRunner struct {
	up       func() error
	down     func(n int) error
	excluded string
}

// toolRun makes the runner of one tool for a database, a migrations
// directory and the scenario's two plans (the base's and the one under test).
type toolRun func(tg *toolDB, dir string, initial, p *plan.Plan) toolRunner

// toolHistory writes the base migration (empty -> base) in the
// convention, then the scenario's migration with FilesFor, continuing the
// history (NextVersion after the base's files).
func toolHistory(conv Convention, initial, p *plan.Plan, name string) (baseFiles, generated []schema.File) {
	baseFiles = FilesFor(initial, conv, nil, Options{Version: NextVersion(conv, nil, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)), Name: "base"})
	var existing []string
	for _, f := range baseFiles {
		existing = append(existing, f.Path)
	}
	return baseFiles, FilesFor(p, conv, existing, Options{Name: name})
}

// migrations counts the migrations of a file list (an up/down pair is one).
func migrations(files []schema.File) int {
	n := 0
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".down.sql") {
			n++
		}
	}
	return n
}

// proveWithTool runs one scenario with a tool: the base migration
// (compared with the base), the generated one (compared with the head),
// down as many migrations as were generated (compared with the base), up
// again (compared with the head). It reports whether the scenario ran
// (false: the tool's runner excluded it, with the reason logged) and
// whether its plan holds steps that cannot run in a transaction.
func proveWithTool(t *testing.T, sc toolScenario, conv Convention, run toolRun) (proven, nonTransactional bool) {
	t.Helper()
	base, head, initial, p := sc.plans(t)
	if p.Empty() {
		t.Fatalf("%s: the plan is empty, nothing to prove", sc.name)
	}
	baseFiles, generated := toolHistory(conv, initial, p, sc.name)
	tg := newToolDB(t, sc.dialect)
	dir := t.TempDir()
	r := run(tg, dir, initial, p)
	if r.excluded != "" {
		t.Logf("excluded: %s", r.excluded)
		return false, false
	}
	write := func(files []schema.File) {
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(dir, f.Path), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	dump := func() string {
		var b strings.Builder
		for _, f := range append(slices.Clone(baseFiles), generated...) {
			b.WriteString("-- " + f.Path + " --\n")
			b.Write(f.Data)
		}
		return b.String()
	}
	check := func(when string, want *schema.Schema) {
		t.Helper()
		live, err := tg.inspect()
		if err != nil {
			t.Fatalf("%s: inspect: %v", when, err)
		}
		if ds := schemaDifferences(live, want); len(ds) > 0 {
			t.Fatalf("%s, the database differs from the schema:\n  %s\n%s", when, strings.Join(ds, "\n  "), dump())
		}
	}
	write(baseFiles)
	if err := r.up(); err != nil {
		t.Fatalf("base migration: %v\n%s", err, dump())
	}
	check("after the base migration", base)
	write(generated)
	n := migrations(generated)
	steps := []struct {
		when string
		do   func() error
		want *schema.Schema
	}{
		{"after up", r.up, head},
		{fmt.Sprintf("after down %d", n), func() error { return r.down(n) }, base},
		{"after up again", r.up, head},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v\n%s", st.when, err, dump())
		}
		check(st.when, st.want)
	}
	return true, HasNonTransactional(p)
}
