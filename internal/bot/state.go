package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// stateVersion is the version of the state document; a newer document than
// this code knows is refused rather than half-read.
const stateVersion = 1

// maxBotCommits bounds the commit SHAs remembered per pull request: only
// recent heads can arrive as synchronize events.
const maxBotCommits = 50

// State is what the bot remembers about one pull request between jobs,
// stored as JSON through StateStore (the store treats it as opaque bytes).
type State struct {
	Version int `json:"version"`
	// CommentID is the summary comment's id (0 before the first one); the
	// comment is also found again by its hidden marker.
	CommentID int64 `json:"comment_id,omitempty"`
	// CheckRun is the check run of the latest head the bot reported on, so
	// a retried job completes the same run instead of opening another.
	CheckRun *CheckRunRef `json:"check_run,omitempty"`
	// BotCommits are the SHAs of the commits the bot created on the branch,
	// oldest first: a synchronize to one of them only refreshes the report.
	BotCommits []string `json:"bot_commits,omitempty"`
	// Generated maps each file the bot wrote (repository path) to the git
	// blob SHA of the content it wrote; a different blob at head means a
	// person changed the file.
	Generated map[string]string `json:"generated,omitempty"`
	// PersonEdited lists generated files a person changed after the bot
	// wrote them; the bot leaves them alone until a regenerate.
	PersonEdited []string `json:"person_edited,omitempty"`
	// Timestamp is the time the first migration of this pull request was
	// named with; reusing it keeps file names stable across pushes.
	Timestamp time.Time `json:"timestamp,omitzero"`
	// LastCommit is the bot's latest commit and the files it wrote and
	// removed, for the report of the head that commit becomes.
	LastCommit *BotCommit `json:"last_commit,omitempty"`
	// CommentSHA is a hash of the summary comment's body as last written:
	// an unchanged report is not written again.
	CommentSHA string `json:"comment_sha,omitempty"`
	// Reviewed are the keys of findings already review-commented.
	Reviewed []string `json:"reviewed,omitempty"`
	// Renames are the renames given with the rename command: project name
	// ("" for every project) -> OLD=NEW values, in the order given.
	Renames map[string][]string `json:"renames,omitempty"`
	// Accept are the rule codes accepted with the accept command, with
	// their reasons.
	Accept map[string]string `json:"accept,omitempty"`
}

// CheckRunRef names a check run by head SHA.
type CheckRunRef struct {
	HeadSHA string `json:"head_sha"`
	ID      int64  `json:"id"`
	// Completed is true once the run has its conclusion.
	Completed bool `json:"completed,omitempty"`
}

// BotCommit is one commit the bot made.
type BotCommit struct {
	SHA     string   `json:"sha"`
	Written []string `json:"written,omitempty"`
	Deleted []string `json:"deleted,omitempty"`
}

// loadState reads a pull request's state; a pull request the bot has not
// seen yet gets an empty one.
func loadState(ctx context.Context, st StateStore, repo string, number int) (*State, error) {
	data, err := st.PullRequestState(ctx, repo, number)
	if err != nil {
		return nil, fmt.Errorf("read the state of %s#%d: %w", repo, number, err)
	}
	s := &State{Version: stateVersion}
	if len(data) == 0 {
		return s, nil
	}
	if err := json.Unmarshal(data, s); err != nil {
		return nil, fmt.Errorf("decode the state of %s#%d: %w", repo, number, err)
	}
	if s.Version > stateVersion {
		return nil, fmt.Errorf("the state of %s#%d has version %d, newer than this bot's %d", repo, number, s.Version, stateVersion)
	}
	s.Version = stateVersion
	return s, nil
}

// saveState writes a pull request's state.
func saveState(ctx context.Context, st StateStore, repo string, number int, s *State) error {
	data, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encode the state of %s#%d: %w", repo, number, err)
	}
	if err := st.SavePullRequestState(ctx, repo, number, data); err != nil {
		return fmt.Errorf("save the state of %s#%d: %w", repo, number, err)
	}
	return nil
}

// IsBotCommit reports whether sha is a commit the bot created.
func (s *State) IsBotCommit(sha string) bool { return slices.Contains(s.BotCommits, sha) }

// addBotCommit remembers a commit the bot created.
func (s *State) addBotCommit(sha string) {
	s.BotCommits = append(s.BotCommits, sha)
	if n := len(s.BotCommits); n > maxBotCommits {
		s.BotCommits = slices.Clone(s.BotCommits[n-maxBotCommits:])
	}
}

// setGenerated remembers the blob the bot wrote (or found) for a file.
func (s *State) setGenerated(path, blob string) {
	if s.Generated == nil {
		s.Generated = map[string]string{}
	}
	s.Generated[path] = blob
}

// isPersonEdited reports whether a person changed a generated file.
func (s *State) isPersonEdited(path string) bool { return slices.Contains(s.PersonEdited, path) }

// markPersonEdited records that a person changed a generated file.
func (s *State) markPersonEdited(path string) {
	if !s.isPersonEdited(path) {
		s.PersonEdited = append(s.PersonEdited, path)
		slices.Sort(s.PersonEdited)
	}
}

// reviewed reports whether a finding key was already review-commented.
func (s *State) reviewed(key string) bool { return slices.Contains(s.Reviewed, key) }

// addRename remembers a rename for a project ("" for every project); a
// repeated rename is kept once.
func (s *State) addRename(project, value string) bool {
	if slices.Contains(s.Renames[project], value) {
		return false
	}
	if s.Renames == nil {
		s.Renames = map[string][]string{}
	}
	s.Renames[project] = append(s.Renames[project], value)
	return true
}

// addAccept remembers an accepted code with its reason (the latest reason
// wins).
func (s *State) addAccept(code, reason string) {
	if s.Accept == nil {
		s.Accept = map[string]string{}
	}
	s.Accept[code] = reason
}

// BlobSHA is the git blob SHA-1 of content, the hash git and GitHub give a
// file with that content.
func BlobSHA(content []byte) string {
	return plumbing.ComputeHash(plumbing.BlobObject, content).String()
}
