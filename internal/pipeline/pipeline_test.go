package pipeline

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/config"
	"github.com/migrate-bot/migrate-bot/internal/gitrepo"
	"github.com/migrate-bot/migrate-bot/internal/gitrepo/gitrepotest"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// change is a repository with a base commit on main and a feature branch.
type change struct {
	base, head map[string]string
}

// runChange builds the repository (main from base, feature adding head's
// files) and runs the pipeline on feature against main.
func runChange(t *testing.T, c change, mod func(*Input)) *Result {
	t.Helper()
	g := gitrepotest.New(t)
	g.Commit("base", c.base)
	g.Branch("feature")
	g.Commit("feature", c.head)
	repo, err := gitrepo.Open(g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	mainC, err := repo.Resolve("main")
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Resolve("feature")
	if err != nil {
		t.Fatal(err)
	}
	mb, err := repo.MergeBase(mainC, head)
	if err != nil {
		t.Fatal(err)
	}
	f, err := repo.ReadFile(mb, config.Path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse(config.Path, f.Data)
	if err != nil {
		t.Fatal(err)
	}
	changed, err := repo.ChangedPaths(mb, head)
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Repo: repo, MergeBase: mb, Head: head, Config: cfg, Changed: changed,
		Now: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC), FailOn: report.SeverityError}
	if mod != nil {
		mod(&in)
	}
	res, err := Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func cfgYAML(projects string) string { return "version: 1\nprojects:\n" + projects }

const pgProject = `  - name: shop
    schema: db/schema.sql
    dialect: postgres
    migrations: db/migrations
`

const pgBase = "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name text NOT NULL\n);\n"

func TestRunGeneratesForAChangedSchema(t *testing.T) {
	res := runChange(t, change{
		base: map[string]string{config.Path: cfgYAML(pgProject), "db/schema.sql": pgBase, "README.md": "x"},
		head: map[string]string{"db/schema.sql": strings.Replace(pgBase, "name text NOT NULL", "name text NOT NULL,\n  email text", 1)},
	}, func(in *Input) { in.Name = "Add email" })
	if len(res.Errors) != 0 || len(res.Projects) != 1 {
		t.Fatalf("result = %+v", res)
	}
	pr := res.Projects[0]
	if pr.HandWritten != nil {
		t.Fatal("a schema change without migration files was treated as hand-written")
	}
	var paths []string
	for _, f := range pr.Files {
		paths = append(paths, f.RepoPath)
	}
	want := "db/migrations/20250601120000_add_email.up.sql db/migrations/20250601120000_add_email.down.sql"
	if strings.Join(paths, " ") != want {
		t.Fatalf("files = %v, want %s", paths, want)
	}
	if !strings.Contains(pr.Files[0].Content, `ADD COLUMN "email" text`) && !strings.Contains(pr.Files[0].Content, "ADD COLUMN email text") {
		t.Fatalf("up file:\n%s", pr.Files[0].Content)
	}
}

func TestRunUnchangedAndIgnoredFiles(t *testing.T) {
	bot := "db/migrations/20250601120000_add_email.up.sql"
	head := strings.Replace(pgBase, "name text NOT NULL", "name text NOT NULL,\n  email text,\n  phone text", 1)
	res := runChange(t, change{
		base: map[string]string{config.Path: cfgYAML(pgProject + `  - name: other
    schema: other/schema.sql
    dialect: postgres
    migrations: other/migrations
`), "db/schema.sql": pgBase, "other/schema.sql": pgBase},
		// The bot's earlier commit (email only) is on the branch; the
		// schema moved on (phone): the bot's file is not hand-written and
		// the new migration replaces it, with the same name and version.
		head: map[string]string{"db/schema.sql": head, bot: "ALTER TABLE users ADD COLUMN email text;\n",
			"db/migrations/20250601120000_add_email.down.sql": "ALTER TABLE users DROP COLUMN email;\n"},
	}, func(in *Input) {
		in.Name = "add email"
		in.Ignore = []string{bot, "db/migrations/20250601120000_add_email.down.sql"}
	})
	if len(res.Errors) != 0 || len(res.Projects) != 1 || strings.Join(res.Unchanged, ",") != "other" {
		t.Fatalf("result = %+v", res)
	}
	pr := res.Projects[0]
	if pr.HandWritten != nil || len(pr.Files) != 2 || pr.Files[0].RepoPath != bot {
		t.Fatalf("project = %+v", pr)
	}
	if !strings.Contains(pr.Files[0].Content, "phone") || !strings.Contains(pr.Files[0].Content, "email") {
		t.Fatalf("regenerated up file lacks a column:\n%s", pr.Files[0].Content)
	}
}

func TestRunReportsConfigErrorsPerProject(t *testing.T) {
	res := runChange(t, change{
		base: map[string]string{config.Path: cfgYAML(pgProject), "db/schema.sql": pgBase},
		head: map[string]string{"db/schema.sql": pgBase + "CREATE TABLE broken (\n  id bigint PRIMARY KEY,\n  x nosuchtype(\n);\n"},
	}, nil)
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error, "db/schema.sql:") {
		t.Fatalf("errors = %+v, want one with file:line", res.Errors)
	}
}

func TestUpSection(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "ALTER TABLE a ADD b int;\n", "ALTER TABLE a ADD b int;\n"},
		{"goose", "-- +goose Up\nALTER TABLE a ADD b int;\n-- +goose Down\nALTER TABLE a DROP b;\n", "\nALTER TABLE a ADD b int;\n\n\n"},
		{"dbmate", "-- migrate:up transaction:false\nCREATE INDEX i ON a (b);\n\n-- migrate:down\nDROP INDEX i;\n", "\nCREATE INDEX i ON a (b);\n\n\n\n"},
		{"goose statement blocks", "-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n-- +goose StatementEnd\n", "\n-- +goose StatementBegin\nSELECT 1;\n-- +goose StatementEnd\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(UpSection([]byte(tc.in))); got != tc.want {
				t.Fatalf("UpSection = %q, want %q", got, tc.want)
			}
		})
	}
}

// FuzzUpSection: the up section keeps every line's position (same line
// count) and only keeps or blanks lines.
func FuzzUpSection(f *testing.F) {
	for _, s := range []string{"", "-- +goose Up\nA;\n-- +goose Down\nB;", "-- migrate:up\nX;\n-- migrate:down\nY;", "plain;\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := strings.Split(string(UpSection([]byte(s))), "\n")
		in := strings.Split(s, "\n")
		if len(out) != len(in) {
			t.Fatalf("%d lines became %d", len(in), len(out))
		}
		for i := range in {
			if out[i] != in[i] && out[i] != "" {
				t.Fatalf("line %d changed: %q -> %q", i+1, in[i], out[i])
			}
		}
	})
}
