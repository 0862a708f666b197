package bot

import (
	"context"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/migrate-bot/migrate-bot/internal/gitfetch"
	"github.com/migrate-bot/migrate-bot/internal/gitrepo"
)

const httpBackend = "/usr/lib/git-core/git-http-backend"

// serveOverHTTP serves the scenario's repository over smart HTTP with git
// http-backend, behind the installation token as GitHub's git endpoints
// are, and switches the bot to the real gitfetch. GitHub keeps
// refs/pull/7/head at the pull request's head; the server does the same
// before every request.
func (s *scenario) serveOverHTTP(t *testing.T) (requests *int) {
	t.Helper()
	if _, err := os.Stat(httpBackend); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI: %v", httpBackend, err)
		}
		t.Skipf("%s not installed: %v", httpBackend, err)
	}
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "acme"), 0o755); err != nil {
		t.Fatal(err)
	}
	// http-backend finds <path>/.git, so the work tree serves as is.
	if err := os.Symlink(s.g.Dir, filepath.Join(root, "acme", "shop.git")); err != nil {
		t.Fatal(err)
	}
	backend := &cgi.Handler{Path: httpBackend, Env: []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"}}
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		user, pass, ok := req.BasicAuth()
		if !ok || user != "x-access-token" || pass != "installation-token" {
			w.Header().Set("WWW-Authenticate", `Basic realm="GitHub"`)
			http.Error(w, "Invalid username or token.", http.StatusUnauthorized)
			return
		}
		ref := plumbing.NewHashReference("refs/pull/7/head", plumbing.NewHash(s.head()))
		if err := s.gh.git.Storer.SetReference(ref); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		n++
		backend.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	b := *s.bot
	b.gitURL = srv.URL + "/"
	b.fetch = func(ctx context.Context, dir, cloneURL, token string, refs []string) (*gitrepo.Repo, error) {
		s.fetch.calls = append(s.fetch.calls, fetchCall{Dir: dir, URL: cloneURL, Token: token, Refs: refs})
		return gitfetch.Fetch(ctx, dir, cloneURL, token, refs)
	}
	s.bot = &b
	return &n
}

// TestRealFetchOverSmartHTTP runs the usual life of a pull request with
// the real fetch: the bot's commit is seen by the next fetch, so its
// synchronize commits nothing, and a person's later push regenerates.
func TestRealFetchOverSmartHTTP(t *testing.T) {
	s := prismaScenario(t, schemaAddColumn)
	requests := s.serveOverHTTP(t)
	s.run("pull_request.opened")
	if len(s.gh.commits) != 1 || s.lastCheck().Conclusion != ConclusionSuccess {
		t.Fatalf("%d commits, conclusion %s", len(s.gh.commits), s.lastCheck().Conclusion)
	}
	s.run("pull_request.synchronize")
	if len(s.gh.commits) != 1 {
		t.Fatalf("the bot's synchronize committed again")
	}
	s.push("nickname", map[string]string{"prisma/schema.prisma": schemaAddTwoColumns})
	s.run("pull_request.synchronize")
	if len(s.gh.commits) != 2 {
		t.Fatalf("%d commits after a person's push, want 2", len(s.gh.commits))
	}
	if *requests == 0 {
		t.Fatal("nothing was fetched over HTTP")
	}
	dir := s.fetch.calls[0].Dir
	if _, err := os.Stat(filepath.Join(dir, "HEAD")); err != nil {
		t.Errorf("no bare repository in %s: %v", dir, err)
	}
	if !strings.HasPrefix(s.fetch.calls[0].URL, s.bot.gitURL) {
		t.Errorf("fetched %s", s.fetch.calls[0].URL)
	}
	// A closed pull request's fetch is removed.
	s.gh.prs[7].State = "closed"
	s.run("pull_request.closed")
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the closed pull request's fetch is still there: %v", err)
	}
}
