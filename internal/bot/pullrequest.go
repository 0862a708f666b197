package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"

	"github.com/migrate-bot/migrate-bot/internal/config"
	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/gitrepo"
	"github.com/migrate-bot/migrate-bot/internal/queue"
)

// EventSuperseded is the Event of the job the bot enqueues for a newer
// head when it finds its own job's head superseded.
const EventSuperseded = "superseded"

// prRun is one run of one pull request at one head.
type prRun struct {
	b    *Bot
	gh   GitHub
	repo ghapi.Repo
	pr   *ghapi.PullRequest
	st   *State
	job  queue.PullRequestJob
	log  *slog.Logger
	// git is the fetched repository with the head and merge base commits.
	git             *gitrepo.Repo
	head, mergeBase *gitrepo.Commit
	files           []ghapi.ChangedFile
}

// PullRequest plans or refreshes one pull request at job.HeadSHA: the
// check run, the generated files committed back (or shown, for a fork the
// bot cannot push to), the summary comment and the review. It holds the
// pull request's lock throughout, so jobs of one pull request never
// interleave, even across processes.
func (b *Bot) PullRequest(ctx context.Context, job queue.PullRequestJob) error {
	repo := repoOf(job.Repo)
	log := b.log.With("delivery_id", job.DeliveryID, "repo", repo.FullName(), "pull_request", job.Number,
		"head_sha", job.HeadSHA, "event", job.Event)
	unlock, err := b.store.LockPullRequest(ctx, repo.FullName(), job.Number)
	if err != nil {
		return fmt.Errorf("lock %s#%d: %w", repo.FullName(), job.Number, err)
	}
	defer unlock()
	st, err := loadState(ctx, b.store, repo.FullName(), job.Number)
	if err != nil {
		return err
	}
	gh := b.github.Client(job.InstallationID)
	pr, err := gh.PullRequest(ctx, repo, job.Number)
	if err != nil {
		if errors.Is(err, ghapi.ErrNotFound) {
			return queue.Permanent(fmt.Errorf("pull request %s#%d: %w", repo.FullName(), job.Number, err))
		}
		return forQueue("read the pull request", err)
	}
	if pr.State != "open" {
		log.Info("pull request is closed: nothing to plan", "merged", pr.Merged)
		if err := os.RemoveAll(b.pullDir(repo, job.Number)); err != nil {
			log.Warn("removing the pull request's fetch", "err", err)
		}
		return nil
	}
	if job.HeadSHA != "" && pr.HeadSHA != job.HeadSHA {
		return b.superseded(ctx, gh, repo, pr, st, job, log)
	}
	if job.HeadSHA == "" {
		job.HeadSHA = pr.HeadSHA
		log = log.With("current_head_sha", pr.HeadSHA)
	}
	run := &prRun{b: b, gh: gh, repo: repo, pr: pr, st: st, job: job, log: log}
	err = run.run(ctx)
	if serr := saveState(context.WithoutCancel(ctx), b.store, repo.FullName(), job.Number, st); serr != nil && err == nil {
		err = serr
	}
	return err
}

// superseded handles a job whose head is no longer the pull request's: a
// check run the bot left in progress on that head is closed as neutral,
// and the current head is enqueued when it has no result yet (its own
// synchronize job normally exists already; the queue keeps one).
func (b *Bot) superseded(ctx context.Context, gh GitHub, repo ghapi.Repo, pr *ghapi.PullRequest, st *State, job queue.PullRequestJob, log *slog.Logger) error {
	log.Info("head superseded: a newer commit is on the branch", "current_head", pr.HeadSHA)
	if cr := st.CheckRun; cr != nil && cr.HeadSHA == job.HeadSHA && !cr.Completed {
		err := gh.UpdateCheckRun(ctx, repo, cr.ID, ghapi.CheckRun{Name: CheckRunName, HeadSHA: job.HeadSHA,
			Status: "completed", Conclusion: ConclusionNeutral, Title: "Superseded by a newer commit",
			Summary: fmt.Sprintf("A newer commit (%s) is on the branch; migrate-bot reports on it instead.", short(pr.HeadSHA))})
		if err != nil && !errors.Is(err, ghapi.ErrNotFound) {
			return forQueue("close the superseded check run", err)
		}
		cr.Completed = true
		if err := saveState(ctx, b.store, repo.FullName(), job.Number, st); err != nil {
			return err
		}
	}
	done, err := b.store.HasResult(ctx, repo.FullName(), pr.HeadSHA)
	if err != nil {
		return fmt.Errorf("look up the result of %s: %w", short(pr.HeadSHA), err)
	}
	if done {
		return nil
	}
	next := queue.PullRequestJob{InstallationID: job.InstallationID, Repo: job.Repo, Number: job.Number,
		HeadSHA: pr.HeadSHA, Event: EventSuperseded, Regenerate: job.Regenerate}
	if err := b.queue.EnqueuePullRequest(ctx, next); err != nil {
		return fmt.Errorf("enqueue the current head %s: %w", short(pr.HeadSHA), err)
	}
	return nil
}

