package queue

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/migrate-bot/migrate-bot/internal/store"
)

// Delivery is one webhook delivery and the jobs it causes.
type Delivery struct {
	ID, Event, Action string

	PullRequests   []PullRequestJob
	Comment        *CommentJob
	CheckRunAction *CheckRunActionJob
	Installation   *InstallationJob
}

// Deliver records the delivery id and enqueues its jobs in one database
// transaction, so a crash can never keep the id without the jobs (a later
// redelivery would then be dropped) nor the jobs without the id. fresh is
// false, and nothing is enqueued, when the id was already recorded (a
// redelivery). After the commit, each PullRequestJob supersedes the queued
// jobs of its pull request for other heads, as EnqueuePullRequest does.
func (q *Queue) Deliver(ctx context.Context, d Delivery) (fresh bool, err error) {
	var inserts []river.InsertManyParams
	for _, j := range d.PullRequests {
		opts := j.InsertOpts()
		opts.Tags = []string{pullRequestTag(j.Repo, j.Number)}
		inserts = append(inserts, river.InsertManyParams{Args: j, InsertOpts: &opts})
	}
	if d.Comment != nil {
		inserts = append(inserts, river.InsertManyParams{Args: *d.Comment})
	}
	if d.CheckRunAction != nil {
		inserts = append(inserts, river.InsertManyParams{Args: *d.CheckRunAction})
	}
	if d.Installation != nil {
		inserts = append(inserts, river.InsertManyParams{Args: *d.Installation})
	}
	switch q.st.Backend() {
	case store.Postgres:
		fresh, err = deliverTx(ctx, q, d, inserts, q.st.BeginPgx, q.pgClient.InsertTx,
			func(tx pgx.Tx) error { return tx.Commit(ctx) }, func(tx pgx.Tx) { tx.Rollback(context.WithoutCancel(ctx)) })
	default:
		fresh, err = deliverTx(ctx, q, d, inserts, q.st.BeginSQL, q.sqliteClient.InsertTx,
			func(tx *sql.Tx) error { return tx.Commit() }, func(tx *sql.Tx) { tx.Rollback() })
	}
	if err != nil || !fresh {
		return fresh, err
	}
	for _, j := range d.PullRequests {
		if j.Event == "check_run.rerequested" {
			continue
		}
		if _, err := q.cancelQueued(ctx, j.Repo, j.Number, j.HeadSHA); err != nil {
			// The jobs are safely queued; a stale one left behind only costs
			// a redundant run (the processor re-checks the live head).
			q.log.WarnContext(ctx, "supersede failed", "error", err.Error())
		}
	}
	return true, nil
}

// deliverTx is Deliver's transaction for one driver's transaction type.
func deliverTx[TTx any](ctx context.Context, q *Queue, d Delivery, inserts []river.InsertManyParams,
	begin func(context.Context) (TTx, error),
	insertTx func(context.Context, TTx, river.JobArgs, *river.InsertOpts) (*rivertypeResult, error),
	commit func(TTx) error, rollback func(TTx),
) (bool, error) {
	tx, err := begin(ctx)
	if err != nil {
		return false, fmt.Errorf("queue: deliver %s: %w", d.ID, err)
	}
	fresh, err := q.st.RecordDeliveryTx(ctx, tx, d.ID, d.Event, d.Action)
	if err != nil || !fresh {
		rollback(tx)
		return false, err
	}
	for _, in := range inserts {
		if _, err := insertTx(ctx, tx, in.Args, in.InsertOpts); err != nil {
			rollback(tx)
			return false, fmt.Errorf("queue: deliver %s: enqueue %s: %w", d.ID, in.Args.Kind(), err)
		}
	}
	if err := commit(tx); err != nil {
		return false, fmt.Errorf("queue: deliver %s: commit: %w", d.ID, err)
	}
	return true, nil
}
