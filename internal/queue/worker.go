package queue

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/riverqueue/river"
)

// jobWorker runs one job kind through the Processor, maps its error to
// River's retry, snooze or cancel, logs with the job's delivery id,
// repository and pull request, and reports the outcome.
type jobWorker[T river.JobArgs] struct {
	river.WorkerDefaults[T]
	q   *Queue
	run func(ctx context.Context, p Processor, args T) error
}

// Work implements river.Worker.
func (w *jobWorker[T]) Work(ctx context.Context, job *river.Job[T]) error {
	ctx = WithLogAttrs(ctx, append(jobLogAttrs(any(job.Args)),
		slog.Int64("job_id", job.ID), slog.String("job_kind", job.Kind), slog.Int("attempt", job.Attempt))...)
	p := w.q.processor()
	if p == nil {
		return errors.New("queue: no processor")
	}
	start := time.Now()
	err := w.run(ctx, p, job.Args)
	took := time.Since(start)
	outcome, riverErr := mapError(err)
	if err != nil && ctx.Err() != nil && errors.Is(err, context.Canceled) {
		// Stopped with the process (Queue.Stop): River makes it available again.
		outcome = "interrupted"
	}
	if o := w.q.cfg.Observer; o != nil {
		o.JobDone(job.Kind, outcome, took)
	}
	level := slog.LevelInfo
	attrs := []any{slog.String("outcome", outcome), slog.Duration("took", took)}
	if err != nil {
		level = slog.LevelWarn
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	w.q.log.Log(ctx, level, "job finished", attrs...)
	return riverErr
}

// mapError turns a Processor error into what River expects: Permanent ->
// river.JobCancel (no more attempts), RetryAfter -> river.JobSnooze (run
// again after the delay without using an attempt), other errors -> the
// error itself (retried with backoff).
func mapError(err error) (outcome string, riverErr error) {
	switch {
	case err == nil:
		return "completed", nil
	case IsPermanent(err):
		return "cancelled", river.JobCancel(err)
	default:
		if d, ok := RetryDelay(err); ok {
			return "snoozed", river.JobSnooze(d)
		}
		return "retry", err
	}
}

// jobLogAttrs are the attributes every log line about a job carries.
func jobLogAttrs(args any) []slog.Attr {
	switch a := args.(type) {
	case PullRequestJob:
		return []slog.Attr{slog.String("delivery_id", a.DeliveryID), slog.String("repository", a.Repo.FullName()),
			slog.Int("pull_request", a.Number), slog.String("head_sha", a.HeadSHA)}
	case CommentJob:
		return []slog.Attr{slog.String("delivery_id", a.DeliveryID), slog.String("repository", a.Repo.FullName()),
			slog.Int("pull_request", a.Number)}
	case CheckRunActionJob:
		attrs := []slog.Attr{slog.String("delivery_id", a.DeliveryID), slog.String("repository", a.Repo.FullName()),
			slog.String("head_sha", a.HeadSHA)}
		if len(a.Numbers) > 0 {
			attrs = append(attrs, slog.Int("pull_request", a.Numbers[0]))
		}
		return attrs
	case InstallationJob:
		return []slog.Attr{slog.String("delivery_id", a.DeliveryID), slog.String("installation_id", strconv.FormatInt(a.InstallationID, 10))}
	}
	return nil
}
