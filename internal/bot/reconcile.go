package bot

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/migrate-bot/migrate-bot/internal/config"
	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/queue"
)

// EventReconcile is the Event of the jobs the reconciler finds.
const EventReconcile = "reconcile"

// Reconcile lists the open pull requests of every installation and returns
// a job for each whose head has no result yet and whose changes touch a
// schema or migrations folder its base branch's configuration names. A
// repository that fails is logged and skipped, so one broken repository
// does not hide the others; a rate limit stops the sweep (queue.RetryAfter).
func (b *Bot) Reconcile(ctx context.Context) ([]queue.PullRequestJob, error) {
	ids, err := b.github.Installations(ctx)
	if err != nil {
		return nil, forQueue("list the installations", err)
	}
	var jobs []queue.PullRequestJob
	for _, id := range ids {
		gh := b.github.Client(id)
		repos, err := gh.Repositories(ctx)
		if err != nil {
			if stop := sweepError(err); stop != nil {
				return nil, stop
			}
			b.log.Warn("reconcile: listing repositories failed", "installation_id", id, "err", err)
			continue
		}
		for _, repo := range repos {
			found, err := b.reconcileRepo(ctx, gh, id, repo)
			if err != nil {
				if stop := sweepError(err); stop != nil {
					return nil, stop
				}
				b.log.Warn("reconcile: repository skipped", "installation_id", id, "repo", repo.FullName(), "err", err)
				continue
			}
			jobs = append(jobs, found...)
		}
	}
	b.log.Info("reconcile done", "installations", len(ids), "jobs", len(jobs))
	return jobs, nil
}

// sweepError is the error that stops a sweep: a rate limit (more calls
// would only make it worse) or the context ending; nil for the others.
func sweepError(err error) error {
	var rl *ghapi.RateLimitError
	if errors.As(err, &rl) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return forQueue("reconcile", err)
	}
	return nil
}

// reconcileRepo finds the open pull requests of one repository that need
// a run.
func (b *Bot) reconcileRepo(ctx context.Context, gh GitHub, installation int64, repo ghapi.Repo) ([]queue.PullRequestJob, error) {
	prs, err := gh.OpenPullRequests(ctx, repo)
	if err != nil {
		return nil, fmt.Errorf("open pull requests: %w", err)
	}
	configs := map[string]*config.Config{} // base ref -> config (nil: none or broken)
	var jobs []queue.PullRequestJob
	for _, pr := range prs {
		done, err := b.store.HasResult(ctx, repo.FullName(), pr.HeadSHA)
		if err != nil {
			return nil, fmt.Errorf("result of %s: %w", short(pr.HeadSHA), err)
		}
		if done {
			continue
		}
		cfg, seen := configs[pr.BaseRef]
		if !seen {
			if cfg, err = b.baseConfig(ctx, gh, repo, pr.BaseRef); err != nil {
				return nil, err
			}
			configs[pr.BaseRef] = cfg
		}
		if cfg == nil {
			continue
		}
		files, err := gh.ChangedFiles(ctx, repo, pr.Number)
		if err != nil {
			return nil, fmt.Errorf("changed files of #%d: %w", pr.Number, err)
		}
		if len(touchedProjects(cfg, changedPaths(files))) == 0 {
			continue
		}
		jobs = append(jobs, queue.PullRequestJob{InstallationID: installation, Repo: queue.Repo{Owner: repo.Owner, Name: repo.Name},
			Number: pr.Number, HeadSHA: pr.HeadSHA, Event: EventReconcile})
	}
	return jobs, nil
}

// baseConfig reads a base branch's configuration; nil when there is none
// or it does not parse (its pull requests get their check from their own
// events; the reconciler cannot tell which paths they touch).
func (b *Bot) baseConfig(ctx context.Context, gh GitHub, repo ghapi.Repo, ref string) (*config.Config, error) {
	data, err := gh.FileContent(ctx, repo, ref, config.Path)
	if errors.Is(err, ghapi.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s at %s: %w", config.Path, ref, err)
	}
	cfg, err := config.Parse(config.Path, data)
	if err != nil {
		b.log.Info("reconcile: configuration does not parse", "repo", repo.FullName(), "ref", ref, "err", err)
		return nil, nil
	}
	return cfg, nil
}

// Installation reacts to installation and installation_repositories
// events. Repositories added (or an installation created or unsuspended)
// have their open pull requests enqueued at once rather than at the next
// reconciliation. Repositories removed (or an installation deleted or
// suspended) lose their fetched copies under WorkDir: the App may no
// longer read that code. Their pull request state stays in the store (it
// is small, holds no code, and keeps comment and commit bookkeeping right
// if the repository comes back).
func (b *Bot) Installation(ctx context.Context, job queue.InstallationJob) error {
	log := b.log.With("delivery_id", job.DeliveryID, "installation_id", job.InstallationID, "action", job.Action)
	switch job.Action {
	case "deleted", "removed", "suspend":
		for _, r := range job.Repos {
			dir := b.repoDir(repoOf(r))
			if err := os.RemoveAll(dir); err != nil {
				log.Warn("removing a repository's fetches", "repo", r.FullName(), "err", err)
			}
		}
		log.Info("repositories left the installation", "repos", len(job.Repos))
		return nil
	case "created", "added", "unsuspend", "new_permissions_accepted":
		gh := b.github.Client(job.InstallationID)
		queued := 0
		for _, r := range job.Repos {
			jobs, err := b.reconcileRepo(ctx, gh, job.InstallationID, repoOf(r))
			if err != nil {
				if stop := sweepError(err); stop != nil {
					return stop
				}
				log.Warn("looking at a new repository's pull requests", "repo", r.FullName(), "err", err)
				continue
			}
			for _, j := range jobs {
				j.DeliveryID = job.DeliveryID
				if err := b.queue.EnqueuePullRequest(ctx, j); err != nil {
					return fmt.Errorf("enqueue %s#%d: %w", r.FullName(), j.Number, err)
				}
				queued++
			}
		}
		log.Info("repositories joined the installation", "repos", len(job.Repos), "jobs", queued)
		return nil
	}
	log.Info("installation event: nothing to do")
	return nil
}
