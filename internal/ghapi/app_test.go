package ghapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestAppJWTAndInstallationToken(t *testing.T) {
	f := newFake(t)
	f.mux.HandleFunc("GET /app/installations", func(w http.ResponseWriter, r *http.Request) {
		page := pageOf(r)
		link(w, r, page, 2)
		writeJSON(w, 200, []map[string]any{{"id": 100 + page, "account": map[string]any{"login": "octo-org", "type": "Organization"}, "app_id": testAppID}})
	})
	f.mux.HandleFunc("GET /repos/{owner}/{repo}/pulls/{n}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"number":7,"state":"open","draft":false,"title":"Add email","user":{"login":"alice","type":"User"},
 "head":{"ref":"feature","sha":"1111111111111111111111111111111111111111","repo":{"name":"shop","owner":{"login":"alice","type":"User"}}},
 "base":{"ref":"main","sha":"2222222222222222222222222222222222222222","repo":{"name":"shop","owner":{"login":"octo-org","type":"Organization"}}},
 "maintainer_can_modify":true,"merged":false}`)
	})
	m := &recordMetrics{}
	a := newTestApp(t, f, m)
	ctx := context.Background()
	ids, err := a.Installations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids) != "[101 102]" {
		t.Fatalf("installations = %v, want [101 102] over two pages", ids)
	}
	c := a.Client(101)
	if a.Client(101) != c {
		t.Fatal("Client is not cached per installation")
	}
	pr, err := c.PullRequest(ctx, testRepo, 7)
	if err != nil {
		t.Fatal(err)
	}
	want := PullRequest{Number: 7, State: "open", Title: "Add email", Author: "alice",
		HeadSHA: strings.Repeat("1", 40), HeadRef: "feature", HeadRepo: Repo{Owner: "alice", Name: "shop"},
		BaseRef: "main", BaseSHA: strings.Repeat("2", 40), BaseRepo: testRepo, MaintainerCanModify: true}
	if *pr != want || !pr.IsFork() {
		t.Fatalf("pull request = %+v\nwant %+v", *pr, want)
	}
	tokenReqs := f.calls("POST", "/app/installations/101/access_tokens")
	if len(tokenReqs) != 1 || !strings.HasPrefix(tokenReqs[0].Auth, "Bearer ") {
		t.Fatalf("token requests = %+v, want one with Bearer JWT", tokenReqs)
	}
	if got := f.calls("GET", "/repos/octo-org/shop/pulls/7"); len(got) != 1 || got[0].Auth != "token ghs_inst101" {
		t.Fatalf("pull request call auth = %+v, want token ghs_inst101", got)
	}
	tok, err := c.Token(ctx)
	if err != nil || tok != "ghs_inst101" {
		t.Fatalf("Token = %q, %v", tok, err)
	}
	if f.tokenCalls != 1 {
		t.Fatalf("token minted %d times, want 1 (cached until expiry)", f.tokenCalls)
	}
	if m.calls["GET /app/installations 200"] != 2 || m.calls["GET /repos/{owner}/{repo}/pulls/{n} 200"] != 1 {
		t.Fatalf("metrics calls = %v", m.calls)
	}
	if m.remaining[101] == 0 || m.remaining[0] == 0 {
		t.Fatalf("rate-limit remaining = %v, want values for the App (0) and installation 101", m.remaining)
	}
}

func TestWrongKeyIsUnauthorized(t *testing.T) {
	f := newFake(t)
	f.mux.HandleFunc("GET /app/installations", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, []any{}) })
	a, err := NewAppWithPolicy(testAppID, otherPM, f.URL(), nil, nil, fastPolicy)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := a.Installations(ctx); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("Installations with a foreign key: %v, want ErrUnauthorized", err)
	}
	_, err = a.Client(5).Token(ctx)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("Token with a foreign key: %v, want ErrUnauthorized", err)
	}
	if _, err := a.Client(5).PullRequest(ctx, testRepo, 1); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("call with no token: %v, want ErrUnauthorized", err)
	}
	if n := len(f.calls("POST", "/app/installations/5/access_tokens")); n != 2 {
		t.Fatalf("token endpoint called %d times, want 2 (no retry of a 401)", n)
	}
}

func TestNewAppRejectsBadInput(t *testing.T) {
	keys(t)
	cases := []struct {
		name string
		id   int64
		pem  []byte
		url  string
	}{
		{"zero id", 0, testPEM, ""},
		{"not a key", 1, []byte("-----BEGIN NOTHING-----"), ""},
		{"relative url", 1, testPEM, "api/"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewApp(tc.id, tc.pem, tc.url, nil, nil); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestEndpoint(t *testing.T) {
	cases := []struct{ method, path, want string }{
		{"GET", "/repos/o/r/pulls/12/files", "GET /repos/{owner}/{repo}/pulls/{n}/files"},
		{"GET", "/api/v3/repos/o/r/contents/db/schema.prisma", "GET /repos/{owner}/{repo}/contents/{path}"},
		{"PATCH", "/repos/o/r/git/refs/heads/feature/x", "PATCH /repos/{owner}/{repo}/git/refs/{ref}"},
		{"GET", "/repos/o/r/git/commits/" + strings.Repeat("a", 40), "GET /repos/{owner}/{repo}/git/commits/{sha}"},
		{"GET", "/repos/o/r/collaborators/alice/permission", "GET /repos/{owner}/{repo}/collaborators/{user}/permission"},
		{"POST", "/app/installations/9/access_tokens", "POST /app/installations/{n}/access_tokens"},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			if got := Endpoint(tc.method, tc.path); got != tc.want {
				t.Fatalf("Endpoint = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRepositoriesAndOpenPullRequests(t *testing.T) {
	f := newFake(t)
	f.mux.HandleFunc("GET /installation/repositories", func(w http.ResponseWriter, r *http.Request) {
		page := pageOf(r)
		link(w, r, page, 2)
		writeJSON(w, 200, map[string]any{"total_count": 2, "repository_selection": "selected",
			"repositories": []map[string]any{{"name": fmt.Sprintf("repo%d", page), "full_name": fmt.Sprintf("octo-org/repo%d", page), "owner": map[string]any{"login": "octo-org"}}}})
	})
	f.mux.HandleFunc("GET /repos/{owner}/{repo}/pulls", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("state") != "open" {
			t.Errorf("state = %q", r.URL.Query().Get("state"))
		}
		page := pageOf(r)
		link(w, r, page, 3)
		writeJSON(w, 200, []map[string]any{{"number": page, "state": "open", "head": map[string]any{"sha": fmt.Sprint(page), "ref": "f"}}})
	})
	c := newTestApp(t, f, nil).Client(3)
	repos, err := c.Repositories(context.Background())
	if err != nil || fmt.Sprint(repos) != "[{octo-org repo1} {octo-org repo2}]" {
		t.Fatalf("Repositories = %v, %v", repos, err)
	}
	prs, err := c.OpenPullRequests(context.Background(), testRepo)
	if err != nil || len(prs) != 3 || prs[2].Number != 3 || prs[2].HeadSHA != "3" {
		t.Fatalf("OpenPullRequests = %v, %v", prs, err)
	}
}
