package acceptance

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/emit/sqlfile"
	"github.com/migrate-bot/migrate-bot/internal/engine/migration"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/prisma"
)

// TestCaseFiles checks the case files alone (no database): they parse, and
// each dialect's suite keeps its promised size and spread.
func TestCaseFiles(t *testing.T) {
	for _, b := range backends {
		cases, err := loadCases(filepath.Join("testdata", b.name))
		if err != nil {
			t.Fatal(err)
		}
		n := map[format]int{}
		for _, c := range cases {
			n[c.Format]++
		}
		if len(cases) < b.minCases || n[formatPrisma] < b.minPrisma || n[formatSQL] < b.minSQL {
			t.Errorf("%s: the suite has %d cases (%d Prisma, %d SQL); it promises at least %d, %d Prisma and %d SQL",
				b.name, len(cases), n[formatPrisma], n[formatSQL], b.minCases, b.minPrisma, b.minSQL)
		}
		for _, c := range cases {
			if c.Format == formatPrisma {
				if p := prismaProvider(c); p != b.provider {
					t.Errorf("%s/%s: Prisma provider %q, want %q", b.name, c.Name, p, b.provider)
				}
			}
		}
	}
}

// TestPostgres runs every case of testdata/postgres against the PostgreSQL
// server (see package pgtest). Run one case with
// go test ./internal/engine/acceptance -run 'TestPostgres/s_enum_reorder'.
func TestPostgres(t *testing.T) { t.Parallel(); runSuite(t, postgresBackend) }

// TestMariaDB runs every case of testdata/mariadb against the MariaDB
// server (see package mytest).
func TestMariaDB(t *testing.T) { t.Parallel(); runSuite(t, mariadbBackend) }

// TestSQLite runs every case of testdata/sqlite on the embedded SQLite
// engine, each database a temporary file.
func TestSQLite(t *testing.T) { t.Parallel(); runSuite(t, sqliteBackend) }

// runSuite runs the cases of one dialect, b.concurrency times -parallel of
// them at once. The cases are subtests started from several goroutines
// rather than t.Parallel subtests, so that a suite that mostly waits for
// its server's disk (MariaDB's InnoDB flushes every DDL statement) can run
// more cases at once than there are cores, and the three suites overlap.
func runSuite(t *testing.T, b *backend) {
	cases, err := loadCases(filepath.Join("testdata", b.name))
	if err != nil {
		t.Fatal(err)
	}
	n := parallelism() * b.concurrency
	pool := b.newPool(t, 2*n)
	slots := make(chan struct{}, n)
	var wg sync.WaitGroup
	for _, c := range cases {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			t.Run(c.Name, func(t *testing.T) { run(t, b, c, pool) })
		}()
	}
	wg.Wait()
}

var (
	serverVersionMu sync.Mutex
	serverVersions  = map[string]string{}
)

// dialectFor is the dialect a case plans for: its dialect-version flag, or
// the version of the server the suite runs on.
func dialectFor(t *testing.T, b *backend, c *testCase, db *testDB) *dialect.Dialect {
	t.Helper()
	v := c.Version
	if v == "" {
		serverVersionMu.Lock()
		v = serverVersions[b.name]
		if v == "" {
			var err error
			if v, err = b.serverVersion(db.DB); err != nil {
				serverVersionMu.Unlock()
				t.Fatalf("%s: server version: %v", c.Name, err)
			}
			serverVersions[b.name] = v
		}
		serverVersionMu.Unlock()
	}
	d, err := b.lookup(v)
	if err != nil {
		t.Fatalf("%s: dialect: %v", c.Name, err)
	}
	return d
}

// prismaProvider is the datasource provider of a Prisma case's base side
// ("" when it names none).
func prismaProvider(c *testCase) string {
	for _, f := range c.Base {
		m := providerLine.FindSubmatch(f.Data)
		if m != nil {
			return string(m[1])
		}
	}
	return ""
}

var providerLine = regexp.MustCompile(`(?m)^\s*provider\s*=\s*"([a-z]+)"`)

// parse reads one side of a case with the reader for its format.
func parse(b *backend, c *testCase, d *dialect.Dialect, files []schema.File) (*schema.Schema, error) {
	if c.Format == formatPrisma {
		return prisma.Parse(files...)
	}
	return b.parseSQL(d, files...)
}

