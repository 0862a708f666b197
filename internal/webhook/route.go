package webhook

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/queue"
)

// Work is what one delivery asks for: the jobs to enqueue, or the reason it
// is ignored. Route computes it without side effects.
type Work struct {
	Event, Action string
	// Repo and Number name the repository and pull request for logs (zero
	// when the event has none).
	Repo   queue.Repo
	Number int

	PullRequests   []queue.PullRequestJob
	Comment        *queue.CommentJob
	CheckRunAction *queue.CheckRunActionJob
	Installation   *queue.InstallationJob
	// ClosePullRequest: pull_request.closed; the queued jobs of the pull
	// request are cancelled and nothing is enqueued (see doc.go).
	ClosePullRequest bool

	// Ignored says why nothing is to be done ("" when there is work).
	Ignored string
}

// ErrBadPayload wraps a payload the router cannot read.
var ErrBadPayload = errors.New("webhook: bad payload")

// Route decides what a verified delivery of event (X-GitHub-Event) with id
// delivery (X-GitHub-Delivery) asks for. Unknown events and actions give
// Work with Ignored set; a payload that is not JSON or lacks a field the
// event needs gives an ErrBadPayload error.
func Route(event, delivery string, payload []byte) (Work, error) {
	w := Work{Event: event}
	var env envelope
	if err := json.Unmarshal(payload, &env); err != nil {
		return w, fmt.Errorf("%w: %s: %v", ErrBadPayload, event, err)
	}
	w.Action = env.Action
	if env.Repository != nil {
		w.Repo = repoOf(env.Repository)
	}
	var err error
	switch event {
	case "pull_request":
		err = routePullRequest(&w, delivery, payload)
	case "issue_comment":
		err = routeIssueComment(&w, delivery, payload)
	case "check_run":
		err = routeCheckRun(&w, delivery, payload)
	case "installation", "installation_repositories":
		err = routeInstallation(&w, delivery, payload)
	default:
		w.Ignored = "event not handled"
	}
	return w, err
}

func repoOf(r *repository) queue.Repo {
	if r.Owner.Login != "" && r.Name != "" {
		return queue.Repo{Owner: r.Owner.Login, Name: r.Name}
	}
	owner, name, _ := strings.Cut(r.FullName, "/")
	return queue.Repo{Owner: owner, Name: name}
}

func installationID(env envelope) int64 {
	if env.Installation == nil {
		return 0
	}
	return env.Installation.ID
}

// need checks the fields every repository event must carry.
func need(w *Work, env envelope) error {
	if w.Repo.Owner == "" || w.Repo.Name == "" {
		return fmt.Errorf("%w: %s.%s without repository", ErrBadPayload, w.Event, w.Action)
	}
	if installationID(env) == 0 {
		return fmt.Errorf("%w: %s.%s without installation (not an App delivery)", ErrBadPayload, w.Event, w.Action)
	}
	return nil
}

func routePullRequest(w *Work, delivery string, payload []byte) error {
	switch w.Action {
	case "opened", "synchronize", "reopened", "ready_for_review", "edited", "closed":
	default:
		w.Ignored = "action not handled"
		return nil
	}
	var ev pullRequestEvent
	if err := json.Unmarshal(payload, &ev); err != nil {
		return fmt.Errorf("%w: pull_request.%s: %v", ErrBadPayload, w.Action, err)
	}
	if err := need(w, ev.envelope); err != nil {
		return err
	}
	w.Number = ev.Number
	if w.Number == 0 {
		w.Number = ev.PullRequest.Number
	}
	if w.Number <= 0 {
		return fmt.Errorf("%w: pull_request.%s without a number", ErrBadPayload, w.Action)
	}
	switch {
	case w.Action == "closed":
		w.ClosePullRequest = true
		return nil
	case w.Action == "edited" && (ev.Changes == nil || ev.Changes.Base == nil):
		// A title or body edit does not change the migration.
		w.Ignored = "edited without a base change"
		return nil
	}
	if ev.PullRequest.Head.SHA == "" {
		return fmt.Errorf("%w: pull_request.%s without pull_request.head.sha", ErrBadPayload, w.Action)
	}
	w.PullRequests = []queue.PullRequestJob{{
		InstallationID: installationID(ev.envelope),
		Repo:           w.Repo,
		Number:         w.Number,
		HeadSHA:        ev.PullRequest.Head.SHA,
		Event:          "pull_request." + w.Action,
		DeliveryID:     delivery,
	}}
	return nil
}

// HasCommand reports whether body has a line that starts with the
// "/migrate" command word (leading spaces allowed; "/migrate" alone or
// followed by a space).
func HasCommand(body string) bool {
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		rest, ok := strings.CutPrefix(line, "/migrate")
		if ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return true
		}
	}
	return false
}

