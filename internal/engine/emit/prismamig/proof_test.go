package prismamig

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	pgintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/postgres"
	sqliteintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
	"github.com/migrate-bot/migrate-bot/internal/testutil/prismaoracle"
)

// database is one side of a proof: a URL for Prisma's engine, a handle to
// run down.sql and read the schema.
type database struct {
	url     string
	db      *sql.DB
	inspect func(t *testing.T) *schema.Schema
}

func newDatabase(t *testing.T, provider string) *database {
	t.Helper()
	ctx := context.Background()
	if provider == "postgresql" {
		pg := pgtest.New(t)
		return &database{url: pg.URL, db: pg.DB, inspect: func(t *testing.T) *schema.Schema {
			s, err := pgintro.Inspect(ctx, pg.DB, pgintro.Options{})
			if err != nil {
				t.Fatalf("inspect: %v", err)
			}
			return s
		}}
	}
	path := filepath.Join(t.TempDir(), "dev.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return &database{url: path, db: db, inspect: func(t *testing.T) *schema.Schema {
		s, err := sqliteintro.Inspect(ctx, db, sqliteintro.Options{})
		if err != nil {
			t.Fatalf("inspect: %v", err)
		}
		return s
	}}
}

func writeFiles(t *testing.T, root string, files []schema.File) {
	t.Helper()
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// proveScenario builds a history from Prisma's own SQL for the base,
// adds the generated folders, applies everything with Prisma's engine
// (migrate deploy), requires no drift against the head schema, runs every
// down.sql (newest first, each file as one script, as `prisma db execute`
// sends it) and requires the database to equal one built from the base
// history alone.
func proveScenario(t *testing.T, sc scenario) {
	p := sc.generate(t)
	live := newDatabase(t, sc.provider)
	base := newDatabase(t, sc.provider)
	pgURL := ""
	if sc.provider == "postgresql" {
		pgURL = base.url
	}
	initSQL := prismaoracle.Diff(t, sc.provider, nil, sc.base, pgURL)
	history := []schema.File{
		{Path: "prisma/migrations/" + initFolder + "/migration.sql", Data: []byte(initSQL)},
		{Path: "prisma/migrations/" + LockFileName, Data: []byte(LockFile(sc.provider))},
	}
	baseRoot, root := t.TempDir(), t.TempDir()
	writeFiles(t, baseRoot, history)
	writeFiles(t, root, history)
	if got := prismaoracle.Apply(t, sc.provider, base.url, filepath.Join(baseRoot, "prisma/migrations")); !slices.Equal(got, []string{initFolder}) {
		t.Fatalf("base history applied %v", got)
	}

	h, err := ReadHistory(os.DirFS(root), "prisma/migrations")
	if err != nil {
		t.Fatal(err)
	}
	files, err := Files(p, h, Options{Name: sc.name, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if p.Empty() {
		if len(files) != 0 {
			t.Fatalf("empty plan gave %d files", len(files))
		}
		return
	}
	writeFiles(t, root, files)
	var folders []string
	for _, f := range files {
		if d, ok := strings.CutSuffix(f.Path, "/migration.sql"); ok {
			folders = append(folders, d)
		}
		if strings.HasSuffix(f.Path, LockFileName) {
			t.Errorf("lock file rewritten although the history has one")
		}
	}
	dump := func() string { return txtar(files) }
	if splitsOnSemicolon(sc.provider, p.Steps) {
		// The oracle's @prisma/adapter-pg runs a script by splitting it on
		// every ";" (executeScript), which cuts a DO $mb$ ... $mb$ block in
		// two; Prisma's native engine sends the script whole (raw_cmd). So
		// the history is applied by the oracle up to the base, and each
		// new migration.sql is sent whole, as one simple-protocol query,
		// the way the native engine sends it.
		prismaoracle.Apply(t, sc.provider, live.url, filepath.Join(baseRoot, "prisma/migrations"))
		for _, f := range folders {
			script, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f), "migration.sql"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := live.db.ExecContext(context.Background(), string(script)); err != nil {
				t.Fatalf("%s/migration.sql as one script: %v\n%s", f, err, script)
			}
		}
	} else {
		applied := prismaoracle.Apply(t, sc.provider, live.url, filepath.Join(root, "prisma/migrations"))
		if len(applied) != 1+len(folders) {
			t.Fatalf("Prisma applied %v, want the init and %d new folders\n%s", applied, len(folders), dump())
		}
	}
	if drift := prismaoracle.DBDiff(t, sc.provider, live.url, sc.head); strings.TrimSpace(drift) != "" {
		// Some drift is Prisma's own and permanent (names longer than 63
		// bytes, dbgenerated defaults the server rewrites): the database
		// Prisma's own migration builds for the head shows the same.
		own := newDatabase(t, sc.provider)
		ownRoot := t.TempDir()
		ownURL := ""
		if sc.provider == "postgresql" {
			ownURL = own.url
		}
		writeFiles(t, ownRoot, []schema.File{
			{Path: "m/" + initFolder + "/migration.sql", Data: []byte(prismaoracle.Diff(t, sc.provider, nil, sc.head, ownURL))},
			{Path: "m/" + LockFileName, Data: []byte(LockFile(sc.provider))},
		})
		prismaoracle.Apply(t, sc.provider, own.url, filepath.Join(ownRoot, "m"))
		if ownDrift := prismaoracle.DBDiff(t, sc.provider, own.url, sc.head); ownDrift != drift {
			t.Fatalf("drift between the migrated database and the head schema (Prisma would run):\n%s\n--- Prisma's own head database drifts by ---\n%s\n--- generated ---\n%s", drift, ownDrift, dump())
		}
		t.Logf("drift that Prisma's own migration of the head has too:\n%s", drift)
	}
	for i := len(folders) - 1; i >= 0; i-- {
		down, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(folders[i]), "down.sql"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := live.db.ExecContext(context.Background(), string(down)); err != nil {
			t.Fatalf("%s/down.sql: %v\n%s", folders[i], err, down)
		}
	}
	for _, d := range schema.Differences(live.inspect(t), base.inspect(t)) {
		t.Errorf("after down.sql vs base: %s", d)
	}
	if t.Failed() {
		t.Log(dump())
	}
}

// splitsOnSemicolon reports whether a PostgreSQL statement of the plan
// holds a ";" of its own (a DO block, a function body, a literal).
func splitsOnSemicolon(provider string, steps []*plan.Step) bool {
	if provider != "postgresql" {
		return false
	}
	for _, s := range steps {
		for _, u := range s.Up {
			if strings.Contains(u, ";") {
				return true
			}
		}
	}
	return false
}

// shortProofs is how many scenarios per provider go test -short proves.
const shortProofs = 6

// TestProveWithPrisma runs every scenario through Prisma's own engine on
// PostgreSQL and SQLite (about 5 s per PostgreSQL scenario on two cores,
// requests to the engine being serialized; -short proves a few).
func TestProveWithPrisma(t *testing.T) {
	for _, provider := range []string{"postgresql", "sqlite"} {
		t.Run(provider, func(t *testing.T) {
			scenarios := loadScenarios(t, provider)
			if testing.Short() && len(scenarios) > shortProofs {
				scenarios = scenarios[:shortProofs]
			}
			for _, sc := range scenarios {
				t.Run(sc.name, func(t *testing.T) {
					t.Parallel()
					proveScenario(t, sc)
				})
			}
		})
	}
}
