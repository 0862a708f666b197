package bot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/diff"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/gitrepo"
	"github.com/migrate-bot/migrate-bot/internal/queue"
)

// fakeGitHub is GitHub for one repository whose code is a real git
// repository on disk: pull requests point at its branches, commits the
// bot makes land on them, and changed files and patches are computed by
// git. Calls are recorded; errors can be injected per method.
type fakeGitHub struct {
	t    testing.TB
	mu   sync.Mutex
	dir  string
	repo ghapi.Repo
	git  *git.Repository

	prs         map[int]*ghapi.PullRequest
	permissions map[string]string
	// files overrides the computed changed files of a pull request.
	files map[int][]ghapi.ChangedFile

	nextID      int64
	checkRuns   map[int64][]ghapi.CheckRun // id -> create then each update
	checkOrder  []int64
	comments    []ghapi.Comment
	edits       map[int64]int
	reactions   map[int64][]string
	reviews     []fakeReview
	commits     []fakeCommit
	errs        map[string][]error // method -> errors returned by the next calls
	calls       []string
	installs    []int64
	extraRepos  []ghapi.Repo
	moveOnWrite func() // runs inside CommitFiles before the fast-forward check
}

type fakeReview struct {
	CommitSHA, Body string
	Comments        []ghapi.ReviewComment
}

type fakeCommit struct {
	Branch, Parent, SHA, Message string
	Files                        []ghapi.FileChange
}

const appLogin = "migrate-bot[bot]"

func newFakeGitHub(t testing.TB, dir string, repo ghapi.Repo) *fakeGitHub {
	r, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	return &fakeGitHub{t: t, dir: dir, repo: repo, git: r, prs: map[int]*ghapi.PullRequest{},
		permissions: map[string]string{}, files: map[int][]ghapi.ChangedFile{}, checkRuns: map[int64][]ghapi.CheckRun{},
		edits: map[int64]int{}, reactions: map[int64][]string{}, errs: map[string][]error{}, nextID: 100, installs: []int64{1}}
}

// fail makes the next calls of method return errs, one per call.
func (f *fakeGitHub) fail(method string, errs ...error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errs[method] = append(f.errs[method], errs...)
}

func (f *fakeGitHub) call(method string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, method)
	if errs := f.errs[method]; len(errs) > 0 {
		f.errs[method] = errs[1:]
		return errs[0]
	}
	return nil
}

func (f *fakeGitHub) branchTip(branch string) string {
	ref, err := f.git.Reference(plumbing.NewBranchReferenceName(branch), true)
	if err != nil {
		f.t.Fatalf("branch %s: %v", branch, err)
	}
	return ref.Hash().String()
}

func (f *fakeGitHub) Token(ctx context.Context) (string, error) {
	return "installation-token", f.call("Token")
}

func (f *fakeGitHub) Repositories(ctx context.Context) ([]ghapi.Repo, error) {
	return append([]ghapi.Repo{f.repo}, f.extraRepos...), f.call("Repositories")
}

// PullRequest answers with the branches' current tips, as GitHub does.
func (f *fakeGitHub) PullRequest(ctx context.Context, repo ghapi.Repo, number int) (*ghapi.PullRequest, error) {
	if err := f.call("PullRequest"); err != nil {
		return nil, err
	}
	pr, ok := f.prs[number]
	if !ok {
		return nil, fmt.Errorf("pull request %d: %w", number, ghapi.ErrNotFound)
	}
	cp := *pr
	cp.HeadSHA, cp.BaseSHA = f.branchTip(pr.HeadRef), f.branchTip(pr.BaseRef)
	return &cp, nil
}

func (f *fakeGitHub) OpenPullRequests(ctx context.Context, repo ghapi.Repo) ([]*ghapi.PullRequest, error) {
	if err := f.call("OpenPullRequests"); err != nil {
		return nil, err
	}
	var out []*ghapi.PullRequest
	for _, n := range slices.Sorted(maps.Keys(f.prs)) {
		if f.prs[n].State == "open" {
			pr, _ := f.PullRequest(ctx, repo, n)
			out = append(out, pr)
		}
	}
	return out, nil
}

// ChangedFiles diffs the merge base and the head with git and renders
// each file's hunks as GitHub's patch field does.
func (f *fakeGitHub) ChangedFiles(ctx context.Context, repo ghapi.Repo, number int) ([]ghapi.ChangedFile, error) {
	if err := f.call("ChangedFiles"); err != nil {
		return nil, err
	}
	if files, ok := f.files[number]; ok {
		return files, nil
	}
	pr := f.prs[number]
	head := f.commitObject(f.branchTip(pr.HeadRef))
	base := f.commitObject(f.branchTip(pr.BaseRef))
	bases, err := base.MergeBase(head)
	if err != nil || len(bases) == 0 {
		f.t.Fatalf("merge base: %v", err)
	}
	patch, err := bases[0].Patch(head)
	if err != nil {
		f.t.Fatalf("patch: %v", err)
	}
	var out []ghapi.ChangedFile
	for _, fp := range patch.FilePatches() {
		from, to := fp.Files()
		cf := ghapi.ChangedFile{Status: "modified", Patch: hunksOnly(fp)}
		switch {
		case from == nil:
			cf.Path, cf.Status = to.Path(), "added"
		case to == nil:
			cf.Path, cf.Status = from.Path(), "removed"
		default:
			cf.Path = to.Path()
			if from.Path() != to.Path() {
				cf.PreviousPath, cf.Status = from.Path(), "renamed"
			}
		}
		out = append(out, cf)
	}
	return out, nil
}