// caseRun carries what one case has built, for its failure messages.
type caseRun struct {
	t    *testing.T
	b    *backend
	c    *testCase
	d    *dialect.Dialect
	plan *plan.Plan
}

// failf reports a failure with the case's name and description, and the SQL
// of the plan when there is one.
func (r *caseRun) failf(fatal bool, format string, args ...any) {
	r.t.Helper()
	msg := fmt.Sprintf("case %s (%s): %s", r.c.Name, r.c.Description, fmt.Sprintf(format, args...))
	if r.plan != nil {
		msg += "\n" + planSQL(r.plan)
	}
	if fatal {
		r.t.Fatal(msg)
	}
	r.t.Error(msg)
}

func run(t *testing.T, b *backend, c *testCase, pool *dbPool) {
	ctx := context.Background()
	baseDB, scratchDB := pool.take(t), pool.take(t)
	d := dialectFor(t, b, c, baseDB)
	r := &caseRun{t: t, b: b, c: c, d: d}

	base, err := parse(b, c, d, c.Base)
	if err != nil {
		r.failf(true, "parse base: %v", err)
	}
	head, err := parse(b, c, d, c.Head)
	if err != nil {
		r.failf(true, "parse head: %v", err)
	}
	confirmed := flagRenames(r)

	// (a) A schema planned against itself gives nothing.
	for _, side := range []struct {
		name string
		s    *schema.Schema
	}{{"head", head}, {"base", base}} {
		res, err := migration.Generate(side.s, side.s, d, migration.Options{})
		if err != nil {
			r.failf(false, "plan %s -> %s: %v", side.name, side.name, err)
			continue
		}
		if len(res.Changes) > 0 || !res.Plan.Empty() {
			r.failf(false, "plan %s -> %s is not empty: %d changes\n%s", side.name, side.name, len(res.Changes), planSQL(res.Plan))
		}
	}

	// The plan under test, made before any database work so a planning
	// error is reported as such.
	res, err := migration.Generate(base, head, d, migration.Options{Renames: confirmed})
	if err != nil {
		r.failf(true, "plan base -> head: %v", err)
	}
	r.plan = res.Plan

	// (c), (b) The head and base databases, created directly. Only the
	// head's schema is needed later, so its database is the scratch one.
	wantHead := buildDirect(r, "head", c.Head, head, scratchDB, scratchDB)
	wantBase := buildDirect(r, "base", c.Base, base, baseDB, scratchDB)

	// The reader's model of each file must be the database built from it:
	// planning from a live database (plan --from postgres://...) relies on
	// it, and so does every plan whose SQL is written from the model.
	for _, side := range []struct {
		name         string
		parsed, live *schema.Schema
	}{{"base", base, wantBase}, {"head", head, wantHead}} {
		if ds := schemaDifferences(viewsAsServer(side.parsed, side.live), side.live); len(ds) > 0 {
			r.failf(false, "the %s schema as read from its files (got) differs from the database built from them (want):\n  %s", side.name, strings.Join(ds, "\n  "))
		}
	}

	// Seed, and read the rows back to compare after each migration.
	var seeded rowSet
	if strings.TrimSpace(c.Seed) != "" {
		if _, err := baseDB.DB.ExecContext(ctx, c.Seed); err != nil {
			r.failf(true, "seed.sql on the base database: %v", err)
		}
		seeded = r.snapshot(baseDB, wantBase)
	}

	// (d) Up, then compare with the head database.
	up := sqlfile.Statements(res.Plan, true)
	down := sqlfile.Statements(res.Plan, false)
	if err := applyBatches(ctx, baseDB.DB, up); err != nil {
		r.failf(true, "apply up to the base database: %v", err)
	}
	afterUp := r.inspect(t, baseDB, "base database after up")
	if ds := schemaDifferences(afterUp, wantHead); len(ds) > 0 {
		r.failf(true, "after up, the database differs from the head database (want = head, got = migrated):\n  %s", strings.Join(ds, "\n  "))
	}
	dataLoss := planHazards(res.Plan, plan.HazardDataLoss)
	if seeded != nil && !dataLoss {
		now := r.snapshot(baseDB, afterUp)
		if ds := compareRows(seeded, now, wantBase, afterUp, renamesOf(res.Changes)); len(ds) > 0 {
			r.failf(false, "the plan claims no data loss, but seeded rows changed after up:\n  %s", strings.Join(ds, "\n  "))
		}
	}

	// (e) Down, then compare with the base database.
	if err := applyBatches(ctx, baseDB.DB, down); err != nil {
		r.failf(true, "apply down after up: %v", err)
	}
	afterDown := r.inspect(t, baseDB, "base database after down")
	if ds := schemaDifferences(afterDown, wantBase); len(ds) > 0 {
		r.failf(true, "after down, the database differs from the base database (want = base, got = rolled back):\n  %s", strings.Join(ds, "\n  "))
	}
	if seeded != nil && !dataLoss && !downLosesData(res.Plan) {
		now := r.snapshot(baseDB, afterDown)
		if ds := compareRows(seeded, now, wantBase, afterDown, renames{}); len(ds) > 0 {
			r.failf(false, "neither the plan nor its rollback claims data loss, but seeded rows changed after up and down:\n  %s", strings.Join(ds, "\n  "))
		}
	}

	// (f) Up again.
	if err := applyBatches(ctx, baseDB.DB, up); err != nil {
		r.failf(true, "apply up again after down: %v", err)
	}
	again := r.inspect(t, baseDB, "base database after up, down, up")
	if ds := schemaDifferences(again, wantHead); len(ds) > 0 {
		r.failf(true, "after up, down and up again, the database differs from the head database:\n  %s", strings.Join(ds, "\n  "))
	}

	// (g) The case's own expectations.
	checkExpectations(r, res)
}

