package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/migrate-bot/migrate-bot/internal/store"
	"github.com/migrate-bot/migrate-bot/internal/store/storetest"
)

// TestMain lets the crash test re-run this binary as a serve-like child
// process that dies in the middle of a job.
func TestMain(m *testing.M) {
	if os.Getenv("QUEUE_CRASH_CHILD") == "1" {
		crashChild()
		return
	}
	os.Exit(m.Run())
}

// crashChild opens the queue the parent prepared and exits the process
// (status 7) as soon as a job starts: the job stays "running" in the
// database with nobody working it.
func crashChild() {
	ctx := context.Background()
	st, err := store.Open(ctx, os.Getenv("QUEUE_CRASH_DATABASE_URL"), os.Getenv("QUEUE_CRASH_SQLITE"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	q, err := New(st, testConfig())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	r := newRecorder()
	r.fn = func(context.Context, string, int) error { os.Exit(7); return nil }
	if err := q.Start(ctx, r); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	time.Sleep(60 * time.Second)
	os.Exit(3) // the job never started
}

func TestJobsSurviveRestart(t *testing.T) {
	storetest.Run(t, func(t *testing.T, tg storetest.Target) {
		ctx := context.Background()
		st1, q1 := openQueue(t, tg, testConfig())
		job := prJob("aaaaaaa")
		if err := q1.EnqueuePullRequest(ctx, job); err != nil {
			t.Fatal(err)
		}
		if err := q1.EnqueueComment(ctx, CommentJob{Repo: job.Repo, Number: 7, CommentID: 991, Body: "/migrate help"}); err != nil {
			t.Fatal(err)
		}
		// The process stops without working anything.
		st1.Close()

		_, q2 := openQueue(t, tg, testConfig())
		r := newRecorder()
		start(t, q2, r)
		eventually(t, 20*time.Second, "both jobs to run after the restart", func() bool {
			return r.times(prKey(job)) == 1 && r.times("comment 991") == 1
		})
	})
}

func TestUniquePerHead(t *testing.T) {
	storetest.Run(t, func(t *testing.T, tg storetest.Target) {
		ctx := context.Background()
		_, q := openQueue(t, tg, testConfig())
		a := prJob("aaaaaaa")
		again := a
		again.Event, again.DeliveryID = "pull_request.edited", "other-delivery"
		regen := a
		regen.Regenerate = true
		for _, j := range []PullRequestJob{a, again, a, regen, regen} {
			if err := q.EnqueuePullRequest(ctx, j); err != nil {
				t.Fatal(err)
			}
		}
		jobs := jobStates(t, q, KindPullRequest)
		if len(jobs) != 2 {
			t.Fatalf("%d jobs queued, want 2 (one plain, one regenerate)", len(jobs))
		}
		// Once worked, the same head may be queued again (a re-run).
		r := newRecorder()
		start(t, q, r)
		eventually(t, 20*time.Second, "the two jobs to run", func() bool { return r.times(prKey(a)) == 2 })
		eventually(t, 10*time.Second, "the jobs to complete", func() bool {
			for _, j := range jobStates(t, q, KindPullRequest) {
				if j.State != rivertype.JobStateCompleted {
					return false
				}
			}
			return true
		})
		if err := q.EnqueuePullRequest(ctx, a); err != nil {
			t.Fatal(err)
		}
		eventually(t, 20*time.Second, "the re-run", func() bool { return r.times(prKey(a)) == 3 })
	})
}

func TestNewerHeadSupersedesQueuedJobs(t *testing.T) {
	storetest.Run(t, func(t *testing.T, tg storetest.Target) {
		ctx := context.Background()
		_, q := openQueue(t, tg, testConfig())
		other := prJob("ccccccc")
		other.Number = 8 // another pull request: untouched
		for _, j := range []PullRequestJob{prJob("aaaaaaa"), other, prJob("bbbbbbb")} {
			if err := q.EnqueuePullRequest(ctx, j); err != nil {
				t.Fatal(err)
			}
		}
		// A re-run of a named old head does not cancel the newest.
		rerun := prJob("aaaaaaa")
		rerun.Event = "check_run.rerequested"
		if err := q.EnqueuePullRequest(ctx, rerun); err != nil {
			t.Fatal(err)
		}
		got := map[string]rivertype.JobState{}
		for _, row := range jobStates(t, q, KindPullRequest) {
			var a PullRequestJob
			if err := json.Unmarshal(row.EncodedArgs, &a); err != nil {
				t.Fatal(err)
			}
			got[fmt.Sprintf("%d@%s/%s", a.Number, a.HeadSHA, a.Event)] = row.State
		}
		want := map[string]rivertype.JobState{
			"7@aaaaaaa/pull_request.synchronize": rivertype.JobStateCancelled,
			"7@bbbbbbb/pull_request.synchronize": rivertype.JobStateAvailable,
			"8@ccccccc/pull_request.synchronize": rivertype.JobStateAvailable,
			"7@aaaaaaa/check_run.rerequested":    rivertype.JobStateAvailable,
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("job states\n got %v\nwant %v", got, want)
		}
		// Closing the pull request cancels all its queued work.
		n, err := q.CancelPullRequest(ctx, Repo{Owner: "octo", Name: "shop"}, 7)
		if err != nil || n != 2 {
			t.Fatalf("CancelPullRequest = %d, %v; want 2", n, err)
		}
		// Only PR 8 runs.
		r := newRecorder()
		start(t, q, r)
		eventually(t, 20*time.Second, "PR 8 to run", func() bool { return r.times(prKey(other)) == 1 })
		time.Sleep(300 * time.Millisecond)
		if r.total() != 1 {
			t.Fatalf("calls %v, want only PR 8", r.calls)
		}
	})
}

func TestErrorMapping(t *testing.T) {
	storetest.Run(t, func(t *testing.T, tg storetest.Target) {
		ctx := context.Background()
		_, q := openQueue(t, tg, testConfig())
		r := newRecorder()
		r.fn = func(_ context.Context, key string, n int) error {
			switch key {
			case "installation 1 transient":
				if n == 1 {
					return errors.New("GitHub answered 502")
				}
			case "installation 2 permanent":
				return Permanent(errors.New("repository is archived"))
			case "installation 3 snooze":
				if n == 1 {
					return RetryAfter(errors.New("secondary rate limit"), time.Second)
				}
			}
			return nil
		}
		for i, action := range []string{"transient", "permanent", "snooze"} {
			if err := q.EnqueueInstallation(ctx, InstallationJob{InstallationID: int64(i + 1), Action: action}); err != nil {
				t.Fatal(err)
			}
		}
		start(t, q, r)
		eventually(t, 30*time.Second, "every job to reach its final state", func() bool {
			done := 0
			for _, j := range jobStates(t, q, KindInstallation) {
				if j.State == rivertype.JobStateCompleted || j.State == rivertype.JobStateCancelled {
					done++
				}
			}
			return done == 3
		})
		states := map[int64]*rivertype.JobRow{}
		for _, j := range jobStates(t, q, KindInstallation) {
			var a InstallationJob
			json.Unmarshal(j.EncodedArgs, &a)
			states[a.InstallationID] = j
		}
		cases := []struct {
			name  string
			id    int64
			key   string
			calls int
			state rivertype.JobState
		}{
			{name: "transient error is retried", id: 1, key: "installation 1 transient", calls: 2, state: rivertype.JobStateCompleted},
			{name: "permanent error cancels", id: 2, key: "installation 2 permanent", calls: 1, state: rivertype.JobStateCancelled},
			{name: "retry-after snoozes then runs", id: 3, key: "installation 3 snooze", calls: 2, state: rivertype.JobStateCompleted},
		}
		for _, c := range cases {
			if got := r.times(c.key); got != c.calls {
				t.Errorf("%s: %d calls, want %d", c.name, got, c.calls)
			}
			if got := states[c.id].State; got != c.state {
				t.Errorf("%s: state %s, want %s", c.name, got, c.state)
			}
		}
		if errs := states[1].Errors; len(errs) != 1 || errs[0].Error != "GitHub answered 502" {
			t.Errorf("transient job errors = %+v, want the 502 recorded once", errs)
		}
	})
}

// TestTwoClientsNeverRunTheSameJobTwice: two serve processes (two pools,
// two River clients) on one PostgreSQL work 300 jobs; each runs once.
func TestTwoClientsNeverRunTheSameJobTwice(t *testing.T) {
	tg := storetest.New(t, store.Postgres)
	ctx := context.Background()
	_, qa := openQueue(t, tg, testConfig())
	_, qb := openQueue(t, tg, testConfig())
	const n = 300
	var mu sync.Mutex
	runs := map[string]int{}
	by := map[string]int{}
	slow := func(name string) func(context.Context, string, int) error {
		return func(_ context.Context, key string, _ int) error {
			mu.Lock()
			runs[key]++
			by[name]++
			mu.Unlock()
			time.Sleep(10 * time.Millisecond)
			return nil
		}
	}
	ra, rb := newRecorder(), newRecorder()
	ra.fn, rb.fn = slow("a"), slow("b")
	start(t, qa, ra)
	start(t, qb, rb)
	// Both clients are polling before the jobs arrive, from both sides.
	for i := range n {
		q := qa
		if i%2 == 1 {
			q = qb
		}
		if err := q.EnqueueInstallation(ctx, InstallationJob{InstallationID: int64(i), Action: "created"}); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, 60*time.Second, "all jobs to run", func() bool { return ra.total()+rb.total() >= n })
	time.Sleep(500 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if len(runs) != n {
		t.Fatalf("%d distinct jobs ran, want %d", len(runs), n)
	}
	for k, c := range runs {
		if c != 1 {
			t.Errorf("%s ran %d times", k, c)
		}
	}
	t.Logf("client a ran %d jobs, client b %d", by["a"], by["b"])
	if by["a"] == 0 || by["b"] == 0 {
		t.Errorf("one client did no work (a=%d b=%d): the test did not exercise two workers", by["a"], by["b"])
	}
}

// TestCrashedJobIsRescued: a child process takes a job and dies in the
// middle of it; a new process rescues the stuck job and runs it.
func TestCrashedJobIsRescued(t *testing.T) {
	storetest.Run(t, func(t *testing.T, tg storetest.Target) {
		ctx := context.Background()
		st, q := openQueue(t, tg, testConfig())
		job := prJob("ddddddd")
		if err := q.EnqueuePullRequest(ctx, job); err != nil {
			t.Fatal(err)
		}
		st.Close()

		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "QUEUE_CRASH_CHILD=1", "QUEUE_CRASH_DATABASE_URL="+tg.DatabaseURL, "QUEUE_CRASH_SQLITE="+tg.SQLitePath)
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 7 {
			t.Fatalf("child: %v (want exit status 7 from inside the job)\n%s", err, out)
		}

		cfg := testConfig()
		cfg.JobTimeout = time.Second
		cfg.RescueStuckJobsAfter = 2 * time.Second
		_, q2 := openQueue(t, tg, cfg)
		rows := jobStates(t, q2, KindPullRequest)
		if len(rows) != 1 || rows[0].State != rivertype.JobStateRunning {
			t.Fatalf("after the crash: %d jobs, first %v; want one running job", len(rows), rows)
		}
		r := newRecorder()
		start(t, q2, r)
		eventually(t, 60*time.Second, "the rescued job to run", func() bool { return r.times(prKey(job)) == 1 })
		eventually(t, 10*time.Second, "the job to complete", func() bool {
			rows := jobStates(t, q2, KindPullRequest)
			return len(rows) == 1 && rows[0].State == rivertype.JobStateCompleted && rows[0].Attempt == 2
		})
	})
}

// TestSQLiteRestartRunsOrphansAtOnce: on SQLite (one process per file) a
// job left running by a dead process runs as soon as the next process
// starts, without waiting for River's rescuer (default: 15 minutes).
func TestSQLiteRestartRunsOrphansAtOnce(t *testing.T) {
	// SQLite only: a PostgreSQL database is shared by live processes, so
	// there the rescuer decides (TestCrashedJobIsRescued).
	tg := storetest.New(t, store.SQLite)
	ctx := context.Background()
	st, q := openQueue(t, tg, testConfig())
	job := prJob("eeeeeee")
	if err := q.EnqueuePullRequest(ctx, job); err != nil {
		t.Fatal(err)
	}
	st.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "QUEUE_CRASH_CHILD=1", "QUEUE_CRASH_DATABASE_URL="+tg.DatabaseURL, "QUEUE_CRASH_SQLITE="+tg.SQLitePath)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 7 {
		t.Fatalf("child: %v (want exit status 7 from inside the job)\n%s", err, out)
	}
	cfg := testConfig() // default RescueStuckJobsAfter: JobTimeout + 5 min
	_, q2 := openQueue(t, tg, cfg)
	r := newRecorder()
	start(t, q2, r)
	eventually(t, 20*time.Second, "the orphaned job to run at start", func() bool { return r.times(prKey(job)) == 1 })
}

// TestStopReleasesJobsInFlight: a job still running after the grace period
// has its context cancelled; it is left retryable and runs again in the
// next process.
func TestStopReleasesJobsInFlight(t *testing.T) {
	storetest.Run(t, func(t *testing.T, tg storetest.Target) {
		ctx := context.Background()
		st, q := openQueue(t, tg, testConfig())
		job := prJob("eeeeeee")
		if err := q.EnqueuePullRequest(ctx, job); err != nil {
			t.Fatal(err)
		}
		started := make(chan struct{})
		r := newRecorder()
		r.fn = func(ctx context.Context, _ string, _ int) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		}
		if err := q.Start(ctx, r); err != nil {
			t.Fatal(err)
		}
		select {
		case <-started:
		case <-time.After(20 * time.Second):
			t.Fatal("job did not start")
		}
		t0 := time.Now()
		if err := q.Stop(ctx, 300*time.Millisecond); err != nil {
			t.Fatalf("stop: %v", err)
		}
		if took := time.Since(t0); took > 10*time.Second {
			t.Fatalf("stop took %s", took)
		}
		rows := jobStates(t, q, KindPullRequest)
		// Released: River puts a job interrupted by the stop back to
		// available without using up the attempt; never left running.
		if len(rows) != 1 || rows[0].State != rivertype.JobStateAvailable || rows[0].Attempt != 0 {
			t.Fatalf("after stop: state %s attempt %d, want available with attempt 0", rows[0].State, rows[0].Attempt)
		}
		st.Close()

		_, q2 := openQueue(t, tg, testConfig())
		r2 := newRecorder()
		start(t, q2, r2)
		eventually(t, 30*time.Second, "the released job to run again", func() bool { return r2.times(prKey(job)) == 1 })
	})
}

