package githubfake

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/google/go-github/v60/github"
)

const refsDoc = "https://docs.github.com/rest/git/refs"

func (s *Server) refJSON(r *Repo, ref, sha string) *github.Reference {
	return &github.Reference{
		Ref:    github.String(ref),
		NodeID: github.String("REF_" + sha[:12]),
		URL:    github.String(fmt.Sprintf("%srepos/%s/git/%s", s.APIURL(), r.FullName(), ref)),
		Object: &github.GitObject{Type: github.String("commit"), SHA: github.String(sha), URL: github.String(s.gitURL(r, "commits", sha))},
	}
}

// refSHA is the commit ref (a full "refs/..." name) points at, "" when the
// ref does not exist.
func (s *Server) refSHA(r *Repo, ref string) string {
	sha, err := s.git(r.Dir, nil, nil, "rev-parse", "--verify", "--quiet", ref)
	if err != nil {
		return ""
	}
	return sha
}

// getRef serves GET git/ref/{ref} (one reference) and the older
// GET git/refs/{ref}, which lists the references under a prefix when no
// reference matches exactly.
func (s *Server) getRef(c *call) {
	ref := "refs/" + strings.Trim(c.r.PathValue("ref"), "/")
	if sha := s.refSHA(c.repo, ref); sha != "" {
		c.json(http.StatusOK, s.refJSON(c.repo, ref, sha))
		return
	}
	if strings.Contains(c.r.URL.Path, "/git/refs/") {
		out, err := s.git(c.repo.Dir, nil, nil, "for-each-ref", "--format=%(refname) %(objectname)", ref+"/")
		if err == nil && out != "" {
			var list []*github.Reference
			for _, line := range strings.Split(out, "\n") {
				name, sha, _ := strings.Cut(line, " ")
				list = append(list, s.refJSON(c.repo, name, sha))
			}
			c.json(http.StatusOK, list)
			return
		}
	}
	c.fail(http.StatusNotFound, "Not Found", refsDoc+"#get-a-reference")
}

// writableRef reports whether the call may write ref: branches and tags,
// and on a fork reached through "Allow edits from maintainers" only the
// pull request's head branch.
func (c *call) writableRef(ref string) bool {
	if !strings.HasPrefix(ref, "refs/heads/") && !strings.HasPrefix(ref, "refs/tags/") {
		c.unprocessable("Reference cannot be updated", refsDoc)
		return false
	}
	if c.forkBranches != nil && !c.forkBranches[strings.TrimPrefix(ref, "refs/heads/")] {
		c.fail(http.StatusForbidden, "Resource not accessible by integration", refsDoc)
		return false
	}
	return true
}

func (s *Server) createRef(c *call) {
	var req struct {
		Ref string `json:"ref"`
		SHA string `json:"sha"`
	}
	if !c.decode(&req) {
		return
	}
	if !strings.HasPrefix(req.Ref, "refs/") || strings.Count(req.Ref, "/") < 2 {
		c.unprocessable("Reference name must start with 'refs/' and have at least two slashes.", refsDoc+"#create-a-reference")
		return
	}
	if !c.writableRef(req.Ref) {
		return
	}
	if s.objectType(c.repo, req.SHA) != "commit" {
		c.unprocessable("Object does not exist", refsDoc+"#create-a-reference")
		return
	}
	if err := s.updateRef(c.repo, req.Ref, req.SHA, zeroSHA); err != nil {
		c.unprocessable("Reference already exists", refsDoc+"#create-a-reference")
		return
	}
	c.json(http.StatusCreated, s.refJSON(c.repo, req.Ref, req.SHA))
	s.afterRefChangeLocked(c.repo)
}

func (s *Server) patchRef(c *call) {
	const doc = refsDoc + "#update-a-reference"
	ref := "refs/" + strings.Trim(c.r.PathValue("ref"), "/")
	var req struct {
		SHA   string `json:"sha"`
		Force bool   `json:"force"`
	}
	if !c.decode(&req) || !c.writableRef(ref) {
		return
	}
	cur := s.refSHA(c.repo, ref)
	if cur == "" {
		c.unprocessable("Reference does not exist", doc)
		return
	}
	if s.objectType(c.repo, req.SHA) != "commit" {
		c.unprocessable("Object does not exist", doc)
		return
	}
	if !req.Force && !s.isAncestor(c.repo, cur, req.SHA) {
		c.unprocessable("Update is not a fast forward", doc)
		return
	}
	// The old value makes the update atomic against a concurrent git push.
	if err := s.updateRef(c.repo, ref, req.SHA, cur); err != nil {
		c.unprocessable("Update is not a fast forward", doc)
		return
	}
	c.json(http.StatusOK, s.refJSON(c.repo, ref, req.SHA))
	s.afterRefChangeLocked(c.repo)
}

// afterRefChangeLocked follows a branch moved by the App: pull request refs,
// and the synchronize deliveries GitHub would send.
func (s *Server) afterRefChangeLocked(r *Repo) {
	s.deliverAsync(s.syncPullsLocked(r, s.users[s.BotLogin()]))
}
