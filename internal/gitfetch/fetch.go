package gitfetch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5"
	gitconfig "github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"

	"github.com/migrate-bot/migrate-bot/internal/gitrepo"
)

// Sentinels wrapped by Fetch's errors.
var (
	// ErrUnauthorized: the server refused the token.
	ErrUnauthorized = errors.New("git: authentication refused")
	// ErrNotFound: the repository or a ref does not exist (or the token
	// cannot see it).
	ErrNotFound = errors.New("git: not found")
)

// remoteName is the one remote of a fetched folder.
const remoteName = "origin"

// Fetcher fetches with a depth policy.
type Fetcher struct {
	// Depth is the depth of the first fetch (0: 50 commits).
	Depth int
	// Deepen are the depths tried, in order, while the merge base of the
	// first two refs is missing (nil: 200, then 1000); after the last, the
	// history is fetched whole.
	Deepen []int
}

// defaultDepth is the first fetch's depth: most pull requests branch off
// less than 50 commits below the base's tip.
const defaultDepth = 50

func defaultDeepen() []int { return []int{200, 1000} }

// infiniteDepth is what `git fetch --unshallow` asks for: a depth no
// history reaches.
const infiniteDepth = 0x7fffffff

// locks serializes fetches into one folder within the process.
var locks sync.Map // dir -> *sync.Mutex

// Fetch makes sure dir holds a bare clone of cloneURL with refs fetched
// (e.g. "refs/heads/main", "refs/pull/7/head"), using Basic auth
// x-access-token:<token>, shallow where the merge base of the first two
// refs allows, and returns the opened repository. It uses the default
// depth policy.
func Fetch(ctx context.Context, dir, cloneURL, token string, refs []string) (*gitrepo.Repo, error) {
	return Fetcher{}.Fetch(ctx, dir, cloneURL, token, refs)
}

// Fetch is the package's Fetch with f's depth policy.
func (f Fetcher) Fetch(ctx context.Context, dir, cloneURL, token string, refs []string) (*gitrepo.Repo, error) {
	if len(refs) == 0 {
		return nil, errors.New("git fetch: no refs to fetch")
	}
	for _, r := range refs {
		if !strings.HasPrefix(r, "refs/") || strings.ContainsAny(r, " :^~*?[\\") {
			return nil, fmt.Errorf("git fetch: %q is not a full ref name (refs/...)", r)
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	mu, _ := locks.LoadOrStore(abs, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()

	repo, err := openBare(abs, cloneURL)
	if err != nil {
		return nil, err
	}
	auth := &githttp.BasicAuth{Username: "x-access-token", Password: token}
	depth := f.Depth
	if depth <= 0 {
		depth = defaultDepth
	}
	deepen := f.Deepen
	if deepen == nil {
		deepen = defaultDeepen()
	}
	if shallow, err := repo.Storer.Shallow(); err == nil && len(shallow) == 0 && hasRefs(repo, refs) {
		// A complete history stays complete: fetch what is new, whole.
		depth = 0
	}
	steps := append([]int{depth}, deepen...)
	steps = append(steps, infiniteDepth)
	for i, d := range steps {
		if i > 0 && d <= steps[i-1] && d != infiniteDepth {
			continue
		}
		if err := fetch(ctx, repo, cloneURL, auth, refs, d); err != nil {
			return nil, err
		}
		if len(refs) < 2 || d == 0 {
			break
		}
		if hasMergeBase(abs, refs[0], refs[1]) {
			break
		}
	}
	return gitrepo.Open(abs)
}

// openBare opens the bare repository in dir, or creates it, with its
// remote pointing at cloneURL (the URL is updated if it changed).
func openBare(dir, cloneURL string) (*git.Repository, error) {
	repo, err := git.PlainOpen(dir)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		repo, err = git.PlainInit(dir, true)
	}
	if err != nil {
		return nil, fmt.Errorf("git repository %s: %w", dir, err)
	}
	cfg, err := repo.Config()
	if err != nil {
		return nil, fmt.Errorf("git repository %s: %w", dir, err)
	}
	rc, ok := cfg.Remotes[remoteName]
	if ok && len(rc.URLs) == 1 && rc.URLs[0] == cloneURL {
		return repo, nil
	}
	cfg.Remotes[remoteName] = &gitconfig.RemoteConfig{Name: remoteName, URLs: []string{cloneURL}}
	if err := repo.SetConfig(cfg); err != nil {
		return nil, fmt.Errorf("git repository %s: %w", dir, err)
	}
	return repo, nil
}

func hasRefs(repo *git.Repository, refs []string) bool {
	for _, r := range refs {
		if _, err := repo.Reference(plumbing.ReferenceName(r), true); err != nil {
			return false
		}
	}
	return true
}

// fetch fetches refs at depth (0: whole), with forced refspecs that keep
// the remote's ref names.
func fetch(ctx context.Context, repo *git.Repository, url string, auth transport.AuthMethod, refs []string, depth int) error {
	specs := make([]gitconfig.RefSpec, len(refs))
	for i, r := range refs {
		specs[i] = gitconfig.RefSpec("+" + r + ":" + r)
	}
	opts := &git.FetchOptions{RemoteName: remoteName, RemoteURL: url, RefSpecs: specs, Auth: auth, Tags: git.NoTags, Force: true}
	if depth > 0 {
		opts.Depth = depth
	}
	err := repo.FetchContext(ctx, opts)
	switch {
	case err == nil, errors.Is(err, git.NoErrAlreadyUpToDate):
		return nil
	case errors.Is(err, transport.ErrAuthenticationRequired), errors.Is(err, transport.ErrAuthorizationFailed):
		return fmt.Errorf("git fetch %s: %w", redact(url), ErrUnauthorized)
	case errors.Is(err, transport.ErrRepositoryNotFound):
		return fmt.Errorf("git fetch %s: %w", redact(url), ErrNotFound)
	}
	var nm git.NoMatchingRefSpecError
	if errors.As(err, &nm) {
		return fmt.Errorf("git fetch %s: %s: %w", redact(url), strings.Join(refs, ", "), ErrNotFound)
	}
	return fmt.Errorf("git fetch %s: %w", redact(url), err)
}

// hasMergeBase reports whether the merge base of two fetched refs is in
// the (possibly shallow) repository: walking both histories from their
// tips meets a common commit before the shallow boundary. Any failure
// counts as "not yet": the next round fetches deeper, and the last one
// fetches everything.
func hasMergeBase(dir, a, b string) bool {
	repo, err := gitrepo.Open(dir)
	if err != nil {
		return false
	}
	ca, err := repo.Resolve(a)
	if err != nil {
		return false
	}
	cb, err := repo.Resolve(b)
	if err != nil {
		return false
	}
	_, err = repo.MergeBase(ca, cb)
	return err == nil
}

// redact drops credentials from a URL for messages.
func redact(url string) string {
	if scheme, rest, ok := strings.Cut(url, "://"); ok {
		if _, host, ok := strings.Cut(rest, "@"); ok {
			return scheme + "://" + host
		}
	}
	return url
}
