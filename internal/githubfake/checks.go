package githubfake

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/google/go-github/v60/github"
)

// Limits of the Checks API (GitHub's REST reference for check runs).
const (
	maxCheckText        = 65535
	maxAnnotationsPer   = 50
	maxActions          = 3
	maxActionLabel      = 20
	maxActionDesc       = 40
	maxActionIdentifier = 20
)

const checksDoc = "https://docs.github.com/rest/checks/runs"

var (
	checkStatuses    = map[string]bool{"queued": true, "in_progress": true, "completed": true, "waiting": true, "requested": true, "pending": true}
	checkConclusions = map[string]bool{"action_required": true, "cancelled": true, "failure": true, "neutral": true, "success": true, "skipped": true, "stale": true, "timed_out": true}
	annotationLevels = map[string]bool{"notice": true, "warning": true, "failure": true}
)

// checkRunRequest is the body of a create or update.
type checkRunRequest struct {
	Name        *string                  `json:"name"`
	HeadSHA     *string                  `json:"head_sha"`
	DetailsURL  *string                  `json:"details_url"`
	ExternalID  *string                  `json:"external_id"`
	Status      *string                  `json:"status"`
	Conclusion  *string                  `json:"conclusion"`
	StartedAt   *github.Timestamp        `json:"started_at"`
	CompletedAt *github.Timestamp        `json:"completed_at"`
	Output      *github.CheckRunOutput   `json:"output"`
	Actions     []*github.CheckRunAction `json:"actions"`
}

// invalidCheck answers the Checks API's 422, whose message starts
// "Invalid request." followed by the reason.
func (c *call) invalidCheck(reason string) {
	c.fail(http.StatusUnprocessableEntity, "Invalid request.\n\n"+reason, checksDoc)
}

// validateCheck applies GitHub's limits to a request; it answers 422 and
// returns false on the first violation.
func (c *call) validateCheck(req *checkRunRequest) bool {
	if req.Status != nil && !checkStatuses[*req.Status] {
		c.invalidCheck(fmt.Sprintf("%q is not a valid status.", *req.Status))
		return false
	}
	if req.Conclusion != nil && !checkConclusions[*req.Conclusion] {
		c.invalidCheck(fmt.Sprintf("%q is not a valid conclusion.", *req.Conclusion))
		return false
	}
	if req.Status != nil && *req.Status == "completed" && req.Conclusion == nil {
		c.invalidCheck(`"conclusion" wasn't supplied.`)
		return false
	}
	if o := req.Output; o != nil {
		if o.Summary == nil || o.Title == nil {
			c.invalidCheck(`"title", "summary" weren't supplied.`)
			return false
		}
		for _, t := range []*string{o.Summary, o.Text} {
			if t != nil && utf8.RuneCountInString(*t) > maxCheckText {
				c.invalidCheck(fmt.Sprintf("Only %d characters are allowed; %d were supplied.", maxCheckText, utf8.RuneCountInString(*t)))
				return false
			}
		}
		if len(o.Annotations) > maxAnnotationsPer {
			c.invalidCheck(fmt.Sprintf("Only %d annotations are allowed per request; %d were supplied.", maxAnnotationsPer, len(o.Annotations)))
			return false
		}
		for i, a := range o.Annotations {
			if a.Path == nil || a.StartLine == nil || a.EndLine == nil || a.AnnotationLevel == nil || a.Message == nil {
				c.invalidCheck(fmt.Sprintf(`For 'items', "path", "start_line", "end_line", "annotation_level", "message" are required (annotation %d).`, i))
				return false
			}
			if !annotationLevels[*a.AnnotationLevel] {
				c.invalidCheck(fmt.Sprintf("%q is not a valid annotation_level.", *a.AnnotationLevel))
				return false
			}
			if *a.StartLine < 1 || *a.EndLine < *a.StartLine {
				c.invalidCheck(fmt.Sprintf("annotation %d: start_line %d and end_line %d are not a range.", i, *a.StartLine, *a.EndLine))
				return false
			}
			if (a.StartColumn != nil || a.EndColumn != nil) && *a.StartLine != *a.EndLine {
				c.invalidCheck("start_column and end_column may only be used when start_line and end_line are the same.")
				return false
			}
			if a.Title != nil && utf8.RuneCountInString(*a.Title) > 255 {
				c.invalidCheck("annotation title is longer than 255 characters.")
				return false
			}
			if len(*a.Message) > 64*1024 {
				c.invalidCheck("annotation message is longer than 64 kilobytes.")
				return false
			}
		}
	}
	if len(req.Actions) > maxActions {
		c.invalidCheck(fmt.Sprintf("Only %d actions are allowed; %d were supplied.", maxActions, len(req.Actions)))
		return false
	}
	for _, a := range req.Actions {
		switch {
		case a.Label == "" || a.Description == "" || a.Identifier == "":
			c.invalidCheck(`For 'items', "label", "description", "identifier" are required.`)
		case utf8.RuneCountInString(a.Label) > maxActionLabel:
			c.invalidCheck(fmt.Sprintf("label %q is longer than %d characters.", a.Label, maxActionLabel))
		case utf8.RuneCountInString(a.Description) > maxActionDesc:
			c.invalidCheck(fmt.Sprintf("description %q is longer than %d characters.", a.Description, maxActionDesc))
		case utf8.RuneCountInString(a.Identifier) > maxActionIdentifier:
			c.invalidCheck(fmt.Sprintf("identifier %q is longer than %d characters.", a.Identifier, maxActionIdentifier))
		default:
			continue
		}
		return false
	}
	return true
}

