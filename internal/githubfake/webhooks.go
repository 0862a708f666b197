package githubfake

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/google/go-github/v60/github"
	"github.com/google/uuid"

	"github.com/migrate-bot/migrate-bot/internal/webhook"
)

// Delivery is one webhook delivery: the event name, its GUID and the JSON
// payload, in the shapes GitHub sends.
type Delivery struct {
	// Event is the X-GitHub-Event header ("pull_request", "issue_comment"...).
	Event string
	// Action is the payload's action, for logs and assertions.
	Action string
	// ID is the X-GitHub-Delivery GUID; a redelivery keeps it.
	ID string
	// Payload is the raw JSON body.
	Payload []byte
	// HookID and AppID fill X-GitHub-Hook-ID and the installation target.
	HookID, AppID int64
}

// Request builds the HTTP request GitHub would send to url, signed with
// secret (X-Hub-Signature-256, and the legacy SHA-1 header GitHub still
// adds).
func (d *Delivery) Request(url, secret string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(d.Payload))
	if err != nil {
		return nil, err
	}
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", "GitHub-Hookshot/5a2c9e1")
	h.Set("Accept", "*/*")
	h.Set("X-GitHub-Event", d.Event)
	h.Set("X-GitHub-Delivery", d.ID)
	h.Set("X-GitHub-Hook-ID", itoa(d.HookID))
	h.Set("X-GitHub-Hook-Installation-Target-Type", "integration")
	h.Set("X-GitHub-Hook-Installation-Target-ID", itoa(d.AppID))
	h.Set(webhook.SignatureHeader, webhook.SignatureValue([]byte(secret), d.Payload))
	m := hmac.New(sha1.New, []byte(secret))
	m.Write(d.Payload)
	h.Set("X-Hub-Signature", "sha1="+hex.EncodeToString(m.Sum(nil)))
	return req, nil
}

// Post sends the delivery to url with client and returns the answer's
// status code.
func (d *Delivery) Post(client *http.Client, url, secret string) (int, error) {
	req, err := d.Request(url, secret)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// newDeliveryLocked wraps payload in a delivery with a fresh GUID.
func (s *Server) newDeliveryLocked(event, action string, payload any) (*Delivery, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("marshal %s.%s payload: %w", event, action, err)
	}
	return &Delivery{Event: event, Action: action, ID: uuid.NewString(), Payload: b, HookID: 1, AppID: s.opts.AppID}, nil
}

// orgJSON is the organization object GitHub adds to a payload when the
// repository belongs to an organization (nil otherwise).
func (s *Server) orgJSON(r *Repo) *github.Organization {
	if r.owner.typ != "Organization" {
		return nil
	}
	return &github.Organization{
		Login: github.String(r.owner.login), ID: github.Int64(r.owner.id), NodeID: github.String(fmt.Sprintf("O_%d", r.owner.id)),
		URL: github.String(s.APIURL() + "orgs/" + r.owner.login), AvatarURL: github.String(fmt.Sprintf("%s/avatars/u/%d", s.URL(), r.owner.id)),
		Description: github.String(""),
	}
}

// hookInstallation is the installation object of a payload: GitHub sends
// only its id and node_id.
func hookInstallation(r *Repo) *github.Installation {
	if r.inst == nil {
		return nil
	}
	return &github.Installation{ID: github.Int64(r.inst.id), NodeID: github.String(fmt.Sprintf("I_%d", r.inst.id))}
}

// pullRequestDeliveryLocked builds a pull_request delivery for pr; before
// fills "before" for synchronize (with "after" the current head).
func (s *Server) pullRequestDeliveryLocked(pr *pullRequest, action string, sender *user, before string) (*Delivery, error) {
	ev := &github.PullRequestEvent{
		Action:       github.String(action),
		Number:       github.Int(pr.number),
		PullRequest:  s.pullFullLocked(pr),
		Repo:         s.repoJSON(pr.base),
		Sender:       s.userJSON(sender),
		Installation: hookInstallation(pr.base),
		Organization: s.orgJSON(pr.base),
	}
	if action == "synchronize" {
		ev.Before, ev.After = github.String(before), github.String(pr.headSHA)
	}
	if sender != nil && sender.typ == "Bot" {
		ev.PerformedViaGithubApp = &github.App{ID: github.Int64(s.opts.AppID), Slug: github.String(s.opts.AppSlug)}
	}
	return s.newDeliveryLocked("pull_request", action, ev)
}

// PullRequestDelivery builds a pull_request delivery (opened, reopened,
// synchronize, edited, closed, ready_for_review...) for pull request number
// of repo as it is now, sent by sender (a login; the author when "").
// before is the previous head for synchronize.
func (s *Server) PullRequestDelivery(repo string, number int, action, sender, before string) (*Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pr, err := s.pullLocked(repo, number)
	if err != nil {
		return nil, err
	}
	u := pr.author
	if sender != "" {
		u = s.userLocked(sender, "User")
	}
	return s.pullRequestDeliveryLocked(pr, action, u, before)
}

