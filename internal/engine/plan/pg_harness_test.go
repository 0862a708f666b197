package plan_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/emit/sqlfile"
	introspect "github.com/migrate-bot/migrate-bot/internal/engine/introspect/postgres"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// scenario is one migration proven on a real server: the source schema is
// created on a fresh database (planned from an empty schema), seeded, then
// the changes are planned and applied up, down, and up again. After up the
// database must match a second database created directly from the target
// (the source with the changes applied by schema.Apply); after down it
// must match what it was before.
type scenario struct {
	name    string
	version string
	from    *schema.Schema
	changes []schema.Change
	// to, when changes is nil, is the target: the changes come from
	// diff.Diff(from, to), proving planner and differ together.
	to *schema.Schema
	// seed is SQL run on the source database before migrating.
	seed string
	// downDiff are substrings; a difference left after the rollback is
	// accepted when it contains one (a rollback that cannot restore all).
	downDiff []string
	// rerunDown runs the rollback a second time, proving it re-runnable.
	rerunDown bool
	// check runs extra assertions after the first up.
	check func(t *testing.T, db *sql.DB, p *plan.Plan)
}

func runScenario(t *testing.T, sc scenario) {
	t.Helper()
	v := sc.version
	if v == "" {
		v = "15"
	}
	d, err := dialect.Postgres(v)
	if err != nil {
		t.Fatal(err)
	}
	to := sc.to
	if sc.changes == nil && to != nil {
		res, err := diff.Diff(sc.from, to, diff.Options{})
		if err != nil {
			t.Fatalf("diff: %v", err)
		}
		sc.changes = res.Changes
	} else {
		to = sc.from.Clone()
		if err := schema.Apply(to, sc.changes...); err != nil {
			t.Fatalf("schema.Apply: %v", err)
		}
	}

	wantDB := pgtest.New(t)
	applyPlan(t, wantDB.DB, mustBuild(t, creates(to), nil, to, d), true)
	want := inspect(t, wantDB.DB)

	db := pgtest.New(t)
	applyPlan(t, db.DB, mustBuild(t, creates(sc.from), nil, sc.from, d), true)
	db.Exec(t, sc.seed)
	before := inspect(t, db.DB)

	p := mustBuild(t, sc.changes, sc.from, to, d)
	files := relfilenodes(t, db.DB)
	applyPlan(t, db.DB, p, true)
	sameSchema(t, "after up", want, inspect(t, db.DB), nil)
	checkRewrites(t, db.DB, p, files)
	if sc.check != nil {
		sc.check(t, db.DB, p)
	}

	applyPlan(t, db.DB, p, false)
	sameSchema(t, "after down", before, inspect(t, db.DB), sc.downDiff)
	if sc.rerunDown {
		applyPlan(t, db.DB, p, false)
		sameSchema(t, "after second down", before, inspect(t, db.DB), sc.downDiff)
	}

	applyPlan(t, db.DB, p, true)
	sameSchema(t, "after up again", want, inspect(t, db.DB), nil)
}

func mustBuild(t *testing.T, changes []schema.Change, from, to *schema.Schema, d *dialect.Dialect) *plan.Plan {
	t.Helper()
	p, err := plan.Build(changes, from, to, d)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return p
}

// creates is the changes that build s from nothing: what a differ gives
// for an empty source.
func creates(s *schema.Schema) []schema.Change {
	var out []schema.Change
	for _, n := range s.Namespaces {
		out = append(out, &schema.AddNamespace{Namespace: n})
	}
	for _, e := range s.Extensions {
		out = append(out, &schema.AddExtension{Extension: e})
	}
	for _, e := range s.Enums {
		out = append(out, &schema.AddEnum{Enum: e})
	}
	for _, q := range s.Sequences {
		out = append(out, &schema.AddSequence{Sequence: q})
	}
	for _, t := range s.Tables {
		bare := t.Clone()
		bare.Indexes, bare.ForeignKeys = nil, nil
		out = append(out, &schema.AddTable{Table: bare})
		for _, ix := range t.Indexes {
			out = append(out, &schema.AddIndex{Table: t.Name, Index: ix, NewTable: true})
		}
		for _, fk := range t.ForeignKeys {
			out = append(out, &schema.AddForeignKey{Table: t.Name, ForeignKey: fk, NewTable: true})
		}
	}
	for _, o := range s.Objects {
		out = append(out, &schema.AddObject{Object: o})
	}
	return out
}