func (s *Server) createCheckRun(c *call) {
	var req checkRunRequest
	if !c.decode(&req) {
		return
	}
	if req.Name == nil || strings.TrimSpace(*req.Name) == "" {
		c.invalidCheck(`"name" wasn't supplied.`)
		return
	}
	if req.HeadSHA == nil || *req.HeadSHA == "" {
		c.invalidCheck(`"head_sha" wasn't supplied.`)
		return
	}
	if s.objectType(c.repo, *req.HeadSHA) != "commit" {
		c.fail(http.StatusUnprocessableEntity, "No commit found for SHA: "+*req.HeadSHA, checksDoc)
		return
	}
	if !c.validateCheck(&req) {
		return
	}
	run := &checkRun{id: s.newIDLocked(), repo: c.repo, name: *req.Name, headSHA: *req.HeadSHA, status: "queued", startedAt: s.now()}
	s.applyCheck(run, &req)
	s.checkRuns[run.id] = run
	c.json(http.StatusCreated, s.checkRunJSON(run))
}

func (s *Server) updateCheckRun(c *call) {
	run := c.checkRun()
	if run == nil {
		return
	}
	var req checkRunRequest
	if !c.decode(&req) {
		return
	}
	// go-github v60 always sends "name" on update (the field is not
	// omitempty): an empty one would blank the run's name, so GitHub refuses
	// it; a client that leaves the key out keeps the name.
	if req.Name != nil && strings.TrimSpace(*req.Name) == "" {
		c.invalidCheck(`"name" can't be blank.`)
		return
	}
	if !c.validateCheck(&req) {
		return
	}
	s.applyCheck(run, &req)
	run.updates++
	c.json(http.StatusOK, s.checkRunJSON(run))
}

// applyCheck copies a validated request into run; annotations are appended
// to the ones already sent, as GitHub does.
func (s *Server) applyCheck(run *checkRun, req *checkRunRequest) {
	if req.Name != nil {
		run.name = *req.Name
	}
	if req.DetailsURL != nil {
		run.detailsURL = *req.DetailsURL
	}
	if req.ExternalID != nil {
		run.externalID = *req.ExternalID
	}
	if req.Status != nil {
		run.status = *req.Status
	}
	if req.StartedAt != nil {
		run.startedAt = req.StartedAt.Time
	}
	if req.Conclusion != nil {
		run.conclusion, run.status = *req.Conclusion, "completed"
		run.completedAt = s.now()
	}
	if req.CompletedAt != nil {
		run.completedAt = req.CompletedAt.Time
	}
	if o := req.Output; o != nil {
		run.title, run.summary = o.GetTitle(), o.GetSummary()
		if o.Text != nil {
			run.text = *o.Text
		}
		run.annotations = append(run.annotations, o.Annotations...)
	}
	if req.Actions != nil {
		run.actions = req.Actions
	}
}

func (c *call) checkRun() *checkRun {
	id, ok := c.intPath("id")
	if !ok {
		return nil
	}
	run := c.s.checkRuns[id]
	if run == nil || run.repo != c.repo {
		c.notFound()
		return nil
	}
	return run
}

