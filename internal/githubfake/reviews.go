package githubfake

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/google/go-github/v60/github"
)

const reviewsDoc = "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request"

var reviewStates = map[string]string{"": "PENDING", "APPROVE": "APPROVED", "REQUEST_CHANGES": "CHANGES_REQUESTED", "COMMENT": "COMMENTED"}

// reviewRequest is the body of POST .../pulls/{n}/reviews.
type reviewRequest struct {
	CommitID string `json:"commit_id"`
	Body     string `json:"body"`
	Event    string `json:"event"`
	Comments []struct {
		Path      string `json:"path"`
		Position  int    `json:"position"`
		Line      int    `json:"line"`
		Side      string `json:"side"`
		StartLine int    `json:"start_line"`
		StartSide string `json:"start_side"`
		Body      string `json:"body"`
	} `json:"comments"`
}

// unresolvable answers the 422 GitHub gives a review whose comment does not
// sit on the diff: errors is a list of plain strings there.
func (c *call) unresolvable(msg string) {
	c.fail(http.StatusUnprocessableEntity, "Unprocessable Entity", reviewsDoc, msg)
}

func (s *Server) createReview(c *call) {
	pr := c.pull()
	if pr == nil {
		return
	}
	var req reviewRequest
	if !c.decode(&req) {
		return
	}
	state, ok := reviewStates[req.Event]
	if !ok {
		c.invalid(reviewsDoc, fieldError("PullRequestReview", "event", "invalid"))
		return
	}
	if (req.Event == "COMMENT" || req.Event == "REQUEST_CHANGES") && req.Body == "" && len(req.Comments) == 0 {
		c.unresolvable("Body can't be blank")
		return
	}
	commit := req.CommitID
	if commit == "" {
		commit = pr.headSHA
	}
	if s.objectType(c.repo, commit) != "commit" || !s.isAncestor(c.repo, commit, pr.headSHA) {
		c.unresolvable("Commit SHA is not part of the pull request")
		return
	}
	files, err := s.pullDiffLocked(pr, commit)
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error(), docs)
		return
	}
	byPath := map[string]*fileDiff{}
	for _, f := range files {
		byPath[f.path] = f
	}
	bot := s.users[s.BotLogin()]
	rv := &review{id: s.newIDLocked(), repo: c.repo, number: pr.number, author: bot, body: req.Body, state: state, commitID: commit, at: s.now()}
	var comments []*reviewComment
	for _, rc := range req.Comments {
		f := byPath[rc.Path]
		if f == nil || f.patch == "" {
			c.unresolvable("Path could not be resolved")
			return
		}
		if rc.Body == "" {
			c.unresolvable("Body can't be blank")
			return
		}
		lines := parseHunks(f.patch)
		side := rc.Side
		if side == "" {
			side = "RIGHT"
		}
		line := rc.Line
		if line == 0 && rc.Position > 0 {
			line = positionLine(f.patch, rc.Position)
			side = "RIGHT"
		}
		onSide := lines.right
		if side == "LEFT" {
			onSide = lines.left
		} else if side != "RIGHT" {
			c.invalid(reviewsDoc, fieldError("PullRequestReviewComment", "side", "invalid"))
			return
		}
		if line <= 0 || onSide[line] == 0 {
			c.unresolvable("Line could not be resolved")
			return
		}
		if rc.StartLine != 0 {
			if rc.StartLine >= line {
				c.unresolvable("Start line must precede the end line")
				return
			}
			if onSide[rc.StartLine] != onSide[line] {
				c.unresolvable("Start line must be part of the same hunk as the line")
				return
			}
		}
		comments = append(comments, &reviewComment{
			id: s.newIDLocked(), reviewID: rv.id, repo: c.repo, number: pr.number, author: bot,
			path: rc.Path, line: line, startLine: rc.StartLine, side: side, body: rc.Body,
			commitID: commit, diffHunk: lines.hunkRight[line], at: rv.at,
		})
	}
	s.reviews[rv.id] = rv
	for _, rc := range comments {
		s.reviewComments[rc.id] = rc
	}
	c.json(http.StatusOK, s.reviewJSON(rv))
}

