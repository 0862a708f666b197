package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/pipeline"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// report publishes a planned run: the summary comment, the review, then
// the completed check run (last, so a failure before it leaves the head
// without a result and the job or the reconciler tries again).
func (r *prRun) report(ctx context.Context, out *outcome) error {
	var docs []*report.Document
	for _, p := range out.result.Projects {
		docs = append(docs, p.Doc)
	}
	hand := r.handWritten(out.result)
	present := func(path string) bool {
		return !slices.Contains(out.written, path) && r.existsAtHead(path)
	}
	anns := findingAnnotations(docs, present)
	for _, h := range hand {
		if len(h.missing) > 0 || len(h.extra) > 0 {
			anns = append(anns, handWrittenAnnotation(h.file, h.lastLine, h.missing, h.extra))
		}
	}
	if err := r.upsertComment(ctx, out.summary(true)); err != nil {
		return err
	}
	if err := r.review(ctx, docs, hand); err != nil {
		return err
	}
	return r.finish(ctx, finalCheck{conclusion: out.conclusion(), title: out.title(), summary: out.summary(false),
		annotations: anns, regenerate: true})
}

// handWritten describes each hand-written migration with its last line,
// where a suggestion can append what it lacks.
func (r *prRun) handWritten(result *pipeline.Result) []handWritten {
	var out []handWritten
	for _, p := range result.Projects {
		h := p.HandWritten
		if h == nil || len(h.Files) == 0 || h.Unchecked != "" {
			continue
		}
		file := h.Files[len(h.Files)-1]
		hw := handWritten{file: file, missing: h.Missing, extra: h.Extra}
		if data, ok, err := r.readAtHead(file); err == nil && ok {
			lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
			hw.lastLine, hw.lastText = len(lines), lines[len(lines)-1]
		}
		out = append(out, hw)
	}
	return out
}

// upsertComment writes the summary comment: the one remembered in the
// state, else the one found by its marker, else a new one. An unchanged
// body is not written again.
func (r *prRun) upsertComment(ctx context.Context, body string) error {
	sum := sha256.Sum256([]byte(body))
	hash := hex.EncodeToString(sum[:])
	if id := r.st.CommentID; id != 0 {
		if hash == r.st.CommentSHA {
			return nil
		}
		err := r.gh.EditComment(ctx, r.repo, id, body)
		if err == nil {
			r.st.CommentSHA = hash
			return nil
		}
		if !errors.Is(err, ghapi.ErrNotFound) {
			return forQueue("edit the summary comment", err)
		}
		r.st.CommentID = 0 // deleted by someone: find or make another
	}
	comments, err := r.gh.Comments(ctx, r.repo, r.pr.Number)
	if err != nil {
		return forQueue("list the comments", err)
	}
	for _, c := range comments {
		if c.AuthorIsBot && strings.HasPrefix(c.Body, SummaryMarker) {
			if err := r.gh.EditComment(ctx, r.repo, c.ID, body); err != nil {
				return forQueue("edit the summary comment", err)
			}
			r.st.CommentID, r.st.CommentSHA = c.ID, hash
			return nil
		}
	}
	id, err := r.gh.CreateComment(ctx, r.repo, r.pr.Number, body)
	if err != nil {
		return forQueue("create the summary comment", err)
	}
	r.st.CommentID, r.st.CommentSHA = id, hash
	// Save now: a retry must edit this comment, not add another.
	return saveState(ctx, r.b.store, r.repo.FullName(), r.pr.Number, r.st)
}

// review posts one review with the findings on lines of the diff that are
// not commented yet.
func (r *prRun) review(ctx context.Context, docs []*report.Document, hand []handWritten) error {
	diff := map[string]DiffLines{}
	for _, f := range r.files {
		if f.Status != "removed" {
			diff[f.Path] = ParseDiffLines(f.Patch)
		}
	}
	drafts := reviewDrafts(docs, hand, diff)
	drafts = newDrafts(drafts, r.st, nil)
	if len(drafts) == 0 {
		return nil
	}
	existing, err := r.gh.ReviewComments(ctx, r.repo, r.pr.Number)
	if err != nil {
		return forQueue("list the review comments", err)
	}
	if drafts = newDrafts(drafts, r.st, existing); len(drafts) == 0 {
		return nil
	}
	comments := make([]ghapi.ReviewComment, len(drafts))
	for i, d := range drafts {
		comments[i] = d.comment
	}
	body := fmt.Sprintf("migrate-bot: %s on lines of this pull request; the check run and the summary comment have the whole report.",
		plural(len(comments), "finding"))
	err = r.gh.CreateReview(ctx, r.repo, r.pr.Number, r.pr.HeadSHA, body, comments)
	var api *ghapi.APIError
	if errors.As(err, &api) && api.Status == http.StatusUnprocessableEntity {
		// GitHub refused a line (the diff changed under us): the report
		// still has every finding; do not retry forever.
		r.log.Warn("review refused", "err", err)
		return nil
	}
	if err != nil {
		return forQueue("post the review", err)
	}
	for _, d := range drafts {
		r.st.Reviewed = append(r.st.Reviewed, d.key)
	}
	return nil
}
