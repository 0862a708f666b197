package ghapi

import (
	"context"
	"encoding/base64"
	"fmt"
	"path"

	"github.com/google/go-github/v60/github"
)

// FileChange is one file a commit writes (or deletes).
type FileChange struct {
	// Path is the repository path, forward slashes.
	Path    string
	Content []byte
	// Delete removes the file instead.
	Delete bool
}

// CommitFiles writes files as one commit on branch through the Git Data
// API: a blob per file (base64), a tree on parentSHA's tree (base_tree),
// a commit with the single parent parentSHA and no author or committer
// (so GitHub signs it as the App and shows it verified), then the branch
// is moved with force=false. When the branch no longer points at
// parentSHA GitHub refuses the update and the error wraps
// ErrNotFastForward: re-read the head and try again. Writes of one
// installation are serialized by its transport.
func (c *Client) CommitFiles(ctx context.Context, repo Repo, branch, parentSHA, message string, files []FileChange) (string, error) {
	op := fmt.Sprintf("commit to %s:%s", repo.FullName(), branch)
	if len(files) == 0 {
		return "", fmt.Errorf("%s: no files", op)
	}
	parent, _, err := c.gh.Git.GetCommit(ctx, repo.Owner, repo.Name, parentSHA)
	if err != nil {
		return "", c.wrap(op+": read parent "+parentSHA, err)
	}
	entries := make([]*github.TreeEntry, 0, len(files))
	for _, f := range files {
		p := path.Clean(f.Path)
		if f.Delete {
			// Neither sha nor content: go-github sends "sha": null, which
			// removes the path.
			entries = append(entries, &github.TreeEntry{Path: github.String(p), Mode: github.String("100644"), Type: github.String("blob")})
			continue
		}
		blob, _, err := c.gh.Git.CreateBlob(ctx, repo.Owner, repo.Name, &github.Blob{
			Content: github.String(base64.StdEncoding.EncodeToString(f.Content)), Encoding: github.String("base64")})
		if err != nil {
			return "", c.wrap(op+": blob for "+p, err)
		}
		entries = append(entries, &github.TreeEntry{Path: github.String(p), Mode: github.String("100644"),
			Type: github.String("blob"), SHA: blob.SHA})
	}
	tree, _, err := c.gh.Git.CreateTree(ctx, repo.Owner, repo.Name, parent.GetTree().GetSHA(), entries)
	if err != nil {
		return "", c.wrap(op+": tree", err)
	}
	commit, _, err := c.gh.Git.CreateCommit(ctx, repo.Owner, repo.Name, &github.Commit{
		Message: github.String(message), Tree: &github.Tree{SHA: tree.SHA},
		Parents: []*github.Commit{{SHA: github.String(parentSHA)}}}, nil)
	if err != nil {
		return "", c.wrap(op+": commit", err)
	}
	ref := &github.Reference{Ref: github.String("refs/heads/" + branch), Object: &github.GitObject{SHA: commit.SHA}}
	if _, _, err := c.gh.Git.UpdateRef(ctx, repo.Owner, repo.Name, ref, false); err != nil {
		// GitHub refuses with 422 "Update is not a fast forward" (mapped
		// to ErrNotFastForward by the error's message).
		return "", c.wrap(op+": move the branch", err)
	}
	return commit.GetSHA(), nil
}
