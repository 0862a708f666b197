package githubfake

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// AddInstallation installs the App on account (created with accountType
// "User" or "Organization" when new) and returns the installation id.
func (s *Server) AddInstallation(account, accountType string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := &installation{id: s.newIDLocked(), account: s.userLocked(account, accountType), createdAt: s.now()}
	s.installations[in.id] = in
	return in.id
}

// RepoSpec describes a repository to create.
type RepoSpec struct {
	// Owner and Name spell owner/name; OwnerType is "User" (default) or
	// "Organization" for a new owner.
	Owner, Name, OwnerType string
	// Installation is the installation that covers the repository (0: the
	// App is not installed on it).
	Installation int64
	// Private hides it from tokens of other installations.
	Private bool
	// DefaultBranch defaults to "main".
	DefaultBranch string
	// Files are committed on the default branch, plus every file under Dir
	// when set; neither leaves the repository empty.
	Files map[string]string
	Dir   string
	// Author of the first commit (default the owner) and its message.
	Author, Message string
}

// CreateRepo creates a repository with a real first commit of spec's files.
func (s *Server) CreateRepo(spec RepoSpec) (*Repo, error) {
	if spec.DefaultBranch == "" {
		spec.DefaultBranch = "main"
	}
	if spec.OwnerType == "" {
		spec.OwnerType = "User"
	}
	files := map[string][]byte{}
	for p, c := range spec.Files {
		files[p] = []byte(c)
	}
	if spec.Dir != "" {
		err := filepath.WalkDir(spec.Dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(spec.Dir, p)
			files[filepath.ToSlash(rel)] = b
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("githubfake: read %s: %w", spec.Dir, err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.repoLocked(spec.Owner, spec.Name) != nil {
		return nil, fmt.Errorf("githubfake: repository %s/%s exists", spec.Owner, spec.Name)
	}
	var inst *installation
	if spec.Installation != 0 {
		if inst = s.installations[spec.Installation]; inst == nil {
			return nil, fmt.Errorf("githubfake: no installation %d", spec.Installation)
		}
	}
	dir, err := s.initBare(spec.Owner, spec.Name, spec.DefaultBranch)
	if err != nil {
		return nil, err
	}
	r := &Repo{
		Owner: spec.Owner, Name: spec.Name, ID: s.newIDLocked(), Dir: dir,
		owner: s.userLocked(spec.Owner, spec.OwnerType), inst: inst, private: spec.Private,
		defaultBranch: spec.DefaultBranch, perms: map[string]string{}, pulls: map[int]*pullRequest{},
		nextNumber: 1, createdAt: s.now(),
	}
	if len(files) > 0 {
		author := spec.Author
		if author == "" {
			author = spec.Owner
		}
		msg := spec.Message
		if msg == "" {
			msg = "Initial commit"
		}
		sha, err := s.commitFiles(r, "", files, msg, s.personLocked(author))
		if err != nil {
			return nil, err
		}
		if err := s.updateRef(r, "refs/heads/"+spec.DefaultBranch, sha, ""); err != nil {
			return nil, err
		}
	}
	s.repos[r.FullName()] = r
	return r, nil
}

// personLocked is the git identity of a person, with the noreply address
// GitHub gives accounts.
func (s *Server) personLocked(login string) ident {
	u := s.userLocked(login, "User")
	return ident{name: login, email: fmt.Sprintf("%d+%s@users.noreply.github.com", u.id, login), when: s.now()}
}

// Fork copies repository src to owner/name (name defaults to src's),
// owned by a "User" or an "Organization"; the App is not installed on it.
func (s *Server) Fork(src, owner, ownerType, name string) (*Repo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	from := s.repos[src]
	if from == nil {
		return nil, fmt.Errorf("githubfake: no repository %s", src)
	}
	if name == "" {
		name = from.Name
	}
	if ownerType == "" {
		ownerType = "User"
	}
	dir := filepath.Join(s.root, owner, name+".git")
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, err
	}
	if _, err := s.git(s.root, nil, nil, "clone", "--bare", "--quiet", "--no-local", from.Dir, dir); err != nil {
		return nil, err
	}
	if _, err := s.git(dir, nil, nil, "config", "http.receivepack", "true"); err != nil {
		return nil, err
	}
	r := &Repo{
		Owner: owner, Name: name, ID: s.newIDLocked(), Dir: dir, owner: s.userLocked(owner, ownerType),
		defaultBranch: from.defaultBranch, parent: from, perms: map[string]string{}, pulls: map[int]*pullRequest{},
		nextNumber: 1, createdAt: s.now(),
	}
	s.repos[r.FullName()] = r
	return r, nil
}

// PushSpec is a commit a person pushes.
type PushSpec struct {
	// Repo is "owner/name"; Branch the branch pushed (created from From, or
	// the default branch, when it does not exist).
	Repo, Branch, From string
	// Author is the person's login; Message the commit message.
	Author, Message string
	// Files are written (whole contents); Delete lists paths removed.
	Files  map[string]string
	Delete []string
}

// Push commits spec's changes as a person and moves the branch, as a
// git push would. It returns the new commit and the pull_request.synchronize
// deliveries GitHub would send for pull requests headed by the branch.
func (s *Server) Push(spec PushSpec) (string, []*Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repos[spec.Repo]
	if r == nil {
		return "", nil, fmt.Errorf("githubfake: no repository %s", spec.Repo)
	}
	ref := "refs/heads/" + spec.Branch
	parent := s.refSHA(r, ref)
	old := parent
	if parent == "" {
		from := spec.From
		if from == "" {
			from = r.defaultBranch
		}
		if parent = s.resolveCommit(r, from); parent == "" {
			return "", nil, fmt.Errorf("githubfake: %s has no %s to branch from", spec.Repo, from)
		}
		old = zeroSHA
	}
	files := map[string][]byte{}
	for p, c := range spec.Files {
		files[p] = []byte(c)
	}
	for _, p := range spec.Delete {
		files[p] = nil
	}
	msg := spec.Message
	if msg == "" {
		msg = "Update " + strings.Join(sortedKeys(files), ", ")
	}
	sha, err := s.commitFiles(r, parent, files, msg, s.personLocked(spec.Author))
	if err != nil {
		return "", nil, err
	}
	if err := s.updateRef(r, ref, sha, old); err != nil {
		return "", nil, err
	}
	return sha, s.syncPullsLocked(r, s.userLocked(spec.Author, "User")), nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// PullSpec describes a pull request to open.
type PullSpec struct {
	// Repo is the base repository "owner/name"; Base its branch (default
	// branch when empty).
	Repo, Base string
	// HeadRepo is the repository holding Head ("" for Repo itself: a fork
	// is "user/name").
	HeadRepo, Head string
	// Title, Body and Author (a login) of the pull request.
	Title, Body, Author string
	Draft               bool
	// MaintainerCanModify is "Allow edits from maintainers".
	MaintainerCanModify bool
}

// OpenPullRequest opens a pull request, sets refs/pull/N/head in the base
// repository (copying a fork's objects) and returns its number and the
// pull_request.opened delivery.
func (s *Server) OpenPullRequest(spec PullSpec) (int, *Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	base := s.repos[spec.Repo]
	if base == nil {
		return 0, nil, fmt.Errorf("githubfake: no repository %s", spec.Repo)
	}
	head := base
	if spec.HeadRepo != "" {
		if head = s.repos[spec.HeadRepo]; head == nil {
			return 0, nil, fmt.Errorf("githubfake: no repository %s", spec.HeadRepo)
		}
	}
	if spec.Base == "" {
		spec.Base = base.defaultBranch
	}
	if s.refSHA(base, "refs/heads/"+spec.Base) == "" || s.refSHA(head, "refs/heads/"+spec.Head) == "" {
		return 0, nil, fmt.Errorf("githubfake: branch %s or %s:%s missing", spec.Base, head.FullName(), spec.Head)
	}
	author := spec.Author
	if author == "" {
		author = head.Owner
	}
	now := s.now()
	pr := &pullRequest{
		id: s.newIDLocked(), number: base.nextNumber, title: spec.Title, body: spec.Body,
		author: s.userLocked(author, "User"), base: base, baseRef: spec.Base, head: head, headRef: spec.Head,
		state: "open", draft: spec.Draft, maintainerCanModify: spec.MaintainerCanModify && head != base,
		createdAt: now, updatedAt: now,
	}
	if err := s.syncPullRefLocked(pr); err != nil {
		return 0, nil, err
	}
	base.nextNumber++
	base.pulls[pr.number] = pr
	d, err := s.pullRequestDeliveryLocked(pr, "opened", pr.author, "")
	return pr.number, d, err
}

// ClosePullRequest closes pull request number (merged or not) and returns
// the pull_request.closed delivery.
func (s *Server) ClosePullRequest(repo string, number int, merged bool) (*Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pr, err := s.pullLocked(repo, number)
	if err != nil {
		return nil, err
	}
	pr.state, pr.merged, pr.updatedAt = "closed", merged, s.now()
	return s.pullRequestDeliveryLocked(pr, "closed", pr.author, "")
}

func (s *Server) pullLocked(repo string, number int) (*pullRequest, error) {
	r := s.repos[repo]
	if r == nil || r.pulls[number] == nil {
		return nil, fmt.Errorf("githubfake: no pull request %s#%d", repo, number)
	}
	return r.pulls[number], nil
}

// SetPermission gives login a role on repo: "admin", "maintain", "write",
// "triage", "read" or "" (none).
func (s *Server) SetPermission(repo, login, role string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repos[repo]
	if r == nil {
		return fmt.Errorf("githubfake: no repository %s", repo)
	}
	s.userLocked(login, "User")
	if role == "" {
		delete(r.perms, login)
	} else {
		r.perms[login] = role
	}
	return nil
}

// Comment posts a conversation comment on pull request number as author
// (a person, or a bot when the login ends in "[bot]") and returns its id and
// the issue_comment.created delivery.
func (s *Server) Comment(repo string, number int, author, body string) (int64, *Delivery, error) {
	s.mu.Lock()
	pr, err := s.pullLocked(repo, number)
	if err != nil {
		s.mu.Unlock()
		return 0, nil, err
	}
	typ := "User"
	if strings.HasSuffix(author, "[bot]") {
		typ = "Bot"
	}
	ic := s.addIssueCommentLocked(pr.base, number, s.userLocked(author, typ), body)
	s.mu.Unlock()
	d, err := s.IssueCommentDelivery(ic.id, "created")
	return ic.id, d, err
}