// applyPlan runs the up (or down) batches on one connection: a
// transactional batch in a transaction, every other statement on its own.
func applyPlan(t *testing.T, db *sql.DB, p *plan.Plan, up bool) {
	t.Helper()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := runBatches(ctx, conn, sqlfile.Statements(p, up)); err != nil {
		t.Fatalf("%s: %v", map[bool]string{true: "up", false: "down"}[up], err)
	}
}

// runBatches is what a Go runner does with sqlfile.Statements.
func runBatches(ctx context.Context, conn *sql.Conn, batches []sqlfile.Batch) error {
	for _, b := range batches {
		if !b.Transactional {
			for _, s := range b.SQL {
				if _, err := conn.ExecContext(ctx, s); err != nil {
					return fmt.Errorf("%w\n--- statement ---\n%s", err, s)
				}
			}
			continue
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		for _, s := range b.SQL {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				_ = tx.Rollback()
				return fmt.Errorf("%w\n--- statement ---\n%s", err, s)
			}
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("commit: %w", err)
		}
	}
	return nil
}

func inspect(t *testing.T, db *sql.DB) *schema.Schema {
	t.Helper()
	s, err := introspect.Inspect(context.Background(), db, introspect.Options{})
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	return s
}

// sameSchema fails on any difference between want and got that does not
// contain one of the allowed substrings.
func sameSchema(t *testing.T, when string, want, got *schema.Schema, allowed []string) {
	t.Helper()
	for _, d := range schema.Differences(want, got) {
		if !slices.ContainsFunc(allowed, func(a string) bool { return strings.Contains(d, a) }) {
			t.Errorf("%s: %s", when, d)
		}
	}
}

// relfile is a table's name and relfilenode.
type relfile struct{ name, node string }

// relfilenodes maps each ordinary table's oid to its name and relfilenode;
// a changed relfilenode means the table was rewritten.
func relfilenodes(t *testing.T, db *sql.DB) map[string]relfile {
	t.Helper()
	rows, err := db.Query(`SELECT c.oid::text, n.nspname || '.' || c.relname, c.relfilenode::text FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]relfile{}
	for rows.Next() {
		var oid string
		var f relfile
		if err := rows.Scan(&oid, &f.name, &f.node); err != nil {
			t.Fatal(err)
		}
		out[oid] = f
	}
	return out
}

// checkRewrites proves the plan's Rewrite claims: a table whose
// relfilenode changed must be named by a step marked Rewrite, and a step
// marked Rewrite must have rewritten its tables.
func checkRewrites(t *testing.T, db *sql.DB, p *plan.Plan, before map[string]relfile) {
	t.Helper()
	claimed := map[string]bool{}
	for _, s := range p.Steps {
		if s.Rewrite {
			for _, tb := range s.Lock.Tables {
				claimed[tb.String()] = true
			}
		}
	}
	after := relfilenodes(t, db)
	actual := map[string]bool{}
	for oid, was := range before {
		if now, ok := after[oid]; ok && now.node != was.node {
			actual[was.name] = true
		}
	}
	for name := range actual {
		if !claimed[name] {
			t.Errorf("table %s was rewritten but no step says Rewrite", name)
		}
	}
	for name := range claimed {
		if !actual[name] {
			t.Errorf("a step says Rewrite on %s but the table was not rewritten", name)
		}
	}
}

// queryOne returns the first column of the first row as text.
func queryOne(t *testing.T, db *sql.DB, q string, args ...any) string {
	t.Helper()
	var s sql.NullString
	if err := db.QueryRow(q, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return s.String
}
