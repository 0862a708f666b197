package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/queue"
)

// Reactions the bot leaves on a command comment.
const (
	// ReactionWorking: the commands were accepted and a new run is queued.
	ReactionWorking = "eyes"
	// ReactionDone: the commands were answered (help).
	ReactionDone = "+1"
	// ReactionRefused: the author may not run commands, or a command is
	// not valid.
	ReactionRefused = "confused"
)

// Events of the jobs the commands enqueue.
const (
	EventCommand = "issue_comment.command"
	EventButton  = "check_run.requested_action"
)

// writePermissions are the permissions that may run commands.
var writePermissions = map[string]bool{"admin": true, "maintain": true, "write": true}

// Comment runs the /migrate commands of one comment: bots (the App
// included) are ignored; an author without write access gets a refusal;
// regenerate, rename and accept update the pull request's state and queue
// a run of its current head; every command comment gets a reaction and a
// reply saying what happened.
func (b *Bot) Comment(ctx context.Context, job queue.CommentJob) error {
	repo := repoOf(job.Repo)
	log := b.log.With("delivery_id", job.DeliveryID, "repo", repo.FullName(), "pull_request", job.Number,
		"comment_id", job.CommentID, "author", job.Author)
	if strings.EqualFold(job.AuthorType, "Bot") || strings.HasSuffix(job.Author, "[bot]") {
		log.Info("comment by a bot: ignored")
		return nil
	}
	cmds := ParseCommands(job.Body)
	if len(cmds) == 0 {
		return nil
	}
	gh := b.github.Client(job.InstallationID)
	perm, err := gh.Permission(ctx, repo, job.Author)
	if err != nil && !errors.Is(err, ghapi.ErrNotFound) {
		return forQueue("read the commenter's permission", err)
	}
	if !writePermissions[perm] {
		log.Info("commands refused: no write access", "permission", perm)
		reply := fmt.Sprintf("@%s, only people with write access to %s can run migrate-bot commands (your access: %s). Nothing was done.",
			job.Author, repo.FullName(), permissionName(perm))
		return b.answer(ctx, gh, repo, job, ReactionRefused, reply)
	}
	var lines []string
	var valid []Command
	for _, c := range cmds {
		if c.Err != nil {
			lines = append(lines, fmt.Sprintf("- Line %d: %s. Nothing was done for it; %s", c.Line, c.Err, commandUsage(c.Verb)))
			continue
		}
		valid = append(valid, c)
	}
	reaction := ReactionDone
	if len(lines) > 0 {
		reaction = ReactionRefused
	}
	changes, queued, help, err := b.applyCommands(ctx, gh, repo, job, valid)
	if err != nil {
		return err
	}
	if queued && reaction == ReactionDone {
		reaction = ReactionWorking
	}
	lines = append(changes, lines...)
	var parts []string
	if len(lines) > 0 {
		parts = append(parts, fmt.Sprintf("@%s:\n\n%s", job.Author, strings.Join(lines, "\n")))
	}
	if help {
		parts = append(parts, HelpText)
	}
	reply := strings.Join(parts, "\n\n")
	log.Info("commands run", "commands", len(cmds), "reaction", reaction)
	return b.answer(ctx, gh, repo, job, reaction, reply)
}

// applyCommands updates the state for regenerate, rename and accept and
// queues a run of the current head; it returns a line per change,
// whether a run was queued and whether help was asked for.
func (b *Bot) applyCommands(ctx context.Context, gh GitHub, repo ghapi.Repo, job queue.CommentJob, cmds []Command) (lines []string, queued, help bool, err error) {
	regenerate, stateful := false, false
	for _, c := range cmds {
		switch c.Verb {
		case VerbHelp:
			help = true
		case VerbRegenerate:
			regenerate, stateful = true, true
		default:
			stateful = true
		}
	}
	if !stateful {
		return nil, false, help, nil
	}
	pr, err := gh.PullRequest(ctx, repo, job.Number)
	if err != nil {
		return nil, false, false, forQueue("read the pull request", err)
	}
	if pr.State != "open" {
		return []string{"- This pull request is closed: commands do nothing here."}, false, help, nil
	}
	err = b.withState(ctx, repo, job.Number, func(st *State) {
		for _, c := range cmds {
			switch c.Verb {
			case VerbRename:
				scope := "every project"
				if c.Project != "" {
					scope = "project `" + c.Project + "`"
				}
				if st.addRename(c.Project, c.RenameValue()) {
					lines = append(lines, fmt.Sprintf("- Rename `%s` → `%s` recorded for %s.", c.Old, c.New, scope))
				} else {
					lines = append(lines, fmt.Sprintf("- Rename `%s` → `%s` was already recorded for %s.", c.Old, c.New, scope))
				}
			case VerbAccept:
				st.addAccept(c.Code, c.Reason)
				reason := c.Reason
				if reason == "" {
					reason = "no reason given"
				}
				lines = append(lines, fmt.Sprintf("- `%s` accepted for this pull request (%s).", c.Code, reason))
			case VerbRegenerate:
				lines = append(lines, "- The migration files will be generated again, overwriting changes made to them by hand.")
			}
		}
	})
	if err != nil {
		return nil, false, false, err
	}
	next := queue.PullRequestJob{InstallationID: job.InstallationID, Repo: job.Repo, Number: job.Number,
		HeadSHA: pr.HeadSHA, Event: EventCommand, DeliveryID: job.DeliveryID, Regenerate: regenerate}
	if err := b.queue.EnqueuePullRequest(ctx, next); err != nil {
		return nil, false, false, fmt.Errorf("enqueue a run of %s: %w", short(pr.HeadSHA), err)
	}
	lines = append(lines, fmt.Sprintf("- A new run of %s is queued; the check run and the summary comment will show the result.", short(pr.HeadSHA)))
	return lines, true, help, nil
}

