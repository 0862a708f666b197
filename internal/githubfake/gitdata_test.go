package githubfake

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/google/go-github/v60/github"
)

// commitThroughAPI writes files on branch through the Git Data API as the
// bot does: blobs, a tree on the parent's tree, a commit, a ref update
// without force.
func commitThroughAPI(t *testing.T, e *env, c *github.Client, repo, branch, parent string, files map[string]string, del []string) (string, error) {
	t.Helper()
	owner, name, _ := strings.Cut(repo, "/")
	pc, _, err := c.Git.GetCommit(e.ctx, owner, name, parent)
	if err != nil {
		return "", err
	}
	var entries []*github.TreeEntry
	for p, content := range files {
		blob, _, err := c.Git.CreateBlob(e.ctx, owner, name, &github.Blob{Content: github.String(content), Encoding: github.String("utf-8")})
		if err != nil {
			return "", err
		}
		entries = append(entries, &github.TreeEntry{Path: github.String(p), Mode: github.String("100644"), Type: github.String("blob"), SHA: blob.SHA})
	}
	for _, p := range del {
		entries = append(entries, &github.TreeEntry{Path: github.String(p), Mode: github.String("100644"), Type: github.String("blob")})
	}
	tree, _, err := c.Git.CreateTree(e.ctx, owner, name, pc.GetTree().GetSHA(), entries)
	if err != nil {
		return "", err
	}
	commit, _, err := c.Git.CreateCommit(e.ctx, owner, name, &github.Commit{
		Message: github.String("migrate-bot: add migration"), Tree: &github.Tree{SHA: tree.SHA}, Parents: []*github.Commit{{SHA: github.String(parent)}},
	}, nil)
	if err != nil {
		return "", err
	}
	if !commit.GetVerification().GetVerified() {
		t.Errorf("an App commit without author is verified on GitHub; got %+v", commit.GetVerification())
	}
	_, _, err = c.Git.UpdateRef(e.ctx, owner, name, &github.Reference{Ref: github.String("refs/heads/" + branch), Object: &github.GitObject{SHA: commit.SHA}}, false)
	return commit.GetSHA(), err
}

