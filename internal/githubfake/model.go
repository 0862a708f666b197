package githubfake

import (
	"fmt"
	"time"

	"github.com/google/go-github/v60/github"
)

// user is an account: a person, an organization or the App's bot.
type user struct {
	login string
	id    int64
	typ   string // "User", "Organization", "Bot"
}

// installation is one installation of the App on an account.
type installation struct {
	id        int64
	account   *user
	createdAt time.Time
	suspended bool
}

// token is an installation access token.
type token struct {
	value     string
	inst      *installation
	expiresAt time.Time
}

// Repo is a repository of the stand-in, backed by a bare git repository.
type Repo struct {
	// Owner and Name spell the repository as owner/name.
	Owner, Name string
	// ID is the repository id.
	ID int64
	// Dir is the bare repository on disk.
	Dir string

	owner         *user
	inst          *installation // nil when the App is not installed on it
	private       bool
	defaultBranch string
	parent        *Repo // the repository this one is a fork of
	perms         map[string]string
	pulls         map[int]*pullRequest
	nextNumber    int
	createdAt     time.Time
}

// FullName is "owner/name".
func (r *Repo) FullName() string { return r.Owner + "/" + r.Name }

// pullRequest is an open or closed pull request of a repository.
type pullRequest struct {
	id                  int64
	number              int
	title, body         string
	author              *user
	base                *Repo
	baseRef             string
	head                *Repo
	headRef             string
	state               string
	draft               bool
	maintainerCanModify bool
	merged              bool
	headSHA             string // refs/pull/N/head, kept in step with the head branch
	createdAt           time.Time
	updatedAt           time.Time
}

// checkRun is a check run and every annotation sent for it.
type checkRun struct {
	id          int64
	repo        *Repo
	name        string
	headSHA     string
	externalID  string
	detailsURL  string
	status      string
	conclusion  string
	startedAt   time.Time
	completedAt time.Time
	title       string
	summary     string
	text        string
	annotations []*github.CheckRunAnnotation
	actions     []*github.CheckRunAction
	updates     int
}

// issueComment is a conversation comment on a pull request.
type issueComment struct {
	id        int64
	repo      *Repo
	number    int
	author    *user
	body      string
	createdAt time.Time
	updatedAt time.Time
	reactions []*reaction
}

// reaction is one reaction on an issue comment.
type reaction struct {
	id        int64
	author    *user
	content   string
	createdAt time.Time
}

// review is a submitted pull request review.
type review struct {
	id       int64
	repo     *Repo
	number   int
	author   *user
	body     string
	state    string
	commitID string
	at       time.Time
}

// reviewComment is a comment on a line of a pull request's diff.
type reviewComment struct {
	id        int64
	reviewID  int64
	repo      *Repo
	number    int
	author    *user
	path      string
	line      int
	startLine int
	side      string
	body      string
	commitID  string
	diffHunk  string
	at        time.Time
}

// userLocked returns the account named login, creating it with typ.
func (s *Server) userLocked(login, typ string) *user {
	if u, ok := s.users[login]; ok {
		return u
	}
	u := &user{login: login, id: s.newIDLocked(), typ: typ}
	s.users[login] = u
	return u
}

func (s *Server) repoLocked(owner, name string) *Repo {
	return s.repos[owner+"/"+name]
}

// userJSON renders an account as GitHub's simple-user object.
func (s *Server) userJSON(u *user) *github.User {
	if u == nil {
		return nil
	}
	return &github.User{
		Login:     github.String(u.login),
		ID:        github.Int64(u.id),
		NodeID:    github.String(fmt.Sprintf("U_%d", u.id)),
		Type:      github.String(u.typ),
		SiteAdmin: github.Bool(false),
		URL:       github.String(s.APIURL() + "users/" + u.login),
		HTMLURL:   github.String(s.URL() + "/" + u.login),
		AvatarURL: github.String(fmt.Sprintf("%s/avatars/u/%d", s.URL(), u.id)),
	}
}

// repoJSON renders a repository as GitHub's repository object.
func (s *Server) repoJSON(r *Repo) *github.Repository {
	if r == nil {
		return nil
	}
	visibility := "public"
	if r.private {
		visibility = "private"
	}
	gr := &github.Repository{
		ID:            github.Int64(r.ID),
		NodeID:        github.String(fmt.Sprintf("R_%d", r.ID)),
		Name:          github.String(r.Name),
		FullName:      github.String(r.FullName()),
		Owner:         s.userJSON(r.owner),
		Private:       github.Bool(r.private),
		Visibility:    github.String(visibility),
		Fork:          github.Bool(r.parent != nil),
		DefaultBranch: github.String(r.defaultBranch),
		URL:           github.String(s.APIURL() + "repos/" + r.FullName()),
		HTMLURL:       github.String(s.URL() + "/" + r.FullName()),
		CloneURL:      github.String(s.GitURL() + r.FullName() + ".git"),
		GitURL:        github.String(s.GitURL() + r.FullName() + ".git"),
		CreatedAt:     &github.Timestamp{Time: r.createdAt},
	}
	return gr
}

func ts(t time.Time) *github.Timestamp {
	if t.IsZero() {
		return nil
	}
	return &github.Timestamp{Time: t.UTC().Truncate(time.Second)}
}
