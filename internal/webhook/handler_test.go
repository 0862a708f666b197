package webhook

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/queue"
	"github.com/migrate-bot/migrate-bot/internal/store/storetest"
)

const testSecret = "s3cr3t-for-tests"

// fakeQueue records what the handler enqueues; fail makes every call fail.
type fakeQueue struct {
	mu        sync.Mutex
	jobs      []string
	cancelled []string
	fail      error
}

func (q *fakeQueue) add(s string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.fail != nil {
		return q.fail
	}
	q.jobs = append(q.jobs, s)
	return nil
}
func (q *fakeQueue) EnqueuePullRequest(_ context.Context, j queue.PullRequestJob) error {
	return q.add("pr " + j.Repo.FullName() + " " + j.HeadSHA + " " + j.Event)
}
func (q *fakeQueue) EnqueueComment(_ context.Context, j queue.CommentJob) error {
	return q.add("comment " + j.Author)
}
func (q *fakeQueue) EnqueueCheckRunAction(_ context.Context, j queue.CheckRunActionJob) error {
	return q.add("action " + j.Identifier)
}
func (q *fakeQueue) EnqueueInstallation(_ context.Context, j queue.InstallationJob) error {
	return q.add("installation " + j.Action)
}
func (q *fakeQueue) CancelPullRequest(_ context.Context, r queue.Repo, n int) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.fail != nil {
		return 0, q.fail
	}
	q.cancelled = append(q.cancelled, r.FullName())
	return 0, nil
}

type countObserver struct {
	mu sync.Mutex
	n  map[string]int
}

func (o *countObserver) Delivery(event, outcome string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.n[event+" "+outcome]++
}

