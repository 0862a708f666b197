package githubfake

import (
	"strings"
	"testing"

	"github.com/google/go-github/v60/github"
)

func TestGitDataValidation(t *testing.T) {
	e := newEnv(t, Options{})
	n := openSchemaPR(t, e)
	c := e.client(t)
	main := e.s.BranchSHA("acme/shop", "main")
	mainCommit, _, err := c.Git.GetCommit(e.ctx, "acme", "shop", main)
	if err != nil {
		t.Fatal(err)
	}
	baseTree := mainCommit.GetTree().GetSHA()
	blob, _, err := c.Git.CreateBlob(e.ctx, "acme", "shop", &github.Blob{Content: github.String("aGVsbG8K"), Encoding: github.String("base64")})
	if err != nil {
		t.Fatal(err)
	}
	if got, _, err := c.Git.GetBlobRaw(e.ctx, "acme", "shop", blob.GetSHA()); err != nil || string(got) != "hello\n" {
		t.Errorf("base64 blob reads back %q (%v)", got, err)
	}
	entry := func(path, mode, typ string, sha, content *string) *github.TreeEntry {
		return &github.TreeEntry{Path: github.String(path), Mode: github.String(mode), Type: github.String(typ), SHA: sha, Content: content}
	}
	treeCases := []struct {
		name    string
		base    string
		entries []*github.TreeEntry
		msg     string
	}{
		{"absolute path", baseTree, []*github.TreeEntry{entry("/etc/passwd", "100644", "blob", nil, github.String("x"))}, "malformed path"},
		{"dot-dot path", baseTree, []*github.TreeEntry{entry("a/../../b", "100644", "blob", nil, github.String("x"))}, "malformed path"},
		{"sha and content", baseTree, []*github.TreeEntry{entry("a.txt", "100644", "blob", blob.SHA, github.String("x"))}, "not both"},
		{"delete a missing path", baseTree, []*github.TreeEntry{entry("nope.txt", "100644", "blob", nil, nil)}, "GitRPC::BadObjectState"},
		{"bad mode", baseTree, []*github.TreeEntry{entry("a.txt", "100600", "blob", nil, github.String("x"))}, "tree.mode"},
		{"unknown base tree", strings.Repeat("b", 40), []*github.TreeEntry{entry("a.txt", "100644", "blob", nil, github.String("x"))}, "base_tree"},
		{"blob sha that is not a blob", baseTree, []*github.TreeEntry{entry("a.txt", "100644", "blob", github.String(main), nil)}, "is not a valid blob"},
	}
	for _, tc := range treeCases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := c.Git.CreateTree(e.ctx, "acme", "shop", tc.base, tc.entries)
			if status, msg := errStatus(t, err); status != 422 || !strings.Contains(msg, tc.msg) {
				t.Errorf("got %d %q, want 422 containing %q", status, msg, tc.msg)
			}
		})
	}
	// A subtree grafted by sha, and an executable file, on the base tree.
	prisma, _, err := c.Git.GetTree(e.ctx, "acme", "shop", baseTree, false)
	if err != nil {
		t.Fatal(err)
	}
	var prismaSHA string
	for _, te := range prisma.Entries {
		if te.GetPath() == "prisma" {
			prismaSHA = te.GetSHA()
		}
	}
	tree, _, err := c.Git.CreateTree(e.ctx, "acme", "shop", baseTree, []*github.TreeEntry{
		entry("copy/prisma", "040000", "tree", github.String(prismaSHA), nil),
		entry("bin/run.sh", "100755", "blob", nil, github.String("#!/bin/sh\necho run\n")),
	})
	if err != nil {
		t.Fatal(err)
	}
	commit, _, err := c.Git.CreateCommit(e.ctx, "acme", "shop", &github.Commit{
		Message: github.String("graft"), Tree: &github.Tree{SHA: tree.SHA}, Parents: []*github.Commit{{SHA: github.String(main)}},
		Author: &github.CommitAuthor{Name: github.String("Alice"), Email: github.String("alice@example.com")},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if commit.GetVerification().GetVerified() || commit.GetAuthor().GetName() != "Alice" {
		t.Errorf("a commit with an author is not signed by GitHub: %+v", commit.GetVerification())
	}
	if got, err := e.s.FileAt("acme/shop", commit.GetSHA(), "copy/prisma/schema.prisma"); err != nil || string(got) != schemaV1 {
		t.Errorf("grafted tree: %q (%v)", got, err)
	}
	commitCases := []struct {
		name    string
		tree    string
		parents []string
		msg     string
	}{
		{"unknown tree", strings.Repeat("c", 40), []string{main}, "Tree SHA does not exist"},
		{"unknown parent", tree.GetSHA(), []string{strings.Repeat("d", 40)}, "Parent SHA does not exist"},
	}
	for _, tc := range commitCases {
		t.Run(tc.name, func(t *testing.T) {
			var parents []*github.Commit
			for _, p := range tc.parents {
				parents = append(parents, &github.Commit{SHA: github.String(p)})
			}
			_, _, err := c.Git.CreateCommit(e.ctx, "acme", "shop", &github.Commit{Message: github.String("m"), Tree: &github.Tree{SHA: github.String(tc.tree)}, Parents: parents}, nil)
			if status, msg := errStatus(t, err); status != 422 || !strings.Contains(msg, tc.msg) {
				t.Errorf("got %d %q, want 422 containing %q", status, msg, tc.msg)
			}
		})
	}
	refCases := []struct {
		name   string
		call   func() error
		msg    string
		status int
	}{
		{"create an existing branch", func() error {
			_, _, err := c.Git.CreateRef(e.ctx, "acme", "shop", &github.Reference{Ref: github.String("refs/heads/main"), Object: &github.GitObject{SHA: github.String(main)}})
			return err
		}, "Reference already exists", 422},
		{"update a pull request ref", func() error {
			_, _, err := c.Git.UpdateRef(e.ctx, "acme", "shop", &github.Reference{Ref: github.String("refs/pull/1/head"), Object: &github.GitObject{SHA: github.String(main)}}, true)
			return err
		}, "Reference cannot be updated", 422},
		{"update a missing branch", func() error {
			_, _, err := c.Git.UpdateRef(e.ctx, "acme", "shop", &github.Reference{Ref: github.String("refs/heads/nope"), Object: &github.GitObject{SHA: github.String(main)}}, false)
			return err
		}, "Reference does not exist", 422},
	}
	for _, tc := range refCases {
		t.Run(tc.name, func(t *testing.T) {
			if status, msg := errStatus(t, tc.call()); status != tc.status || !strings.Contains(msg, tc.msg) {
				t.Errorf("got %d %q, want %d containing %q", status, msg, tc.status, tc.msg)
			}
		})
	}
	// A new branch, then a forced move backwards: allowed with force.
	if _, _, err := c.Git.CreateRef(e.ctx, "acme", "shop", &github.Reference{Ref: github.String("refs/heads/graft"), Object: &github.GitObject{SHA: commit.SHA}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Git.UpdateRef(e.ctx, "acme", "shop", &github.Reference{Ref: github.String("refs/heads/graft"), Object: &github.GitObject{SHA: github.String(main)}}, false); err == nil {
		t.Error("moving a branch backwards without force was accepted")
	}
	if _, _, err := c.Git.UpdateRef(e.ctx, "acme", "shop", &github.Reference{Ref: github.String("refs/heads/graft"), Object: &github.GitObject{SHA: github.String(main)}}, true); err != nil {
		t.Errorf("forced update: %v", err)
	}
	// Closing a pull request moves it between the state filters.
	if _, err := e.s.ClosePullRequest("acme/shop", n, false); err != nil {
		t.Fatal(err)
	}
	for state, want := range map[string]int{"open": 0, "closed": 1, "all": 1} {
		list, _, err := c.PullRequests.List(e.ctx, "acme", "shop", &github.PullRequestListOptions{State: state})
		if err != nil || len(list) != want {
			t.Errorf("state=%s: %d pull requests (%v), want %d", state, len(list), err, want)
		}
	}
}
