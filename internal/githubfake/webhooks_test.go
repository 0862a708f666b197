package githubfake

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/google/go-github/v60/github"

	"github.com/migrate-bot/migrate-bot/internal/webhook"
)

// receiver records the deliveries it gets, verifying their signature.
type receiver struct {
	mu     sync.Mutex
	got    []any
	events []string
	ids    []string
}

func (rc *receiver) handler(t *testing.T, secret string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := webhook.VerifySignature([]byte(secret), body, r.Header.Get(webhook.SignatureHeader)); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		ev, err := github.ParseWebHook(github.WebHookType(r), body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		rc.mu.Lock()
		rc.got = append(rc.got, ev)
		rc.events = append(rc.events, github.WebHookType(r))
		rc.ids = append(rc.ids, github.DeliveryID(r))
		rc.mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	})
}

func TestDeliveries(t *testing.T) {
	const secret = "s3cret"
	rc := &receiver{}
	hook := httptest.NewServer(rc.handler(t, secret))
	defer hook.Close()
	e := newEnv(t, Options{WebhookURL: hook.URL, WebhookSecret: secret})
	if err := e.s.SetPermission("acme/shop", "alice", "write"); err != nil {
		t.Fatal(err)
	}
	n := openSchemaPR(t, e)
	opened, err := e.s.PullRequestDelivery("acme/shop", n, "opened", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if status, err := opened.Post(http.DefaultClient, hook.URL, secret); err != nil || status != http.StatusAccepted {
		t.Fatalf("opened: %d %v", status, err)
	}
	if status, _ := opened.Post(http.DefaultClient, hook.URL, "forged"); status != http.StatusUnauthorized {
		t.Errorf("forged signature answered %d", status)
	}
	pe := rc.got[0].(*github.PullRequestEvent)
	if pe.GetAction() != "opened" || pe.GetNumber() != n || pe.GetPullRequest().GetHead().GetSHA() != e.s.PullHead("acme/shop", n) ||
		pe.GetInstallation().GetID() != e.inst || pe.GetRepo().GetFullName() != "acme/shop" || pe.GetSender().GetLogin() != "alice" {
		t.Errorf("pull_request.opened = %+v", pe)
	}

	id, cd, err := e.s.Comment("acme/shop", n, "alice", "/migrate regenerate")
	if err != nil {
		t.Fatal(err)
	}
	if status, _ := cd.Post(http.DefaultClient, hook.URL, secret); status != http.StatusAccepted {
		t.Fatalf("issue_comment answered %d", status)
	}
	ice := rc.got[len(rc.got)-1].(*github.IssueCommentEvent)
	if !ice.GetIssue().IsPullRequest() || ice.GetComment().GetID() != id || ice.GetComment().GetBody() != "/migrate regenerate" ||
		ice.GetComment().GetUser().GetType() != "User" || ice.GetComment().GetAuthorAssociation() != "COLLABORATOR" {
		t.Errorf("issue_comment.created = %+v", ice)
	}

	// The App's own commit on the branch makes the stand-in deliver
	// pull_request.synchronize with the bot as sender, as GitHub does.
	before := e.s.PullHead("acme/shop", n)
	after, err := commitThroughAPI(t, e, e.client(t), "acme/shop", "feature", before, map[string]string{"gen.sql": "SELECT 1;\n"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.s.WaitDeliveries()
	ds := e.s.Deliveries()
	if len(ds) != 1 || ds[0].Status != http.StatusAccepted || ds[0].Delivery.Action != "synchronize" {
		t.Fatalf("own deliveries = %+v", ds)
	}
	se := rc.got[len(rc.got)-1].(*github.PullRequestEvent)
	if se.GetBefore() != before || se.GetAfter() != after || se.GetSender().GetLogin() != "migrate-bot[bot]" || se.GetSender().GetType() != "Bot" {
		t.Errorf("synchronize before %s after %s sender %s", se.GetBefore(), se.GetAfter(), se.GetSender().GetLogin())
	}
	// A person's push returns its delivery for the test to send.
	_, pushed, err := e.s.Push(PushSpec{Repo: "acme/shop", Branch: "feature", Author: "alice", Files: map[string]string{"gen.sql": "SELECT 2;\n"}})
	if err != nil || len(pushed) != 1 || pushed[0].Action != "synchronize" {
		t.Fatalf("push deliveries = %v (%v)", pushed, err)
	}

	runID := e.s.addCheckRunForTest(t, e, e.s.PullHead("acme/shop", n))
	for _, tc := range []struct{ action, identifier string }{{"rerequested", ""}, {"requested_action", "regenerate"}} {
		d, err := e.s.CheckRunDelivery(runID, tc.action, tc.identifier, "alice")
		if err != nil {
			t.Fatal(err)
		}
		if status, _ := d.Post(http.DefaultClient, hook.URL, secret); status != http.StatusAccepted {
			t.Fatalf("check_run.%s answered %d", tc.action, status)
		}
		cre := rc.got[len(rc.got)-1].(*github.CheckRunEvent)
		identifier := ""
		if cre.RequestedAction != nil {
			identifier = cre.RequestedAction.Identifier
		}
		if cre.GetAction() != tc.action || cre.GetCheckRun().GetID() != runID || identifier != tc.identifier ||
			len(cre.GetCheckRun().PullRequests) != 1 || cre.GetCheckRun().PullRequests[0].GetNumber() != n {
			t.Errorf("check_run.%s = %+v", tc.action, cre)
		}
	}
	d, err := e.s.InstallationDelivery(e.inst, "created")
	if err != nil {
		t.Fatal(err)
	}
	if status, _ := d.Post(http.DefaultClient, hook.URL, secret); status != http.StatusAccepted {
		t.Fatal("installation delivery refused")
	}
	ie := rc.got[len(rc.got)-1].(*github.InstallationEvent)
	if ie.GetInstallation().GetID() != e.inst || len(ie.Repositories) != 1 || ie.Repositories[0].GetFullName() != "acme/shop" {
		t.Errorf("installation.created = %+v", ie)
	}
	d, err = e.s.InstallationRepositoriesDelivery(e.inst, "added", "acme/shop")
	if err != nil {
		t.Fatal(err)
	}
	if status, _ := d.Post(http.DefaultClient, hook.URL, secret); status != http.StatusAccepted {
		t.Fatal("installation_repositories delivery refused")
	}
	ire := rc.got[len(rc.got)-1].(*github.InstallationRepositoriesEvent)
	if ire.GetAction() != "added" || len(ire.RepositoriesAdded) != 1 || ire.RepositoriesAdded[0].GetFullName() != "acme/shop" {
		t.Errorf("installation_repositories.added = %+v", ire)
	}
	seen := map[string]bool{}
	for _, id := range rc.ids {
		seen[id] = true
	}
	// The forged post was refused before recording; every other delivery
	// has its own GUID.
	if len(seen) != len(rc.ids) {
		t.Errorf("delivery ids repeat: %v", rc.ids)
	}
}

// addCheckRunForTest creates a check run on head through the API.
func (s *Server) addCheckRunForTest(t *testing.T, e *env, head string) int64 {
	t.Helper()
	run, _, err := e.client(t).Checks.CreateCheckRun(e.ctx, "acme", "shop", github.CreateCheckRunOptions{Name: "migrate-bot", HeadSHA: head,
		Conclusion: github.String("success"), Output: &github.CheckRunOutput{Title: github.String("ok"), Summary: github.String("ok")}})
	if err != nil {
		t.Fatal(err)
	}
	return run.GetID()
}
