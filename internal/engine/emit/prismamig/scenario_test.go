package prismamig

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/migration"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/prisma"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenNow is the generation time of every golden migration.
var goldenNow = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

// initFolder is the base migration of every scenario's history.
const initFolder = "20240101000000_init"

// scenario is one testdata/scenarios/<provider>/<name>.txtar file: a
// description, the base and head Prisma schemas (base.prisma or several
// base/<file>.prisma sections, the same for head) and optional flags
// (rename OLD=NEW lines).
type scenario struct {
	provider, name string
	base, head     []schema.File
	renames        []string
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

func loadScenarios(t *testing.T, provider string) []scenario {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "scenarios", provider, "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no scenarios for %s: %v", provider, err)
	}
	var out []scenario
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sc := scenario{provider: provider, name: strings.TrimSuffix(filepath.Base(p), ".txtar")}
		names, files := readTxtar(string(data))
		for _, n := range names {
			f := schema.File{Path: n, Data: []byte(files[n])}
			switch {
			case n == "base.prisma" || strings.HasPrefix(n, "base/"):
				sc.base = append(sc.base, f)
			case n == "head.prisma" || strings.HasPrefix(n, "head/"):
				sc.head = append(sc.head, f)
			case n == "flags":
				for _, l := range strings.Split(strings.TrimSpace(files[n]), "\n") {
					if r, ok := strings.CutPrefix(l, "rename "); ok {
						sc.renames = append(sc.renames, r)
					} else if l != "" {
						t.Fatalf("%s: unknown flag %q", p, l)
					}
				}
			default:
				t.Fatalf("%s: unknown section %q", p, n)
			}
		}
		if len(sc.base) == 0 || len(sc.head) == 0 {
			t.Fatalf("%s: base and head schemas are required", p)
		}
		out = append(out, sc)
	}
	return out
}

func scenarioDialect(t *testing.T, provider string) *dialect.Dialect {
	t.Helper()
	version := ""
	if provider == "postgresql" {
		version = "15" // the server the proofs run on
	}
	d, err := dialect.Lookup(provider, version)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// generate reads both schemas and plans the migration.
func (sc scenario) generate(t *testing.T) *plan.Plan {
	t.Helper()
	d := scenarioDialect(t, sc.provider)
	base, err := prisma.Parse(sc.base...)
	if err != nil {
		t.Fatalf("base: %v", err)
	}
	head, err := prisma.Parse(sc.head...)
	if err != nil {
		t.Fatalf("head: %v", err)
	}
	var renames []diff.Rename
	for _, r := range sc.renames {
		rn, err := diff.ParseRename(r, d.DefaultNamespace)
		if err != nil {
			t.Fatal(err)
		}
		renames = append(renames, rn)
	}
	res, err := migration.Generate(base, head, d, migration.Options{Renames: renames})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return res.Plan
}

// history is the scenario's existing history: Prisma's own init
// migration for the base, with its lock file.
func (sc scenario) history() *History {
	return &History{Dir: "prisma/migrations", Migrations: []string{initFolder}, Provider: sc.provider}
}

// txtar renders files as one txtar archive, the golden form.
func txtar(files []schema.File) string {
	var b strings.Builder
	for _, f := range files {
		b.WriteString("-- " + f.Path + " --\n")
		b.Write(f.Data)
	}
	return b.String()
}

// TestGolden renders every scenario's folders and compares them with
// testdata/golden/<provider>/<scenario>.txtar (go test -update rewrites
// them): the exact text a reviewer reads.
func TestGolden(t *testing.T) {
	for _, provider := range []string{"postgresql", "sqlite"} {
		for _, sc := range loadScenarios(t, provider) {
			t.Run(provider+"/"+sc.name, func(t *testing.T) {
				files, err := Files(sc.generate(t), sc.history(), Options{Name: sc.name, Now: goldenNow})
				if err != nil {
					t.Fatal(err)
				}
				got := txtar(files)
				path := filepath.Join("testdata", "golden", provider, sc.name+".txtar")
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (go test -update creates it)", err)
				}
				if string(want) != got {
					t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got ---\n%s", path, got)
				}
			})
		}
	}
}

// TestScenarioCount keeps the proof above the 25 scenarios per provider
// the acceptance asks for on PostgreSQL.
func TestScenarioCount(t *testing.T) {
	if n := len(loadScenarios(t, "postgresql")); n < 25 {
		t.Errorf("%d PostgreSQL scenarios, want at least 25", n)
	}
	if n := len(loadScenarios(t, "sqlite")); n < 25 {
		t.Errorf("%d SQLite scenarios, want at least 25", n)
	}
}