// positionLine maps the deprecated position (lines below the first "@@" of
// the file, counted through every hunk) to a new-side line number.
func positionLine(patch string, position int) int {
	lines := strings.Split(patch, "\n")
	if position >= len(lines) {
		return 0
	}
	_, newN := 0, 0
	for i, l := range lines {
		if strings.HasPrefix(l, "@@") {
			_, newN = hunkStarts(l)
			if i == position {
				return 0
			}
			continue
		}
		if strings.HasPrefix(l, "-") || strings.HasPrefix(l, "\\") {
			if i == position {
				return 0
			}
			continue
		}
		if i == position {
			return newN
		}
		newN++
	}
	return 0
}

func (s *Server) reviewJSON(rv *review) *github.PullRequestReview {
	pull := fmt.Sprintf("%srepos/%s/pulls/%d", s.APIURL(), rv.repo.FullName(), rv.number)
	out := &github.PullRequestReview{
		ID:                github.Int64(rv.id),
		NodeID:            github.String(fmt.Sprintf("PRR_%d", rv.id)),
		User:              s.userJSON(rv.author),
		Body:              github.String(rv.body),
		CommitID:          github.String(rv.commitID),
		State:             github.String(rv.state),
		HTMLURL:           github.String(fmt.Sprintf("%s/%s/pull/%d#pullrequestreview-%d", s.URL(), rv.repo.FullName(), rv.number, rv.id)),
		PullRequestURL:    github.String(pull),
		AuthorAssociation: github.String(s.associationLocked(rv.repo, rv.author)),
	}
	if rv.state != "PENDING" {
		out.SubmittedAt = ts(rv.at)
	}
	return out
}

func (s *Server) reviewCommentJSON(rc *reviewComment) *github.PullRequestComment {
	out := &github.PullRequestComment{
		ID:                  github.Int64(rc.id),
		NodeID:              github.String(fmt.Sprintf("PRRC_%d", rc.id)),
		PullRequestReviewID: github.Int64(rc.reviewID),
		DiffHunk:            github.String(rc.diffHunk),
		Path:                github.String(rc.path),
		CommitID:            github.String(rc.commitID),
		OriginalCommitID:    github.String(rc.commitID),
		User:                s.userJSON(rc.author),
		Body:                github.String(rc.body),
		CreatedAt:           ts(rc.at),
		UpdatedAt:           ts(rc.at),
		AuthorAssociation:   github.String(s.associationLocked(rc.repo, rc.author)),
		URL:                 github.String(fmt.Sprintf("%srepos/%s/pulls/comments/%d", s.APIURL(), rc.repo.FullName(), rc.id)),
		HTMLURL:             github.String(fmt.Sprintf("%s/%s/pull/%d#discussion_r%d", s.URL(), rc.repo.FullName(), rc.number, rc.id)),
		PullRequestURL:      github.String(fmt.Sprintf("%srepos/%s/pulls/%d", s.APIURL(), rc.repo.FullName(), rc.number)),
		Line:                github.Int(rc.line),
		OriginalLine:        github.Int(rc.line),
		Side:                github.String(rc.side),
		SubjectType:         github.String("line"),
	}
	if rc.startLine != 0 {
		out.StartLine, out.OriginalStartLine, out.StartSide = github.Int(rc.startLine), github.Int(rc.startLine), github.String(rc.side)
	}
	return out
}

func (s *Server) listReviewComments(c *call) {
	pr := c.pull()
	if pr == nil {
		return
	}
	var list []*reviewComment
	for _, rc := range s.reviewComments {
		if rc.repo == c.repo && rc.number == pr.number {
			list = append(list, rc)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].id < list[j].id })
	out := []*github.PullRequestComment{}
	for _, rc := range paginate(c, list) {
		out = append(out, s.reviewCommentJSON(rc))
	}
	c.json(http.StatusOK, out)
}

func (s *Server) listReviews(c *call) {
	pr := c.pull()
	if pr == nil {
		return
	}
	var list []*review
	for _, rv := range s.reviews {
		if rv.repo == c.repo && rv.number == pr.number {
			list = append(list, rv)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].id < list[j].id })
	out := []*github.PullRequestReview{}
	for _, rv := range paginate(c, list) {
		out = append(out, s.reviewJSON(rv))
	}
	c.json(http.StatusOK, out)
}