// checkExpectations checks the expect lines and the exact SQL sections of
// a case against its plan.
func checkExpectations(r *caseRun, res *migration.Result) {
	r.t.Helper()
	for _, e := range r.c.Expect {
		if msg := e.check(res); msg != "" {
			r.failf(false, "expect %q: %s", e.Line, msg)
		}
	}
	for _, side := range []struct {
		name string
		up   bool
		has  bool
		want string
	}{{"expect-up.sql", true, r.c.HasWantUp, r.c.WantUp}, {"expect-down.sql", false, r.c.HasWantDown, r.c.WantDown}} {
		if !side.has {
			continue
		}
		if got := statementText(res.Plan.Statements(side.up)); got != side.want {
			r.failf(false, "%s differs:\n--- want ---\n%s--- got ---\n%s", side.name, side.want, got)
		}
	}
}

// statementText writes statements as the expect-up.sql and expect-down.sql
// sections spell them: each followed by ";" and a new line.
func statementText(stmts []string) string {
	var b strings.Builder
	for _, s := range stmts {
		b.WriteString(s + ";\n")
	}
	return b.String()
}

// flagRenames reads the case's rename flags.
func flagRenames(r *caseRun) []diff.Rename {
	r.t.Helper()
	var out []diff.Rename
	for _, f := range r.c.Renames {
		rn, err := diff.ParseRename(f, r.d.DefaultNamespace)
		if err != nil {
			r.failf(true, "flag rename %s: %v", f, err)
		}
		out = append(out, rn)
	}
	return out
}

