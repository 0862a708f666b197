package gitrepo_test

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/gitrepo"
	"github.com/migrate-bot/migrate-bot/internal/gitrepo/gitrepotest"
)

// history builds: main: c1 (base) -> c3; feature (from c1): c2.
func history(t *testing.T) (*gitrepotest.Repo, *gitrepo.Repo) {
	t.Helper()
	g := gitrepotest.New(t)
	g.Commit("base", map[string]string{
		"README.md":                  "demo\n",
		"prisma/schema.prisma":       "model A { id Int @id }\n",
		"db/schema/001_tables.sql":   "CREATE TABLE a (id int);\n",
		"db/schema/nested/extra.sql": "CREATE TABLE b (id int);\n",
		"db/schema/notes.txt":        "not sql\n",
	})
	g.Branch("feature")
	g.Commit("feature change", map[string]string{"prisma/schema.prisma": "model A { id Int @id\n name String }\n"})
	g.Checkout("main")
	g.Commit("main moves on", map[string]string{"README.md": "demo v2\n"})
	r, err := gitrepo.Open(filepath.Join(g.Dir, "prisma"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return g, r
}

func resolve(t *testing.T, r *gitrepo.Repo, rev string) *gitrepo.Commit {
	t.Helper()
	c, err := r.Resolve(rev)
	if err != nil {
		t.Fatalf("Resolve(%s): %v", rev, err)
	}
	return c
}

func TestOpenFindsRootFromSubfolder(t *testing.T) {
	g, r := history(t)
	want, _ := filepath.EvalSymlinks(g.Dir)
	got, _ := filepath.EvalSymlinks(r.Root)
	if got != want {
		t.Fatalf("Root = %s, want %s", got, want)
	}
	if _, err := gitrepo.Open(t.TempDir()); err == nil || !strings.Contains(err.Error(), "not inside a git repository") {
		t.Fatalf("Open(non-repo) error = %v", err)
	}
}

func TestMergeBaseAndChangedPaths(t *testing.T) {
	_, r := history(t)
	main, feature := resolve(t, r, "main"), resolve(t, r, "feature")
	base, err := r.MergeBase(main, feature)
	if err != nil {
		t.Fatalf("MergeBase: %v", err)
	}
	first := resolve(t, r, "main~1")
	if base.Hash != first.Hash {
		t.Fatalf("merge base = %s, want main~1 = %s", base.Short(), first.Short())
	}
	changed, err := r.ChangedPaths(base, feature)
	if err != nil {
		t.Fatalf("ChangedPaths: %v", err)
	}
	// README.md changed on main only: a pull request does not touch it.
	if want := []string{"prisma/schema.prisma"}; !reflect.DeepEqual(changed, want) {
		t.Fatalf("changed = %v, want %v", changed, want)
	}
	tests := []struct {
		name string
		path string
		want bool
	}{
		{"the file", "prisma/schema.prisma", true},
		{"its folder", "prisma", true},
		{"folder with slash", "prisma/", true},
		{"prefix is not a folder", "pri", false},
		{"other folder", "db/schema", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := gitrepo.Touches(changed, tc.path); got != tc.want {
				t.Fatalf("Touches(%q) = %v, want %v", tc.path, got, tc.want)
			}
		})
	}
}

func TestReadFileAtRevision(t *testing.T) {
	_, r := history(t)
	tests := []struct {
		name, rev, path, want string
		notExist              bool
	}{
		{name: "main", rev: "main", path: "prisma/schema.prisma", want: "model A { id Int @id }\n"},
		{name: "feature", rev: "feature", path: "prisma/schema.prisma", want: "model A { id Int @id\n name String }\n"},
		{name: "leading slash", rev: "feature", path: "/prisma/schema.prisma", want: "model A { id Int @id\n name String }\n"},
		{name: "missing", rev: "main", path: "prisma/other.prisma", notExist: true},
		{name: "folder is not a file", rev: "main", path: "prisma", notExist: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := r.ReadFile(resolve(t, r, tc.rev), tc.path)
			if tc.notExist {
				if !errors.Is(err, gitrepo.ErrNotExist) {
					t.Fatalf("ReadFile error = %v, want ErrNotExist", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ReadFile: %v", err)
			}
			if string(f.Data) != tc.want || f.Path != "prisma/schema.prisma" {
				t.Fatalf("ReadFile = %s %q, want %q", f.Path, f.Data, tc.want)
			}
		})
	}
}

func TestReadDir(t *testing.T) {
	_, r := history(t)
	c := resolve(t, r, "main")
	sqlOnly := func(n string) bool { return strings.HasSuffix(n, ".sql") }
	tests := []struct {
		name      string
		recursive bool
		want      []string
	}{
		{"top level only", false, []string{"db/schema/001_tables.sql"}},
		{"recursive", true, []string{"db/schema/001_tables.sql", "db/schema/nested/extra.sql"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files, err := r.ReadDir(c, "db/schema", tc.recursive, sqlOnly)
			if err != nil {
				t.Fatalf("ReadDir: %v", err)
			}
			var got []string
			for _, f := range files {
				got = append(got, f.Path)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("ReadDir = %v, want %v", got, tc.want)
			}
		})
	}
	if _, err := r.ReadDir(c, "nope", false, sqlOnly); !errors.Is(err, gitrepo.ErrNotExist) {
		t.Fatalf("ReadDir(nope) error = %v, want ErrNotExist", err)
	}
	for p, want := range map[string]bool{"db/schema": true, "db/schema/001_tables.sql": false, "nope": false, "": true} {
		if got, err := r.IsDir(c, p); err != nil || got != want {
			t.Errorf("IsDir(%q) = %v, %v; want %v", p, got, err, want)
		}
	}
}

func TestResolveUnknownRevision(t *testing.T) {
	_, r := history(t)
	if _, err := r.Resolve("no-such-branch"); err == nil || !strings.Contains(err.Error(), `revision "no-such-branch": not found`) {
		t.Fatalf("Resolve error = %v", err)
	}
}
