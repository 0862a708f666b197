package bot

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/queue"
)

// TestReconcile: open pull requests whose head has no result and whose
// changes touch configured paths are returned; the others are not.
func TestReconcile(t *testing.T) {
	s := prismaScenario(t, schemaAddColumn)
	// #8 touches only the README; #9 is closed; #10 has a result already.
	s.g.Checkout("main")
	s.g.Branch("docs")
	s.g.Commit("docs", map[string]string{"README.md": "more docs\n"})
	s.g.Checkout("main")
	s.g.Branch("done")
	s.g.Commit("done", map[string]string{"prisma/schema.prisma": schemaDropColumn})
	for n, branch := range map[int]string{8: "docs", 9: "feature", 10: "done"} {
		s.gh.prs[n] = &ghapi.PullRequest{Number: n, State: "open", HeadRef: branch, HeadRepo: testRepo, BaseRef: "main", BaseRepo: testRepo}
	}
	s.gh.prs[9].State = "closed"
	if err := s.store.RecordResult(context.Background(), testRepo.FullName(), 10, s.gh.branchTip("done"), ConclusionFailure); err != nil {
		t.Fatal(err)
	}
	jobs, err := s.bot.Reconcile(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 1 {
		t.Fatalf("jobs %+v, want only #7", jobs)
	}
	want := queue.PullRequestJob{InstallationID: 1, Repo: queue.Repo{Owner: "acme", Name: "shop"}, Number: 7, HeadSHA: s.head(), Event: EventReconcile}
	if jobs[0] != want {
		t.Errorf("job %+v, want %+v", jobs[0], want)
	}
	// Once #7's head has a result, nothing is left.
	s.run(EventReconcile)
	s.run("pull_request.synchronize") // the bot's commit is the new head
	if jobs, err = s.bot.Reconcile(context.Background()); err != nil || len(jobs) != 0 {
		t.Errorf("after the runs: jobs %+v, err %v", jobs, err)
	}
}

// TestReconcileErrors: a broken repository is skipped, a rate limit stops
// the sweep with a snooze.
func TestReconcileErrors(t *testing.T) {
	t.Run("one repository failing", func(t *testing.T) {
		s := prismaScenario(t, schemaAddColumn)
		s.gh.extraRepos = []ghapi.Repo{{Owner: "acme", Name: "gone"}}
		s.gh.fail("OpenPullRequests", nil, &ghapi.APIError{Status: 404, Message: "Not Found"})
		jobs, err := s.bot.Reconcile(context.Background())
		if err != nil || len(jobs) != 1 {
			t.Errorf("jobs %+v, err %v", jobs, err)
		}
	})
	t.Run("rate limit", func(t *testing.T) {
		s := prismaScenario(t, schemaAddColumn)
		s.gh.fail("OpenPullRequests", &ghapi.RateLimitError{RetryAfter: 120e9})
		_, err := s.bot.Reconcile(context.Background())
		if d, ok := queue.RetryDelay(err); !ok || d != 120e9 {
			t.Errorf("err %v, want a 2m snooze", err)
		}
	})
	t.Run("no configuration", func(t *testing.T) {
		s := newScenario(t, map[string]string{"prisma/schema.prisma": schemaBase}, map[string]string{"prisma/schema.prisma": schemaAddColumn})
		jobs, err := s.bot.Reconcile(context.Background())
		if err != nil || len(jobs) != 0 {
			t.Errorf("jobs %+v, err %v", jobs, err)
		}
	})
}

// TestInstallation: added repositories have their pull requests queued at
// once; removed ones lose their fetches.
func TestInstallation(t *testing.T) {
	s := prismaScenario(t, schemaAddColumn)
	repos := []queue.Repo{{Owner: "acme", Name: "shop"}}
	if err := s.bot.Installation(context.Background(), queue.InstallationJob{InstallationID: 1, Action: "added", Repos: repos, DeliveryID: "d9"}); err != nil {
		t.Fatal(err)
	}
	if len(s.queue.prs) != 1 || s.queue.prs[0].Number != 7 || s.queue.prs[0].DeliveryID != "d9" {
		t.Fatalf("queued %+v", s.queue.prs)
	}
	s.run("pull_request.opened")
	dir := s.bot.repoDir(testRepo)
	if err := os.MkdirAll(filepath.Join(dir, "pull-7"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := s.bot.Installation(context.Background(), queue.InstallationJob{InstallationID: 1, Action: "removed", Repos: repos}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("fetches of a removed repository remain: %v", err)
	}
	if err := s.bot.Installation(context.Background(), queue.InstallationJob{InstallationID: 1, Action: "new_action_from_github"}); err != nil {
		t.Errorf("unknown action: %v", err)
	}
}