// buildDirect creates one side's database directly in db and returns its
// introspected schema. SQL cases run their files as written. Prisma cases
// get migrate-bot's own plan from an empty database; where Prisma's engine
// has a connector for the provider, the SQL it generates for the same files
// is run in the scratch database first, and the two databases must be
// identical (when the oracle is unavailable outside CI, that comparison
// skips, in its own subtest, with the reason). db and scratch may be the
// same database.
func buildDirect(r *caseRun, side string, files []schema.File, parsed *schema.Schema, db, scratch *testDB) *schema.Schema {
	t := r.t
	t.Helper()
	ctx := context.Background()
	if r.c.Format == formatSQL {
		db.reset(t)
		for _, f := range files {
			if strings.TrimSpace(string(f.Data)) == "" {
				continue
			}
			if _, err := db.DB.ExecContext(ctx, string(f.Data)); err != nil {
				r.failf(true, "run %s as written: %v", f.Path, err)
			}
		}
		return r.inspect(t, db, side+" database")
	}
	fromEmpty, err := migration.Generate(nil, parsed, r.d, migration.Options{})
	if err != nil {
		r.failf(true, "plan empty -> %s: %v", side, err)
	}
	var theirs *schema.Schema
	var script string
	if r.b.prismaEngine != nil {
		t.Run("prisma-engine-"+side, func(t *testing.T) {
			scratch.reset(t)
			script = r.b.prismaEngine(t, files, scratch)
			theirs = r.inspect(t, scratch, "database built by Prisma's engine")
		})
	}
	db.reset(t)
	if err := applyBatches(ctx, db.DB, sqlfile.Statements(fromEmpty.Plan, true)); err != nil {
		r.failf(true, "apply migrate-bot's plan empty -> %s: %v\n%s", side, err, planSQL(fromEmpty.Plan))
	}
	ours := r.inspect(t, db, side+" database built by migrate-bot")
	if theirs != nil {
		if ds := schemaDifferences(ours, theirs); len(ds) > 0 {
			t.Errorf("case %s: for the %s schema, the database migrate-bot builds differs from the one Prisma's engine builds (want = Prisma's, got = migrate-bot's):\n  %s\n--- Prisma's SQL ---\n%s\n--- migrate-bot's SQL ---\n%s",
				r.c.Name, side, strings.Join(ds, "\n  "), script, planSQL(fromEmpty.Plan))
		}
	}
	return ours
}

// inspect reads a database's schema with the dialect's introspection.
func (r *caseRun) inspect(t *testing.T, db *testDB, what string) *schema.Schema {
	t.Helper()
	s, err := r.b.inspect(context.Background(), db.DB)
	if err != nil {
		t.Fatalf("introspect %s: %v", what, err)
	}
	return s
}

// snapshot reads every row of every table of s in db.
func (r *caseRun) snapshot(db *testDB, s *schema.Schema) rowSet {
	r.t.Helper()
	return r.b.snapshot(r.t, db.DB, r.d, s)
}

// check returns "" when the expectation holds for the generated result, or
// what is wrong.
func (e expectation) check(res *migration.Result) string {
	upSQL := strings.Join(res.Plan.Statements(true), "\n")
	kinds := map[string]bool{}
	for _, c := range res.Changes {
		kinds[c.Kind()] = true
	}
	switch e.Verb {
	case "no-changes":
		if len(res.Changes) > 0 || !res.Plan.Empty() {
			return fmt.Sprintf("%d changes, %d steps", len(res.Changes), len(res.Plan.Steps))
		}
	case "likely-rename":
		var flags []string
		for _, l := range res.LikelyRenames {
			if l.Flag == e.Arg {
				return ""
			}
			flags = append(flags, l.Flag)
		}
		return fmt.Sprintf("likely renames reported: %q", flags)
	case "step-count":
		n, _ := strconv.Atoi(e.Arg)
		if len(res.Plan.Steps) != n {
			return fmt.Sprintf("%d steps", len(res.Plan.Steps))
		}
	case "change", "no-change":
		if kinds[e.Arg] != (e.Verb == "change") {
			return fmt.Sprintf("changes: %s", kindList(res.Changes))
		}
	case "sql-contains", "sql-not-contains":
		if strings.Contains(upSQL, e.Arg) != (e.Verb == "sql-contains") {
			return "see the up SQL"
		}
	case "down-contains":
		if !strings.Contains(strings.Join(res.Plan.Statements(false), "\n"), e.Arg) {
			return "see the down SQL"
		}
	case "hazard", "no-hazard":
		if planHazards(res.Plan, plan.HazardKind(e.Arg)) != (e.Verb == "hazard") {
			return fmt.Sprintf("hazards: %s", hazardList(res.Plan))
		}
	default:
		return "unknown expectation"
	}
	return ""
}

func kindList(cs []schema.Change) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Kind()+" "+plan.ObjectName(c))
	}
	return strings.Join(out, ", ")
}

func hazardList(p *plan.Plan) string {
	var out []string
	for _, s := range p.Steps {
		for _, h := range s.Hazards {
			out = append(out, fmt.Sprintf("%s(%s %s %s)", h.Kind, h.Table, h.Column, h.Detail))
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}
