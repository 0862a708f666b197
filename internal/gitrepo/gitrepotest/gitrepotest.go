// Package gitrepotest builds small git repositories for tests with go-git:
// commits of whole file sets on named branches, with a fixed author and
// clock so hashes are reproducible.
package gitrepotest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Repo is a repository under construction in a temporary folder.
type Repo struct {
	// Dir is the work tree.
	Dir  string
	t    testing.TB
	repo *git.Repository
	wt   *git.Worktree
	tick int
}

// New initialises an empty repository in a new temporary folder, on branch
// main.
func New(t testing.TB) *Repo {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
	})
	if err != nil {
		t.Fatalf("git init %s: %v", dir, err)
	}
	wt, err := r.Worktree()
	if err != nil {
		t.Fatalf("worktree %s: %v", dir, err)
	}
	return &Repo{Dir: dir, t: t, repo: r, wt: wt}
}

// Commit writes files (path -> content; an empty content with a path
// ending in "!" is not special: use Remove to delete) on the current
// branch and commits them. It returns the commit hash.
func (r *Repo) Commit(msg string, files map[string]string) plumbing.Hash {
	r.t.Helper()
	for p, content := range files {
		full := filepath.Join(r.Dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			r.t.Fatalf("mkdir for %s: %v", p, err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			r.t.Fatalf("write %s: %v", p, err)
		}
		if _, err := r.wt.Add(p); err != nil {
			r.t.Fatalf("git add %s: %v", p, err)
		}
	}
	return r.commit(msg)
}

// Remove deletes paths on the current branch and commits.
func (r *Repo) Remove(msg string, paths ...string) plumbing.Hash {
	r.t.Helper()
	for _, p := range paths {
		if _, err := r.wt.Remove(p); err != nil {
			r.t.Fatalf("git rm %s: %v", p, err)
		}
	}
	return r.commit(msg)
}

func (r *Repo) commit(msg string) plumbing.Hash {
	r.t.Helper()
	r.tick++
	sig := &object.Signature{
		Name:  "Test Author",
		Email: "test@example.com",
		When:  time.Date(2025, 1, 1, 0, 0, r.tick, 0, time.UTC),
	}
	h, err := r.wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
	if err != nil {
		r.t.Fatalf("git commit %q: %v", msg, err)
	}
	return h
}

// Branch creates branch name at the current commit and switches to it.
func (r *Repo) Branch(name string) {
	r.t.Helper()
	if err := r.wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(name), Create: true}); err != nil {
		r.t.Fatalf("git checkout -b %s: %v", name, err)
	}
}

// Checkout switches to an existing branch.
func (r *Repo) Checkout(name string) {
	r.t.Helper()
	if err := r.wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(name)}); err != nil {
		r.t.Fatalf("git checkout %s: %v", name, err)
	}
}
