package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/queue"
	"github.com/migrate-bot/migrate-bot/internal/store"
	"github.com/migrate-bot/migrate-bot/internal/store/storetest"
)

const testSecret = "s3cr3t-for-tests"

// queuedJobs lists River's jobs as "kind state key" strings, oldest first.
func queuedJobs(t *testing.T, st *store.Store) []string {
	t.Helper()
	// River keeps args as jsonb on PostgreSQL and as SQLite's binary JSONB.
	query := `SELECT kind, state, args::text FROM river_job ORDER BY id`
	if st.Backend() == store.SQLite {
		query = `SELECT kind, state, json(args) FROM river_job ORDER BY id`
	}
	rows, err := st.DB().QueryContext(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var kind, state string
		var args []byte
		if err := rows.Scan(&kind, &state, &args); err != nil {
			t.Fatal(err)
		}
		var a struct {
			HeadSHA    string `json:"head_sha"`
			Event      string `json:"event"`
			Author     string `json:"author"`
			Identifier string `json:"identifier"`
			Action     string `json:"action"`
		}
		if err := json.Unmarshal(args, &a); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.Join(strings.Fields(strings.Join([]string{kind, state, a.HeadSHA, a.Event, a.Author, a.Identifier, a.Action}, " ")), " "))
	}
	return out
}

// brokenQueue fails every call, like a queue whose database is down.
type brokenQueue struct{}

func (brokenQueue) Deliver(context.Context, queue.Delivery) (bool, error) {
	return false, errors.New("database is down")
}
func (brokenQueue) CancelPullRequest(context.Context, queue.Repo, int) (int, error) {
	return 0, errors.New("database is down")
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

// TestHandler posts GitHub-shaped, signed deliveries to the handler on the
// real store and River queue (not started: the jobs stay queued).
func TestHandler(t *testing.T) {
	storetest.Run(t, func(t *testing.T, tg storetest.Target) {
		st := tg.Open(t)
		q, err := queue.New(st, queue.Config{Logger: discard()})
		if err != nil {
			t.Fatal(err)
		}
		obs := &countObserver{n: map[string]int{}}
		h := NewHandler([]byte(testSecret), q, discard(), obs)
		opened := fixture(t, "pull_request.opened.json")
		const openedJob = "pull_request available " + head + " pull_request.opened"
		steps := []struct {
			name, event, delivery string
			body                  []byte
			sign                  func(*http.Request)
			status                int
			jobs                  []string // River's jobs after the step
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
			{name: "opened", event: "pull_request", delivery: "d1", body: opened, status: 202, jobs: []string{openedJob}},
			{name: "redelivery", event: "pull_request", delivery: "d1", body: opened, status: 200, jobs: []string{openedJob}},
			{name: "synchronize supersedes", event: "pull_request", delivery: "d2", body: fixture(t, "pull_request.synchronize.json"), status: 202, jobs: []string{
				"pull_request cancelled " + head + " pull_request.opened", "pull_request available " + newHead + " pull_request.synchronize"}},
			{name: "comment with command", event: "issue_comment", delivery: "d3", body: fixture(t, "issue_comment.created.json"), status: 202},
			{name: "bot comment ignored", event: "issue_comment", delivery: "d4", body: fixture(t, "issue_comment.created.by-bot.json"), status: 202},
			{name: "button", event: "check_run", delivery: "d5", body: fixture(t, "check_run.requested_action.json"), status: 202},
			{name: "installation", event: "installation", delivery: "d6", body: fixture(t, "installation.created.json"), status: 202},
			{name: "closed cancels", event: "pull_request", delivery: "d7", body: fixture(t, "pull_request.closed.json"), status: 202},
			{name: "unknown event", event: "push", delivery: "d8", body: fixture(t, "push.json"), status: 202},
			{name: "no delivery id", event: "pull_request", delivery: "", body: opened, status: 400},
			{name: "signed garbage", event: "pull_request", delivery: "d9", body: []byte("{not json"), status: 400},
		}
		for _, s := range steps {
			rec := post(t, h, s.event, s.delivery, s.body, s.sign)
			if rec.Code != s.status {
				t.Fatalf("%s: status %d (%s), want %d", s.name, rec.Code, strings.TrimSpace(rec.Body.String()), s.status)
			}
			if s.jobs != nil {
				if got := queuedJobs(t, st); !reflect.DeepEqual(got, s.jobs) {
					t.Fatalf("%s: jobs\n got %q\nwant %q", s.name, got, s.jobs)
				}
			}
		}
		want := []string{
			"pull_request cancelled " + head + " pull_request.opened",
			"pull_request cancelled " + newHead + " pull_request.synchronize", // closed
			"comment available alice",
			"check_run_action available " + head + " regenerate",
			"installation available created",
		}
		if got := queuedJobs(t, st); !reflect.DeepEqual(got, want) {
			t.Fatalf("final jobs\n got %q\nwant %q", got, want)
		}
		// Rejected and ignored deliveries stored nothing: their ids are fresh.
		for _, id := range []string{"d4", "d8", "d9"} {
			if fresh, err := st.RecordDelivery(context.Background(), id, "x", ""); err != nil || !fresh {
				t.Fatalf("%s: fresh=%v err=%v; want nothing stored", id, fresh, err)
			}
		}
		wantCounts := map[string]int{"pull_request unauthorized": 4, "pull_request accepted": 3, "pull_request redelivery": 1,
			"issue_comment accepted": 1, "issue_comment ignored": 1, "check_run accepted": 1, "installation accepted": 1,
			"push ignored": 1, "pull_request bad_request": 2}
		for k, v := range wantCounts {
			if obs.n[k] != v {
				t.Errorf("deliveries %q = %d, want %d (all %v)", k, obs.n[k], v, obs.n)
			}
		}
	})
}

// TestHandlerQueueDown: 500 when the delivery cannot be recorded and
// enqueued (GitHub shows it as failed, and it can be redelivered).
func TestHandlerQueueDown(t *testing.T) {
	h := NewHandler([]byte(testSecret), brokenQueue{}, discard(), nil)
	if rec := post(t, h, "pull_request", "d-fail", fixture(t, "pull_request.synchronize.json"), nil); rec.Code != 500 {
		t.Fatalf("status %d, want 500", rec.Code)
	}
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestHandlerLimits(t *testing.T) {
	h := NewHandler([]byte(testSecret), brokenQueue{}, discard(), nil)
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
	open := NewHandler(nil, brokenQueue{}, discard(), nil)
	if rec := post(t, open, "ping", "p", []byte(`{}`), func(*http.Request) {}); rec.Code != 401 {
		t.Fatalf("no secret: status %d, want 401", rec.Code)
	}
}
