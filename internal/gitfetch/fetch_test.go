package gitfetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

const (
	backend = "/usr/lib/git-core/git-http-backend"
	token   = "ghs_testtoken"
)

// need fails under CI when a tool is missing, and skips otherwise.
func need(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI: %v", path, err)
		}
		t.Skipf("%s not installed: %v", path, err)
	}
}

// gitCmd runs git in dir with a fixed identity and clock.
func gitCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// remote is an upstream bare repository served over smart HTTP by git
// http-backend, behind a token check as GitHub's git endpoints are, with a
// work tree to make commits from.
type remote struct {
	work, bare string
	url        string
	mu         sync.Mutex
	// packBytes are the sizes of the upload-pack answers, one per fetch
	// round.
	packBytes []int
}

// countingWriter measures what the backend sends.
type countingWriter struct {
	http.ResponseWriter
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.n += n
	return n, err
}

func newRemote(t *testing.T) *remote {
	t.Helper()
	need(t, backend)
	root := t.TempDir()
	r := &remote{work: filepath.Join(root, "work"), bare: filepath.Join(root, "srv", "octo", "shop.git")}
	if err := os.MkdirAll(r.work, 0o755); err != nil {
		t.Fatal(err)
	}
	gitCmd(t, r.work, "init", "-q", "-b", "main")
	h := &cgi.Handler{Path: backend, Env: []string{"GIT_PROJECT_ROOT=" + filepath.Join(root, "srv"), "GIT_HTTP_EXPORT_ALL=1"}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		user, pass, ok := req.BasicAuth()
		if !ok || user != "x-access-token" || pass != token {
			w.Header().Set("WWW-Authenticate", `Basic realm="GitHub"`)
			http.Error(w, "Invalid username or token.", http.StatusUnauthorized)
			return
		}
		cw := &countingWriter{ResponseWriter: w}
		h.ServeHTTP(cw, req)
		if strings.HasSuffix(req.URL.Path, "/git-upload-pack") {
			r.mu.Lock()
			r.packBytes = append(r.packBytes, cw.n)
			r.mu.Unlock()
		}
	}))
	t.Cleanup(srv.Close)
	r.url = srv.URL + "/octo/shop.git"
	return r
}

// commit writes a file in the work tree and commits it.
func (r *remote) commit(t *testing.T, file, content string) string {
	t.Helper()
	if err := os.WriteFile(filepath.Join(r.work, file), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	gitCmd(t, r.work, "add", file)
	gitCmd(t, r.work, "commit", "-q", "-m", "change "+file)
	return gitCmd(t, r.work, "rev-parse", "HEAD")
}

// publish mirrors the work tree's main into the bare repository and puts
// branch at refs/pull/1/head (a fork's branch: not a head of upstream).
func (r *remote) publish(t *testing.T, branch string) {
	t.Helper()
	if _, err := os.Stat(r.bare); err != nil {
		if err := os.MkdirAll(filepath.Dir(r.bare), 0o755); err != nil {
			t.Fatal(err)
		}
		gitCmd(t, filepath.Dir(r.bare), "init", "-q", "--bare", r.bare)
	}
	gitCmd(t, r.work, "push", "-q", "--force", r.bare, "main:refs/heads/main", branch+":refs/pull/1/head")
}

func (r *remote) fetches() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.packBytes)
}

// history: 25 commits on main, a fork branch of 3 commits from the 25th,
// then 12 more commits on main: the merge base is the 13th commit from
// main's tip and the 4th from the pull request's, the root the 37th and
// the 28th.
func history(t *testing.T, r *remote) (root, mergeBase, prHead string) {
	root = r.commit(t, "schema.sql", "-- 0\n")
	for i := 1; i < 25; i++ {
		r.commit(t, "schema.sql", fmt.Sprintf("-- %d\n", i))
	}
	mergeBase = gitCmd(t, r.work, "rev-parse", "HEAD")
	gitCmd(t, r.work, "checkout", "-q", "-b", "fork")
	for i := range 3 {
		prHead = r.commit(t, "feature.sql", fmt.Sprintf("-- feature %d\n", i))
	}
	gitCmd(t, r.work, "checkout", "-q", "main")
	for i := range 12 {
		r.commit(t, "schema.sql", fmt.Sprintf("-- later %d\n", i))
	}
	r.publish(t, "fork")
	return root, mergeBase, prHead
}

