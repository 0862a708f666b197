package githubfake

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
)

func TestFaults(t *testing.T) {
	e := newEnv(t, Options{})
	n := openSchemaPR(t, e)
	c := e.client(t)
	files := "/repos/acme/shop/pulls/*/files"

	t.Run("502 then 200", func(t *testing.T) {
		f := e.s.Fail(http.MethodGet, files, 2, http.StatusBadGateway)
		for i := range 2 {
			_, resp, err := c.PullRequests.ListFiles(e.ctx, "acme", "shop", n, nil)
			if err == nil || resp.StatusCode != http.StatusBadGateway {
				t.Fatalf("call %d: status %d (%v), want 502", i, resp.StatusCode, err)
			}
		}
		got, _, err := c.PullRequests.ListFiles(e.ctx, "acme", "shop", n, nil)
		if err != nil || len(got) != 2 {
			t.Fatalf("third call: %d files (%v)", len(got), err)
		}
		if e.s.FaultHits(f) != 2 || e.s.CountRequests(http.MethodGet, files, http.StatusBadGateway) != 2 || e.s.CountRequests(http.MethodGet, files, 200) != 1 {
			t.Errorf("hits %d; logged 502s %d, 200s %d", e.s.FaultHits(f), e.s.CountRequests(http.MethodGet, files, 502), e.s.CountRequests(http.MethodGet, files, 200))
		}
	})
	t.Run("secondary rate limit", func(t *testing.T) {
		e.s.SecondaryLimit(http.MethodPost, "/repos/acme/shop/issues/*/comments", 1, 7*time.Second)
		// A fresh client: go-github remembers a secondary limit per client
		// and would refuse the next call without sending it.
		c := e.client(t)
		_, resp, err := c.Issues.CreateComment(e.ctx, "acme", "shop", n, &github.IssueComment{Body: github.String("hi")})
		abuse, ok := err.(*github.AbuseRateLimitError)
		if !ok || abuse.RetryAfter == nil || *abuse.RetryAfter != 7*time.Second || resp.Header.Get("Retry-After") != "7" {
			t.Fatalf("want an AbuseRateLimitError with RetryAfter 7s, got %T %v", err, err)
		}
		if len(e.s.IssueComments("acme/shop", n)) != 0 {
			t.Error("the refused comment was stored")
		}
	})
	t.Run("429", func(t *testing.T) {
		e.s.AddFault(&Fault{Method: http.MethodPatch, Path: "/repos/acme/shop/git/refs/heads/*", Times: 1, Status: http.StatusTooManyRequests, RetryAfter: 2 * time.Second})
		_, resp, err := c.Git.UpdateRef(e.ctx, "acme", "shop", &github.Reference{Ref: github.String("refs/heads/feature"), Object: &github.GitObject{SHA: github.String(e.s.PullHead("acme/shop", n))}}, false)
		if status, _ := errStatus(t, err); status != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "2" {
			t.Errorf("got %d Retry-After %q", status, resp.Header.Get("Retry-After"))
		}
	})
	t.Run("hold, then serve after the client gave up", func(t *testing.T) {
		held, release := e.s.HoldNext(http.MethodPost, "/repos/acme/shop/issues/*/comments")
		ctx, cancel := context.WithCancel(e.ctx)
		done := make(chan error, 1)
		go func() {
			_, _, err := c.Issues.CreateComment(ctx, "acme", "shop", n, &github.IssueComment{Body: github.String("written while the caller died")})
			done <- err
		}()
		<-held
		cancel() // the caller dies while GitHub holds its request
		if err := <-done; err == nil {
			t.Fatal("the cancelled call returned no error")
		}
		before := len(e.s.IssueComments("acme/shop", n))
		release()
		deadline := time.Now().Add(5 * time.Second)
		for len(e.s.IssueComments("acme/shop", n)) == before && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if got := len(e.s.IssueComments("acme/shop", n)); got != before+1 {
			t.Errorf("comments %d, want %d: a request GitHub received is carried out", got, before+1)
		}
	})
	t.Run("request log", func(t *testing.T) {
		var sawToken, sawJWT bool
		for _, r := range e.s.Requests() {
			if r.Route == "POST /app/installations/{id}/access_tokens" && r.Auth == "Bearer" && r.Status == 201 {
				sawJWT = true
			}
			if r.Route == "GET /repos/{owner}/{repo}/pulls/{number}/files" && r.Auth == "token" {
				sawToken = true
			}
		}
		if !sawToken || !sawJWT {
			t.Errorf("log misses the token exchange (%v) or a token call (%v)", sawJWT, sawToken)
		}
	})
}
