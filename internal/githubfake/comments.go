package githubfake

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/google/go-github/v60/github"
)

// maxCommentBody is GitHub's limit on a comment body, in characters.
const maxCommentBody = 65536

var reactionContents = map[string]bool{"+1": true, "-1": true, "laugh": true, "confused": true, "heart": true, "hooray": true, "rocket": true, "eyes": true}

func (s *Server) issueCommentJSON(ic *issueComment) *github.IssueComment {
	api := fmt.Sprintf("%srepos/%s/issues/comments/%d", s.APIURL(), ic.repo.FullName(), ic.id)
	out := &github.IssueComment{
		ID:                github.Int64(ic.id),
		NodeID:            github.String(fmt.Sprintf("IC_%d", ic.id)),
		Body:              github.String(ic.body),
		User:              s.userJSON(ic.author),
		AuthorAssociation: github.String(s.associationLocked(ic.repo, ic.author)),
		CreatedAt:         ts(ic.createdAt),
		UpdatedAt:         ts(ic.updatedAt),
		URL:               github.String(api),
		HTMLURL:           github.String(fmt.Sprintf("%s/%s/pull/%d#issuecomment-%d", s.URL(), ic.repo.FullName(), ic.number, ic.id)),
		IssueURL:          github.String(fmt.Sprintf("%srepos/%s/issues/%d", s.APIURL(), ic.repo.FullName(), ic.number)),
		Reactions:         reactionsSummary(ic.reactions, api+"/reactions"),
	}
	return out
}

// checkBody answers GitHub's 422 for a missing or oversized comment body.
func (c *call) checkBody(resource, body string) bool {
	if body == "" {
		c.invalid("https://docs.github.com/rest/issues/comments", fieldError(resource, "body", "missing_field"))
		return false
	}
	if n := utf8.RuneCountInString(body); n > maxCommentBody {
		c.invalid("https://docs.github.com/rest/issues/comments", map[string]string{
			"resource": resource, "code": "custom", "field": "body",
			"message": fmt.Sprintf("body is too long (maximum is %d characters)", maxCommentBody),
		})
		return false
	}
	return true
}

// getIssuesTwo serves GET .../issues/{number}/comments and
// GET .../issues/comments/{id}.
func (s *Server) getIssuesTwo(c *call) {
	a, b := c.r.PathValue("a"), c.r.PathValue("b")
	switch {
	case a == "comments":
		id, err := strconv.ParseInt(b, 10, 64)
		ic := s.issueComments[id]
		if err != nil || ic == nil || ic.repo != c.repo {
			c.notFound()
			return
		}
		c.json(http.StatusOK, s.issueCommentJSON(ic))
	case b == "comments":
		n, err := strconv.Atoi(a)
		if err != nil || c.repo.pulls[n] == nil {
			c.notFound()
			return
		}
		var since time.Time
		if v := c.r.URL.Query().Get("since"); v != "" {
			if since, err = time.Parse(time.RFC3339, v); err != nil {
				c.invalid(docs, fieldError("IssueComment", "since", "invalid"))
				return
			}
		}
		var list []*issueComment
		for _, ic := range s.issueComments {
			if ic.repo == c.repo && ic.number == n && !ic.updatedAt.Before(since) {
				list = append(list, ic)
			}
		}
		sort.Slice(list, func(i, j int) bool { return list[i].id < list[j].id })
		out := []*github.IssueComment{}
		for _, ic := range paginate(c, list) {
			out = append(out, s.issueCommentJSON(ic))
		}
		c.json(http.StatusOK, out)
	default:
		c.notFound()
	}
}

func (s *Server) createIssueComment(c *call) {
	pr := c.pull()
	if pr == nil {
		return
	}
	var req struct {
		Body string `json:"body"`
	}
	if !c.decode(&req) || !c.checkBody("IssueComment", req.Body) {
		return
	}
	ic := s.addIssueCommentLocked(c.repo, pr.number, s.users[s.BotLogin()], req.Body)
	c.w.Header().Set("Location", s.issueCommentJSON(ic).GetURL())
	c.json(http.StatusCreated, s.issueCommentJSON(ic))
}

func (s *Server) addIssueCommentLocked(r *Repo, number int, author *user, body string) *issueComment {
	now := s.now()
	ic := &issueComment{id: s.newIDLocked(), repo: r, number: number, author: author, body: body, createdAt: now, updatedAt: now}
	s.issueComments[ic.id] = ic
	return ic
}

func (c *call) issueComment() *issueComment {
	id, ok := c.intPath("id")
	if !ok {
		return nil
	}
	ic := c.s.issueComments[id]
	if ic == nil || ic.repo != c.repo {
		c.notFound()
		return nil
	}
	return ic
}

func (s *Server) editIssueComment(c *call) {
	ic := c.issueComment()
	if ic == nil {
		return
	}
	var req struct {
		Body string `json:"body"`
	}
	if !c.decode(&req) || !c.checkBody("IssueComment", req.Body) {
		return
	}
	ic.body, ic.updatedAt = req.Body, s.now()
	c.json(http.StatusOK, s.issueCommentJSON(ic))
}

func (s *Server) reactionJSON(rc *reaction) *github.Reaction {
	return &github.Reaction{
		ID: github.Int64(rc.id), NodeID: github.String(fmt.Sprintf("REA_%d", rc.id)),
		User: s.userJSON(rc.author), Content: github.String(rc.content),
	}
}

func (s *Server) createReaction(c *call) {
	ic := c.issueComment()
	if ic == nil {
		return
	}
	var req struct {
		Content string `json:"content"`
	}
	if !c.decode(&req) {
		return
	}
	if !reactionContents[req.Content] {
		c.invalid("https://docs.github.com/rest/reactions/reactions", fieldError("Reaction", "content", "invalid"))
		return
	}
	bot := s.users[s.BotLogin()]
	for _, rc := range ic.reactions {
		if rc.author == bot && rc.content == req.Content {
			// "A response with an HTTP 200 status means that you already
			// added the reaction type to this issue comment."
			c.json(http.StatusOK, s.reactionJSON(rc))
			return
		}
	}
	rc := &reaction{id: s.newIDLocked(), author: bot, content: req.Content, createdAt: s.now()}
	ic.reactions = append(ic.reactions, rc)
	c.json(http.StatusCreated, s.reactionJSON(rc))
}

func (s *Server) listReactions(c *call) {
	ic := c.issueComment()
	if ic == nil {
		return
	}
	out := []*github.Reaction{}
	for _, rc := range paginate(c, ic.reactions) {
		out = append(out, s.reactionJSON(rc))
	}
	c.json(http.StatusOK, out)
}

// reactionsSummary is the reactions rollup GitHub embeds in a comment.
func reactionsSummary(list []*reaction, url string) *github.Reactions {
	count := map[string]int{}
	for _, r := range list {
		count[r.content]++
	}
	return &github.Reactions{
		TotalCount: github.Int(len(list)), PlusOne: github.Int(count["+1"]), MinusOne: github.Int(count["-1"]),
		Laugh: github.Int(count["laugh"]), Confused: github.Int(count["confused"]), Heart: github.Int(count["heart"]),
		Hooray: github.Int(count["hooray"]), Rocket: github.Int(count["rocket"]), Eyes: github.Int(count["eyes"]),
		URL: github.String(url),
	}
}
