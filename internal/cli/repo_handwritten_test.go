package cli

import (
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/gitrepo/gitrepotest"
)

// TestPlanRepoChecksAHandWrittenMigration: a branch that brings its own
// migration gets it checked, not a second one generated.
func TestPlanRepoChecksAHandWrittenMigration(t *testing.T) {
	cfg := "version: 1\nprojects:\n  - name: shop\n    schema: db/schema.sql\n    dialect: postgres\n    migrations: db/migrations\n"
	base := "CREATE TABLE users (\n  id bigint PRIMARY KEY\n);\n"
	head := "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  email text,\n  nickname text\n);\n"
	cases := []struct {
		name, migration string
		code            int
		want            []string
	}{
		{"missing a column", "ALTER TABLE users ADD COLUMN email text;\n", ExitFindings,
			[]string{"it does not take the base schema to the head schema", `ADD COLUMN "nickname" text;`}},
		{"complete", "ALTER TABLE users ADD COLUMN email text;\nALTER TABLE users ADD COLUMN nickname text;\n", ExitOK,
			[]string{"it takes the base schema to the head schema; nothing was generated"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := gitrepotest.New(t)
			g.Commit("base", map[string]string{".github/migrate-bot.yml": cfg, "db/schema.sql": base})
			g.Branch("feature")
			g.Commit("feature", map[string]string{"db/schema.sql": head, "db/migrations/1_contact.up.sql": tc.migration})
			for _, format := range []string{"text", "markdown"} {
				r := run(t, "plan", "--repo", g.Dir, "--base", "main", "--head", "feature", "--report", format)
				r.wantCode(t, tc.code)
				for _, w := range append(tc.want, "db/migrations/1_contact.up.sql") {
					if !strings.Contains(r.stdout, w) {
						t.Errorf("%s report lacks %q:\n%s", format, w, r.stdout)
					}
				}
			}
		})
	}
}
