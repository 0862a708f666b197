package webhook

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/queue"
)

const (
	fixtureDir = "../../fixtures/webhooks"
	head       = "6dcb09b5b57875f334f61aebed695e2e4193db5e"
	newHead    = "a3f1c0de0b5f4e5c8d8e1e2c7b9f1d2e3c4b5a69"
	inst       = int64(57216381)
)

var shop = queue.Repo{Owner: "octo-shop", Name: "shop"}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRoute(t *testing.T) {
	const id = "8c6b8e1a-cb0b-11ef-9a3b-8d1d8c0f2a11"
	pr := func(headSHA, event string, number int) queue.PullRequestJob {
		return queue.PullRequestJob{InstallationID: inst, Repo: shop, Number: number, HeadSHA: headSHA, Event: event, DeliveryID: id}
	}
	cases := []struct {
		name, file, event string
		want              Work
	}{
		{name: "opened", file: "pull_request.opened.json", event: "pull_request",
			want: Work{Action: "opened", Number: 42, PullRequests: []queue.PullRequestJob{pr(head, "pull_request.opened", 42)}}},
		{name: "synchronize", file: "pull_request.synchronize.json", event: "pull_request",
			want: Work{Action: "synchronize", Number: 42, PullRequests: []queue.PullRequestJob{pr(newHead, "pull_request.synchronize", 42)}}},
		{name: "synchronize by the bot still refreshes", file: "pull_request.synchronize.by-bot.json", event: "pull_request",
			want: Work{Action: "synchronize", Number: 42, PullRequests: []queue.PullRequestJob{pr("0f5e3c2b1a99887766554433221100ffeeddccbb", "pull_request.synchronize", 42)}}},
		{name: "reopened", file: "pull_request.reopened.json", event: "pull_request",
			want: Work{Action: "reopened", Number: 42, PullRequests: []queue.PullRequestJob{pr(head, "pull_request.reopened", 42)}}},
		{name: "ready for review", file: "pull_request.ready_for_review.json", event: "pull_request",
			want: Work{Action: "ready_for_review", Number: 42, PullRequests: []queue.PullRequestJob{pr(head, "pull_request.ready_for_review", 42)}}},
		{name: "fork opened", file: "pull_request.opened.fork.json", event: "pull_request",
			want: Work{Action: "opened", Number: 43, PullRequests: []queue.PullRequestJob{pr(head, "pull_request.opened", 43)}}},
		{name: "edited base", file: "pull_request.edited.base.json", event: "pull_request",
			want: Work{Action: "edited", Number: 42, PullRequests: []queue.PullRequestJob{pr(head, "pull_request.edited", 42)}}},
		{name: "edited title only", file: "pull_request.edited.title.json", event: "pull_request",
			want: Work{Action: "edited", Number: 42, Ignored: "edited without a base change"}},
		{name: "closed", file: "pull_request.closed.json", event: "pull_request",
			want: Work{Action: "closed", Number: 42, ClosePullRequest: true}},
		{name: "labeled", file: "pull_request.labeled.json", event: "pull_request",
			want: Work{Action: "labeled", Ignored: "action not handled"}},
		{name: "comment with commands", file: "issue_comment.created.json", event: "issue_comment",
			want: Work{Action: "created", Number: 42, Comment: &queue.CommentJob{InstallationID: inst, Repo: shop, Number: 42, CommentID: 1967341234,
				Body: "Thanks! One more thing:\r\n/migrate rename Order.notes -> Order.note\r\n/migrate regenerate", Author: "alice", AuthorType: "User", DeliveryID: id}}},
		{name: "comment mentioning the command mid-line", file: "issue_comment.created.no-command.json", event: "issue_comment",
			want: Work{Action: "created", Number: 42, Ignored: "no /migrate command"}},
		{name: "comment on an issue", file: "issue_comment.created.on-issue.json", event: "issue_comment",
			want: Work{Action: "created", Number: 41, Ignored: "comment on an issue, not a pull request"}},
		{name: "comment by the bot", file: "issue_comment.created.by-bot.json", event: "issue_comment",
			want: Work{Action: "created", Number: 42, Ignored: "comment by a bot"}},
		{name: "comment edited", file: "issue_comment.edited.json", event: "issue_comment",
			want: Work{Action: "edited", Ignored: "action not handled"}},
		{name: "check run rerequested", file: "check_run.rerequested.json", event: "check_run",
			want: Work{Action: "rerequested", Number: 42, PullRequests: []queue.PullRequestJob{pr(head, "check_run.rerequested", 42)}}},
		{name: "check run rerequested on a fork head", file: "check_run.rerequested.fork.json", event: "check_run",
			want: Work{Action: "rerequested", Ignored: "check run without pull requests"}},
		{name: "check run button", file: "check_run.requested_action.json", event: "check_run",
			want: Work{Action: "requested_action", Number: 42, CheckRunAction: &queue.CheckRunActionJob{InstallationID: inst, Repo: shop, HeadSHA: head,
				CheckRunID: 128620228, Identifier: "regenerate", Requester: "alice", DeliveryID: id, Numbers: []int{42}}}},
		{name: "check run completed", file: "check_run.completed.json", event: "check_run",
			want: Work{Action: "completed", Ignored: "action not handled"}},
		{name: "installation created", file: "installation.created.json", event: "installation",
			want: Work{Action: "created", Installation: &queue.InstallationJob{InstallationID: inst, Action: "created",
				Repos: []queue.Repo{shop, {Owner: "octo-shop", Name: "billing"}}, DeliveryID: id}}},
		{name: "installation deleted", file: "installation.deleted.json", event: "installation",
			want: Work{Action: "deleted", Installation: &queue.InstallationJob{InstallationID: inst, Action: "deleted", Repos: []queue.Repo{shop}, DeliveryID: id}}},
		{name: "repositories added", file: "installation_repositories.added.json", event: "installation_repositories",
			want: Work{Action: "added", Installation: &queue.InstallationJob{InstallationID: inst, Action: "added",
				Repos: []queue.Repo{{Owner: "octo-shop", Name: "warehouse"}}, DeliveryID: id}}},
		{name: "repositories removed", file: "installation_repositories.removed.json", event: "installation_repositories",
			want: Work{Action: "removed", Installation: &queue.InstallationJob{InstallationID: inst, Action: "removed",
				Repos: []queue.Repo{{Owner: "octo-shop", Name: "billing"}}, DeliveryID: id}}},
		{name: "ping", file: "ping.json", event: "ping", want: Work{Ignored: "event not handled"}},
		{name: "push", file: "push.json", event: "push", want: Work{Ignored: "event not handled"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Route(c.event, id, fixture(t, c.file))
			if err != nil {
				t.Fatal(err)
			}
			want := c.want
			want.Event = c.event
			if got.Repo != (queue.Repo{}) && c.event != "installation" && c.event != "installation_repositories" {
				want.Repo = got.Repo
				if got.Repo != shop {
					t.Fatalf("repo %v, want %v", got.Repo, shop)
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("Route:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestRouteRejectsBadPayloads(t *testing.T) {
	cases := []struct{ name, event, payload string }{
		{name: "not JSON", event: "pull_request", payload: "payload=%7B%7D"},
		{name: "pull request without head", event: "pull_request", payload: `{"action":"opened","number":1,"repository":{"name":"r","owner":{"login":"o"}},"installation":{"id":1},"pull_request":{}}`},
		{name: "pull request without installation", event: "pull_request", payload: `{"action":"opened","number":1,"repository":{"name":"r","owner":{"login":"o"}},"pull_request":{"head":{"sha":"abc"}}}`},
		{name: "pull request without repository", event: "pull_request", payload: `{"action":"synchronize","number":1,"installation":{"id":1},"pull_request":{"head":{"sha":"abc"}}}`},
		{name: "pull request without number", event: "pull_request", payload: `{"action":"opened","repository":{"name":"r","owner":{"login":"o"}},"installation":{"id":1},"pull_request":{"head":{"sha":"abc"}}}`},
		{name: "wrong type", event: "pull_request", payload: `{"action":"opened","number":"one"}`},
		{name: "button without identifier", event: "check_run", payload: `{"action":"requested_action","repository":{"name":"r","owner":{"login":"o"}},"installation":{"id":1},"check_run":{"head_sha":"abc"}}`},
		{name: "installation without id", event: "installation", payload: `{"action":"created","installation":{}}`},
		{name: "installation repository without owner", event: "installation_repositories", payload: `{"action":"added","installation":{"id":3},"repositories_added":[{"full_name":"lonely"}]}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Route(c.event, "id", []byte(c.payload)); !errors.Is(err, ErrBadPayload) {
				t.Fatalf("Route error %v, want ErrBadPayload", err)
			}
		})
	}
}

func TestHasCommand(t *testing.T) {
	cases := []struct {
		name, body string
		want       bool
	}{
		{name: "command alone", body: "/migrate help", want: true},
		{name: "bare word", body: "/migrate", want: true},
		{name: "indented after text", body: "thanks\r\n   /migrate regenerate", want: true},
		{name: "mid-line", body: "run `/migrate help`", want: false},
		{name: "longer word", body: "/migrates are fun", want: false},
		{name: "other slash command", body: "/deploy", want: false},
		{name: "empty", body: "", want: false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := HasCommand(c.body); got != c.want {
				t.Fatalf("HasCommand(%q) = %v, want %v", c.body, got, c.want)
			}
		})
	}
}

// FuzzRoute: any event name and payload gives Work or an error, never a
// panic, and work is never both ignored and present.
func FuzzRoute(f *testing.F) {
	entries, err := os.ReadDir(fixtureDir)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".json" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(fixtureDir, e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		event, _, _ := cutDot(e.Name())
		f.Add(event, b)
	}
	f.Add("pull_request", []byte(`{"action":"opened","number":-1}`))
	f.Add("installation", []byte(`null`))
	f.Fuzz(func(t *testing.T, event string, payload []byte) {
		w, err := Route(event, "fuzz", payload)
		if err != nil {
			return
		}
		hasWork := len(w.PullRequests) > 0 || w.Comment != nil || w.CheckRunAction != nil || w.Installation != nil || w.ClosePullRequest
		if hasWork == (w.Ignored != "") {
			t.Fatalf("work %+v: ignored %q with work %v", w, w.Ignored, hasWork)
		}
		for _, j := range w.PullRequests {
			if j.HeadSHA == "" || j.Repo.Owner == "" || j.Repo.Name == "" {
				t.Fatalf("incomplete job %+v", j)
			}
		}
	})
}

func cutDot(name string) (string, string, bool) {
	for i := 0; i < len(name); i++ {
		if name[i] == '.' {
			return name[:i], name[i+1:], true
		}
	}
	return name, "", false
}
