package server

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/queue"
	"github.com/migrate-bot/migrate-bot/internal/webhook"
)

// Metrics is what the three producers of measurements expect.
var (
	_ ghapi.Metrics    = (*Metrics)(nil)
	_ webhook.Observer = (*Metrics)(nil)
	_ queue.Observer   = (*Metrics)(nil)
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func TestMetricsExposition(t *testing.T) {
	m := NewMetrics()
	m.APICall("GET /repos/{owner}/{repo}/pulls/{number}", 200)
	m.APICall("GET /repos/{owner}/{repo}/pulls/{number}", 200)
	m.APICall("PATCH /repos/{owner}/{repo}/git/refs/{ref}", 422)
	m.RateLimitRemaining(57216381, 4987)
	m.RateLimitRemaining(57216381, 4986)
	m.JobDone("pull_request", "retry", 1500*time.Millisecond)
	m.Delivery("pull_request", "accepted")
	calls := 0
	m.WatchQueue(func(context.Context) (map[string]int64, error) {
		calls++
		if calls > 1 {
			return nil, errors.New("database gone")
		}
		return map[string]int64{"available": 3, "running": 1}, nil
	})
	out := scrape(t, m)
	for _, want := range []string{
		`migrate_bot_github_api_calls_total{endpoint="GET /repos/{owner}/{repo}/pulls/{number}",status="200"} 2`,
		`migrate_bot_github_api_calls_total{endpoint="PATCH /repos/{owner}/{repo}/git/refs/{ref}",status="422"} 1`,
		`migrate_bot_github_rate_limit_remaining{installation_id="57216381"} 4986`,
		`migrate_bot_job_duration_seconds_bucket{kind="pull_request",outcome="retry",le="2.5"} 1`,
		`migrate_bot_job_duration_seconds_bucket{kind="pull_request",outcome="retry",le="1"} 0`,
		`migrate_bot_webhook_deliveries_total{event="pull_request",outcome="accepted"} 1`,
		`migrate_bot_queue_jobs{state="available"} 3`,
		`migrate_bot_queue_jobs{state="running"} 1`,
		`migrate_bot_queue_jobs{state="retryable"} 0`,
		`migrate_bot_queue_up 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	// A failing depth query is visible, not a scrape error.
	out = scrape(t, m)
	if !strings.Contains(out, "migrate_bot_queue_up 0") || strings.Contains(out, `migrate_bot_queue_jobs{state="available"}`) {
		t.Errorf("after a failed depth query:\n%s", out)
	}
}
