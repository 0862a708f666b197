package ghapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Metrics receives one call per GitHub API request and the rate-limit
// headroom GitHub reports. Implementations must be safe for concurrent use.
type Metrics interface {
	// APICall counts one request: its normalized endpoint (Endpoint) and
	// the HTTP status (0 when no answer came back).
	APICall(endpoint string, status int)
	// RateLimitRemaining records x-ratelimit-remaining after a call; the
	// installation is 0 for calls made as the App itself.
	RateLimitRemaining(installationID int64, remaining int)
}

// RetryPolicy bounds the waiting done inside one call.
type RetryPolicy struct {
	// Budget is the longest total wait for rate limits within one call;
	// a longer wait becomes a *RateLimitError. Default 60 s.
	Budget time.Duration
	// ServerRetries is how many times a 502, 503 or 504 is retried.
	// Default 3.
	ServerRetries int
	// Backoff is the first wait after a 5xx or a secondary limit without
	// Retry-After; it doubles each time. Default 1 s.
	Backoff time.Duration
	// SecondaryWait is the wait for a secondary limit that gives neither
	// Retry-After nor an exhausted x-ratelimit-remaining: GitHub says "at
	// least one minute". Default 60 s.
	SecondaryWait time.Duration
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.Budget <= 0 {
		p.Budget = 60 * time.Second
	}
	if p.ServerRetries <= 0 {
		p.ServerRetries = 3
	}
	if p.Backoff <= 0 {
		p.Backoff = time.Second
	}
	if p.SecondaryWait <= 0 {
		p.SecondaryWait = time.Minute
	}
	return p
}

// maxRateLimitRetries caps the rate-limit retries of one call, whatever
// the budget, so a server that keeps answering 403 cannot hold a worker.
const maxRateLimitRetries = 5

// limiter is the transport under one installation's client (or the App's):
// it retries, waits, serializes writes and reports metrics.
type limiter struct {
	next           http.RoundTripper
	installationID int64
	metrics        Metrics
	policy         RetryPolicy
	now            func() time.Time
	// writes serializes content-creating requests of the installation.
	writes sync.Mutex
}

func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// RoundTrip implements http.RoundTripper.
func (l *limiter) RoundTrip(req *http.Request) (*http.Response, error) {
	endpoint := Endpoint(req.Method, req.URL.Path)
	// Minting a token is not content creation; everything else written is.
	if isWrite(req.Method) && !strings.HasSuffix(req.URL.Path, "/access_tokens") {
		l.writes.Lock()
		defer l.writes.Unlock()
	}
	body, err := requestBody(req)
	if err != nil {
		return nil, err
	}
	var waited time.Duration
	serverTries, limitTries := 0, 0
	backoff := l.policy.Backoff
	for {
		attempt := req.Clone(req.Context())
		if body != nil {
			attempt.Body = io.NopCloser(bytes.NewReader(body))
			attempt.ContentLength = int64(len(body))
		}
		resp, err := l.next.RoundTrip(attempt)
		if err != nil {
			l.count(endpoint, 0)
			return nil, err
		}
		l.count(endpoint, resp.StatusCode)
		l.remaining(resp)
		var wait time.Duration
		switch {
		case resp.StatusCode == http.StatusBadGateway || resp.StatusCode == http.StatusServiceUnavailable || resp.StatusCode == http.StatusGatewayTimeout:
			if serverTries >= l.policy.ServerRetries {
				return resp, nil
			}
			serverTries++
			wait = backoff
			backoff *= 2
		case resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusTooManyRequests:
			lim, ok := l.rateLimit(resp, &backoff)
			if !ok {
				return resp, nil
			}
			lim.Endpoint = endpoint
			if limitTries >= maxRateLimitRetries || waited+lim.RetryAfter > l.policy.Budget {
				drain(resp)
				return nil, lim
			}
			limitTries++
			wait = lim.RetryAfter
		default:
			return resp, nil
		}
		drain(resp)
		if err := sleep(req.Context(), wait); err != nil {
			return nil, err
		}
		waited += wait
	}
}

// rateLimit tells whether a 403 or 429 is a rate limit and how long to
// wait (GitHub's best practices: Retry-After seconds; else, with
// x-ratelimit-remaining 0, until x-ratelimit-reset; else a secondary limit
// without a hint: at least a minute, then exponential backoff).
func (l *limiter) rateLimit(resp *http.Response, backoff *time.Duration) (*RateLimitError, bool) {
	h := resp.Header
	msg := peekMessage(resp)
	secondary := strings.Contains(msg, "secondary rate limit") || strings.Contains(msg, "abuse")
	if s := h.Get("Retry-After"); s != "" {
		if secs, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && secs >= 0 {
			return &RateLimitError{RetryAfter: time.Duration(secs) * time.Second, Secondary: secondary || h.Get("X-Ratelimit-Remaining") != "0"}, true
		}
		if t, err := http.ParseTime(s); err == nil {
			return &RateLimitError{RetryAfter: max(t.Sub(l.now()), 0), Secondary: true}, true
		}
	}
	if h.Get("X-Ratelimit-Remaining") == "0" {
		wait := time.Minute
		if reset, err := strconv.ParseInt(h.Get("X-Ratelimit-Reset"), 10, 64); err == nil {
			wait = max(time.Unix(reset, 0).Sub(l.now()), 0) + time.Second
		}
		return &RateLimitError{RetryAfter: wait}, true
	}
	if secondary || resp.StatusCode == http.StatusTooManyRequests {
		wait := max(l.policy.SecondaryWait, *backoff)
		*backoff = wait * 2
		return &RateLimitError{RetryAfter: wait, Secondary: true}, true
	}
	return nil, false
}

// peekMessage reads the JSON message of an error answer and puts the body
// back for go-github.
func peekMessage(resp *http.Response) string {
	if resp.Body == nil {
		return ""
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	var m struct {
		Message string `json:"message"`
	}
	_ = json.Unmarshal(data, &m)
	return strings.ToLower(m.Message)
}

func (l *limiter) count(endpoint string, status int) {
	if l.metrics != nil {
		l.metrics.APICall(endpoint, status)
	}
}

func (l *limiter) remaining(resp *http.Response) {
	if l.metrics == nil {
		return
	}
	if n, err := strconv.Atoi(resp.Header.Get("X-Ratelimit-Remaining")); err == nil {
		l.metrics.RateLimitRemaining(l.installationID, n)
	}
}

// requestBody reads the body once so every attempt can send it again.
func requestBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	defer req.Body.Close()
	return io.ReadAll(req.Body)
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