type onePatch struct{ fp diff.FilePatch }

func (p onePatch) FilePatches() []diff.FilePatch { return []diff.FilePatch{p.fp} }
func (p onePatch) Message() string               { return "" }

// hunksOnly is one file's unified diff without its headers.
func hunksOnly(fp diff.FilePatch) string {
	var buf bytes.Buffer
	if err := diff.NewUnifiedEncoder(&buf, 3).Encode(onePatch{fp}); err != nil {
		return ""
	}
	s := buf.String()
	if i := strings.Index(s, "@@"); i >= 0 {
		return strings.TrimSuffix(s[i:], "\n")
	}
	return ""
}

func (f *fakeGitHub) commitObject(sha string) *object.Commit {
	c, err := f.git.CommitObject(plumbing.NewHash(sha))
	if err != nil {
		f.t.Fatalf("commit %s: %v", sha, err)
	}
	return c
}

func (f *fakeGitHub) FileContent(ctx context.Context, repo ghapi.Repo, ref, path string) ([]byte, error) {
	if err := f.call("FileContent"); err != nil {
		return nil, err
	}
	c := f.commitObject(f.branchTip(ref))
	file, err := c.File(path)
	if err != nil {
		return nil, fmt.Errorf("%s at %s: %w", path, ref, ghapi.ErrNotFound)
	}
	s, err := file.Contents()
	return []byte(s), err
}

func (f *fakeGitHub) CreateCheckRun(ctx context.Context, repo ghapi.Repo, run ghapi.CheckRun) (int64, error) {
	if err := f.call("CreateCheckRun"); err != nil {
		return 0, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	f.checkRuns[f.nextID] = []ghapi.CheckRun{run}
	f.checkOrder = append(f.checkOrder, f.nextID)
	return f.nextID, nil
}

func (f *fakeGitHub) UpdateCheckRun(ctx context.Context, repo ghapi.Repo, id int64, run ghapi.CheckRun) error {
	if err := f.call("UpdateCheckRun"); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.checkRuns[id]; !ok {
		return fmt.Errorf("check run %d: %w", id, ghapi.ErrNotFound)
	}
	f.checkRuns[id] = append(f.checkRuns[id], run)
	return nil
}

func (f *fakeGitHub) Comments(ctx context.Context, repo ghapi.Repo, number int) ([]ghapi.Comment, error) {
	if err := f.call("Comments"); err != nil {
		return nil, err
	}
	return slices.Clone(f.comments), nil
}

// addComment is a comment someone else writes.
func (f *fakeGitHub) addComment(author string, isBot bool, body string) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	f.comments = append(f.comments, ghapi.Comment{ID: f.nextID, Author: author, AuthorIsBot: isBot, Body: body})
	return f.nextID
}

func (f *fakeGitHub) CreateComment(ctx context.Context, repo ghapi.Repo, number int, body string) (int64, error) {
	if err := f.call("CreateComment"); err != nil {
		return 0, err
	}
	return f.addComment(appLogin, true, body), nil
}

func (f *fakeGitHub) EditComment(ctx context.Context, repo ghapi.Repo, id int64, body string) error {
	if err := f.call("EditComment"); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.comments {
		if f.comments[i].ID == id {
			f.comments[i].Body = body
			f.edits[id]++
			return nil
		}
	}
	return fmt.Errorf("comment %d: %w", id, ghapi.ErrNotFound)
}

func (f *fakeGitHub) AddReaction(ctx context.Context, repo ghapi.Repo, commentID int64, content string) error {
	if err := f.call("AddReaction"); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reactions[commentID] = append(f.reactions[commentID], content)
	return nil
}

func (f *fakeGitHub) ReviewComments(ctx context.Context, repo ghapi.Repo, number int) ([]ghapi.ReviewComment, error) {
	if err := f.call("ReviewComments"); err != nil {
		return nil, err
	}
	var out []ghapi.ReviewComment
	for _, r := range f.reviews {
		out = append(out, r.Comments...)
	}
	return out, nil
}

func (f *fakeGitHub) CreateReview(ctx context.Context, repo ghapi.Repo, number int, commitSHA, body string, comments []ghapi.ReviewComment) error {
	if err := f.call("CreateReview"); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reviews = append(f.reviews, fakeReview{CommitSHA: commitSHA, Body: body, Comments: comments})
	return nil
}

func (f *fakeGitHub) Permission(ctx context.Context, repo ghapi.Repo, user string) (string, error) {
	if err := f.call("Permission"); err != nil {
		return "", err
	}
	if p, ok := f.permissions[user]; ok {
		return p, nil
	}
	return "none", nil
}