func gitCLI(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_CONFIG_NOSYSTEM=1", "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func TestGitDataAPIAndSmartHTTP(t *testing.T) {
	e := newEnv(t, Options{})
	n := openSchemaPR(t, e)
	c := e.client(t)
	tok := e.token(t)
	head := e.s.PullHead("acme/shop", n)

	// A go-git clone with the token, as internal/gitfetch does.
	auth := &githttp.BasicAuth{Username: "x-access-token", Password: tok}
	cloneURL := e.s.GitURL() + "acme/shop.git"
	dir := t.TempDir()
	repo, err := git.PlainCloneContext(e.ctx, dir, true, &git.CloneOptions{URL: cloneURL, Auth: auth})
	if err != nil {
		t.Fatal(err)
	}
	fetchPull := func() string {
		t.Helper()
		err := repo.FetchContext(e.ctx, &git.FetchOptions{Auth: auth, RefSpecs: []config.RefSpec{"+refs/pull/1/head:refs/remotes/pull/1"}, Force: true})
		if err != nil && err != git.NoErrAlreadyUpToDate {
			t.Fatal(err)
		}
		ref, err := repo.Reference(plumbing.ReferenceName("refs/remotes/pull/1"), true)
		if err != nil {
			t.Fatal(err)
		}
		return ref.Hash().String()
	}
	if got := fetchPull(); got != head {
		t.Fatalf("refs/pull/1/head fetched %s, want %s", got, head)
	}

	botCommit, err := commitThroughAPI(t, e, c, "acme/shop", "feature", head, map[string]string{"prisma/migrations/migration_lock.toml": "provider = \"postgresql\"\n"}, []string{"README.md"})
	if err != nil {
		t.Fatal(err)
	}
	if got := fetchPull(); got != botCommit {
		t.Errorf("after the API commit refs/pull/1/head is %s, want %s", got, botCommit)
	}
	if e.s.PullHead("acme/shop", n) != botCommit {
		t.Error("the pull request's head did not follow its branch")
	}
	commits, err := e.s.Commits("acme/shop", head, "feature")
	if err != nil || len(commits) != 1 || commits[0].AuthorName != "migrate-bot[bot]" || !commits[0].Verified || commits[0].Parents[0] != head {
		t.Errorf("bot commit = %+v (%v)", commits, err)
	}
	if _, err := e.s.FileAt("acme/shop", botCommit, "README.md"); err == nil {
		t.Error("README.md survived its deletion through the tree API")
	}

	// A stale parent: the branch moved on, the update must not force.
	if _, err := commitThroughAPI(t, e, c, "acme/shop", "feature", head, map[string]string{"x.txt": "x\n"}, nil); err == nil {
		t.Error("a non-fast-forward update was accepted")
	} else if status, msg := errStatus(t, err); status != 422 || msg != "Update is not a fast forward" {
		t.Errorf("non-fast-forward: %d %q", status, msg)
	}
	if e.s.BranchSHA("acme/shop", "feature") != botCommit {
		t.Error("the refused update moved the branch")
	}
	ref, _, err := c.Git.GetRef(e.ctx, "acme", "shop", "heads/feature")
	if err != nil || ref.GetObject().GetSHA() != botCommit {
		t.Errorf("GetRef = %+v (%v)", ref, err)
	}
	if _, _, err := c.Git.GetRef(e.ctx, "acme", "shop", "heads/nope"); err == nil {
		t.Error("an unknown ref was found")
	}

	// The git CLI sees the API commit, and its push moves refs/pull/1/head.
	work := t.TempDir()
	authURL, _ := url.Parse(cloneURL)
	authURL.User = url.UserPassword("x-access-token", tok)
	gitCLI(t, work, "clone", "--quiet", "--branch", "feature", authURL.String(), ".")
	if got := gitCLI(t, work, "rev-parse", "HEAD"); got != botCommit {
		t.Errorf("git clone HEAD %s, want %s", got, botCommit)
	}
	if err := os.WriteFile(filepath.Join(work, "pushed.txt"), []byte("pushed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitCLI(t, work, "add", "pushed.txt")
	gitCLI(t, work, "-c", "user.name=bob", "-c", "user.email=bob@example.com", "commit", "--quiet", "-m", "push over http")
	gitCLI(t, work, "push", "--quiet", "origin", "feature")
	pushed := gitCLI(t, work, "rev-parse", "HEAD")
	if got := fetchPull(); got != pushed {
		t.Errorf("after git push refs/pull/1/head is %s, want %s", got, pushed)
	}

	// Bad credentials on git.
	bad := &githttp.BasicAuth{Username: "x-access-token", Password: "ghs_wrong"}
	if _, err := git.PlainCloneContext(context.Background(), t.TempDir(), true, &git.CloneOptions{URL: cloneURL, Auth: bad}); err == nil {
		t.Error("a clone with a wrong token succeeded")
	}
	resp, err := http.Get(cloneURL + "/info/refs?service=git-upload-pack")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("anonymous info/refs: %d", resp.StatusCode)
	}
}

func TestForkPullRequests(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client(t)
	fork := func(owner, ownerType string, canModify bool) (int, string) {
		t.Helper()
		if _, err := e.s.Fork("acme/shop", owner, ownerType, ""); err != nil {
			t.Fatal(err)
		}
		sha, _, err := e.s.Push(PushSpec{Repo: owner + "/shop", Branch: "patch", Author: owner, Files: map[string]string{"prisma/schema.prisma": schemaV1 + "\nmodel Post {\n  id Int @id\n}\n"}})
		if err != nil {
			t.Fatal(err)
		}
		n, _, err := e.s.OpenPullRequest(PullSpec{Repo: "acme/shop", HeadRepo: owner + "/shop", Head: "patch", Title: "posts", Author: owner, MaintainerCanModify: canModify})
		if err != nil {
			t.Fatal(err)
		}
		return n, sha
	}
	userPR, userHead := fork("carol", "User", true)
	orgPR, orgHead := fork("initech", "Organization", true)
	closedPR, closedHead := fork("dave", "User", false)

	// refs/pull/N/head exists in the base repository for every fork PR.
	for n, want := range map[int]string{userPR: userHead, orgPR: orgHead, closedPR: closedHead} {
		got, _, err := c.Git.GetRef(e.ctx, "acme", "shop", "pull/"+itoa(int64(n))+"/head")
		if err != nil || got.GetObject().GetSHA() != want {
			t.Errorf("refs/pull/%d/head = %v (%v), want %s", n, got.GetObject().GetSHA(), err, want)
		}
		pr, _, err := c.PullRequests.Get(e.ctx, "acme", "shop", n)
		if err != nil || pr.GetHead().GetRepo().GetFullName() == "acme/shop" || pr.GetHead().GetSHA() != want {
			t.Errorf("pull %d head = %+v (%v)", n, pr.GetHead(), err)
		}
	}
	files, _, err := c.PullRequests.ListFiles(e.ctx, "acme", "shop", userPR, nil)
	if err != nil || len(files) != 1 || !strings.Contains(files[0].GetPatch(), "+model Post {") {
		t.Errorf("fork PR files = %v (%v)", files, err)
	}
	// A user's fork with "Allow edits from maintainers" takes the App's
	// commit on the PR branch; an organization's fork and a closed door do not.
	if _, err := commitThroughAPI(t, e, c, "carol/shop", "patch", userHead, map[string]string{"m.sql": "SELECT 1;\n"}, nil); err != nil {
		t.Errorf("maintainer edit of a user fork: %v", err)
	}
	for _, owner := range []string{"initech", "dave"} {
		head := e.s.BranchSHA(owner+"/shop", "patch")
		_, _, err := c.Git.CreateBlob(e.ctx, owner, "shop", &github.Blob{Content: github.String("x"), Encoding: github.String("utf-8")})
		if status, msg := errStatus(t, err); status != 403 || msg != "Resource not accessible by integration" {
			t.Errorf("%s: blob on a fork without push access: %d %q", owner, status, msg)
		}
		if e.s.BranchSHA(owner+"/shop", "patch") != head {
			t.Errorf("%s: fork branch moved", owner)
		}
	}
	if e.s.PullHead("acme/shop", userPR) == userHead {
		t.Error("refs/pull/N/head did not follow the maintainer edit on the fork")
	}
}
