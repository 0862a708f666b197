package queue

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Job kinds as stored in River's river_job.kind column.
const (
	KindPullRequest    = "pull_request"
	KindComment        = "comment"
	KindCheckRunAction = "check_run_action"
	KindInstallation   = "installation"
	KindReconcile      = "reconcile"
)

// Repo names a repository.
type Repo struct {
	Owner string `json:"owner"`
	Name  string `json:"name"`
}

// FullName is "owner/name".
func (r Repo) FullName() string { return r.Owner + "/" + r.Name }

// PullRequestJob plans (or refreshes) one pull request at one head SHA.
type PullRequestJob struct {
	InstallationID int64  `json:"installation_id"`
	Repo           Repo   `json:"repo" river:"unique"`
	Number         int    `json:"number" river:"unique"`
	HeadSHA        string `json:"head_sha" river:"unique"`
	// Event is what caused the job: "pull_request.opened",
	// "pull_request.synchronize", "check_run.rerequested", "reconcile", ...
	Event string `json:"event"`
	// DeliveryID is the X-GitHub-Delivery id ("" for reconciler jobs).
	DeliveryID string `json:"delivery_id"`
	// Regenerate overwrites files a person edited (/migrate regenerate, the
	// Regenerate button). It is part of the uniqueness key so a regenerate
	// request is never swallowed by a plain job queued for the same head.
	Regenerate bool `json:"regenerate" river:"unique"`
}

// Kind is the River job kind.
func (PullRequestJob) Kind() string { return KindPullRequest }

// InsertOpts makes the job unique per (repo, number, head SHA, regenerate)
// among the jobs not finished yet: a completed job does not block a later
// re-run of the same head (check_run.rerequested, the reconciler).
func (PullRequestJob) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{
		ByArgs: true,
		ByState: []rivertype.JobState{
			rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
			rivertype.JobStateRetryable, rivertype.JobStateScheduled,
		},
	}}
}

// CommentJob is one issue_comment.created on a pull request whose body has
// at least one line starting "/migrate".
type CommentJob struct {
	InstallationID int64  `json:"installation_id"`
	Repo           Repo   `json:"repo"`
	Number         int    `json:"number"`
	CommentID      int64  `json:"comment_id"`
	Body           string `json:"body"`
	// Author is comment.user.login; AuthorType is comment.user.type
	// ("User", "Bot", "Organization").
	Author     string `json:"author"`
	AuthorType string `json:"author_type"`
	DeliveryID string `json:"delivery_id"`
}

// Kind is the River job kind.
func (CommentJob) Kind() string { return KindComment }

// CheckRunActionJob is a check_run.requested_action (a button such as
// "regenerate") on a check run the App owns.
type CheckRunActionJob struct {
	InstallationID int64  `json:"installation_id"`
	Repo           Repo   `json:"repo"`
	HeadSHA        string `json:"head_sha"`
	CheckRunID     int64  `json:"check_run_id"`
	Identifier     string `json:"identifier"`
	Requester      string `json:"requester"`
	DeliveryID     string `json:"delivery_id"`
	// Numbers are the pull requests of check_run.pull_requests (empty for a
	// pull request from a fork, where GitHub does not fill them).
	Numbers []int `json:"numbers"`
}

// Kind is the River job kind.
func (CheckRunActionJob) Kind() string { return KindCheckRunAction }

// InstallationJob is an installation or installation_repositories event
// (created, deleted, suspend, unsuspend, added, removed, ...).
type InstallationJob struct {
	InstallationID int64  `json:"installation_id"`
	Action         string `json:"action"`
	// Repos are the repositories the event lists (installation.created:
	// repositories; installation_repositories: the added or removed ones).
	Repos      []Repo `json:"repos"`
	DeliveryID string `json:"delivery_id"`
}

// Kind is the River job kind.
func (InstallationJob) Kind() string { return KindInstallation }

// ReconcileJob is the periodic reconciliation: the worker asks the
// Processor for pull requests whose latest head has no result and
// enqueues them.
type ReconcileJob struct{}

// Kind is the River job kind.
func (ReconcileJob) Kind() string { return KindReconcile }

// InsertOpts keeps at most one reconciliation queued or running.
func (ReconcileJob) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{
		ByState: []rivertype.JobState{
			rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
			rivertype.JobStateRetryable, rivertype.JobStateScheduled,
		},
	}}
}

// Processor does the work of each job kind. internal/bot implements it;
// the queue's River workers call it.
type Processor interface {
	PullRequest(ctx context.Context, job PullRequestJob) error
	Comment(ctx context.Context, job CommentJob) error
	CheckRunAction(ctx context.Context, job CheckRunActionJob) error
	Installation(ctx context.Context, job InstallationJob) error
	// Reconcile lists the open pull requests of every installation that
	// touch configured paths and returns the PullRequestJobs whose latest
	// head has no recorded result; the worker enqueues them.
	Reconcile(ctx context.Context) ([]PullRequestJob, error)
}

// Enqueuer adds work. *Queue implements it on River; the webhook handler
// and the processor use it.
type Enqueuer interface {
	EnqueuePullRequest(ctx context.Context, job PullRequestJob) error
	EnqueueComment(ctx context.Context, job CommentJob) error
	EnqueueCheckRunAction(ctx context.Context, job CheckRunActionJob) error
	EnqueueInstallation(ctx context.Context, job InstallationJob) error
}

// pullRequestTag is the River tag every PullRequestJob of one pull request
// carries, so supersede can find them on both backends (River tags allow
// only word characters and '-', hence the hash).
func pullRequestTag(repo Repo, number int) string {
	sum := sha256.Sum256([]byte(repo.FullName() + "#" + strconv.Itoa(number)))
	return "pr_" + hex.EncodeToString(sum[:12])
}

// defaultJobTimeout bounds one job's run when Config.JobTimeout is zero: a
// large pull request (fetch, engine, several API writes) fits comfortably.
const defaultJobTimeout = 10 * time.Minute