// CommitFiles commits on the branch of the on-disk repository, refusing
// (ErrNotFastForward) when the branch is no longer at parentSHA.
func (f *fakeGitHub) CommitFiles(ctx context.Context, repo ghapi.Repo, branch, parentSHA, message string, files []ghapi.FileChange) (string, error) {
	if err := f.call("CommitFiles"); err != nil {
		return "", err
	}
	if f.moveOnWrite != nil {
		f.moveOnWrite()
		f.moveOnWrite = nil
	}
	if tip := f.branchTip(branch); tip != parentSHA {
		return "", fmt.Errorf("ref %s at %s, not %s: %w", branch, tip, parentSHA, ghapi.ErrNotFastForward)
	}
	sha := commitOnBranch(f.t, f.dir, branch, message, files)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.commits = append(f.commits, fakeCommit{Branch: branch, Parent: parentSHA, SHA: sha, Message: message, Files: files})
	return sha, nil
}

// commitOnBranch writes and deletes files as one commit on branch, with
// go-git, as a person's push or the Git Data API would.
func commitOnBranch(t testing.TB, dir, branch, message string, files []ghapi.FileChange) string {
	t.Helper()
	r, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := r.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(branch), Force: true}); err != nil {
		t.Fatalf("checkout %s: %v", branch, err)
	}
	for _, fc := range files {
		full := filepath.Join(dir, filepath.FromSlash(fc.Path))
		if fc.Delete {
			if _, err := wt.Remove(fc.Path); err != nil {
				t.Fatalf("remove %s: %v", fc.Path, err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, fc.Content, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := wt.Add(fc.Path); err != nil {
			t.Fatalf("add %s: %v", fc.Path, err)
		}
	}
	sig := &object.Signature{Name: "someone", Email: "someone@example.com", When: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	h, err := wt.Commit(message, &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
	if err != nil {
		t.Fatalf("commit: %v", err)
	}
	return h.String()
}

// fakeApp is the App with one installation client.
type fakeApp struct{ gh *fakeGitHub }

func (a fakeApp) Installations(ctx context.Context) ([]int64, error) { return a.gh.installs, nil }
func (a fakeApp) Client(id int64) GitHub                             { return a.gh }

// fakeStore keeps state, locks and results in memory.
type fakeStore struct {
	mu      sync.Mutex
	locks   map[string]*sync.Mutex
	state   map[string][]byte
	results map[string]string // repo@sha -> conclusion
	saves   int
}

func newFakeStore() *fakeStore {
	return &fakeStore{locks: map[string]*sync.Mutex{}, state: map[string][]byte{}, results: map[string]string{}}
}

func (s *fakeStore) PullRequestState(ctx context.Context, repo string, number int) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.state[fmt.Sprintf("%s#%d", repo, number)]), nil
}

func (s *fakeStore) SavePullRequestState(ctx context.Context, repo string, number int, state []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saves++
	s.state[fmt.Sprintf("%s#%d", repo, number)] = slices.Clone(state)
	return nil
}

func (s *fakeStore) LockPullRequest(ctx context.Context, repo string, number int) (func(), error) {
	s.mu.Lock()
	key := fmt.Sprintf("%s#%d", repo, number)
	l, ok := s.locks[key]
	if !ok {
		l = &sync.Mutex{}
		s.locks[key] = l
	}
	s.mu.Unlock()
	l.Lock()
	return l.Unlock, nil
}

func (s *fakeStore) RecordResult(ctx context.Context, repo string, number int, headSHA, conclusion string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.results[repo+"@"+headSHA] = conclusion
	return nil
}

func (s *fakeStore) HasResult(ctx context.Context, repo string, headSHA string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.results[repo+"@"+headSHA]
	return ok, nil
}

// fakeQueue records the jobs enqueued.
type fakeQueue struct {
	mu  sync.Mutex
	prs []queue.PullRequestJob
}

func (q *fakeQueue) EnqueuePullRequest(ctx context.Context, job queue.PullRequestJob) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.prs = append(q.prs, job)
	return nil
}
func (q *fakeQueue) EnqueueComment(context.Context, queue.CommentJob) error { return nil }
func (q *fakeQueue) EnqueueCheckRunAction(context.Context, queue.CheckRunActionJob) error {
	return nil
}
func (q *fakeQueue) EnqueueInstallation(context.Context, queue.InstallationJob) error { return nil }

// localFetch "fetches" by opening the on-disk repository, recording what
// the bot asked for.
type localFetch struct {
	dir   string
	calls []fetchCall
}

type fetchCall struct {
	Dir, URL, Token string
	Refs            []string
}

func (l *localFetch) fetch(ctx context.Context, dir, cloneURL, token string, refs []string) (*gitrepo.Repo, error) {
	l.calls = append(l.calls, fetchCall{Dir: dir, URL: cloneURL, Token: token, Refs: refs})
	return gitrepo.Open(l.dir)
}

// testLogger writes to the test's output (shown for failures and -v).
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), nil))
}
