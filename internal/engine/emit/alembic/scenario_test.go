package alembic

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/migration"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/mysqlddl"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/prisma"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqlddl"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqliteddl"
)

// acceptanceDir holds the engine's acceptance cases, one folder per
// dialect; every case is a scenario here too (see scenarioFile).
const acceptanceDir = "../../acceptance/testdata"

// scenario is one acceptance case read as an Alembic scenario: the base
// and head schemas (Prisma or the dialect's SQL), with rename flags and an
// optional dialect version. The acceptance suite's other sections (seed
// rows, expectations) are its own business and are ignored here.
type scenario struct {
	dialect    string // "postgres", "mariadb", "sqlite"
	name       string
	base, head []schema.File
	prisma     bool
	// own: the case is one of this package's (testdata/scenarios).
	own     bool
	renames []string
	version string
}

// readTxtar splits a txtar archive into its files, in order.
func readTxtar(data string) (names []string, files map[string]string) {
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

// ownScenarioDir holds this package's own cases, in the acceptance
// format: what the acceptance suite has no reason to cover (SQL text that
// SQLAlchemy's text() or a pyformat driver would rewrite).
const ownScenarioDir = "testdata/scenarios"

// loadScenarios reads this package's own cases of a dialect, then every
// acceptance case.
func loadScenarios(t *testing.T, dialectName string) []scenario {
	t.Helper()
	own, err := filepath.Glob(filepath.Join(ownScenarioDir, dialectName, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	paths, err := filepath.Glob(filepath.Join(acceptanceDir, dialectName, "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no acceptance cases for %s in %s: %v", dialectName, acceptanceDir, err)
	}
	paths = append(own, paths...)
	var out []scenario
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sc := scenario{dialect: dialectName, name: strings.TrimSuffix(filepath.Base(p), ".txtar"), own: strings.HasPrefix(p, ownScenarioDir)}
		names, files := readTxtar(string(data))
		for _, n := range names {
			f := schema.File{Path: n, Data: []byte(files[n])}
			side, _, _ := strings.Cut(strings.TrimSuffix(strings.TrimSuffix(n, ".sql"), ".prisma"), "/")
			switch {
			case side == "base" || side == "head":
				sc.prisma = strings.HasSuffix(n, ".prisma")
				if side == "base" {
					sc.base = append(sc.base, f)
				} else {
					sc.head = append(sc.head, f)
				}
			case n == "flags":
				for _, l := range strings.Split(strings.TrimSpace(files[n]), "\n") {
					l = strings.TrimSpace(l)
					if r, ok := strings.CutPrefix(l, "rename "); ok {
						sc.renames = append(sc.renames, strings.TrimSpace(r))
					} else if v, ok := strings.CutPrefix(l, "dialect-version "); ok {
						sc.version = strings.TrimSpace(v)
					} else if l != "" {
						t.Fatalf("%s: unknown flag %q", p, l)
					}
				}
			}
		}
		if len(sc.base) == 0 || len(sc.head) == 0 {
			t.Fatalf("%s: base and head schemas are required", p)
		}
		out = append(out, sc)
	}
	return out
}

// serverVersions are the versions of the servers the proofs run on; a
// case's own dialect-version flag wins.
var serverVersions = map[string]string{"postgres": "15", "mariadb": "10.11", "sqlite": ""}

func (sc scenario) dialectFor(t *testing.T) *dialect.Dialect {
	t.Helper()
	v := sc.version
	if v == "" {
		v = serverVersions[sc.dialect]
	}
	d, err := dialect.Lookup(sc.dialect, v)
	if err != nil {
		t.Fatalf("%s: dialect: %v", sc.name, err)
	}
	return d
}

func (sc scenario) parse(t *testing.T, d *dialect.Dialect, files []schema.File) *schema.Schema {
	t.Helper()
	var s *schema.Schema
	var err error
	switch {
	case sc.prisma:
		s, err = prisma.Parse(files...)
	case sc.dialect == "postgres":
		s, err = sqlddl.Parse(d, files...)
	case sc.dialect == "sqlite":
		s, err = sqliteddl.Parse(d, files...)
	default:
		s, err = mysqlddl.Parse(d, files...)
	}
	if err != nil {
		t.Fatalf("%s: parse: %v", sc.name, err)
	}
	return s
}

// plans returns the plans empty -> base and base -> head.
func (sc scenario) plans(t *testing.T) (initial, change *plan.Plan) {
	t.Helper()
	d := sc.dialectFor(t)
	base, head := sc.parse(t, d, sc.base), sc.parse(t, d, sc.head)
	var renames []diff.Rename
	for _, r := range sc.renames {
		rn, err := diff.ParseRename(r, d.DefaultNamespace)
		if err != nil {
			t.Fatalf("%s: rename %s: %v", sc.name, r, err)
		}
		renames = append(renames, rn)
	}
	first, err := migration.Generate(nil, base, d, migration.Options{})
	if err != nil {
		t.Fatalf("%s: plan empty -> base: %v", sc.name, err)
	}
	res, err := migration.Generate(base, head, d, migration.Options{Renames: renames})
	if err != nil {
		t.Fatalf("%s: plan base -> head: %v", sc.name, err)
	}
	return first.Plan, res.Plan
}
