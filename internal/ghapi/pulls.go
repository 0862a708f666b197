package ghapi

import (
	"context"
	"encoding/base64"
	"fmt"

	"github.com/google/go-github/v60/github"
)

// PullRequest is what the bot needs of a pull request.
type PullRequest struct {
	Number int
	// State is "open" or "closed".
	State  string
	Draft  bool
	Title  string
	Author string
	// HeadSHA and HeadRef are the head commit and branch; HeadRepo is
	// where the branch lives (a fork's, or empty when the fork was
	// deleted).
	HeadSHA, HeadRef string
	HeadRepo         Repo
	// HeadRepoOwnerIsOrg is true when the head repository belongs to an
	// organization (maintainer_can_modify is then ignored by GitHub).
	HeadRepoOwnerIsOrg bool
	BaseRef, BaseSHA   string
	BaseRepo           Repo
	// MaintainerCanModify is "Allow edits from maintainers".
	MaintainerCanModify bool
	Merged              bool
}

// IsFork reports whether the head branch lives in another repository.
func (p *PullRequest) IsFork() bool { return p.HeadRepo != p.BaseRepo }

func pullRequest(pr *github.PullRequest) *PullRequest {
	out := &PullRequest{
		Number: pr.GetNumber(), State: pr.GetState(), Draft: pr.GetDraft(), Title: pr.GetTitle(),
		Author:  pr.GetUser().GetLogin(),
		HeadSHA: pr.GetHead().GetSHA(), HeadRef: pr.GetHead().GetRef(),
		BaseRef: pr.GetBase().GetRef(), BaseSHA: pr.GetBase().GetSHA(),
		MaintainerCanModify: pr.GetMaintainerCanModify(), Merged: pr.GetMerged(),
	}
	if r := pr.GetHead().GetRepo(); r != nil {
		out.HeadRepo = Repo{Owner: r.GetOwner().GetLogin(), Name: r.GetName()}
		out.HeadRepoOwnerIsOrg = r.GetOwner().GetType() == "Organization"
	}
	if r := pr.GetBase().GetRepo(); r != nil {
		out.BaseRepo = Repo{Owner: r.GetOwner().GetLogin(), Name: r.GetName()}
	}
	return out
}

// PullRequest reads one pull request.
func (c *Client) PullRequest(ctx context.Context, repo Repo, number int) (*PullRequest, error) {
	pr, _, err := c.gh.PullRequests.Get(ctx, repo.Owner, repo.Name, number)
	if err != nil {
		return nil, c.wrap(fmt.Sprintf("pull request %s#%d", repo.FullName(), number), err)
	}
	return pullRequest(pr), nil
}

// OpenPullRequests lists the repository's open pull requests (paginated).
func (c *Client) OpenPullRequests(ctx context.Context, repo Repo) ([]*PullRequest, error) {
	var out []*PullRequest
	opts := &github.PullRequestListOptions{State: "open", ListOptions: github.ListOptions{PerPage: 100}}
	for {
		page, resp, err := c.gh.PullRequests.List(ctx, repo.Owner, repo.Name, opts)
		if err != nil {
			return nil, c.wrap("open pull requests of "+repo.FullName(), err)
		}
		for _, pr := range page {
			out = append(out, pullRequest(pr))
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}

// ChangedFile is one file of a pull request's diff.
type ChangedFile struct {
	// Path is the file's path at head; PreviousPath its path before a
	// rename.
	Path, PreviousPath string
	// Status is added, modified, removed, renamed (or GitHub's copied,
	// changed, unchanged).
	Status string
	// Patch is the unified diff hunk text; empty for binary or very large
	// diffs.
	Patch string
}

// MaxChangedFiles is the most files GitHub lists for one pull request.
const MaxChangedFiles = 3000

// ChangedFiles lists a pull request's files, 100 per page, up to GitHub's
// 3,000.
func (c *Client) ChangedFiles(ctx context.Context, repo Repo, number int) ([]ChangedFile, error) {
	var out []ChangedFile
	opts := &github.ListOptions{PerPage: 100}
	for {
		page, resp, err := c.gh.PullRequests.ListFiles(ctx, repo.Owner, repo.Name, number, opts)
		if err != nil {
			return nil, c.wrap(fmt.Sprintf("files of %s#%d", repo.FullName(), number), err)
		}
		for _, f := range page {
			out = append(out, ChangedFile{Path: f.GetFilename(), PreviousPath: f.GetPreviousFilename(),
				Status: f.GetStatus(), Patch: f.GetPatch()})
		}
		if resp.NextPage == 0 || len(out) >= MaxChangedFiles {
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}

// FileContent reads one file at ref. A missing file (or a folder) wraps
// ErrNotFound. Files over the contents API's 1 MB inline limit are read as
// blobs.
func (c *Client) FileContent(ctx context.Context, repo Repo, ref, path string) ([]byte, error) {
	op := fmt.Sprintf("read %s:%s in %s", ref, path, repo.FullName())
	fc, dir, _, err := c.gh.Repositories.GetContents(ctx, repo.Owner, repo.Name, path, &github.RepositoryContentGetOptions{Ref: ref})
	if err != nil {
		return nil, c.wrap(op, err)
	}
	if fc == nil || dir != nil {
		return nil, fmt.Errorf("%s: a folder, not a file: %w", op, ErrNotFound)
	}
	if fc.GetEncoding() == "base64" || fc.Content != nil && fc.GetEncoding() == "" {
		s, err := fc.GetContent()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		if s != "" || fc.GetSize() == 0 {
			return []byte(s), nil
		}
	}
	blob, _, err := c.gh.Git.GetBlob(ctx, repo.Owner, repo.Name, fc.GetSHA())
	if err != nil {
		return nil, c.wrap(op, err)
	}
	if blob.GetEncoding() == "base64" {
		data, err := base64.StdEncoding.DecodeString(blob.GetContent())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		return data, nil
	}
	return []byte(blob.GetContent()), nil
}