// post sends a delivery the way GitHub does.
func post(t *testing.T, h http.Handler, event, delivery string, body []byte, sign func(*http.Request)) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/webhook", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "GitHub-Hookshot/8f2b7e4")
	req.Header.Set(EventHeader, event)
	req.Header.Set(DeliveryHeader, delivery)
	req.Header.Set("X-GitHub-Hook-ID", "483920121")
	req.Header.Set("X-GitHub-Hook-Installation-Target-Type", "integration")
	req.Header.Set("X-GitHub-Hook-Installation-Target-ID", "987654")
	if sign != nil {
		sign(req)
	} else {
		req.Header.Set(SignatureHeader, SignatureValue([]byte(testSecret), body))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestHandler(t *testing.T) {
	storetest.Run(t, func(t *testing.T, tg storetest.Target) {
		st := tg.Open(t)
		q := &fakeQueue{}
		obs := &countObserver{n: map[string]int{}}
		h := NewHandler([]byte(testSecret), st, q, slog.New(slog.NewTextHandler(io.Discard, nil)), obs)
		opened := fixture(t, "pull_request.opened.json")
		steps := []struct {
			name, event, delivery string
			body                  []byte
			sign                  func(*http.Request)
			status                int
			jobs                  int // jobs in the fake queue after the step
		}{
			{name: "missing signature", event: "pull_request", delivery: "d1", body: opened, sign: func(r *http.Request) {}, status: 401},
			{name: "sha1 signature only", event: "pull_request", delivery: "d1", body: opened, sign: func(r *http.Request) {
				r.Header.Set("X-Hub-Signature", "sha1=0000000000000000000000000000000000000000")
			}, status: 401},
			{name: "forged signature", event: "pull_request", delivery: "d1", body: opened, sign: func(r *http.Request) {
				r.Header.Set(SignatureHeader, SignatureValue([]byte("wrong secret"), opened))
			}, status: 401},
			{name: "signed for another body", event: "pull_request", delivery: "d1", body: opened, sign: func(r *http.Request) {
				r.Header.Set(SignatureHeader, SignatureValue([]byte(testSecret), fixture(t, "pull_request.closed.json")))
			}, status: 401},
			{name: "opened", event: "pull_request", delivery: "d1", body: opened, status: 202, jobs: 1},
			{name: "redelivery", event: "pull_request", delivery: "d1", body: opened, status: 200, jobs: 1},
			{name: "comment with command", event: "issue_comment", delivery: "d2", body: fixture(t, "issue_comment.created.json"), status: 202, jobs: 2},
			{name: "bot comment ignored", event: "issue_comment", delivery: "d3", body: fixture(t, "issue_comment.created.by-bot.json"), status: 202, jobs: 2},
			{name: "button", event: "check_run", delivery: "d4", body: fixture(t, "check_run.requested_action.json"), status: 202, jobs: 3},
			{name: "installation", event: "installation", delivery: "d5", body: fixture(t, "installation.created.json"), status: 202, jobs: 4},
			{name: "closed cancels", event: "pull_request", delivery: "d6", body: fixture(t, "pull_request.closed.json"), status: 202, jobs: 4},
			{name: "unknown event", event: "push", delivery: "d7", body: fixture(t, "push.json"), status: 202, jobs: 4},
			{name: "no delivery id", event: "pull_request", delivery: "", body: opened, status: 400, jobs: 4},
			{name: "signed garbage", event: "pull_request", delivery: "d8", body: []byte("{not json"), status: 400, jobs: 4},
		}
		for _, s := range steps {
			rec := post(t, h, s.event, s.delivery, s.body, s.sign)
			if rec.Code != s.status {
				t.Fatalf("%s: status %d (%s), want %d", s.name, rec.Code, strings.TrimSpace(rec.Body.String()), s.status)
			}
			if len(q.jobs) != s.jobs {
				t.Fatalf("%s: %d jobs %v, want %d", s.name, len(q.jobs), q.jobs, s.jobs)
			}
		}
		// A rejected delivery stored nothing: its id is still fresh.
		if fresh, err := st.RecordDelivery(context.Background(), "d8", "pull_request", ""); err != nil || !fresh {
			t.Fatalf("d8 after a bad payload: fresh=%v err=%v; want nothing stored", fresh, err)
		}
		if len(q.cancelled) != 1 || q.cancelled[0] != "octo-shop/shop" {
			t.Fatalf("cancelled %v", q.cancelled)
		}
		want := map[string]int{"pull_request unauthorized": 4, "pull_request accepted": 2, "pull_request redelivery": 1,
			"issue_comment accepted": 1, "issue_comment ignored": 1, "check_run accepted": 1, "installation accepted": 1,
			"push ignored": 1, "pull_request bad_request": 2}
		for k, v := range want {
			if obs.n[k] != v {
				t.Errorf("deliveries %q = %d, want %d (all %v)", k, obs.n[k], v, obs.n)
			}
		}
	})
}

// TestHandlerForgetsDeliveryWhenEnqueueFails: 500, and the id is not kept,
// so a redelivery gets processed.
func TestHandlerForgetsDeliveryWhenEnqueueFails(t *testing.T) {
	storetest.Run(t, func(t *testing.T, tg storetest.Target) {
		st := tg.Open(t)
		q := &fakeQueue{fail: errors.New("database is down")}
		h := NewHandler([]byte(testSecret), st, q, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
		body := fixture(t, "pull_request.synchronize.json")
		if rec := post(t, h, "pull_request", "d-fail", body, nil); rec.Code != 500 {
			t.Fatalf("status %d, want 500", rec.Code)
		}
		q.fail = nil
		if rec := post(t, h, "pull_request", "d-fail", body, nil); rec.Code != 202 || len(q.jobs) != 1 {
			t.Fatalf("redelivery after failure: status %d jobs %v, want 202 and one job", rec.Code, q.jobs)
		}
	})
}

func TestHandlerLimits(t *testing.T) {
	h := NewHandler([]byte(testSecret), nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	big := bytes.Repeat([]byte(" "), MaxBodyBytes+1)
	if rec := post(t, h, "pull_request", "big", big, func(*http.Request) {}); rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("26 MB body: status %d, want 413", rec.Code)
	}
	req := httptest.NewRequest(http.MethodGet, "/webhook", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("GET: status %d, want 405", rec.Code)
	}
	// No secret configured: every delivery is refused.
	open := NewHandler(nil, nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if rec := post(t, open, "ping", "p", []byte(`{}`), func(*http.Request) {}); rec.Code != 401 {
		t.Fatalf("no secret: status %d, want 401", rec.Code)
	}
}
