package gitfetch

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/config"
	"github.com/migrate-bot/migrate-bot/internal/pipeline"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// TestFetchedCloneFeedsThePipeline: a shallow bare clone holds what the
// engine run needs (both sides, the changed paths, the config at base).
func TestFetchedCloneFeedsThePipeline(t *testing.T) {
	r := newRemote(t)
	write := func(p, content string) {
		full := filepath.Join(r.work, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		gitCmd(t, r.work, "add", p)
	}
	write(config.Path, "version: 1\nprojects:\n  - name: shop\n    schema: db/schema.sql\n    dialect: postgres\n    migrations: db/migrations\n")
	write("db/schema.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
	gitCmd(t, r.work, "commit", "-q", "-m", "base")
	for i := range 10 {
		r.commit(t, "notes.txt", strings.Repeat("x", i))
	}
	gitCmd(t, r.work, "checkout", "-q", "-b", "fork")
	write("db/schema.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n")
	gitCmd(t, r.work, "commit", "-q", "-m", "email")
	gitCmd(t, r.work, "checkout", "-q", "main")
	for i := range 5 {
		r.commit(t, "notes.txt", strings.Repeat("y", i))
	}
	r.publish(t, "fork")

	repo, err := Fetcher{Depth: 1, Deepen: []int{4}}.Fetch(context.Background(), t.TempDir(), r.url, token, []string{"refs/heads/main", "refs/pull/1/head"})
	if err != nil {
		t.Fatal(err)
	}
	base, err := repo.Resolve("refs/heads/main")
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Resolve("refs/pull/1/head")
	if err != nil {
		t.Fatal(err)
	}
	mb, err := repo.MergeBase(base, head)
	if err != nil {
		t.Fatal(err)
	}
	f, err := repo.ReadFile(base, config.Path)
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
	res, err := pipeline.Run(context.Background(), pipeline.Input{Repo: repo, MergeBase: mb, Head: head, Config: cfg,
		Changed: changed, Name: "add email", FailOn: report.SeverityError})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 0 || len(res.Projects) != 1 || len(res.Projects[0].Files) != 2 {
		t.Fatalf("result = %+v", res)
	}
	if up := res.Projects[0].Files[0]; !strings.Contains(up.Content, `ADD COLUMN "email" text`) || !strings.HasPrefix(up.RepoPath, "db/migrations/") {
		t.Fatalf("up file %s:\n%s", up.RepoPath, up.Content)
	}
}
