package githubfake

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
)

// CheckRun is a check run as the stand-in holds it, for assertions.
type CheckRun struct {
	ID                                     int64
	Name, HeadSHA, Status, Conclusion      string
	ExternalID, DetailsURL, Title, Summary string
	Text                                   string
	Annotations                            []*github.CheckRunAnnotation
	Actions                                []*github.CheckRunAction
	// Updates counts the PATCHes the run received.
	Updates int
}

// CheckRuns lists the check runs of repo, oldest first.
func (s *Server) CheckRuns(repo string) []CheckRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []CheckRun
	for _, run := range s.checkRuns {
		if run.repo.FullName() != repo {
			continue
		}
		out = append(out, CheckRun{
			ID: run.id, Name: run.name, HeadSHA: run.headSHA, Status: run.status, Conclusion: run.conclusion,
			ExternalID: run.externalID, DetailsURL: run.detailsURL, Title: run.title, Summary: run.summary, Text: run.text,
			Annotations: append([]*github.CheckRunAnnotation(nil), run.annotations...),
			Actions:     append([]*github.CheckRunAction(nil), run.actions...), Updates: run.updates,
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Comment is a conversation comment, for assertions.
type Comment struct {
	ID                   int64
	Author, Body         string
	Reactions            []string // "login:content"
	CreatedAt, UpdatedAt time.Time
}

// IssueComments lists the conversation comments of pull request number.
func (s *Server) IssueComments(repo string, number int) []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Comment
	for _, ic := range s.issueComments {
		if ic.repo.FullName() != repo || ic.number != number {
			continue
		}
		c := Comment{ID: ic.id, Author: ic.author.login, Body: ic.body, CreatedAt: ic.createdAt, UpdatedAt: ic.updatedAt}
		for _, rc := range ic.reactions {
			c.Reactions = append(c.Reactions, rc.author.login+":"+rc.content)
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// ReviewComment is a review comment on a diff line, for assertions.
type ReviewComment struct {
	ID, ReviewID                     int64
	Author, Path, Side, Body, Commit string
	Line, StartLine                  int
}

// ReviewComments lists the review comments of pull request number.
func (s *Server) ReviewComments(repo string, number int) []ReviewComment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []ReviewComment
	for _, rc := range s.reviewComments {
		if rc.repo.FullName() == repo && rc.number == number {
			out = append(out, ReviewComment{ID: rc.id, ReviewID: rc.reviewID, Author: rc.author.login, Path: rc.path,
				Side: rc.side, Body: rc.body, Commit: rc.commitID, Line: rc.line, StartLine: rc.startLine})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Reviews counts the reviews submitted on pull request number.
func (s *Server) Reviews(repo string, number int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, rv := range s.reviews {
		if rv.repo.FullName() == repo && rv.number == number {
			n++
		}
	}
	return n
}

// Commit is a commit of a repository, for assertions.
type Commit struct {
	SHA, Message            string
	AuthorName, AuthorEmail string
	CommitterName           string
	Parents                 []string
	// Verified is true for commits the App made through the Git Data API
	// without author, committer or signature (GitHub signs those).
	Verified bool
}

// Commits lists the commits reachable from to and not from from (git
// rev-list from..to, newest first); from may be "".
func (s *Server) Commits(repo, from, to string) ([]Commit, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repos[repo]
	if r == nil {
		return nil, fmt.Errorf("githubfake: no repository %s", repo)
	}
	rng := to
	if from != "" {
		rng = from + ".." + to
	}
	out, err := s.git(r.Dir, nil, nil, "rev-list", rng)
	if err != nil {
		return nil, err
	}
	var commits []Commit
	for _, sha := range strings.Fields(out) {
		gc := s.commitJSON(r, sha)
		c := Commit{SHA: sha, Message: gc.GetMessage(), AuthorName: gc.GetAuthor().GetName(), AuthorEmail: gc.GetAuthor().GetEmail(),
			CommitterName: gc.GetCommitter().GetName(), Verified: s.verified[sha]}
		for _, p := range gc.Parents {
			c.Parents = append(c.Parents, p.GetSHA())
		}
		commits = append(commits, c)
	}
	return commits, nil
}

// BranchSHA is the commit branch of repo points at, "" when absent.
func (s *Server) BranchSHA(repo, branch string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repos[repo]
	if r == nil {
		return ""
	}
	return s.refSHA(r, "refs/heads/"+branch)
}

// PullHead is the head commit of pull request number (refs/pull/N/head).
func (s *Server) PullHead(repo string, number int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	pr, err := s.pullLocked(repo, number)
	if err != nil {
		return ""
	}
	return pr.headSHA
}

// FileAt returns the content of path at ref (a branch, ref or SHA) of repo.
func (s *Server) FileAt(repo, ref, path string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repos[repo]
	if r == nil {
		return nil, fmt.Errorf("githubfake: no repository %s", repo)
	}
	commit := s.resolveCommit(r, ref)
	if commit == "" {
		return nil, fmt.Errorf("githubfake: no commit %s in %s", ref, repo)
	}
	return s.gitBytes(r.Dir, nil, nil, "cat-file", "blob", commit+":"+path)
}

// ChangedPaths lists the paths that differ between commits from and to of
// repo (git diff --name-only, renames as delete and add).
func (s *Server) ChangedPaths(repo, from, to string) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repos[repo]
	if r == nil {
		return nil, fmt.Errorf("githubfake: no repository %s", repo)
	}
	out, err := s.git(r.Dir, nil, nil, "diff", "--name-only", "--no-renames", "-z", from, to)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, p := range strings.Split(out, "\x00") {
		if p != "" {
			paths = append(paths, p)
		}
	}
	return paths, nil
}