func TestReconcileEnqueuesMissedPullRequests(t *testing.T) {
	storetest.Run(t, func(t *testing.T, tg storetest.Target) {
		cfg := testConfig()
		cfg.ReconcileInterval = time.Hour // runs once at start
		_, q := openQueue(t, tg, cfg)
		missed := prJob("fffffff")
		missed.Event, missed.DeliveryID = "", ""
		r := newRecorder()
		r.recon = []PullRequestJob{missed}
		start(t, q, r)
		eventually(t, 40*time.Second, "the reconciled pull request to run", func() bool { return r.times(prKey(missed)) == 1 })
		if r.times("reconcile") != 1 {
			t.Fatalf("reconcile ran %d times, want 1", r.times("reconcile"))
		}
		for _, row := range jobStates(t, q, KindPullRequest) {
			var a PullRequestJob
			json.Unmarshal(row.EncodedArgs, &a)
			if a.Event != "reconcile" {
				t.Fatalf("reconciled job event %q, want reconcile", a.Event)
			}
		}
	})
}

func TestMapError(t *testing.T) {
	base := errors.New("boom")
	cases := []struct {
		name    string
		err     error
		outcome string
	}{
		{name: "nil", err: nil, outcome: "completed"},
		{name: "plain", err: base, outcome: "retry"},
		{name: "permanent", err: Permanent(base), outcome: "cancelled"},
		{name: "wrapped permanent", err: fmt.Errorf("plan: %w", Permanent(base)), outcome: "cancelled"},
		{name: "retry after", err: RetryAfter(base, time.Minute), outcome: "snoozed"},
		{name: "wrapped retry after", err: fmt.Errorf("api: %w", RetryAfter(base, time.Minute)), outcome: "snoozed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			outcome, _ := mapError(c.err)
			if outcome != c.outcome {
				t.Fatalf("outcome %q, want %q", outcome, c.outcome)
			}
		})
	}
	if Permanent(nil) != nil || RetryAfter(nil, time.Second) != nil {
		t.Fatal("wrapping nil must stay nil")
	}
	if d, _ := RetryDelay(RetryAfter(base, time.Millisecond)); d != time.Second {
		t.Fatalf("tiny delay raised to %s, want 1s", d)
	}
	if !errors.Is(Permanent(base), base) {
		t.Fatal("Permanent must unwrap to its cause")
	}
}
