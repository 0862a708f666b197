package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/gitfetch"
	"github.com/migrate-bot/migrate-bot/internal/gitrepo"
	"github.com/migrate-bot/migrate-bot/internal/pipeline"
	"github.com/migrate-bot/migrate-bot/internal/queue"
)

// GitHub is what the bot asks of GitHub for one installation: exactly the
// *ghapi.Client methods it calls (consumer-owned, so tests use a plain
// fake).
type GitHub interface {
	Token(ctx context.Context) (string, error)
	Repositories(ctx context.Context) ([]ghapi.Repo, error)
	PullRequest(ctx context.Context, repo ghapi.Repo, number int) (*ghapi.PullRequest, error)
	OpenPullRequests(ctx context.Context, repo ghapi.Repo) ([]*ghapi.PullRequest, error)
	ChangedFiles(ctx context.Context, repo ghapi.Repo, number int) ([]ghapi.ChangedFile, error)
	FileContent(ctx context.Context, repo ghapi.Repo, ref, path string) ([]byte, error)
	CreateCheckRun(ctx context.Context, repo ghapi.Repo, run ghapi.CheckRun) (int64, error)
	UpdateCheckRun(ctx context.Context, repo ghapi.Repo, id int64, run ghapi.CheckRun) error
	Comments(ctx context.Context, repo ghapi.Repo, number int) ([]ghapi.Comment, error)
	CreateComment(ctx context.Context, repo ghapi.Repo, number int, body string) (int64, error)
	EditComment(ctx context.Context, repo ghapi.Repo, id int64, body string) error
	AddReaction(ctx context.Context, repo ghapi.Repo, commentID int64, content string) error
	ReviewComments(ctx context.Context, repo ghapi.Repo, number int) ([]ghapi.ReviewComment, error)
	CreateReview(ctx context.Context, repo ghapi.Repo, number int, commitSHA, body string, comments []ghapi.ReviewComment) error
	Permission(ctx context.Context, repo ghapi.Repo, user string) (string, error)
	CommitFiles(ctx context.Context, repo ghapi.Repo, branch, parentSHA, message string, files []ghapi.FileChange) (string, error)
}

// Installations gives the App's installations and a GitHub client for each.
type Installations interface {
	Installations(ctx context.Context) ([]int64, error)
	Client(installationID int64) GitHub
}

// StateStore is the part of internal/store the bot uses: per pull request
// state, a lock that holds across processes, and the results the
// reconciler looks for.
type StateStore interface {
	PullRequestState(ctx context.Context, repo string, number int) ([]byte, error)
	SavePullRequestState(ctx context.Context, repo string, number int, state []byte) error
	LockPullRequest(ctx context.Context, repo string, number int) (unlock func(), err error)
	RecordResult(ctx context.Context, repo string, number int, headSHA, conclusion string) error
	HasResult(ctx context.Context, repo string, headSHA string) (bool, error)
}

// Fetcher makes sure dir holds the refs of the repository at cloneURL,
// fetched with the installation token (gitfetch.Fetch).
type Fetcher func(ctx context.Context, dir, cloneURL, token string, refs []string) (*gitrepo.Repo, error)

// Planner runs the engine on one pull request (pipeline.Run).
type Planner func(ctx context.Context, in pipeline.Input) (*pipeline.Result, error)

// Config configures the processor `migrate-bot serve` runs.
type Config struct {
	// AppID and PrivateKey (PEM) authenticate the GitHub App.
	AppID      int64
	PrivateKey []byte
	// GitHubAPIURL is the REST API base ending in "/" (default
	// "https://api.github.com/").
	GitHubAPIURL string
	// GitURL is the base of clone URLs (default "https://github.com/"):
	// a repository is fetched from GitURL + "owner/name.git".
	GitURL string
	// WorkDir holds the fetched repositories (default: a migrate-bot
	// folder in the system's temporary directory).
	WorkDir string
	// Logger receives structured logs (default slog.Default()).
	Logger *slog.Logger
	// Metrics counts GitHub API calls and the rate-limit headroom; nil
	// records nothing.
	Metrics ghapi.Metrics
	// Shadow opens throwaway databases on the operator's shadow servers
	// (pipeline.ShadowServers): Prisma histories are replayed and checked
	// for drift, and hand-written migrations the SQL readers cannot model
	// are checked on a real database. Nil: neither.
	Shadow pipeline.ShadowFunc
}