func (s *Server) checkRunJSON(run *checkRun) *github.CheckRun {
	api := fmt.Sprintf("%srepos/%s/check-runs/%d", s.APIURL(), run.repo.FullName(), run.id)
	out := &github.CheckRun{
		ID:         github.Int64(run.id),
		NodeID:     github.String(fmt.Sprintf("CR_%d", run.id)),
		Name:       github.String(run.name),
		HeadSHA:    github.String(run.headSHA),
		ExternalID: github.String(run.externalID),
		Status:     github.String(run.status),
		StartedAt:  ts(run.startedAt),
		URL:        github.String(api),
		HTMLURL:    github.String(fmt.Sprintf("%s/%s/runs/%d", s.URL(), run.repo.FullName(), run.id)),
		DetailsURL: github.String(run.detailsURL),
		Output: &github.CheckRunOutput{
			Title: github.String(run.title), Summary: github.String(run.summary), Text: github.String(run.text),
			AnnotationsCount: github.Int(len(run.annotations)), AnnotationsURL: github.String(api + "/annotations"),
		},
		CheckSuite: &github.CheckSuite{ID: github.Int64(run.id + 1)},
		App: &github.App{
			ID: github.Int64(s.opts.AppID), Slug: github.String(s.opts.AppSlug), Name: github.String(s.opts.AppSlug),
		},
		PullRequests: []*github.PullRequest{},
	}
	if run.conclusion != "" {
		out.Conclusion = github.String(run.conclusion)
		out.CompletedAt = ts(run.completedAt)
	}
	// check_run.pull_requests lists only pull requests whose head is in the
	// same repository: "Pushes to a branch in a forked repository are not
	// detected and return an empty pull_requests array."
	for _, n := range sortedNumbers(run.repo.pulls) {
		pr := run.repo.pulls[n]
		if pr.state == "open" && pr.head == pr.base && pr.headSHA == run.headSHA {
			out.PullRequests = append(out.PullRequests, &github.PullRequest{
				ID: github.Int64(pr.id), Number: github.Int(pr.number),
				URL:  github.String(fmt.Sprintf("%srepos/%s/pulls/%d", s.APIURL(), pr.base.FullName(), pr.number)),
				Head: &github.PullRequestBranch{Ref: github.String(pr.headRef), SHA: github.String(pr.headSHA), Repo: &github.Repository{ID: github.Int64(pr.head.ID), Name: github.String(pr.head.Name)}},
				Base: &github.PullRequestBranch{Ref: github.String(pr.baseRef), SHA: github.String(s.resolveCommit(pr.base, "refs/heads/"+pr.baseRef)), Repo: &github.Repository{ID: github.Int64(pr.base.ID), Name: github.String(pr.base.Name)}},
			})
		}
	}
	return out
}

func (s *Server) getCheckRun(c *call) {
	if run := c.checkRun(); run != nil {
		c.json(http.StatusOK, s.checkRunJSON(run))
	}
}

func (s *Server) listAnnotations(c *call) {
	if run := c.checkRun(); run != nil {
		c.json(http.StatusOK, paginate(c, run.annotations))
	}
}

func (s *Server) listCheckRunsForRef(c *call) {
	sha := s.resolveCommit(c.repo, c.r.PathValue("ref"))
	if sha == "" {
		c.fail(http.StatusUnprocessableEntity, "No commit found for SHA: "+c.r.PathValue("ref"), checksDoc)
		return
	}
	q := c.r.URL.Query()
	var runs []*checkRun
	latest := map[string]*checkRun{}
	for _, run := range s.checkRuns {
		if run.repo != c.repo || run.headSHA != sha || (q.Get("check_name") != "" && run.name != q.Get("check_name")) {
			continue
		}
		runs = append(runs, run)
		if l := latest[run.name]; l == nil || run.id > l.id {
			latest[run.name] = run
		}
	}
	if q.Get("filter") != "all" {
		runs = runs[:0]
		for _, run := range latest {
			runs = append(runs, run)
		}
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].id > runs[j].id })
	out := []*github.CheckRun{}
	for _, run := range paginate(c, runs) {
		out = append(out, s.checkRunJSON(run))
	}
	c.json(http.StatusOK, map[string]any{"total_count": len(runs), "check_runs": out})
}
