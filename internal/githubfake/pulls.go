package githubfake

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"github.com/google/go-github/v60/github"
)

// maxPullFiles is GitHub's cap: "Responses include a maximum of 3000 files".
const maxPullFiles = 3000

// syncPullsLocked brings refs/pull/N/head of every open pull request whose
// head lives in changed up to date with its head branch (copying a fork's
// objects into the base repository, as GitHub does), and returns the
// pull_request.synchronize deliveries the moves cause, sent by sender.
func (s *Server) syncPullsLocked(changed *Repo, sender *user) []*Delivery {
	var out []*Delivery
	for _, base := range s.sortedReposLocked() {
		for _, n := range sortedNumbers(base.pulls) {
			pr := base.pulls[n]
			if pr.state != "open" || pr.head != changed {
				continue
			}
			before := pr.headSHA
			if err := s.syncPullRefLocked(pr); err != nil || pr.headSHA == before {
				continue
			}
			if d, err := s.pullRequestDeliveryLocked(pr, "synchronize", sender, before); err == nil {
				out = append(out, d)
			}
		}
	}
	return out
}

// syncPullRefLocked sets refs/pull/N/head to the head branch's tip.
func (s *Server) syncPullRefLocked(pr *pullRequest) error {
	sha := s.resolveCommit(pr.head, "refs/heads/"+pr.headRef)
	if sha == "" {
		return fmt.Errorf("head branch %s of %s is gone", pr.headRef, pr.head.FullName())
	}
	if sha == pr.headSHA {
		return nil
	}
	ref := fmt.Sprintf("refs/pull/%d/head", pr.number)
	var err error
	if pr.head == pr.base {
		err = s.updateRef(pr.base, ref, sha, "")
	} else {
		_, err = s.git(pr.base.Dir, nil, nil, "fetch", "--quiet", "--no-tags", pr.head.Dir, "+refs/heads/"+pr.headRef+":"+ref)
	}
	if err != nil {
		return err
	}
	pr.headSHA = sha
	pr.updatedAt = s.now()
	return nil
}

