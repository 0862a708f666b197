package bot

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/config"
	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/pipeline"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// commitTrailer ends the message of every commit the bot makes, so a
// commit whose SHA the state lost (a crash right after the commit) is
// still recognised as the bot's.
const commitTrailer = "Generated-by: migrate-bot"

// plan runs the engine at the head and acts on its result.
func (r *prRun) plan(ctx context.Context, cfg *config.Config, changed []string) error {
	r.recoverBotCommit(cfg)
	if r.job.Regenerate {
		// Regenerate takes every generated file back, edited or not.
		r.st.PersonEdited = nil
	} else if err := r.detectPersonEdits(); err != nil {
		return err
	}
	if r.st.Timestamp.IsZero() {
		r.st.Timestamp = r.b.now().UTC().Truncate(1e9)
	}
	// Name is left empty: the engine names the migration after its main
	// change, and the stable timestamp keeps the name across pushes.
	in := pipeline.Input{Repo: r.git, MergeBase: r.mergeBase, Head: r.head, Config: cfg,
		Changed: changed, Now: r.st.Timestamp, Renames: r.renames(cfg), Accept: maps.Clone(r.st.Accept),
		Ignore: r.botFiles(), FailOn: report.SeverityError, Shadow: r.b.shadow}
	result, err := r.b.plan(ctx, in)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// The engine failed on what the repository holds: say so on the
		// check run; a retry would fail the same way.
		return r.finish(ctx, finalCheck{conclusion: ConclusionFailure, title: "The migration could not be planned",
			summary: "migrate-bot could not plan this pull request. Fix the problem below and push again:\n\n" + codeBlock("", err.Error())})
	}
	out := &outcome{result: result, botHead: r.st.IsBotCommit(r.pr.HeadSHA) && !r.job.Regenerate}
	if lc := r.st.LastCommit; out.botHead && lc != nil && lc.SHA == r.pr.HeadSHA {
		out.lastCommit = lc
	}
	if err := r.apply(ctx, cfg, out); err != nil {
		return err
	}
	return r.report(ctx, out)
}

// recoverBotCommit recognises a head the bot made whose SHA the state does
// not know (the process stopped between the commit and saving the state):
// the commit carries the bot's trailer and the pull request's number, and
// the files it changed in configured migration folders are the bot's.
func (r *prRun) recoverBotCommit(cfg *config.Config) {
	if r.st.IsBotCommit(r.pr.HeadSHA) || !strings.Contains(r.head.Message, commitTrailer) ||
		!strings.Contains(r.head.Message, fmt.Sprintf("#%d\n", r.pr.Number)) || r.head.NumParents() != 1 {
		return
	}
	parent, err := r.head.Parent(0)
	if err != nil {
		return
	}
	patch, err := parent.Patch(r.head.Commit)
	if err != nil {
		return
	}
	commit := &BotCommit{SHA: r.pr.HeadSHA}
	for _, fp := range patch.FilePatches() {
		from, to := fp.Files()
		switch {
		case to != nil && projectOf(cfg, to.Path()) != nil:
			r.st.setGenerated(to.Path(), to.Hash().String())
			commit.Written = append(commit.Written, to.Path())
		case to == nil && from != nil && projectOf(cfg, from.Path()) != nil:
			delete(r.st.Generated, from.Path())
			commit.Deleted = append(commit.Deleted, from.Path())
		}
	}
	r.st.addBotCommit(r.pr.HeadSHA)
	r.st.LastCommit = commit
	r.log.Info("recognised the bot's own commit by its trailer", "written", commit.Written)
}

// detectPersonEdits marks generated files whose content at head is not
// what the bot wrote: a person changed (or removed) them.
func (r *prRun) detectPersonEdits() error {
	for _, path := range slices.Sorted(maps.Keys(r.st.Generated)) {
		if r.st.isPersonEdited(path) {
			continue
		}
		data, ok, err := r.readAtHead(path)
		if err != nil {
			return fmt.Errorf("read %s at head: %w", path, err)
		}
		if !ok || BlobSHA(data) != r.st.Generated[path] {
			r.st.markPersonEdited(path)
			r.log.Info("a person changed a generated file", "path", path)
		}
	}
	return nil
}

// botFiles are the generated files still as the bot wrote them: the
// engine neither takes them for a hand-written migration nor continues
// the history after them, so regenerating replaces them.
func (r *prRun) botFiles() []string {
	var out []string
	for _, p := range slices.Sorted(maps.Keys(r.st.Generated)) {
		if !r.st.isPersonEdited(p) {
			out = append(out, p)
		}
	}
	return out
}

// renames gives each project the renames given for it and those given
// for every project.
func (r *prRun) renames(cfg *config.Config) map[string][]string {
	out := map[string][]string{}
	for _, p := range cfg.Projects {
		v := append(slices.Clone(r.st.Renames[""]), r.st.Renames[p.Name]...)
		if len(v) > 0 {
			out[p.Name] = v
		}
	}
	return out
}

