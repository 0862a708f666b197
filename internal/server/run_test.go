package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/queue"
	"github.com/migrate-bot/migrate-bot/internal/store/storetest"
	"github.com/migrate-bot/migrate-bot/internal/webhook"
)

const testSecret = "bench-and-test-secret"

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// loggingProcessor logs one line per job with the job's context and
// records the pull request jobs it got.
type loggingProcessor struct {
	log  *slog.Logger
	mu   sync.Mutex
	jobs []queue.PullRequestJob
}

func (p *loggingProcessor) PullRequest(ctx context.Context, j queue.PullRequestJob) error {
	p.log.InfoContext(ctx, "planning pull request")
	p.mu.Lock()
	p.jobs = append(p.jobs, j)
	p.mu.Unlock()
	return nil
}
func (p *loggingProcessor) Comment(context.Context, queue.CommentJob) error { return nil }
func (p *loggingProcessor) CheckRunAction(context.Context, queue.CheckRunActionJob) error {
	return nil
}
func (p *loggingProcessor) Installation(context.Context, queue.InstallationJob) error { return nil }
func (p *loggingProcessor) Reconcile(context.Context) ([]queue.PullRequestJob, error) {
	return nil, nil
}

func (p *loggingProcessor) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.jobs)
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../../fixtures/webhooks", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// startServe runs Run on the target with p and returns the base URL and a
// stop function that shuts it down and returns Run's error.
func startServe(t testing.TB, tg storetest.Target, logs io.Writer, p *loggingProcessor) (string, func() error) {
	t.Helper()
	cfg := Config{
		WebhookSecret: []byte(testSecret), DatabaseURL: tg.DatabaseURL, SQLitePath: tg.SQLitePath,
		Workers: 4, JobTimeout: time.Minute, ReconcileInterval: -1, ShutdownGrace: 5 * time.Second,
	}
	log := NewLogger(logs, slog.LevelInfo)
	p.log = log
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	ready := make(chan struct{})
	go func() {
		done <- Run(ctx, cfg, Options{
			NewProcessor: func(Deps) (queue.Processor, error) { return p, nil },
			Logger:       log, Listener: ln,
			Queue: queue.Config{FetchPollInterval: 200 * time.Millisecond},
			Ready: func(string) { close(ready) },
		})
	}()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("serve ended at start: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	stopped := false
	stop := func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not stop")
			return nil
		}
	}
	t.Cleanup(func() { stop() })
	return "http://" + ln.Addr().String(), stop
}

func signedPost(t testing.TB, client *http.Client, url, event, delivery string, body []byte) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+"/webhook", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(webhook.EventHeader, event)
	req.Header.Set(webhook.DeliveryHeader, delivery)
	req.Header.Set(webhook.SignatureHeader, webhook.SignatureValue([]byte(testSecret), body))
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServe drives the real serve process (store, River queue, HTTP
// routes, metrics, logs) on both backends.
func TestServe(t *testing.T) {
	storetest.Run(t, func(t *testing.T, tg storetest.Target) {
		logs := &syncBuffer{}
		p := &loggingProcessor{}
		url, stop := startServe(t, tg, logs, p)
		client := &http.Client{Timeout: 10 * time.Second}

		const delivery = "5f1e2c9a-cb0c-11ef-8e0f-3f1c1c0b7a21"
		if got := signedPost(t, client, url, "pull_request", delivery, fixture(t, "pull_request.opened.json")); got != 202 {
			t.Fatalf("opened: status %d, want 202", got)
		}
		if got := signedPost(t, client, url, "pull_request", delivery, fixture(t, "pull_request.opened.json")); got != 200 {
			t.Fatalf("redelivery: status %d, want 200", got)
		}
		deadline := time.Now().Add(20 * time.Second)
		for p.count() == 0 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if p.count() != 1 || p.jobs[0].DeliveryID != delivery || p.jobs[0].Number != 42 {
			t.Fatalf("processor got %+v, want the one opened job", p.jobs)
		}
		if code, _ := get(t, url+"/healthz"); code != 200 {
			t.Fatalf("/healthz %d", code)
		}
		if code, _ := get(t, url+"/readyz"); code != 200 {
			t.Fatalf("/readyz %d", code)
		}
		// Wait for the job's completion to be recorded, then scrape.
		var metrics string
		for range 100 {
			_, metrics = get(t, url+"/metrics")
			if strings.Contains(metrics, `migrate_bot_queue_jobs{state="completed"} 1`) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		for _, want := range []string{
			`migrate_bot_webhook_deliveries_total{event="pull_request",outcome="accepted"} 1`,
			`migrate_bot_webhook_deliveries_total{event="pull_request",outcome="redelivery"} 1`,
			`migrate_bot_queue_jobs{state="completed"} 1`,
			`migrate_bot_queue_jobs{state="available"} 0`,
			`migrate_bot_job_duration_seconds_count{kind="pull_request",outcome="completed"} 1`,
			`migrate_bot_webhook_ack_seconds_count 2`,
			`migrate_bot_queue_up 1`,
		} {
			if !strings.Contains(metrics, want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
		if err := stop(); err != nil {
			t.Fatalf("Run returned %v", err)
		}

		// Every line is JSON; every line about the delivery or its job
		// names the delivery, repository and pull request.
		sc := bufio.NewScanner(strings.NewReader(logs.String()))
		seen := map[string]bool{}
		for sc.Scan() {
			var rec map[string]any
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				t.Fatalf("log line is not JSON: %s", sc.Text())
			}
			msg, _ := rec["msg"].(string)
			switch msg {
			case "webhook delivery", "planning pull request", "job finished":
				seen[msg] = true
				if rec["delivery_id"] != delivery || rec["repository"] != "octo-shop/shop" || rec["pull_request"] != float64(42) {
					t.Errorf("log line lacks delivery, repository or pull request: %s", sc.Text())
				}
			}
		}
		for _, m := range []string{"webhook delivery", "planning pull request", "job finished"} {
			if !seen[m] {
				t.Errorf("no %q log line in:\n%s", m, logs.String())
			}
		}
	})
}

// TestReadyzFailsWithoutDatabase: /readyz is 503 once the database is gone.
func TestReadyzFailsWithoutDatabase(t *testing.T) {
	tg := storetest.New(t, "sqlite")
	st := tg.Open(t)
	h := Routes(http.NotFoundHandler(), st, NewMetrics())
	st.Close()
	rec := &responseRecorder{header: http.Header{}}
	req, _ := http.NewRequest(http.MethodGet, "/readyz", nil)
	h.ServeHTTP(rec, req)
	if rec.code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz with a closed database: %d, want 503", rec.code)
	}
}

type responseRecorder struct {
	header http.Header
	code   int
}

func (r *responseRecorder) Header() http.Header         { return r.header }
func (r *responseRecorder) Write(b []byte) (int, error) { return len(b), nil }
func (r *responseRecorder) WriteHeader(c int)           { r.code = c }