// Parts are the collaborators of a Bot, for wiring other than New's
// (tests, the end-to-end suite).
type Parts struct {
	GitHub  Installations
	Fetch   Fetcher
	Plan    Planner
	Store   StateStore
	Queue   queue.Enqueuer
	GitURL  string
	WorkDir string
	Logger  *slog.Logger
	// Shadow is Config.Shadow.
	Shadow pipeline.ShadowFunc
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Bot processes the queue's jobs; it implements queue.Processor.
type Bot struct {
	github  Installations
	fetch   Fetcher
	plan    Planner
	store   StateStore
	queue   queue.Enqueuer
	gitURL  string
	workDir string
	log     *slog.Logger
	shadow  pipeline.ShadowFunc
	now     func() time.Time
}

var _ queue.Processor = (*Bot)(nil)

// New makes the processor `serve` runs: the GitHub App from cfg, go-git
// fetching, the engine pipeline, st for state and enq for follow-up jobs.
func New(cfg Config, st StateStore, enq queue.Enqueuer) (*Bot, error) {
	app, err := ghapi.NewApp(cfg.AppID, cfg.PrivateKey, cfg.GitHubAPIURL, nil, cfg.Metrics)
	if err != nil {
		return nil, fmt.Errorf("GitHub App: %w", err)
	}
	return NewWith(Parts{
		GitHub: appInstallations{app}, Fetch: gitfetch.Fetch, Plan: pipeline.Run,
		Store: st, Queue: enq, GitURL: cfg.GitURL, WorkDir: cfg.WorkDir, Logger: cfg.Logger,
		Shadow: cfg.Shadow,
	})
}

// NewWith makes a Bot from its parts; GitHub, Fetch, Plan, Store and Queue
// are required.
func NewWith(p Parts) (*Bot, error) {
	switch {
	case p.GitHub == nil:
		return nil, errors.New("bot: no GitHub client")
	case p.Fetch == nil:
		return nil, errors.New("bot: no fetcher")
	case p.Plan == nil:
		return nil, errors.New("bot: no planner")
	case p.Store == nil:
		return nil, errors.New("bot: no state store")
	case p.Queue == nil:
		return nil, errors.New("bot: no queue")
	}
	b := &Bot{github: p.GitHub, fetch: p.Fetch, plan: p.Plan, store: p.Store, queue: p.Queue,
		gitURL: p.GitURL, workDir: p.WorkDir, log: p.Logger, shadow: p.Shadow, now: p.Now}
	if b.gitURL == "" {
		b.gitURL = "https://github.com/"
	}
	if b.gitURL[len(b.gitURL)-1] != '/' {
		b.gitURL += "/"
	}
	if b.workDir == "" {
		b.workDir = filepath.Join(os.TempDir(), "migrate-bot")
	}
	if b.log == nil {
		b.log = slog.Default()
	}
	if b.now == nil {
		b.now = time.Now
	}
	return b, nil
}

// appInstallations adapts *ghapi.App to Installations.
type appInstallations struct{ app *ghapi.App }

func (a appInstallations) Installations(ctx context.Context) ([]int64, error) {
	return a.app.Installations(ctx)
}

func (a appInstallations) Client(id int64) GitHub { return a.app.Client(id) }

// repoOf converts a job's repository to the adapter's.
func repoOf(r queue.Repo) ghapi.Repo { return ghapi.Repo{Owner: r.Owner, Name: r.Name} }

// cloneURL is the HTTPS URL the repository is fetched from.
func (b *Bot) cloneURL(r ghapi.Repo) string { return b.gitURL + r.Owner + "/" + r.Name + ".git" }

// pullDir is where one pull request's fetch lives: one folder per pull
// request, so two pull requests of a repository never fetch into the same
// folder at once (each is serialized by its own lock).
func (b *Bot) pullDir(r ghapi.Repo, number int) string {
	return filepath.Join(b.repoDir(r), fmt.Sprintf("pull-%d", number))
}

// repoDir holds the fetches of one repository.
func (b *Bot) repoDir(r ghapi.Repo) string {
	return filepath.Join(b.workDir, safeName(r.Owner), safeName(r.Name))
}

// safeName keeps a GitHub login or repository name from escaping WorkDir.
func safeName(s string) string {
	if s == "" || s == "." || s == ".." {
		return "_"
	}
	out := []rune(s)
	for i, r := range out {
		if r == '/' || r == '\\' || r == 0 {
			out[i] = '_'
		}
	}
	return string(out)
}