func TestFetchShallowDeepensToTheMergeBase(t *testing.T) {
	r := newRemote(t)
	root, mergeBase, prHead := history(t, r)
	dir := filepath.Join(t.TempDir(), "octo", "shop.git")
	refs := []string{"refs/heads/main", "refs/pull/1/head"}
	f := Fetcher{Depth: 2, Deepen: []int{8, 16, 32}}
	repo, err := f.Fetch(context.Background(), dir, r.url, token, refs)
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Resolve("refs/pull/1/head")
	if err != nil || head.Hash.String() != prHead {
		t.Fatalf("refs/pull/1/head = %v, %v; want %s", head, err, prHead)
	}
	mainC, err := repo.Resolve("refs/heads/main")
	if err != nil {
		t.Fatal(err)
	}
	mb, err := repo.MergeBase(mainC, head)
	if err != nil || mb.Hash.String() != mergeBase {
		t.Fatalf("merge base = %v, %v; want %s", mb, err, mergeBase)
	}
	// Depth 2 and 8 could not reach the merge base, 16 did: three rounds,
	// and the root commit was never fetched.
	if n := r.fetches(); n != 3 {
		t.Errorf("%d fetch rounds, want 3 (depth 2, 8, 16)", n)
	}
	g, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.CommitObject(plumbing.NewHash(root)); !errors.Is(err, plumbing.ErrObjectNotFound) {
		t.Errorf("root commit present (err %v): the fetch was not shallow", err)
	}

	// A new commit on main and a force-pushed pull request head: the next
	// job fetches into the same folder and gets only what is new.
	first := r.packBytes[len(r.packBytes)-1]
	newMain := r.commit(t, "schema.sql", "-- after the first fetch\n")
	gitCmd(t, r.work, "checkout", "-q", "fork")
	gitCmd(t, r.work, "commit", "-q", "--amend", "-m", "rewritten")
	rewritten := gitCmd(t, r.work, "rev-parse", "HEAD")
	gitCmd(t, r.work, "checkout", "-q", "main")
	r.publish(t, "fork")
	before := r.fetches()
	repo, err = f.Fetch(context.Background(), dir, r.url, token, refs)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := repo.Resolve("refs/heads/main"); err != nil || c.Hash.String() != newMain {
		t.Fatalf("main after the push = %v, %v; want %s", c, err, newMain)
	}
	if c, err := repo.Resolve("refs/pull/1/head"); err != nil || c.Hash.String() != rewritten {
		t.Fatalf("pull head after a force push = %v, %v; want %s", c, err, rewritten)
	}
	if n := r.fetches() - before; n != 1 {
		t.Errorf("%d fetch rounds for the second job, want 1", n)
	}
	if second := r.packBytes[len(r.packBytes)-1]; second >= first {
		t.Errorf("second fetch sent %d bytes, first round %d: want only the missing objects", second, first)
	}
}

func TestFetchFallsBackToTheWholeHistory(t *testing.T) {
	r := newRemote(t)
	root, mergeBase, _ := history(t, r)
	dir := t.TempDir()
	repo, err := Fetcher{Depth: 1, Deepen: []int{2}}.Fetch(context.Background(), dir, r.url, token, []string{"refs/heads/main", "refs/pull/1/head"})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := repo.Resolve("refs/heads/main")
	b, _ := repo.Resolve("refs/pull/1/head")
	if mb, err := repo.MergeBase(a, b); err != nil || mb.Hash.String() != mergeBase {
		t.Fatalf("merge base = %v, %v", mb, err)
	}
	if _, err := repo.Resolve(root); err != nil {
		t.Fatalf("root commit missing after the full fetch: %v", err)
	}
}

func TestFetchErrors(t *testing.T) {
	r := newRemote(t)
	history(t, r)
	cases := []struct {
		name, url, token string
		refs             []string
		want             error
	}{
		{"bad token", r.url, "ghs_wrong", []string{"refs/heads/main"}, ErrUnauthorized},
		{"missing ref", r.url, token, []string{"refs/pull/99/head"}, ErrNotFound},
		{"missing repository", strings.Replace(r.url, "shop.git", "nope.git", 1), token, []string{"refs/heads/main"}, ErrNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Fetch(context.Background(), t.TempDir(), tc.url, tc.token, tc.refs)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), tc.token) {
				t.Fatalf("error leaks the token: %v", err)
			}
		})
	}
	if _, err := Fetch(context.Background(), t.TempDir(), r.url, token, []string{"main"}); err == nil {
		t.Fatal("a short ref name was accepted")
	}
}