// IssueCommentDelivery builds the issue_comment delivery (action
// "created", "edited" or "deleted") of comment id.
func (s *Server) IssueCommentDelivery(commentID int64, action string) (*Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ic := s.issueComments[commentID]
	if ic == nil {
		return nil, fmt.Errorf("githubfake: no issue comment %d", commentID)
	}
	pr := ic.repo.pulls[ic.number]
	html := fmt.Sprintf("%s/%s/pull/%d", s.URL(), ic.repo.FullName(), pr.number)
	issue := &github.Issue{
		ID: github.Int64(pr.id), NodeID: github.String(fmt.Sprintf("PR_%d", pr.id)), Number: github.Int(pr.number),
		Title: github.String(pr.title), Body: github.String(pr.body), State: github.String(pr.state),
		User: s.userJSON(pr.author), Locked: github.Bool(false), Draft: github.Bool(pr.draft),
		URL:               github.String(fmt.Sprintf("%srepos/%s/issues/%d", s.APIURL(), ic.repo.FullName(), pr.number)),
		HTMLURL:           github.String(html),
		AuthorAssociation: github.String(s.associationLocked(ic.repo, pr.author)),
		CreatedAt:         ts(pr.createdAt), UpdatedAt: ts(pr.updatedAt),
		PullRequestLinks: &github.PullRequestLinks{
			URL:     github.String(fmt.Sprintf("%srepos/%s/pulls/%d", s.APIURL(), ic.repo.FullName(), pr.number)),
			HTMLURL: github.String(html), DiffURL: github.String(html + ".diff"), PatchURL: github.String(html + ".patch"),
		},
	}
	return s.newDeliveryLocked("issue_comment", action, &github.IssueCommentEvent{
		Action:       github.String(action),
		Issue:        issue,
		Comment:      s.issueCommentJSON(ic),
		Repo:         s.repoJSON(ic.repo),
		Sender:       s.userJSON(ic.author),
		Installation: hookInstallation(ic.repo),
		Organization: s.orgJSON(ic.repo),
	})
}

// CheckRunDelivery builds a check_run delivery for check run id: action
// "rerequested", or "requested_action" with identifier (the button), sent
// by sender.
func (s *Server) CheckRunDelivery(checkRunID int64, action, identifier, sender string) (*Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	run := s.checkRuns[checkRunID]
	if run == nil {
		return nil, fmt.Errorf("githubfake: no check run %d", checkRunID)
	}
	ev := &github.CheckRunEvent{
		Action:       github.String(action),
		CheckRun:     s.checkRunJSON(run),
		Repo:         s.repoJSON(run.repo),
		Sender:       s.userJSON(s.userLocked(sender, "User")),
		Installation: hookInstallation(run.repo),
		Org:          s.orgJSON(run.repo),
	}
	if action == "requested_action" {
		ev.RequestedAction = &github.RequestedAction{Identifier: identifier}
	}
	return s.newDeliveryLocked("check_run", action, ev)
}

// InstallationDelivery builds an installation delivery ("created",
// "deleted", "suspend"...) for installation id, listing its repositories.
func (s *Server) InstallationDelivery(installationID int64, action string) (*Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.installations[installationID]
	if in == nil {
		return nil, fmt.Errorf("githubfake: no installation %d", installationID)
	}
	var repos []*github.Repository
	for _, r := range s.sortedReposLocked() {
		if r.inst == in {
			repos = append(repos, &github.Repository{
				ID: github.Int64(r.ID), NodeID: github.String(fmt.Sprintf("R_%d", r.ID)), Name: github.String(r.Name),
				FullName: github.String(r.FullName()), Private: github.Bool(r.private),
			})
		}
	}
	return s.newDeliveryLocked("installation", action, &github.InstallationEvent{
		Action:       github.String(action),
		Installation: s.installationJSON(in),
		Repositories: repos,
		Sender:       s.userJSON(in.account),
	})
}

// InstallationRepositoriesDelivery builds an installation_repositories
// delivery ("added" or "removed") for repos ("owner/name") of installation
// id.
func (s *Server) InstallationRepositoriesDelivery(installationID int64, action string, repos ...string) (*Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.installations[installationID]
	if in == nil {
		return nil, fmt.Errorf("githubfake: no installation %d", installationID)
	}
	var list []*github.Repository
	for _, name := range repos {
		r := s.repos[name]
		if r == nil {
			return nil, fmt.Errorf("githubfake: no repository %s", name)
		}
		list = append(list, &github.Repository{
			ID: github.Int64(r.ID), NodeID: github.String(fmt.Sprintf("R_%d", r.ID)), Name: github.String(r.Name),
			FullName: github.String(r.FullName()), Private: github.Bool(r.private),
		})
	}
	ev := &github.InstallationRepositoriesEvent{
		Action: github.String(action), Installation: s.installationJSON(in),
		RepositorySelection: github.String("selected"), Sender: s.userJSON(in.account),
		RepositoriesAdded: []*github.Repository{}, RepositoriesRemoved: []*github.Repository{},
	}
	if action == "removed" {
		ev.RepositoriesRemoved = list
	} else {
		ev.RepositoriesAdded = list
	}
	return s.newDeliveryLocked("installation_repositories", action, ev)
}
