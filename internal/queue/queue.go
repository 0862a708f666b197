package queue

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"github.com/migrate-bot/migrate-bot/internal/store"
)

// Config tunes the queue. Zero values take the defaults documented on
// each field.
type Config struct {
	// Workers is how many jobs this process runs at once (default 4).
	Workers int
	// JobTimeout cancels a job's context after this long (default 10 min).
	JobTimeout time.Duration
	// RescueStuckJobsAfter is how long a job may stay "running" before
	// River assumes its process died and schedules it again (default
	// JobTimeout + 5 min; it must exceed JobTimeout).
	RescueStuckJobsAfter time.Duration
	// ReconcileInterval is the period of the ReconcileJob (default 10 min;
	// negative disables it). It also runs once at start.
	ReconcileInterval time.Duration
	// MaxAttempts bounds the runs of one job (default 10: with River's
	// attempt^4-second backoff the last retry comes about 7 hours after the
	// first failure).
	MaxAttempts int
	// RetryPolicy overrides River's backoff (tests shorten it).
	RetryPolicy river.ClientRetryPolicy
	// FetchPollInterval is the fallback period of job fetching (River's
	// default 1 s). SQLite has no LISTEN/NOTIFY, so jobs inserted by another
	// client are found by this poll.
	FetchPollInterval time.Duration
	// Logger receives the queue's logs and River's (default slog.Default()).
	Logger *slog.Logger
	// Observer is told about every finished job run (nil: none).
	Observer Observer
}

// Observer receives job run outcomes; internal/server's metrics implement it.
type Observer interface {
	// JobDone reports one run of a job of kind: outcome is "completed",
	// "retry", "snoozed", "cancelled" or "interrupted" (stopped with the
	// process, to run again after the restart).
	JobDone(kind, outcome string, took time.Duration)
}

// Queue is the River client on the store's database. Create it with New,
// enqueue at once (the webhook handler may enqueue before workers start),
// then Start it with the Processor, and Stop it on shutdown.
type Queue struct {
	st     *store.Store
	cfg    Config
	client riverClient
	log    *slog.Logger
	// The typed clients behind client, for transactional inserts (Deliver);
	// exactly one is set.
	pgClient     *river.Client[pgx.Tx]
	sqliteClient *river.Client[*sql.Tx]

	mu   sync.RWMutex
	proc Processor
}

// riverClient is the part of *river.Client[TTx] the queue uses: the same
// methods for both drivers, whatever their transaction type.
type riverClient interface {
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	JobList(ctx context.Context, params *river.JobListParams) (*river.JobListResult, error)
	JobCancel(ctx context.Context, id int64) (*rivertype.JobRow, error)
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
}

// rivertypeResult shortens the insert result type in generic signatures.
type rivertypeResult = rivertype.JobInsertResult