// withState changes a pull request's state under its lock.
func (b *Bot) withState(ctx context.Context, repo ghapi.Repo, number int, change func(*State)) error {
	unlock, err := b.store.LockPullRequest(ctx, repo.FullName(), number)
	if err != nil {
		return fmt.Errorf("lock %s#%d: %w", repo.FullName(), number, err)
	}
	defer unlock()
	st, err := loadState(ctx, b.store, repo.FullName(), number)
	if err != nil {
		return err
	}
	change(st)
	return saveState(ctx, b.store, repo.FullName(), number, st)
}

// answer reacts to the comment and replies to it.
func (b *Bot) answer(ctx context.Context, gh GitHub, repo ghapi.Repo, job queue.CommentJob, reaction, reply string) error {
	if err := gh.AddReaction(ctx, repo, job.CommentID, reaction); err != nil {
		return forQueue("react to the comment", err)
	}
	if _, err := gh.CreateComment(ctx, repo, job.Number, reply); err != nil {
		return forQueue("reply to the comment", err)
	}
	return nil
}

// commandUsage is a one-sentence reminder of a command's form. The
// command is quoted mid-sentence so the line never parses as a command.
func commandUsage(verb string) string {
	switch verb {
	case VerbRename:
		return "write a rename as `" + CommandPrefix + " rename users.phone -> users.phone_number`."
	case VerbAccept:
		return "write an accept as `" + CommandPrefix + " accept MB102 the reason`."
	case VerbRegenerate:
		return "write the regenerate command alone on its line, as `" + CommandPrefix + " regenerate`."
	}
	return "the commands are regenerate, help, rename and accept; see `" + CommandPrefix + " help`."
}

// permissionName spells a permission for a reply.
func permissionName(p string) string {
	if p == "" {
		return "none"
	}
	return p
}

// CheckRunAction handles a button on the bot's check run: "regenerate"
// queues a regenerating run of the pull request, when the person who
// pressed it has write access (otherwise the pull request gets a comment
// saying why nothing happened).
func (b *Bot) CheckRunAction(ctx context.Context, job queue.CheckRunActionJob) error {
	repo := repoOf(job.Repo)
	log := b.log.With("delivery_id", job.DeliveryID, "repo", repo.FullName(), "head_sha", job.HeadSHA,
		"identifier", job.Identifier, "requester", job.Requester)
	if job.Identifier != RegenerateAction.Identifier {
		log.Info("unknown check run action: ignored")
		return nil
	}
	gh := b.github.Client(job.InstallationID)
	numbers := job.Numbers
	if len(numbers) == 0 {
		// GitHub leaves check_run.pull_requests empty for forks: find the
		// open pull request with this head.
		prs, err := gh.OpenPullRequests(ctx, repo)
		if err != nil {
			return forQueue("list the open pull requests", err)
		}
		for _, pr := range prs {
			if pr.HeadSHA == job.HeadSHA {
				numbers = append(numbers, pr.Number)
			}
		}
	}
	if len(numbers) == 0 {
		log.Info("no open pull request has this head: nothing to regenerate")
		return nil
	}
	perm, err := gh.Permission(ctx, repo, job.Requester)
	if err != nil && !errors.Is(err, ghapi.ErrNotFound) {
		return forQueue("read the requester's permission", err)
	}
	for _, n := range numbers {
		if !writePermissions[perm] {
			log.Info("regenerate refused: no write access", "permission", perm, "pull_request", n)
			msg := fmt.Sprintf("@%s pressed **Regenerate** on the migrate-bot check run, but only people with write access to %s can regenerate the migration files (their access: %s). Nothing was done.",
				job.Requester, repo.FullName(), permissionName(perm))
			if _, err := gh.CreateComment(ctx, repo, n, msg); err != nil {
				return forQueue("reply to the button", err)
			}
			continue
		}
		next := queue.PullRequestJob{InstallationID: job.InstallationID, Repo: job.Repo, Number: n,
			HeadSHA: job.HeadSHA, Event: EventButton, DeliveryID: job.DeliveryID, Regenerate: true}
		if err := b.queue.EnqueuePullRequest(ctx, next); err != nil {
			return fmt.Errorf("enqueue the regenerate of #%d: %w", n, err)
		}
		log.Info("regenerate queued", "pull_request", n)
	}
	return nil
}
