package queue

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/migrate-bot/migrate-bot/internal/store"
	"github.com/migrate-bot/migrate-bot/internal/store/storetest"
)

// fastRetry retries after 100 ms (River's default waits attempt^4 s).
type fastRetry struct{}

func (fastRetry) NextRetry(*rivertype.JobRow) time.Time {
	return time.Now().Add(100 * time.Millisecond)
}

// testConfig is a queue configuration for tests: quick polling and
// retries, no periodic reconcile unless a test asks for it.
func testConfig() Config {
	return Config{
		Workers:           4,
		JobTimeout:        20 * time.Second,
		ReconcileInterval: -1,
		RetryPolicy:       fastRetry{},
		FetchPollInterval: 200 * time.Millisecond,
		Logger:            testLogger(),
	}
}

func testLogger() *slog.Logger {
	if os.Getenv("QUEUE_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// recorder is a Processor that records each call and answers from a
// function the test sets (nil: success).
type recorder struct {
	mu    sync.Mutex
	calls []string // "pull_request owner/name#7@sha", ...
	count map[string]int
	fn    func(ctx context.Context, key string, n int) error
	recon []PullRequestJob
}

func newRecorder() *recorder { return &recorder{count: map[string]int{}} }

func (r *recorder) record(ctx context.Context, key string) error {
	r.mu.Lock()
	r.calls = append(r.calls, key)
	r.count[key]++
	n := r.count[key]
	fn := r.fn
	r.mu.Unlock()
	if fn != nil {
		return fn(ctx, key, n)
	}
	return nil
}

func (r *recorder) times(key string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.count[key]
}

func (r *recorder) total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.calls)
}

func prKey(j PullRequestJob) string {
	return fmt.Sprintf("pull_request %s#%d@%s", j.Repo.FullName(), j.Number, j.HeadSHA)
}

func (r *recorder) PullRequest(ctx context.Context, j PullRequestJob) error {
	return r.record(ctx, prKey(j))
}
func (r *recorder) Comment(ctx context.Context, j CommentJob) error {
	return r.record(ctx, fmt.Sprintf("comment %d", j.CommentID))
}
func (r *recorder) CheckRunAction(ctx context.Context, j CheckRunActionJob) error {
	return r.record(ctx, fmt.Sprintf("check_run_action %d %s", j.CheckRunID, j.Identifier))
}
func (r *recorder) Installation(ctx context.Context, j InstallationJob) error {
	return r.record(ctx, fmt.Sprintf("installation %d %s", j.InstallationID, j.Action))
}
func (r *recorder) Reconcile(ctx context.Context) ([]PullRequestJob, error) {
	if err := r.record(ctx, "reconcile"); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.recon, nil
}

// openQueue opens a store and a queue on the target, stopped at cleanup.
func openQueue(t *testing.T, tg storetest.Target, cfg Config) (*store.Store, *Queue) {
	t.Helper()
	st := tg.Open(t)
	q, err := New(st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return st, q
}

// start starts q with p and stops it at cleanup (before the store closes).
func start(t *testing.T, q *Queue, p Processor) {
	t.Helper()
	if err := q.Start(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := q.Stop(context.Background(), 5*time.Second); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
}

// eventually polls cond until it holds or timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// jobStates lists the state of every job of kind, oldest first, with its args.
func jobStates(t *testing.T, q *Queue, kind string) []*rivertype.JobRow {
	t.Helper()
	res, err := q.client.JobList(context.Background(), river.NewJobListParams().Kinds(kind).
		States(rivertype.JobStateAvailable, rivertype.JobStateCancelled, rivertype.JobStateCompleted,
			rivertype.JobStateDiscarded, rivertype.JobStatePending, rivertype.JobStateRetryable,
			rivertype.JobStateRunning, rivertype.JobStateScheduled).First(10000))
	if err != nil {
		t.Fatal(err)
	}
	return res.Jobs
}

func prJob(head string) PullRequestJob {
	return PullRequestJob{InstallationID: 42, Repo: Repo{Owner: "octo", Name: "shop"}, Number: 7, HeadSHA: head, Event: "pull_request.synchronize", DeliveryID: "d-" + head}
}
