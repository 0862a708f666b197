// Package queue is migrate-bot's durable job queue: River
// (github.com/riverqueue/river) on the same database as the store,
// PostgreSQL through pgx or the embedded SQLite file.
//
// It defines the job arguments the webhook handler and the reconciler
// enqueue (PullRequestJob, CommentJob, CheckRunActionJob, InstallationJob,
// ReconcileJob), the Processor interface internal/bot implements, and the
// error wrappers a Processor uses to steer retries (Permanent, RetryAfter).
//
// Queue guarantees, all delegated to River and proven by this package's
// tests on both backends:
//
//   - jobs are rows in the database: they survive a crash and a restart;
//   - a job whose process died mid-run is rescued after RescueStuckJobsAfter
//     and run again;
//   - failed jobs are retried with River's backoff (attempt^4 seconds plus
//     jitter), at most MaxAttempts times;
//   - a PullRequestJob is unique per (repository, pull request, head SHA,
//     regenerate) among jobs not yet finished; a job for a newer head
//     cancels the queued (not running) jobs of the same pull request with
//     another head;
//   - several processes sharing one PostgreSQL never work the same job
//     twice (River locks rows with FOR UPDATE SKIP LOCKED).
package queue