// run does the work at the current head.
func (r *prRun) run(ctx context.Context) error {
	if err := r.startCheck(ctx); err != nil {
		return err
	}
	data, err := r.gh.FileContent(ctx, r.repo, r.pr.BaseRef, config.Path)
	if errors.Is(err, ghapi.ErrNotFound) {
		return r.finish(ctx, finalCheck{conclusion: ConclusionNeutral, title: "No configuration",
			summary: noConfigSummary(r.pr.BaseRef)})
	}
	if err != nil {
		return forQueue("read "+config.Path, err)
	}
	cfg, err := config.Parse(config.Path, data)
	if err != nil {
		return r.finish(ctx, configFailure(err, r.pr.BaseRef))
	}
	if r.files, err = r.gh.ChangedFiles(ctx, r.repo, r.pr.Number); err != nil {
		return forQueue("list the changed files", err)
	}
	changed := changedPaths(r.files)
	if len(touchedProjects(cfg, changed)) == 0 {
		return r.finish(ctx, finalCheck{conclusion: ConclusionNeutral, title: "No schema or migration changed",
			summary: "This pull request changes no schema and no migration that " + config.Path + " configures: nothing to plan."})
	}
	if err := r.fetch(ctx); err != nil {
		return err
	}
	return r.plan(ctx, cfg, changed)
}

// fetch brings the base branch and the pull request's head (through
// refs/pull/N/head of the base repository, which also serves forks) into
// the pull request's folder and resolves the head and the merge base.
func (r *prRun) fetch(ctx context.Context) error {
	token, err := r.gh.Token(ctx)
	if err != nil {
		return forQueue("installation token", err)
	}
	refs := []string{fmt.Sprintf("refs/pull/%d/head", r.pr.Number), "refs/heads/" + r.pr.BaseRef}
	if r.git, err = r.b.fetch(ctx, r.b.pullDir(r.repo, r.pr.Number), r.b.cloneURL(r.repo), token, refs); err != nil {
		return forQueue("fetch "+r.repo.FullName(), err)
	}
	// GitHub updates refs/pull/N/head shortly after the event: a head
	// not there yet is retried.
	if r.head, err = r.git.Resolve(r.pr.HeadSHA); err != nil {
		return fmt.Errorf("head %s not fetched yet: %w", short(r.pr.HeadSHA), err)
	}
	r.head.Rev = r.pr.HeadRef
	base, err := r.git.Resolve(r.pr.BaseSHA)
	if err != nil {
		return fmt.Errorf("base %s not fetched: %w", short(r.pr.BaseSHA), err)
	}
	base.Rev = r.pr.BaseRef
	if r.mergeBase, err = r.git.MergeBase(base, r.head); err != nil {
		return fmt.Errorf("merge base: %w", err)
	}
	return nil
}

// changedPaths are the paths a pull request changes, renamed files under
// both names.
func changedPaths(files []ghapi.ChangedFile) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Path)
		if f.PreviousPath != "" && f.PreviousPath != f.Path {
			out = append(out, f.PreviousPath)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// touchedProjects are the projects whose schema or migrations the pull
// request changes.
func touchedProjects(cfg *config.Config, changed []string) []*config.Project {
	var out []*config.Project
	for _, p := range cfg.Projects {
		if gitrepo.Touches(changed, p.Schema) || (p.Migrations != "" && gitrepo.Touches(changed, p.Migrations)) {
			out = append(out, p)
		}
	}
	return out
}

// projectOf is the project whose migrations folder holds path.
func projectOf(cfg *config.Config, path string) *config.Project {
	for _, p := range cfg.Projects {
		if p.Migrations != "" && gitrepo.Touches([]string{path}, p.Migrations) {
			return p
		}
	}
	return nil
}

// readAtHead returns a file's content at the head and whether it exists.
func (r *prRun) readAtHead(path string) ([]byte, bool, error) {
	f, err := r.git.ReadFile(r.head, path)
	if errors.Is(err, gitrepo.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return f.Data, true, nil
}

// existsAtHead reports whether a file exists at the head (false on error).
func (r *prRun) existsAtHead(path string) bool {
	_, ok, err := r.readAtHead(path)
	return err == nil && ok
}
