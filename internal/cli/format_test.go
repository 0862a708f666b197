package cli

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/emit/prismamig"
	"github.com/migrate-bot/migrate-bot/internal/gitrepo/gitrepotest"
)

// writeTree writes files (slash paths -> content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// prismaHistory is an existing Prisma migrations directory: one folder and
// the lock file for provider.
func prismaHistory(provider string) map[string]string {
	return map[string]string{
		"20240101000000_init/migration.sql": "CREATE TABLE \"User\" (\"id\" serial PRIMARY KEY);\n",
		prismamig.LockFileName:              prismamig.LockFile(provider),
	}
}

// planUsers plans users_v1.prisma -> users_v2.prisma (adds User.name)
// with extra flags.
func planUsers(t *testing.T, flags ...string) result {
	t.Helper()
	args := []string{"plan", "--from", testdata(t, "users_v1.prisma"), "--to", testdata(t, "users_v2.prisma"), "--dialect-version", "15"}
	return run(t, append(args, flags...)...)
}

func TestPlanPrismaContinuesHistory(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, prismaHistory("postgresql"))
	r := planUsers(t, "--format", "prisma", "--migrations", dir)
	r.wantCode(t, ExitOK)
	tree := treeFiles(t, dir)
	if tree[prismamig.LockFileName] != prismamig.LockFile("postgresql") {
		t.Errorf("the lock file changed:\n%s", tree[prismamig.LockFileName])
	}
	var folders []string
	for p := range tree {
		if folder, ok := strings.CutSuffix(p, "/migration.sql"); ok {
			folders = append(folders, folder)
		}
	}
	slices.Sort(folders)
	if len(folders) != 2 || folders[0] != "20240101000000_init" || !regexp.MustCompile(`^\d{14}_add_user_name$`).MatchString(folders[1]) {
		t.Fatalf("folders = %v, want the init folder then a new one after it", folders)
	}
	up, down := tree[folders[1]+"/migration.sql"], tree[folders[1]+"/down.sql"]
	if !strings.Contains(up, `ADD COLUMN "name"`) || !strings.Contains(down, `DROP COLUMN IF EXISTS "name"`) {
		t.Errorf("migration.sql:\n%s\ndown.sql:\n%s", up, down)
	}
	if want := filepath.Join(dir, folders[1], "migration.sql"); !strings.Contains(r.stdout, "Files written:\n  "+want) {
		t.Errorf("the report does not list %s:\n%s", want, r.stdout)
	}
}

func TestPlanPrismaWithoutHistory(t *testing.T) {
	t.Run("printed", func(t *testing.T) {
		r := planUsers(t, "--format", "prisma", "--version", "20250101120000")
		r.wantCode(t, ExitOK)
		for _, want := range []string{
			"-- ===== 20250101120000_add_user_name/migration.sql (up migration) =====",
			"-- ===== 20250101120000_add_user_name/down.sql (down migration) =====",
			"-- ===== migration_lock.toml (lock migration) =====",
		} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
			}
		}
	})
	t.Run("not a timestamp version", func(t *testing.T) {
		r := planUsers(t, "--format", "prisma", "--version", "7")
		r.wantCode(t, ExitError)
		if !strings.Contains(r.stderr, `--version "7": a Prisma migration folder starts with a UTC timestamp`) {
			t.Errorf("stderr = %s", r.stderr)
		}
	})
}

func TestPlanPrismaProviderMismatch(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, prismaHistory("sqlite"))
	r := planUsers(t, "--format", "prisma", "--migrations", dir)
	r.wantCode(t, ExitError)
	want := `migration_lock.toml says provider "sqlite", but the schema is for postgres (provider "postgresql")`
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr = %s, want %q", r.stderr, want)
	}
	if got := len(treeFiles(t, dir)); got != 2 {
		t.Errorf("%d files in the migrations directory, want the 2 it had", got)
	}
}

func TestPlanSQLConventions(t *testing.T) {
	tests := []struct {
		name     string
		existing map[string]string
		// want are the new files' names (a pattern) and what each holds.
		want map[string][]string
	}{
		{name: "golang-migrate sequence of width 6",
			existing: map[string]string{"000012_x.up.sql": "SELECT 1;\n", "000012_x.down.sql": "SELECT 1;\n"},
			want: map[string][]string{
				`^000013_add_user_name\.up\.sql$`:   {`ADD COLUMN "name"`},
				`^000013_add_user_name\.down\.sql$`: {`DROP COLUMN`},
			}},
		{name: "goose markers",
			existing: map[string]string{"00001_init.sql": "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 1;\n"},
			want: map[string][]string{
				`^00002_add_user_name\.sql$`: {"-- +goose Up", `ADD COLUMN "name"`, "-- +goose Down", "DROP COLUMN"},
			}},
		{name: "dbmate markers",
			existing: map[string]string{"20240101000000_init.sql": "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n"},
			want: map[string][]string{
				`^\d{14}_add_user_name\.sql$`: {"-- migrate:up", `ADD COLUMN "name"`, "-- migrate:down", "DROP COLUMN"},
			}},
		{name: "empty directory gets timestamped pairs",
			existing: map[string]string{"README.md": "migrations\n"},
			want: map[string][]string{
				`^\d{14}_add_user_name\.up\.sql$`:   {`ADD COLUMN "name"`},
				`^\d{14}_add_user_name\.down\.sql$`: {"DROP COLUMN"},
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, tc.existing)
			r := planUsers(t, "--migrations", dir)
			r.wantCode(t, ExitOK)
			var added []string
			for name, content := range treeFiles(t, dir) {
				if _, ok := tc.existing[name]; ok {
					continue
				}
				added = append(added, name)
				matched := false
				for pattern, wants := range tc.want {
					if !regexp.MustCompile(pattern).MatchString(name) {
						continue
					}
					matched = true
					for _, w := range wants {
						if !strings.Contains(content, w) {
							t.Errorf("%s lacks %q:\n%s", name, w, content)
						}
					}
				}
				if !matched {
					t.Errorf("unexpected new file %s", name)
				}
			}
			if len(added) != len(tc.want) {
				t.Errorf("new files %v, want %d", added, len(tc.want))
			}
			if strings.Contains(tc.name, "dbmate") && slices.Max(added) <= "20240101000000_init.sql" {
				t.Errorf("new file %v does not sort after the existing one", added)
			}
		})
	}
}

func TestPlanNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"000012_add_user_name.down.sql": "-- mine\n"})
	r := planUsers(t, "--migrations", dir, "--version", "000012")
	r.wantCode(t, ExitError)
	if want := filepath.Join(dir, "000012_add_user_name.down.sql") + " already exists"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr = %s, want %q", r.stderr, want)
	}
	tree := treeFiles(t, dir)
	if len(tree) != 1 || tree["000012_add_user_name.down.sql"] != "-- mine\n" {
		t.Errorf("the directory changed: %v", tree)
	}
}

func TestPlanMigrationsWithOut(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	writeTree(t, dir, prismaHistory("postgresql"))
	r := planUsers(t, "--format", "prisma", "--migrations", dir, "--out", out, "--report", "json")
	r.wantCode(t, ExitOK)
	if got := len(treeFiles(t, dir)); got != 2 {
		t.Errorf("the migrations directory got files with --out (%d files)", got)
	}
	doc := decode[jsonDoc](t, r.stdout)
	if len(doc.Files) != 2 {
		t.Fatalf("files = %+v, want migration.sql and down.sql (the lock file exists)", doc.Files)
	}
	for _, f := range doc.Files {
		if f.Path != filepath.Join(out, filepath.FromSlash(f.Name)) {
			t.Errorf("file %+v not written under --out at its relative path", f)
		}
		readFile(t, f.Path)
	}
}

func TestPlanFormatFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown", []string{"--from", "empty", "--to", "empty", "--format", "rails"}, `unknown format "rails" (want sql, prisma, alembic or knex)`},
		{"with repo", []string{"--repo", ".", "--base", "main", "--head", "x", "--migrations", "m"}, "--migrations cannot be combined with --repo"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, append([]string{"plan"}, tc.args...)...)
			r.wantCode(t, ExitError)
			if !strings.Contains(r.stderr, tc.want) {
				t.Errorf("stderr = %s, want %q", r.stderr, tc.want)
			}
		})
	}
}

func TestPlanRepoPrismaFormat(t *testing.T) {
	cfg := "version: 1\nprojects:\n  - name: app\n    schema: prisma/schema.prisma\n    format: prisma\n    migrations: prisma/migrations\n"
	base := map[string]string{".github/migrate-bot.yml": cfg, "prisma/schema.prisma": schemaV1}
	for p, content := range prismaHistory("postgresql") {
		base["prisma/migrations/"+p] = content
	}
	g := gitrepotest.New(t)
	g.Commit("base", base)
	g.Branch("feature")
	g.Commit("head", map[string]string{"prisma/schema.prisma": schemaV2})
	// An uncommitted folder in the working tree: the history is read at
	// --head, so the new folder does not have to sort after it.
	writeTree(t, g.Dir, map[string]string{"prisma/migrations/20990101000000_wip/migration.sql": "SELECT 1;\n"})
	out := t.TempDir()
	r := run(t, "plan", "--repo", g.Dir, "--base", "main", "--head", "feature", "--out", out,
		"--version", "20250101120000", "--name", "add name", "--report", "json")
	r.wantCode(t, ExitOK)
	tree := treeFiles(t, filepath.Join(out, "app"))
	want := []string{
		"prisma/migrations/20250101120000_add_name/down.sql",
		"prisma/migrations/20250101120000_add_name/migration.sql",
	}
	if got := slices.Sorted(maps.Keys(tree)); !slices.Equal(got, want) {
		t.Fatalf("written %v, want %v", got, want)
	}
	if !strings.Contains(tree[want[1]], `ADD COLUMN "name"`) {
		t.Errorf("migration.sql:\n%s", tree[want[1]])
	}
	doc := decode[struct{ Projects []jsonDoc }](t, r.stdout)
	if len(doc.Projects) != 1 || len(doc.Projects[0].Files) != 2 || doc.Projects[0].Files[0].RepoPath != want[1] {
		t.Errorf("report files = %+v", doc.Projects)
	}
}
