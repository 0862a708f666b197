package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/gitrepo/gitrepotest"
)

// treeFiles reads every file under dir as repository path -> content.
func treeFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = readFile(t, p)
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", dir, err)
	}
	return files
}

// demoRepo builds the fixtures/demo repository: main from base/, feature
// from head/, as fixtures/demo/run.sh does with git.
func demoRepo(t *testing.T) *gitrepotest.Repo {
	t.Helper()
	demo := filepath.Join("..", "..", "fixtures", "demo")
	g := gitrepotest.New(t)
	base, head := treeFiles(t, filepath.Join(demo, "base")), treeFiles(t, filepath.Join(demo, "head"))
	g.Commit("base schema", base)
	g.Branch("feature")
	var gone []string
	for p := range base {
		if _, ok := head[p]; !ok {
			gone = append(gone, p)
		}
	}
	if len(gone) > 0 {
		g.Remove("remove files", gone...)
	}
	g.Commit("feature", head)
	return g
}

func TestPlanRepoDemo(t *testing.T) {
	g := demoRepo(t)
	out := t.TempDir()
	r := run(t, "plan", "--repo", g.Dir, "--base", "main", "--head", "feature", "--out", out, "--version", "20250101120000")
	r.wantCode(t, ExitOK)
	for _, want := range []string{"Project app (prisma/schema.prisma)", "Project billing (db/billing)",
		"Project api (api/app/models.py)", "Project shop (shop/schema.yaml)", "Project analytics: schema unchanged."} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, r.stdout)
		}
	}
	// Each project's files land under --out/<project>/<migrations>: the app
	// continues its Prisma history with a new folder (the lock file is
	// already there), billing gets an up and a down file.
	appDir := filepath.Join(out, "app", "prisma", "migrations")
	entries, err := os.ReadDir(appDir)
	if err != nil || len(entries) != 1 || entries[0].Name() != "20250101120000_rename_user_phone_and_more" {
		t.Fatalf("app: want one migration folder in %s, got %v (%v)", appDir, entries, err)
	}
	billing, err := os.ReadDir(filepath.Join(out, "billing", "db", "migrations"))
	if err != nil || len(billing) != 2 {
		t.Errorf("billing: want an up and a down file, got %v (%v)", billing, err)
	}
	if _, err := os.Stat(filepath.Join(out, "analytics")); !os.IsNotExist(err) {
		t.Errorf("an unchanged project got output: %v", err)
	}
	// The confirmed rename in the config keeps the column's data.
	app := readFile(t, filepath.Join(appDir, entries[0].Name(), "migration.sql"))
	if !strings.Contains(app, `RENAME COLUMN "phone" TO "phoneNumber"`) {
		t.Errorf("app migration does not rename phone:\n%s", app)
	}
	readFile(t, filepath.Join(appDir, entries[0].Name(), "down.sql"))
}

func readDirFile(t *testing.T, dir, suffix string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), suffix) {
			return readFile(t, filepath.Join(dir, e.Name()))
		}
	}
	t.Fatalf("no *%s in %s", suffix, dir)
	return ""
}

func TestPlanRepoJSON(t *testing.T) {
	g := demoRepo(t)
	r := run(t, "plan", "--repo", g.Dir, "--base", "main", "--head", "feature", "--report", "json", "--version", "20250101120000")
	r.wantCode(t, ExitOK)
	doc := decode[struct {
		Version   int                        `json:"version"`
		Base      struct{ Rev string }       `json:"base"`
		MergeBase struct{ Commit string }    `json:"merge_base"`
		Projects  []jsonDoc                  `json:"projects"`
		Unchanged []string                   `json:"unchanged"`
		Errors    []struct{ Project string } `json:"errors"`
	}](t, r.stdout)
	if doc.Version != 2 || doc.Base.Rev != "main" || len(doc.MergeBase.Commit) != 40 {
		t.Errorf("header = %+v", doc)
	}
	var names []string
	for _, p := range doc.Projects {
		names = append(names, p.Project)
	}
	if strings.Join(names, ",") != "app,billing,api,shop" {
		t.Fatalf("projects = %v, want app, billing, api, shop", names)
	}
	// The Alembic and Knex projects write one program each, holding both
	// directions, where their histories continue.
	for i, want := range map[int]string{2: "api/alembic/versions/", 3: "shop/migrations/20250101120000_"} {
		f := doc.Projects[i].Files
		if len(f) != 1 || f[0].Kind != "code" || !strings.HasPrefix(f[0].RepoPath, want) {
			t.Errorf("%s files = %+v, want one code file under %s", doc.Projects[i].Project, f, want)
		}
	}
	if len(doc.Unchanged) != 1 || doc.Unchanged[0] != "analytics" || len(doc.Errors) != 0 {
		t.Errorf("unchanged = %v, errors = %v", doc.Unchanged, doc.Errors)
	}
	files := doc.Projects[0].Files
	if len(files) != 2 || files[0].Name != "20250101120000_rename_user_phone_and_more/migration.sql" ||
		files[0].Kind != "up" || files[1].Kind != "down" || files[0].RepoPath != "prisma/migrations/"+files[0].Name {
		t.Errorf("app files = %+v, want a Prisma folder under prisma/migrations", files)
	}
	if doc.Projects[0].DialectVersion != "15" {
		t.Errorf("app dialect version = %q, want 15 from the config", doc.Projects[0].DialectVersion)
	}
}

const schemaV1 = "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel User {\n  id Int @id\n}\n"
const schemaV2 = "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel User {\n  id   Int     @id\n  name String?\n}\n"

