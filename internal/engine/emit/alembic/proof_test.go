package alembic

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

var allScenarios = flag.Bool("all-scenarios", false, "prove every acceptance case with Alembic, not the default spread")

// proofsPerDialect is how many acceptance cases per dialect the proof
// runs with SQLAlchemy 1.4 by default, and sa2Proofs how many of them
// also run with SQLAlchemy 2 (-all-scenarios: every case, both).
const (
	proofsPerDialect = 30
	sa2Proofs        = 12
	shortProofs      = 6
)

// pick returns the scenarios to prove: the cases whose plan does
// something (a no-change case gives no revision), this package's own
// first, then acceptance cases spread evenly over the dialect's list
// (Prisma and SQL cases alike), n in all.
func pick(t *testing.T, all []scenario, n int) []scenario {
	t.Helper()
	var own, rest []scenario
	for _, sc := range all {
		if _, change := sc.plans(t); change.Empty() {
			continue
		}
		if sc.own {
			own = append(own, sc)
		} else {
			rest = append(rest, sc)
		}
	}
	if *allScenarios || len(own)+len(rest) <= n {
		return append(own, rest...)
	}
	out := own
	m := n - len(own)
	for i := 0; i < m; i++ {
		out = append(out, rest[i*len(rest)/m])
	}
	return out
}

// TestProveWithAlembic runs generated revisions with the real Alembic on
// PostgreSQL, MariaDB and SQLite. For each scenario: the initial revision
// (empty -> base) and the change revision (base -> head) are emitted into
// a fresh Alembic project, the second continuing the history read back
// from disk; on a fresh database `alembic upgrade head` (the initial
// revision, then the new one) must give the head schema, `alembic
// downgrade -1` the base schema, and `alembic upgrade head` the head
// again, each compared with a database built directly from the plan's
// SQL. Every
// scenario runs on Alembic 1.8 + SQLAlchemy 1.4, the first sa2Proofs also
// on trixie's Alembic + SQLAlchemy 2.
func TestProveWithAlembic(t *testing.T) {
	requireAlembic(t)
	t.Logf("runners: %s", strings.Join(alembicInfo, "; "))
	for _, dn := range []string{"postgres", "mariadb", "sqlite"} {
		t.Run(dn, func(t *testing.T) {
			t.Parallel()
			n, n2 := proofsPerDialect, sa2Proofs
			if testing.Short() {
				n, n2 = shortProofs, shortProofs/2
			}
			chosen := pick(t, loadScenarios(t, dn), n)
			if !testing.Short() && len(chosen) < 25 {
				t.Fatalf("%d scenarios for %s; the proof promises at least 25 per dialect", len(chosen), dn)
			}
			for i, sc := range chosen {
				rs := runners()
				if i >= n2 && !*allScenarios {
					rs = rs[:1]
				}
				t.Run(sc.name, func(t *testing.T) {
					t.Parallel()
					prove(t, backends[dn], sc, rs)
				})
			}
		})
	}
}

// prove runs one scenario with each runner.
func prove(t *testing.T, b *backend, sc scenario, rs []alembicRunner) {
	initial, change := sc.plans(t)
	env := newAlembicEnv(t)
	fsys := os.DirFS(env.dir)

	// The initial revision: empty -> base, in a project with no history.
	h, err := ReadHistory(fsys, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	files, err := Files(initial, h, Options{Name: "initial schema", Now: time.Now()})
	if err != nil {
		t.Fatalf("initial revision: %v", err)
	}
	writeFiles(t, env.dir, files)
	baseRev := ""
	if len(files) == 1 {
		h, err := ReadHistory(fsys, "migrations")
		if err != nil {
			t.Fatal(err)
		}
		if baseRev, err = h.Head(); err != nil {
			t.Fatal(err)
		}
	}

	// The change, continuing the history read back from disk.
	h, err = ReadHistory(fsys, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	files, err = Files(change, h, Options{Name: sc.name, Now: time.Now()})
	if err != nil || len(files) != 1 {
		t.Fatalf("change revision: %d files, %v", len(files), err)
	}
	writeFiles(t, env.dir, files)
	h, err = ReadHistory(fsys, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	headRev, err := h.Head()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range h.Revisions {
		if r.ID == headRev && (baseRev == "" && len(r.DownRevisions) != 0 || baseRev != "" && (len(r.DownRevisions) != 1 || r.DownRevisions[0] != baseRev)) {
			t.Fatalf("the new revision revises %v, want %q", r.DownRevisions, baseRev)
		}
	}
	dump := func() string {
		var s strings.Builder
		for _, r := range h.Revisions {
			data, _ := os.ReadFile(filepath.Join(env.dir, filepath.FromSlash(r.File)))
			s.WriteString("-- " + r.File + " --\n" + string(data))
		}
		return s.String()
	}

	// The reference: one database built from the plans' SQL, read at the
	// base and again at the head.
	ref := b.newDB(t)
	applyPlan(t, ref, initial)
	wantBase := b.read(t, ref, "reference base database")
	applyPlan(t, ref, change)
	wantHead := b.read(t, ref, "reference head database")

	for _, r := range rs {
		t.Run(r.name, func(t *testing.T) {
			db := b.newDB(t)
			check := func(step string, want *schema.Schema, what string) {
				t.Helper()
				if ds := differences(b.read(t, db, what), want); len(ds) > 0 {
					t.Fatalf("after %s the database differs from the %s (want = %s, got = migrated by Alembic):\n  %s\n%s",
						step, what, what, strings.Join(ds, "\n  "), dump())
				}
			}
			// upgrade head runs the initial revision and then the new
			// one; downgrade -1 undoes the new one only, which leaves the
			// base the initial revision built.
			steps := []struct {
				args []string
				want *schema.Schema
				what string
			}{
				{[]string{"upgrade", "head"}, wantHead, "head schema"},
				{[]string{"downgrade", "-1"}, wantBase, "base schema"},
				{[]string{"upgrade", "head"}, wantHead, "head schema"},
			}
			for _, st := range steps {
				if err := env.run(r, db.url, st.args...); err != nil {
					t.Fatalf("%v\n%s", err, dump())
				}
				check("alembic "+strings.Join(st.args, " "), st.want, st.what)
			}
		})
	}
}