func (s *Server) sortedReposLocked() []*Repo {
	out := make([]*Repo, 0, len(s.repos))
	for _, r := range s.repos {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func sortedNumbers(m map[int]*pullRequest) []int {
	out := make([]int, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

// branchJSON renders one side of a pull request.
func (s *Server) branchJSON(r *Repo, ref, sha string) *github.PullRequestBranch {
	return &github.PullRequestBranch{
		Label: github.String(r.Owner + ":" + ref),
		Ref:   github.String(ref),
		SHA:   github.String(sha),
		Repo:  s.repoJSON(r),
		User:  s.userJSON(r.owner),
	}
}

// pullJSON renders a pull request as GitHub's pull-request object.
func (s *Server) pullJSON(pr *pullRequest) *github.PullRequest {
	api := fmt.Sprintf("%srepos/%s/pulls/%d", s.APIURL(), pr.base.FullName(), pr.number)
	issue := fmt.Sprintf("%srepos/%s/issues/%d", s.APIURL(), pr.base.FullName(), pr.number)
	html := fmt.Sprintf("%s/%s/pull/%d", s.URL(), pr.base.FullName(), pr.number)
	out := &github.PullRequest{
		ID:                  github.Int64(pr.id),
		NodeID:              github.String(fmt.Sprintf("PR_%d", pr.id)),
		Number:              github.Int(pr.number),
		State:               github.String(pr.state),
		Locked:              github.Bool(false),
		Title:               github.String(pr.title),
		Body:                github.String(pr.body),
		User:                s.userJSON(pr.author),
		Draft:               github.Bool(pr.draft),
		Merged:              github.Bool(pr.merged),
		MaintainerCanModify: github.Bool(pr.maintainerCanModify),
		AuthorAssociation:   github.String(s.associationLocked(pr.base, pr.author)),
		CreatedAt:           ts(pr.createdAt),
		UpdatedAt:           ts(pr.updatedAt),
		URL:                 github.String(api),
		HTMLURL:             github.String(html),
		IssueURL:            github.String(issue),
		DiffURL:             github.String(html + ".diff"),
		PatchURL:            github.String(html + ".patch"),
		CommitsURL:          github.String(api + "/commits"),
		ReviewCommentsURL:   github.String(api + "/comments"),
		CommentsURL:         github.String(issue + "/comments"),
		StatusesURL:         github.String(fmt.Sprintf("%srepos/%s/statuses/%s", s.APIURL(), pr.base.FullName(), pr.headSHA)),
		Head:                s.branchJSON(pr.head, pr.headRef, pr.headSHA),
		Base:                s.branchJSON(pr.base, pr.baseRef, s.resolveCommit(pr.base, "refs/heads/"+pr.baseRef)),
	}
	return out
}

// associationLocked is author_association of u on r.
func (s *Server) associationLocked(r *Repo, u *user) string {
	if u == nil {
		return "NONE"
	}
	if u == r.owner {
		return "OWNER"
	}
	switch r.perms[u.login] {
	case "admin", "maintain", "write", "triage", "read":
		return "COLLABORATOR"
	}
	return "CONTRIBUTOR"
}

func (c *call) pull() *pullRequest {
	n, err := strconv.Atoi(c.r.PathValue("number"))
	if err != nil {
		c.notFound()
		return nil
	}
	pr := c.repo.pulls[n]
	if pr == nil {
		c.notFound()
		return nil
	}
	return pr
}

func (s *Server) getPull(c *call) {
	pr := c.pull()
	if pr == nil {
		return
	}
	out := s.pullFullLocked(pr)
	out.Mergeable, out.MergeableState = github.Bool(true), github.String("clean")
	c.json(http.StatusOK, out)
}

// pullFullLocked is the pull request object with the counts GitHub adds
// when it shows one pull request (GET and webhook payloads, not lists):
// commits, additions, deletions, changed files, comments, review comments.
// mergeable_state is "unknown" until GitHub computed it, as in deliveries.
func (s *Server) pullFullLocked(pr *pullRequest) *github.PullRequest {
	out := s.pullJSON(pr)
	out.MergeableState = github.String("unknown")
	if files, err := s.pullDiffLocked(pr, pr.headSHA); err == nil {
		adds, dels := 0, 0
		for _, f := range files {
			adds += f.additions
			dels += f.deletions
		}
		out.ChangedFiles, out.Additions, out.Deletions = github.Int(len(files)), github.Int(adds), github.Int(dels)
	}
	baseTip := s.resolveCommit(pr.base, "refs/heads/"+pr.baseRef)
	if n, err := s.git(pr.base.Dir, nil, nil, "rev-list", "--count", pr.headSHA, "^"+baseTip); err == nil {
		k, _ := strconv.Atoi(n)
		out.Commits = github.Int(k)
	}
	comments, reviewComments := 0, 0
	for _, ic := range s.issueComments {
		if ic.repo == pr.base && ic.number == pr.number {
			comments++
		}
	}
	for _, rc := range s.reviewComments {
		if rc.repo == pr.base && rc.number == pr.number {
			reviewComments++
		}
	}
	out.Comments, out.ReviewComments = github.Int(comments), github.Int(reviewComments)
	return out
}

func (s *Server) listPulls(c *call) {
	q := c.r.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	if state != "open" && state != "closed" && state != "all" {
		c.invalid(docs, fieldError("PullRequest", "state", "invalid"))
		return
	}
	var prs []*pullRequest
	for _, pr := range c.repo.pulls {
		if state != "all" && pr.state != state {
			continue
		}
		if b := q.Get("base"); b != "" && pr.baseRef != b {
			continue
		}
		if h := q.Get("head"); h != "" && pr.head.Owner+":"+pr.headRef != h {
			continue
		}
		prs = append(prs, pr)
	}
	// Default order: newest first ("created", "desc").
	asc := q.Get("direction") == "asc"
	sort.Slice(prs, func(i, j int) bool {
		if asc {
			return prs[i].number < prs[j].number
		}
		return prs[i].number > prs[j].number
	})
	out := make([]*github.PullRequest, 0, len(prs))
	for _, pr := range paginate(c, prs) {
		out = append(out, s.pullJSON(pr))
	}
	c.json(http.StatusOK, out)
}

func (s *Server) listPullFiles(c *call) {
	pr := c.pull()
	if pr == nil {
		return
	}
	files, err := s.pullDiffLocked(pr, pr.headSHA)
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error(), docs)
		return
	}
	if len(files) > maxPullFiles {
		files = files[:maxPullFiles]
	}
	out := make([]*github.CommitFile, 0, len(files))
	for _, f := range paginate(c, files) {
		out = append(out, s.commitFileJSON(pr, f))
	}
	c.json(http.StatusOK, out)
}

func (s *Server) commitFileJSON(pr *pullRequest, f *fileDiff) *github.CommitFile {
	cf := &github.CommitFile{
		SHA:         github.String(f.sha),
		Filename:    github.String(f.path),
		Status:      github.String(f.status),
		Additions:   github.Int(f.additions),
		Deletions:   github.Int(f.deletions),
		Changes:     github.Int(f.additions + f.deletions),
		BlobURL:     github.String(fmt.Sprintf("%s/%s/blob/%s/%s", s.URL(), pr.base.FullName(), pr.headSHA, f.path)),
		RawURL:      github.String(fmt.Sprintf("%s/%s/raw/%s/%s", s.URL(), pr.base.FullName(), pr.headSHA, f.path)),
		ContentsURL: github.String(fmt.Sprintf("%srepos/%s/contents/%s?ref=%s", s.APIURL(), pr.base.FullName(), f.path, pr.headSHA)),
	}
	if f.patch != "" {
		cf.Patch = github.String(f.patch)
	}
	if f.prevPath != "" {
		cf.PreviousFilename = github.String(f.prevPath)
	}
	return cf
}

// pullDiffLocked is the pull request's diff from the merge base of its base
// branch and head to head.
func (s *Server) pullDiffLocked(pr *pullRequest, head string) ([]*fileDiff, error) {
	baseTip := s.resolveCommit(pr.base, "refs/heads/"+pr.baseRef)
	mb, err := s.git(pr.base.Dir, nil, nil, "merge-base", baseTip, head)
	if err != nil {
		return nil, err
	}
	return s.diffLocked(pr.base, mb, head)
}