func TestPlanRepoModes(t *testing.T) {
	valid := "version: 1\nprojects:\n  - name: app\n    schema: schema.prisma\n    migrations: migrations\n"
	tests := []struct {
		name      string
		base      map[string]string // committed on main; the feature branch adds head
		head      map[string]string
		want      int
		stdout    string
		stderr    string
		emptyBase bool
	}{
		{name: "schema new on the branch plans from empty",
			base: map[string]string{"README.md": "x\n"},
			head: map[string]string{".github/migrate-bot.yml": valid, "schema.prisma": schemaV1},
			want: ExitOK, stdout: "AddTable public.User"},
		{name: "untouched schema is not planned",
			base: map[string]string{".github/migrate-bot.yml": valid, "schema.prisma": schemaV1},
			head: map[string]string{"README.md": "y\n"},
			want: ExitOK, stdout: "No project's schema changed: nothing to plan."},
		{name: "invalid config names key and line",
			base: map[string]string{"schema.prisma": schemaV1},
			head: map[string]string{".github/migrate-bot.yml": "version: 1\nprojects:\n  - name: app\n    schema: schema.prisma\n    migrations: m\n\n    dialect: oracle\n", "schema.prisma": schemaV2},
			want: ExitError, stderr: `.github/migrate-bot.yml:7: projects[0].dialect: unknown dialect "oracle" (want postgres, mysql, mariadb or sqlite)`},
		{name: "unknown key in config",
			base: map[string]string{"schema.prisma": schemaV1},
			head: map[string]string{".github/migrate-bot.yml": valid + "    dialekt: postgres\n", "schema.prisma": schemaV2},
			want: ExitError, stderr: ".github/migrate-bot.yml:6: projects[0].dialekt: unknown key"},
		{name: "missing config",
			base: map[string]string{"schema.prisma": schemaV1},
			head: map[string]string{"schema.prisma": schemaV2},
			want: ExitError, stderr: "feature has no .github/migrate-bot.yml"},
		{name: "bad rename in config names its line",
			base: map[string]string{"schema.prisma": schemaV1},
			head: map[string]string{".github/migrate-bot.yml": valid + "    renames:\n      - a.b.c.d=x\n", "schema.prisma": schemaV2},
			want: ExitError, stderr: ".github/migrate-bot.yml:7: projects[0].renames[0]"},
		{name: "dropped column fails by default",
			base: map[string]string{".github/migrate-bot.yml": valid, "schema.prisma": schemaV2},
			head: map[string]string{"schema.prisma": schemaV1},
			want: ExitFindings, stdout: "  error    MB102 Column dropped"},
		{name: "repository lint section lowers a rule",
			base: map[string]string{"schema.prisma": schemaV2},
			head: map[string]string{".github/migrate-bot.yml": "version: 1\nlint:\n  rules:\n    MB102: {severity: warning}\n" + valid[len("version: 1\n"):], "schema.prisma": schemaV1},
			want: ExitOK, stdout: "  warning  MB102 Column dropped"},
		{name: "project lint section disables a rule",
			base: map[string]string{"schema.prisma": schemaV2},
			head: map[string]string{".github/migrate-bot.yml": valid + "    lint:\n      rules:\n        MB102: {enabled: false}\n", "schema.prisma": schemaV1},
			want: ExitOK, stdout: "PASS"},
		{name: "unknown rule code in the lint section names key and line",
			base: map[string]string{"schema.prisma": schemaV2},
			head: map[string]string{".github/migrate-bot.yml": "version: 1\nlint:\n  rules:\n    MB999: {severity: warning}\n" + valid[len("version: 1\n"):], "schema.prisma": schemaV1},
			want: ExitError, stderr: `.github/migrate-bot.yml:4: lint.rules.MB999: unknown rule code "MB999"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := gitrepotest.New(t)
			g.Commit("base", tc.base)
			g.Branch("feature")
			g.Commit("head", tc.head)
			r := run(t, "plan", "--repo", g.Dir, "--base", "main", "--head", "feature")
			r.wantCode(t, tc.want)
			if !strings.Contains(r.stdout, tc.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tc.stdout, r.stdout)
			}
			if !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, r.stderr)
			}
		})
	}
}

func TestPlanRevisionSources(t *testing.T) {
	g := gitrepotest.New(t)
	g.Commit("v1", map[string]string{"db/schema.prisma": schemaV1})
	g.Branch("feature")
	g.Commit("v2", map[string]string{"db/schema.prisma": schemaV2})
	t.Chdir(filepath.Join(g.Dir, "db"))
	tests := []struct {
		name     string
		from, to string
		want     int
		stdout   string
		stderr   string
	}{
		{name: "root-relative paths", from: "main:db/schema.prisma", to: "feature:db/schema.prisma", want: ExitOK, stdout: "AddColumn public.User.name"},
		{name: "cwd-relative path", from: "main:./schema.prisma", to: "feature:./schema.prisma", want: ExitOK, stdout: "AddColumn public.User.name"},
		{name: "revision against work tree file", from: "HEAD~1:db/schema.prisma", to: "schema.prisma", want: ExitOK, stdout: "AddColumn public.User.name"},
		{name: "folder at a revision", from: "main:db", to: "feature:db", want: ExitOK, stdout: "AddColumn public.User.name"},
		{name: "position names the repository path", from: "empty", to: "feature:db/schema.prisma", want: ExitOK, stdout: "[db/schema.prisma:5]"},
		{name: "unknown revision", from: "nope:db/schema.prisma", to: "empty", want: ExitError, stderr: `revision "nope": not found`},
		{name: "missing path", from: "main:db/other.prisma", to: "empty", want: ExitError, stderr: "no such file or folder"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, "plan", "--from", tc.from, "--to", tc.to)
			r.wantCode(t, tc.want)
			if !strings.Contains(r.stdout, tc.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tc.stdout, r.stdout)
			}
			if !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, r.stderr)
			}
		})
	}
}
