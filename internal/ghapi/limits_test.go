package ghapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// step is one scripted answer: status, headers, body.
type step struct {
	status  int
	headers map[string]string
	body    string
}

const okPull = `{"number":3,"state":"open","head":{"ref":"f","sha":"abc"},"base":{"ref":"main","sha":"def"}}`

var secondaryBody = `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`

func TestRetriesAndLimits(t *testing.T) {
	reset := strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)
	cases := []struct {
		name  string
		steps []step
		// wantCalls is how many requests reached the server.
		wantCalls int
		wantErr   error
		// wantRetryAfter is checked on a *RateLimitError (15 s under to 2 s over: the reset is fixed when the table is built).
		wantRetryAfter time.Duration
		minElapsed     time.Duration
	}{
		{name: "403 secondary with Retry-After then success",
			steps:     []step{{403, map[string]string{"Retry-After": "1"}, secondaryBody}, {200, nil, okPull}},
			wantCalls: 2, minElapsed: time.Second},
		{name: "429 with Retry-After then success",
			steps:     []step{{429, map[string]string{"Retry-After": "1"}, `{"message":"Too Many Requests"}`}, {200, nil, okPull}},
			wantCalls: 2, minElapsed: time.Second},
		{name: "429 primary limit with a near reset waits for it",
			steps:     []step{{429, map[string]string{"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": strconv.FormatInt(time.Now().Add(time.Second).Unix(), 10)}, `{"message":"API rate limit exceeded"}`}, {200, nil, okPull}},
			wantCalls: 2, minElapsed: time.Second},
		{name: "502 then 200", steps: []step{{502, nil, `{"message":"Server Error"}`}, {200, nil, okPull}}, wantCalls: 2},
		{name: "503 and 504 then 200", steps: []step{{503, nil, ""}, {504, nil, ""}, {200, nil, okPull}}, wantCalls: 3},
		{name: "502 four times gives up after three retries",
			steps:     []step{{502, nil, `{"message":"Server Error"}`}, {502, nil, ""}, {502, nil, ""}, {502, nil, `{"message":"Server Error"}`}, {200, nil, okPull}},
			wantCalls: 4, wantErr: errServer},
		{name: "primary limit past the budget is a RateLimitError",
			steps:     []step{{403, map[string]string{"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": reset}, `{"message":"API rate limit exceeded for installation ID 101.","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}`}},
			wantCalls: 1, wantErr: errRateLimit, wantRetryAfter: time.Hour},
		{name: "secondary limit with a long Retry-After",
			steps:     []step{{403, map[string]string{"Retry-After": "120"}, secondaryBody}},
			wantCalls: 1, wantErr: errRateLimit, wantRetryAfter: 120 * time.Second},
		{name: "secondary limit without hints waits at least a minute",
			steps:     []step{{403, nil, secondaryBody}},
			wantCalls: 1, wantErr: errRateLimit, wantRetryAfter: 20 * time.Second},
		{name: "404 is ErrNotFound, not retried",
			steps:     []step{{404, nil, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest/pulls/pulls#get-a-pull-request"}`}, {200, nil, okPull}},
			wantCalls: 1, wantErr: ErrNotFound},
		{name: "403 without a limit is ErrForbidden, not retried",
			steps:     []step{{403, nil, `{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest"}`}, {200, nil, okPull}},
			wantCalls: 1, wantErr: ErrForbidden},
		{name: "422 is not retried",
			steps:     []step{{422, nil, `{"message":"Validation Failed"}`}, {200, nil, okPull}},
			wantCalls: 1, wantErr: errValidation},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			var n atomic.Int32
			f.mux.HandleFunc("GET /repos/{owner}/{repo}/pulls/{n}", func(w http.ResponseWriter, r *http.Request) {
				i := int(n.Add(1)) - 1
				s := tc.steps[min(i, len(tc.steps)-1)]
				for k, v := range s.headers {
					w.Header().Set(k, v)
				}
				w.WriteHeader(s.status)
				fmt.Fprint(w, s.body)
			})
			c := newTestApp(t, f, nil).Client(101)
			start := time.Now()
			pr, err := c.PullRequest(context.Background(), testRepo, 3)
			elapsed := time.Since(start)
			if got := int(n.Load()); got != tc.wantCalls {
				t.Errorf("server saw %d calls, want %d", got, tc.wantCalls)
			}
			if elapsed < tc.minElapsed {
				t.Errorf("returned after %s, want at least %s (Retry-After honoured)", elapsed, tc.minElapsed)
			}
			switch tc.wantErr {
			case nil:
				if err != nil || pr.HeadSHA != "abc" {
					t.Fatalf("PullRequest = %+v, %v", pr, err)
				}
			case errRateLimit:
				var rl *RateLimitError
				if !errors.As(err, &rl) {
					t.Fatalf("err = %v, want *RateLimitError", err)
				}
				if d := rl.RetryAfter - tc.wantRetryAfter; d < -15*time.Second || d > 2*time.Second {
					t.Fatalf("RetryAfter = %s, want about %s", rl.RetryAfter, tc.wantRetryAfter)
				}
			case errServer, errValidation:
				var ae *APIError
				if !errors.As(err, &ae) || ae.Status != tc.steps[tc.wantCalls-1].status {
					t.Fatalf("err = %v, want APIError %d", err, tc.steps[tc.wantCalls-1].status)
				}
			default:
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
			}
		})
	}
}

var (
	errRateLimit  = errors.New("rate limit expected")
	errServer     = errors.New("server error expected")
	errValidation = errors.New("validation error expected")
)

// TestRateLimitWaitHonoursContext: a cancelled job stops waiting.
func TestRateLimitWaitHonoursContext(t *testing.T) {
	f := newFake(t)
	f.mux.HandleFunc("GET /repos/{owner}/{repo}/pulls/{n}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3")
		w.WriteHeader(429)
		fmt.Fprint(w, `{"message":"Too Many Requests"}`)
	})
	c := newTestApp(t, f, nil).Client(101)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.PullRequest(ctx, testRepo, 3)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Fatalf("err = %v after %s, want the context's deadline promptly", err, time.Since(start))
	}
}

// TestWritesAreSerialized: content-creating requests of one installation
// never overlap, while another installation's writes are independent.
func TestWritesAreSerialized(t *testing.T) {
	f := newFake(t)
	var inFlight, maxInFlight atomic.Int32
	f.mux.HandleFunc("POST /repos/{owner}/{repo}/issues/{n}/comments", func(w http.ResponseWriter, r *http.Request) {
		cur := inFlight.Add(1)
		for {
			m := maxInFlight.Load()
			if cur <= m || maxInFlight.CompareAndSwap(m, cur) {
				break
			}
		}
		time.Sleep(30 * time.Millisecond)
		inFlight.Add(-1)
		writeJSON(w, 201, map[string]any{"id": 9, "body": "x", "user": map[string]any{"login": "migrate-bot[bot]", "type": "Bot"}})
	})
	c := newTestApp(t, f, nil).Client(101)
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Go(func() { _, errs[i] = c.CreateComment(context.Background(), testRepo, 1, "hello") })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if m := maxInFlight.Load(); m != 1 {
		t.Fatalf("%d comment POSTs overlapped, want 1 at a time", m)
	}
}
