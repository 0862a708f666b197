package alembic

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// offlineURLs are the URLs Alembic's offline mode (--sql) compiles for; it
// never connects.
var offlineURLs = map[string]string{
	"postgres": "postgresql+psycopg2://offline@127.0.0.1/offline",
	"mariadb":  "mysql+pymysql://offline@127.0.0.1/offline",
	"sqlite":   "sqlite:///offline.db",
}

// TestGoldenChainOffline writes the change revisions of every golden case
// of a dialect (and the synthetic plans on PostgreSQL) as one history,
// each new revision continuing the history read back from disk, and runs
// it through both Alembic installations in offline mode: `alembic upgrade
// head --sql` and `alembic downgrade head:base --sql` must render every
// revision, so every operation the goldens use is valid Alembic on
// SQLAlchemy 1.4 and 2.
func TestGoldenChainOffline(t *testing.T) {
	requireAlembic(t)
	for dn := range goldenCases {
		t.Run(dn, func(t *testing.T) {
			t.Parallel()
			env := newAlembicEnv(t)
			fsys := os.DirFS(env.dir)
			var plans []*plan.Plan
			var names []string
			all := loadScenarios(t, dn)
			for _, name := range goldenCases[dn] {
				i := slices.IndexFunc(all, func(s scenario) bool { return s.name == name })
				_, change := all[i].plans(t)
				plans, names = append(plans, change), append(names, name)
			}
			if dn == "postgres" {
				for name, p := range syntheticPlans() {
					plans, names = append(plans, p), append(names, name)
				}
			}
			var ids []string
			for i, p := range plans {
				h, err := ReadHistory(fsys, "migrations")
				if err != nil {
					t.Fatal(err)
				}
				f, rev, err := Render(p, h, Options{Name: names[i], Now: time.Now()})
				if err != nil {
					t.Fatalf("%s: %v", names[i], err)
				}
				if i > 0 && (len(rev.DownRevisions) != 1 || rev.DownRevisions[0] != ids[i-1]) {
					t.Fatalf("%s revises %v, want %s", names[i], rev.DownRevisions, ids[i-1])
				}
				writeFiles(t, env.dir, []schema.File{*f})
				ids = append(ids, rev.ID)
			}
			for _, r := range runners() {
				for _, args := range [][]string{{"upgrade", "head", "--sql"}, {"downgrade", "head:base", "--sql"}} {
					out, err := env.output(r, offlineURLs[dn], args...)
					if err != nil {
						t.Fatal(err)
					}
					for _, id := range ids {
						if !strings.Contains(out, id) {
							t.Errorf("%s: alembic %s does not mention revision %s:\n%s", r.name, strings.Join(args, " "), id, out)
						}
					}
				}
			}
		})
	}
}
