package githubfake

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-github/v60/github"
)

// manyFiles returns n files under dir/.
func manyFiles(dir string, n int) map[string]string {
	files := map[string]string{}
	for i := range n {
		files[fmt.Sprintf("%s/f%04d.txt", dir, i)] = fmt.Sprintf("line one of %d\nline two\n", i)
	}
	return files
}

func TestPullRequestFilesPagination(t *testing.T) {
	e := newEnv(t, Options{})
	files := manyFiles("many", 250)
	files["prisma/schema.prisma"] = strings.Replace(schemaV1, "email String @unique", "email String @unique\n  name  String?", 1)
	if _, _, err := e.s.Push(PushSpec{Repo: "acme/shop", Branch: "feature", Author: "alice", Files: files, Delete: []string{"README.md"}}); err != nil {
		t.Fatal(err)
	}
	n, opened, err := e.s.OpenPullRequest(PullSpec{Repo: "acme/shop", Head: "feature", Title: "Add name", Author: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if opened.Event != "pull_request" || opened.Action != "opened" {
		t.Fatalf("delivery = %s.%s", opened.Event, opened.Action)
	}
	c := e.client(t)
	var all []*github.CommitFile
	opt := &github.ListOptions{PerPage: 100}
	pages := 0
	for {
		page, resp, err := c.PullRequests.ListFiles(e.ctx, "acme", "shop", n, opt)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if pages == 1 {
			link := resp.Header.Get("Link")
			if !strings.Contains(link, `rel="next"`) || !strings.Contains(link, `rel="last"`) || resp.LastPage != 3 {
				t.Errorf("first page Link = %q (last %d)", link, resp.LastPage)
			}
		}
		all = append(all, page...)
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	if pages != 3 || len(all) != 252 {
		t.Fatalf("%d pages, %d files; want 3 pages, 252 files", pages, len(all))
	}
	byName := map[string]*github.CommitFile{}
	for _, f := range all {
		byName[f.GetFilename()] = f
	}
	schema := byName["prisma/schema.prisma"]
	wantPatch := "@@ -6,4 +6,5 @@ datasource db {\n model User {\n   id    Int    @id @default(autoincrement())\n   email String @unique\n+  name  String?\n }"
	if schema.GetStatus() != "modified" || schema.GetPatch() != wantPatch || schema.GetAdditions() != 1 || schema.GetDeletions() != 0 {
		t.Errorf("schema file = %s %q +%d -%d", schema.GetStatus(), schema.GetPatch(), schema.GetAdditions(), schema.GetDeletions())
	}
	if f := byName["README.md"]; f.GetStatus() != "removed" || f.GetDeletions() != 1 {
		t.Errorf("README.md = %+v", f)
	}
	if f := byName["many/f0007.txt"]; f.GetStatus() != "added" || f.GetPatch() != "@@ -0,0 +1,2 @@\n+line one of 7\n+line two" {
		t.Errorf("added file = %+v", f)
	}
	// per_page above 100 is served as 100.
	page, _, err := c.PullRequests.ListFiles(e.ctx, "acme", "shop", n, &github.ListOptions{PerPage: 500})
	if err != nil || len(page) != 100 {
		t.Errorf("per_page=500 gave %d files (%v)", len(page), err)
	}
	got, _, err := c.PullRequests.Get(e.ctx, "acme", "shop", n)
	if err != nil {
		t.Fatal(err)
	}
	if got.GetChangedFiles() != 252 || got.GetHead().GetRef() != "feature" || got.GetHead().GetSHA() != e.s.BranchSHA("acme/shop", "feature") ||
		got.GetBase().GetSHA() != e.s.BranchSHA("acme/shop", "main") || got.GetUser().GetLogin() != "alice" || got.GetState() != "open" {
		t.Errorf("pull request = %+v", got)
	}
	open, _, err := c.PullRequests.List(e.ctx, "acme", "shop", &github.PullRequestListOptions{State: "open"})
	if err != nil || len(open) != 1 || open[0].GetNumber() != n {
		t.Errorf("open pull requests = %v (%v)", open, err)
	}
	if _, _, err := c.PullRequests.Get(e.ctx, "acme", "shop", 99); err == nil {
		t.Error("pull request 99 exists")
	} else if status, _ := errStatus(t, err); status != 404 {
		t.Errorf("missing pull request: %d", status)
	}
}

func TestPullRequestFilesCap(t *testing.T) {
	if testing.Short() {
		t.Skip("3,050-file commit in -short mode")
	}
	e := newEnv(t, Options{})
	if _, _, err := e.s.Push(PushSpec{Repo: "acme/shop", Branch: "huge", Author: "alice", Files: manyFiles("gen", 3050)}); err != nil {
		t.Fatal(err)
	}
	n, _, err := e.s.OpenPullRequest(PullSpec{Repo: "acme/shop", Head: "huge", Title: "huge", Author: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	files, err := listAllFiles(e, t, n)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != maxPullFiles {
		t.Errorf("listed %d files, want GitHub's cap %d", len(files), maxPullFiles)
	}
}

func listAllFiles(e *env, t *testing.T, n int) ([]*github.CommitFile, error) {
	c := e.client(t)
	var all []*github.CommitFile
	opt := &github.ListOptions{PerPage: 100}
	for {
		page, resp, err := c.PullRequests.ListFiles(e.ctx, "acme", "shop", n, opt)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if resp.NextPage == 0 {
			return all, nil
		}
		opt.Page = resp.NextPage
	}
}

func TestContentsAndPermission(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client(t)
	sha, _, err := e.s.Push(PushSpec{Repo: "acme/shop", Branch: "feature", Author: "alice", Files: map[string]string{".github/migrate-bot.yml": "version: 1\n"}})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, path, ref string
		status          int
		want            string
	}{
		{"default branch", "prisma/schema.prisma", "", 200, schemaV1},
		{"branch", ".github/migrate-bot.yml", "feature", 200, "version: 1\n"},
		{"sha", ".github/migrate-bot.yml", sha, 200, "version: 1\n"},
		{"absent on main", ".github/migrate-bot.yml", "main", 404, ""},
		{"absent path", "nope.txt", "", 404, ""},
		{"unknown ref", "README.md", "no-such-branch", 404, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fc, _, _, err := c.Repositories.GetContents(e.ctx, "acme", "shop", tc.path, &github.RepositoryContentGetOptions{Ref: tc.ref})
			if tc.status != 200 {
				if status, _ := errStatus(t, err); status != tc.status {
					t.Errorf("status %d, want %d", status, tc.status)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := fc.GetContent()
			if err != nil || got != tc.want || fc.GetEncoding() != "base64" || fc.GetType() != "file" {
				t.Errorf("content %q (%v), encoding %q", got, err, fc.GetEncoding())
			}
		})
	}
	_, dir, _, err := c.Repositories.GetContents(e.ctx, "acme", "shop", "prisma", nil)
	if err != nil || len(dir) != 1 || dir[0].GetPath() != "prisma/schema.prisma" {
		t.Errorf("directory listing = %v (%v)", dir, err)
	}
	rc, _, err := c.Repositories.DownloadContents(e.ctx, "acme", "shop", "prisma/schema.prisma", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	buf := new(strings.Builder)
	if _, err := fmt.Fprint(buf, readAll(t, rc)); err != nil || buf.String() != schemaV1 {
		t.Errorf("download = %q", buf.String())
	}

	for _, p := range []struct{ user, role, want string }{{"maint", "maintain", "write"}, {"tri", "triage", "read"}, {"wri", "write", "write"}, {"adm", "admin", "admin"}} {
		if err := e.s.SetPermission("acme/shop", p.user, p.role); err != nil {
			t.Fatal(err)
		}
		lvl, _, err := c.Repositories.GetPermissionLevel(e.ctx, "acme", "shop", p.user)
		if err != nil || lvl.GetPermission() != p.want || lvl.GetUser().GetLogin() != p.user {
			t.Errorf("%s: permission %q (%v), want %q", p.user, lvl.GetPermission(), err, p.want)
		}
	}
	e.s.SetPermission("acme/shop", "bob", "")
	if lvl, _, err := c.Repositories.GetPermissionLevel(e.ctx, "acme", "shop", "bob"); err != nil || lvl.GetPermission() != "none" {
		t.Errorf("bob: %q (%v), want none on a private repository", lvl.GetPermission(), err)
	}
	if _, resp, err := c.Repositories.GetPermissionLevel(e.ctx, "acme", "shop", "ghost"); err == nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown user: %v", err)
	}
}
