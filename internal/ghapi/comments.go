package ghapi

import (
	"context"
	"fmt"

	"github.com/google/go-github/v60/github"
)

// Comment is a conversation (issue) comment on a pull request.
type Comment struct {
	ID          int64
	Body        string
	Author      string
	AuthorIsBot bool
}

// Comments lists the pull request's conversation comments, oldest first
// (paginated).
func (c *Client) Comments(ctx context.Context, repo Repo, number int) ([]Comment, error) {
	var out []Comment
	opts := &github.IssueListCommentsOptions{Sort: github.String("created"), Direction: github.String("asc"),
		ListOptions: github.ListOptions{PerPage: 100}}
	for {
		page, resp, err := c.gh.Issues.ListComments(ctx, repo.Owner, repo.Name, number, opts)
		if err != nil {
			return nil, c.wrap(fmt.Sprintf("comments of %s#%d", repo.FullName(), number), err)
		}
		for _, cm := range page {
			out = append(out, Comment{ID: cm.GetID(), Body: cm.GetBody(), Author: cm.GetUser().GetLogin(),
				AuthorIsBot: cm.GetUser().GetType() == "Bot"})
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}

// CreateComment adds a conversation comment and returns its id.
func (c *Client) CreateComment(ctx context.Context, repo Repo, number int, body string) (int64, error) {
	cm, _, err := c.gh.Issues.CreateComment(ctx, repo.Owner, repo.Name, number, &github.IssueComment{Body: github.String(body)})
	if err != nil {
		return 0, c.wrap(fmt.Sprintf("comment on %s#%d", repo.FullName(), number), err)
	}
	return cm.GetID(), nil
}

// EditComment replaces a conversation comment's body.
func (c *Client) EditComment(ctx context.Context, repo Repo, id int64, body string) error {
	_, _, err := c.gh.Issues.EditComment(ctx, repo.Owner, repo.Name, id, &github.IssueComment{Body: github.String(body)})
	if err != nil {
		return c.wrap(fmt.Sprintf("edit comment %d on %s", id, repo.FullName()), err)
	}
	return nil
}

// AddReaction reacts to a conversation comment ("+1", "eyes", "confused",
// "rocket"...). Reacting twice is not an error (GitHub answers 200).
func (c *Client) AddReaction(ctx context.Context, repo Repo, commentID int64, content string) error {
	_, _, err := c.gh.Reactions.CreateIssueCommentReaction(ctx, repo.Owner, repo.Name, commentID, content)
	if err != nil {
		return c.wrap(fmt.Sprintf("react %s to comment %d on %s", content, commentID, repo.FullName()), err)
	}
	return nil
}

// ReviewComment is a comment on a line of the pull request's diff.
type ReviewComment struct {
	Path string
	Line int
	// Side is RIGHT (the head) or LEFT.
	Side string
	Body string
}

// ReviewComments lists the review comments already on the pull request
// (paginated).
func (c *Client) ReviewComments(ctx context.Context, repo Repo, number int) ([]ReviewComment, error) {
	var out []ReviewComment
	opts := &github.PullRequestListCommentsOptions{ListOptions: github.ListOptions{PerPage: 100}}
	for {
		page, resp, err := c.gh.PullRequests.ListComments(ctx, repo.Owner, repo.Name, number, opts)
		if err != nil {
			return nil, c.wrap(fmt.Sprintf("review comments of %s#%d", repo.FullName(), number), err)
		}
		for _, cm := range page {
			out = append(out, ReviewComment{Path: cm.GetPath(), Line: cm.GetLine(), Side: cm.GetSide(), Body: cm.GetBody()})
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}

// CreateReview posts one review (event COMMENT) at commitSHA with its
// line comments. Lines must be inside the diff, or GitHub answers 422.
func (c *Client) CreateReview(ctx context.Context, repo Repo, number int, commitSHA, body string, comments []ReviewComment) error {
	req := &github.PullRequestReviewRequest{CommitID: github.String(commitSHA), Event: github.String("COMMENT")}
	if body != "" {
		req.Body = github.String(body)
	}
	for _, cm := range comments {
		side := cm.Side
		if side == "" {
			side = "RIGHT"
		}
		req.Comments = append(req.Comments, &github.DraftReviewComment{Path: github.String(cm.Path),
			Line: github.Int(cm.Line), Side: github.String(side), Body: github.String(cm.Body)})
	}
	if _, _, err := c.gh.PullRequests.CreateReview(ctx, repo.Owner, repo.Name, number, req); err != nil {
		return c.wrap(fmt.Sprintf("review %s#%d", repo.FullName(), number), err)
	}
	return nil
}

// Permission returns a user's permission on the repository: admin,
// write, read or none (GitHub's legacy base roles: maintain reads as
// write, triage as read).
func (c *Client) Permission(ctx context.Context, repo Repo, user string) (string, error) {
	p, _, err := c.gh.Repositories.GetPermissionLevel(ctx, repo.Owner, repo.Name, user)
	if err != nil {
		return "", c.wrap(fmt.Sprintf("permission of %s on %s", user, repo.FullName()), err)
	}
	return p.GetPermission(), nil
}