func routeIssueComment(w *Work, delivery string, payload []byte) error {
	if w.Action != "created" {
		// Edits and deletions are never commands: an edit by someone else
		// would be a way to smuggle one in.
		w.Ignored = "action not handled"
		return nil
	}
	var ev issueCommentEvent
	if err := json.Unmarshal(payload, &ev); err != nil {
		return fmt.Errorf("%w: issue_comment.created: %v", ErrBadPayload, err)
	}
	if err := need(w, ev.envelope); err != nil {
		return err
	}
	w.Number = ev.Issue.Number
	switch {
	case ev.Issue.PullRequest == nil:
		w.Ignored = "comment on an issue, not a pull request"
	case ev.Comment.User.Type == "Bot" || (ev.Sender != nil && ev.Sender.Type == "Bot"):
		// The App's own comments (and other bots') never run commands.
		w.Ignored = "comment by a bot"
	case !HasCommand(ev.Comment.Body):
		w.Ignored = "no /migrate command"
	default:
		w.Comment = &queue.CommentJob{
			InstallationID: installationID(ev.envelope),
			Repo:           w.Repo,
			Number:         w.Number,
			CommentID:      ev.Comment.ID,
			Body:           ev.Comment.Body,
			Author:         ev.Comment.User.Login,
			AuthorType:     ev.Comment.User.Type,
			DeliveryID:     delivery,
		}
	}
	return nil
}

func routeCheckRun(w *Work, delivery string, payload []byte) error {
	if w.Action != "rerequested" && w.Action != "requested_action" {
		w.Ignored = "action not handled"
		return nil
	}
	var ev checkRunEvent
	if err := json.Unmarshal(payload, &ev); err != nil {
		return fmt.Errorf("%w: check_run.%s: %v", ErrBadPayload, w.Action, err)
	}
	if err := need(w, ev.envelope); err != nil {
		return err
	}
	if ev.CheckRun.HeadSHA == "" {
		return fmt.Errorf("%w: check_run.%s without check_run.head_sha", ErrBadPayload, w.Action)
	}
	var numbers []int
	for _, p := range ev.CheckRun.PullRequests {
		numbers = append(numbers, p.Number)
	}
	if len(numbers) > 0 {
		w.Number = numbers[0]
	}
	inst := installationID(ev.envelope)
	if w.Action == "requested_action" {
		if ev.RequestedAction == nil || ev.RequestedAction.Identifier == "" {
			return fmt.Errorf("%w: check_run.requested_action without requested_action.identifier", ErrBadPayload)
		}
		requester := ""
		if ev.Sender != nil {
			requester = ev.Sender.Login
		}
		w.CheckRunAction = &queue.CheckRunActionJob{
			InstallationID: inst, Repo: w.Repo, HeadSHA: ev.CheckRun.HeadSHA, CheckRunID: ev.CheckRun.ID,
			Identifier: ev.RequestedAction.Identifier, Requester: requester, DeliveryID: delivery, Numbers: numbers,
		}
		return nil
	}
	if len(numbers) == 0 {
		// GitHub leaves check_run.pull_requests empty for a pull request
		// from a fork; the reconciler covers such heads.
		w.Ignored = "check run without pull requests"
		return nil
	}
	for _, n := range numbers {
		w.PullRequests = append(w.PullRequests, queue.PullRequestJob{
			InstallationID: inst, Repo: w.Repo, Number: n, HeadSHA: ev.CheckRun.HeadSHA,
			Event: "check_run.rerequested", DeliveryID: delivery,
		})
	}
	return nil
}

func routeInstallation(w *Work, delivery string, payload []byte) error {
	var ev installationEvent
	if err := json.Unmarshal(payload, &ev); err != nil {
		return fmt.Errorf("%w: %s.%s: %v", ErrBadPayload, w.Event, w.Action, err)
	}
	if installationID(ev.envelope) == 0 {
		return fmt.Errorf("%w: %s.%s without installation.id", ErrBadPayload, w.Event, w.Action)
	}
	var repos []shortRepository
	switch w.Event + "." + w.Action {
	case "installation.created", "installation.deleted", "installation.suspend", "installation.unsuspend", "installation.new_permissions_accepted":
		repos = ev.Repositories
	case "installation_repositories.added":
		repos = ev.RepositoriesAdded
	case "installation_repositories.removed":
		repos = ev.RepositoriesRemoved
	default:
		w.Ignored = "action not handled"
		return nil
	}
	job := &queue.InstallationJob{InstallationID: installationID(ev.envelope), Action: w.Action, DeliveryID: delivery}
	for _, r := range repos {
		owner, name, ok := strings.Cut(r.FullName, "/")
		if !ok || owner == "" || name == "" {
			return fmt.Errorf("%w: %s.%s: repository full_name %q is not owner/name", ErrBadPayload, w.Event, w.Action, r.FullName)
		}
		job.Repos = append(job.Repos, queue.Repo{Owner: owner, Name: name})
	}
	w.Installation = job
	return nil
}