// apply decides which generated files to write and commits them, or
// prepares them for the comment when the bot cannot push.
func (r *prRun) apply(ctx context.Context, cfg *config.Config, out *outcome) error {
	generated := map[string]string{}
	owned := map[string]bool{} // projects whose bot files may be replaced or removed
	for _, p := range out.result.Projects {
		if p.HandWritten != nil {
			continue
		}
		owned[p.Project.Name] = true
		for _, f := range p.Files {
			if f.RepoPath != "" {
				generated[f.RepoPath] = f.Content
			}
		}
	}
	for _, name := range out.result.Unchanged {
		owned[name] = true
	}
	var changes []ghapi.FileChange
	for _, path := range slices.Sorted(maps.Keys(generated)) {
		content := generated[path]
		atHead, ok, err := r.readAtHead(path)
		if err != nil {
			return fmt.Errorf("read %s at head: %w", path, err)
		}
		switch {
		case ok && string(atHead) == content:
			if _, mine := r.st.Generated[path]; mine && !r.st.isPersonEdited(path) {
				r.st.setGenerated(path, BlobSHA(atHead))
			}
		case r.st.isPersonEdited(path):
			out.stale = append(out.stale, path)
		default:
			changes = append(changes, ghapi.FileChange{Path: path, Content: []byte(content)})
		}
	}
	for _, path := range slices.Sorted(maps.Keys(r.st.Generated)) {
		p := projectOf(cfg, path)
		if _, still := generated[path]; still || r.st.isPersonEdited(path) || p == nil || !owned[p.Name] || !r.existsAtHead(path) {
			continue
		}
		changes = append(changes, ghapi.FileChange{Path: path, Delete: true})
	}
	for _, path := range r.st.PersonEdited {
		if !slices.Contains(out.stale, path) {
			out.kept = append(out.kept, path)
		}
	}
	switch {
	case out.botHead:
		// The bot's own commit: refresh the report, write nothing.
		return nil
	case len(changes) == 0:
		out.upToDate = len(generated) > 0
		return nil
	}
	if reason := r.cannotPush(); reason != "" {
		out.copyReason = reason
		out.copyFiles = copyFiles(changes)
		return nil
	}
	return r.commit(ctx, out, changes)
}

// cannotPush says why the bot cannot push to the head branch ("" when it
// can): a fork whose author did not allow edits by maintainers, or a fork
// owned by an organization (GitHub ignores the setting there).
func (r *prRun) cannotPush() string {
	switch {
	case r.pr.HeadRepo == r.pr.BaseRepo:
		return ""
	case r.pr.HeadRepoOwnerIsOrg:
		return fmt.Sprintf("the branch is in the fork %s, owned by an organization, where GitHub does not let maintainers push", r.pr.HeadRepo.FullName())
	case !r.pr.MaintainerCanModify:
		return fmt.Sprintf("the branch is in the fork %s and its author did not allow edits by maintainers", r.pr.HeadRepo.FullName())
	}
	return ""
}

// copyFiles are the files a person must add by hand.
func copyFiles(changes []ghapi.FileChange) []pipelineFile {
	var out []pipelineFile
	for _, c := range changes {
		if !c.Delete {
			out = append(out, pipelineFile{Path: c.Path, Content: string(c.Content)})
		}
	}
	return out
}

// commit writes the changes as one commit on the head branch, with the
// head as parent and no force: when the branch moved meanwhile the job is
// retried and leaves the work to the newer head.
func (r *prRun) commit(ctx context.Context, out *outcome, changes []ghapi.FileChange) error {
	var written, deleted []string
	for _, c := range changes {
		if c.Delete {
			deleted = append(deleted, c.Path)
		} else {
			written = append(written, c.Path)
		}
	}
	msg := commitMessage(r.pr.Number, r.pr.HeadSHA, written, deleted)
	sha, err := r.gh.CommitFiles(ctx, r.pr.HeadRepo, r.pr.HeadRef, r.pr.HeadSHA, msg, changes)
	switch {
	case errors.Is(err, ghapi.ErrNotFastForward):
		r.log.Info("the branch moved while committing", "err", err)
		return fmt.Errorf("%w: %v", errBranchMoved, err)
	case errors.Is(err, ghapi.ErrForbidden):
		r.log.Info("GitHub refused the commit", "err", err)
		out.copyReason = "GitHub refused the bot's commit to " + r.pr.HeadRef + " (a protected branch, or a permission the App lacks)"
		out.copyFiles = copyFiles(changes)
		return nil
	case err != nil:
		return forQueue("commit the migration files", err)
	}
	for _, c := range changes {
		if c.Delete {
			delete(r.st.Generated, c.Path)
		} else {
			r.st.setGenerated(c.Path, BlobSHA(c.Content))
		}
		r.st.PersonEdited = slices.DeleteFunc(r.st.PersonEdited, func(p string) bool { return p == c.Path })
	}
	r.st.addBotCommit(sha)
	r.st.LastCommit = &BotCommit{SHA: sha, Written: written, Deleted: deleted}
	out.committed, out.written, out.deleted = sha, written, deleted
	r.log.Info("committed the migration files", "commit", sha, "written", written, "deleted", deleted)
	// Save now: the synchronize this commit causes must find it in the state.
	return saveState(ctx, r.b.store, r.repo.FullName(), r.pr.Number, r.st)
}

// commitMessage names the files and ends with the bot's trailer.
func commitMessage(number int, head string, written, deleted []string) string {
	subject := "migrate-bot: add the migration for #" + fmt.Sprint(number)
	if len(written) == 0 {
		subject = "migrate-bot: remove a stale migration from #" + fmt.Sprint(number)
	}
	var b strings.Builder
	b.WriteString(subject + "\n\n")
	fmt.Fprintf(&b, "Generated from the schema at %s.\n\n", short(head))
	for _, p := range written {
		b.WriteString("Writes " + p + "\n")
	}
	for _, p := range deleted {
		b.WriteString("Removes " + p + "\n")
	}
	b.WriteString("\n" + commitTrailer + "\n")
	return b.String()
}