// New creates the queue on st's database (River's tables were created by
// store.Open).
func New(st *store.Store, cfg Config) (*Queue, error) {
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.JobTimeout <= 0 {
		cfg.JobTimeout = defaultJobTimeout
	}
	if cfg.RescueStuckJobsAfter <= 0 {
		cfg.RescueStuckJobsAfter = cfg.JobTimeout + 5*time.Minute
	}
	if cfg.RescueStuckJobsAfter <= cfg.JobTimeout {
		return nil, fmt.Errorf("queue: RescueStuckJobsAfter (%s) must exceed JobTimeout (%s)", cfg.RescueStuckJobsAfter, cfg.JobTimeout)
	}
	if cfg.ReconcileInterval == 0 {
		cfg.ReconcileInterval = 10 * time.Minute
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 10
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	q := &Queue{st: st, cfg: cfg, log: cfg.Logger}

	workers := river.NewWorkers()
	river.AddWorker(workers, &jobWorker[PullRequestJob]{q: q, run: func(ctx context.Context, p Processor, a PullRequestJob) error { return p.PullRequest(ctx, a) }})
	river.AddWorker(workers, &jobWorker[CommentJob]{q: q, run: func(ctx context.Context, p Processor, a CommentJob) error { return p.Comment(ctx, a) }})
	river.AddWorker(workers, &jobWorker[CheckRunActionJob]{q: q, run: func(ctx context.Context, p Processor, a CheckRunActionJob) error { return p.CheckRunAction(ctx, a) }})
	river.AddWorker(workers, &jobWorker[InstallationJob]{q: q, run: func(ctx context.Context, p Processor, a InstallationJob) error { return p.Installation(ctx, a) }})
	river.AddWorker(workers, &jobWorker[ReconcileJob]{q: q, run: q.reconcile})

	rc := &river.Config{
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		Workers:              workers,
		JobTimeout:           cfg.JobTimeout,
		RescueStuckJobsAfter: cfg.RescueStuckJobsAfter,
		MaxAttempts:          cfg.MaxAttempts,
		RetryPolicy:          cfg.RetryPolicy,
		FetchPollInterval:    cfg.FetchPollInterval,
		Logger:               cfg.Logger,
	}
	if cfg.ReconcileInterval > 0 {
		rc.PeriodicJobs = []*river.PeriodicJob{river.NewPeriodicJob(
			river.PeriodicInterval(cfg.ReconcileInterval),
			func() (river.JobArgs, *river.InsertOpts) { return ReconcileJob{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true},
		)}
	}
	var err error
	switch st.Backend() {
	case store.Postgres:
		q.pgClient, err = river.NewClient(riverpgxv5.New(st.Pool()), rc)
		q.client = q.pgClient
	case store.SQLite:
		q.sqliteClient, err = river.NewClient(riversqlite.New(st.DB()), rc)
		q.client = q.sqliteClient
	default:
		err = fmt.Errorf("unknown backend %q", st.Backend())
	}
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	return q, nil
}

// Start sets the processor and starts working jobs in the background.
func (q *Queue) Start(ctx context.Context, p Processor) error {
	if p == nil {
		return errors.New("queue: Start without a Processor")
	}
	q.mu.Lock()
	q.proc = p
	q.mu.Unlock()
	if err := q.releaseOrphans(ctx); err != nil {
		return err
	}
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("queue: start: %w", err)
	}
	return nil
}

// releaseOrphans makes jobs left "running" by a process that died
// available again at once, on SQLite only. An SQLite file serves one
// process (store.Open), so when this process starts, every running job
// belongs to a dead one; without this they would wait for River's rescuer
// (RescueStuckJobsAfter, 15 minutes by default) and, being unique per
// head, keep the reconciler from queueing their pull request again. On
// PostgreSQL other live processes may be running jobs, so the rescuer
// decides there.
func (q *Queue) releaseOrphans(ctx context.Context) error {
	if q.sqliteClient == nil {
		return nil
	}
	res, err := q.st.DB().ExecContext(ctx, `UPDATE river_job SET state = 'available' WHERE state = 'running'`)
	if err != nil {
		return fmt.Errorf("queue: releasing the jobs of a previous process: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		q.log.Warn("queue: jobs left running by a previous process run again", slog.Int64("jobs", n))
	}
	return nil
}

// Stop stops fetching jobs and waits up to grace for the jobs in flight to
// finish; then it cancels their contexts (StopAndCancel): River puts such
// an interrupted job back to available without using an attempt, so it
// runs again after the restart. A job whose process dies without even that
// is rescued after RescueStuckJobsAfter.
func (q *Queue) Stop(ctx context.Context, grace time.Duration) error {
	soft, cancel := context.WithTimeout(ctx, grace)
	defer cancel()
	err := q.client.Stop(soft)
	if err == nil || !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	q.log.Warn("queue: jobs still running after the grace period; cancelling them", slog.Duration("grace", grace))
	hard, cancel2 := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel2()
	return q.client.StopAndCancel(hard)
}

func (q *Queue) processor() Processor {
	q.mu.RLock()
	defer q.mu.RUnlock()
	return q.proc
}

// Depth counts River's jobs by state (available, running, retryable,
// scheduled, completed, cancelled, discarded...), for the queue depth gauge.
func (q *Queue) Depth(ctx context.Context) (map[string]int64, error) {
	rows, err := q.st.DB().QueryContext(ctx, `SELECT state, count(*) FROM river_job GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("queue: depth: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var state string
		var n int64
		if err := rows.Scan(&state, &n); err != nil {
			return nil, fmt.Errorf("queue: depth: %w", err)
		}
		out[state] = n
	}
	return out, rows.Err()
}

// insert adds a job with the queue's defaults; a unique job that already
// exists is not an error (the insert is skipped).
func (q *Queue) insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	res, err := q.client.Insert(ctx, args, opts)
	if err != nil {
		return nil, fmt.Errorf("queue: enqueue %s: %w", args.Kind(), err)
	}
	return res, nil
}

// EnqueuePullRequest adds a PullRequestJob. A job with the same (repo,
// number, head, regenerate) still pending is kept and this one skipped.
// Unless the job is a re-run of a named head (check_run.rerequested), the
// queued jobs of the same pull request for another head are cancelled:
// the newest head supersedes them. A job already running is left alone
// (River would cancel its context); the processor re-checks the live head.
func (q *Queue) EnqueuePullRequest(ctx context.Context, job PullRequestJob) error {
	_, err := q.enqueuePullRequest(ctx, job)
	return err
}

// enqueuePullRequest is EnqueuePullRequest, also telling whether a job was
// added (false: the same job was already pending).
func (q *Queue) enqueuePullRequest(ctx context.Context, job PullRequestJob) (bool, error) {
	tag := pullRequestTag(job.Repo, job.Number)
	opts := job.InsertOpts()
	opts.Tags = []string{tag}
	res, err := q.insert(ctx, job, &opts)
	if err != nil {
		return false, err
	}
	added := !res.UniqueSkippedAsDuplicate
	if job.Event == "check_run.rerequested" {
		return added, nil
	}
	_, err = q.cancelQueued(ctx, job.Repo, job.Number, job.HeadSHA)
	return added, err
}

// CancelPullRequest cancels every queued (not running) PullRequestJob of a
// pull request and returns how many; the webhook handler calls it when the
// pull request is closed.
func (q *Queue) CancelPullRequest(ctx context.Context, repo Repo, number int) (int, error) {
	return q.cancelQueued(ctx, repo, number, "")
}

// cancelQueued cancels the queued PullRequestJobs of one pull request whose
// head is not keepHead.
func (q *Queue) cancelQueued(ctx context.Context, repo Repo, number int, keepHead string) (int, error) {
	params := river.NewJobListParams().
		Kinds(KindPullRequest).
		TagsAny(pullRequestTag(repo, number)).
		States(rivertype.JobStateAvailable, rivertype.JobStateScheduled, rivertype.JobStateRetryable).
		First(1000)
	list, err := q.client.JobList(ctx, params)
	if err != nil {
		return 0, fmt.Errorf("queue: list jobs of %s#%d: %w", repo.FullName(), number, err)
	}
	n := 0
	for _, row := range list.Jobs {
		var a PullRequestJob
		if err := json.Unmarshal(row.EncodedArgs, &a); err != nil {
			return n, fmt.Errorf("queue: job %d: %w", row.ID, err)
		}
		if keepHead != "" && a.HeadSHA == keepHead {
			continue
		}
		if _, err := q.client.JobCancel(ctx, row.ID); err != nil {
			return n, fmt.Errorf("queue: cancel job %d of %s#%d: %w", row.ID, repo.FullName(), number, err)
		}
		n++
		q.log.InfoContext(ctx, "superseded queued job", slog.Int64("job_id", row.ID),
			slog.String("repository", repo.FullName()), slog.Int("pull_request", number),
			slog.String("old_head_sha", a.HeadSHA), slog.String("head_sha", keepHead))
	}
	return n, nil
}

// EnqueueComment adds a CommentJob.
func (q *Queue) EnqueueComment(ctx context.Context, job CommentJob) error {
	_, err := q.insert(ctx, job, nil)
	return err
}

// EnqueueCheckRunAction adds a CheckRunActionJob.
func (q *Queue) EnqueueCheckRunAction(ctx context.Context, job CheckRunActionJob) error {
	_, err := q.insert(ctx, job, nil)
	return err
}

// EnqueueInstallation adds an InstallationJob.
func (q *Queue) EnqueueInstallation(ctx context.Context, job InstallationJob) error {
	_, err := q.insert(ctx, job, nil)
	return err
}

// EnqueueReconcile adds a ReconcileJob now (besides the periodic one).
func (q *Queue) EnqueueReconcile(ctx context.Context) error {
	opts := ReconcileJob{}.InsertOpts()
	_, err := q.insert(ctx, ReconcileJob{}, &opts)
	return err
}

// deliveryRetention is how long delivery ids are kept: GitHub redelivers
// deliveries of the past 3 days, so a week is a safe margin.
const deliveryRetention = 7 * 24 * time.Hour

// reconcile runs the Processor's reconciliation, enqueues what it found and
// prunes old delivery ids.
func (q *Queue) reconcile(ctx context.Context, p Processor, _ ReconcileJob) error {
	jobs, err := p.Reconcile(ctx)
	if err != nil {
		return err
	}
	added := 0
	for _, j := range jobs {
		if j.Event == "" {
			j.Event = "reconcile"
		}
		ok, err := q.enqueuePullRequest(ctx, j)
		if err != nil {
			return err
		}
		if ok {
			added++
		}
	}
	if _, err := q.st.PruneDeliveries(ctx, time.Now().Add(-deliveryRetention)); err != nil {
		return err
	}
	// A head found without a result may already be queued or running:
	// then nothing is added.
	q.log.InfoContext(ctx, "reconciled", slog.Int("without_result", len(jobs)), slog.Int("enqueued", added))
	return nil
}
