package queue

import (
	"context"
	"testing"

	"github.com/riverqueue/river/rivertype"

	"github.com/migrate-bot/migrate-bot/internal/store"
	"github.com/migrate-bot/migrate-bot/internal/store/storetest"
)

func TestDeliver(t *testing.T) {
	storetest.Run(t, func(t *testing.T, tg storetest.Target) {
		ctx := context.Background()
		st, q := openQueue(t, tg, testConfig())
		first := Delivery{ID: "d-1", Event: "pull_request", Action: "opened", PullRequests: []PullRequestJob{prJob("aaaaaaa")}}
		second := Delivery{ID: "d-2", Event: "issue_comment", Action: "created", PullRequests: []PullRequestJob{prJob("bbbbbbb")},
			Comment: &CommentJob{Repo: Repo{Owner: "octo", Name: "shop"}, Number: 7, CommentID: 5, Body: "/migrate regenerate"}}
		steps := []struct {
			name      string
			d         Delivery
			wantFresh bool
		}{
			{name: "first delivery", d: first, wantFresh: true},
			{name: "its redelivery", d: first, wantFresh: false},
			{name: "a newer head and a comment", d: second, wantFresh: true},
			{name: "redelivery of the second", d: second, wantFresh: false},
		}
		for _, s := range steps {
			fresh, err := q.Deliver(ctx, s.d)
			if err != nil || fresh != s.wantFresh {
				t.Fatalf("%s: fresh=%v err=%v, want fresh=%v", s.name, fresh, err, s.wantFresh)
			}
		}
		prs := jobStates(t, q, KindPullRequest)
		if len(prs) != 2 || prs[0].State != rivertype.JobStateCancelled || prs[1].State != rivertype.JobStateAvailable {
			t.Fatalf("pull request jobs: %d, want the first superseded by the second", len(prs))
		}
		if n := len(jobStates(t, q, KindComment)); n != 1 {
			t.Fatalf("%d comment jobs, want 1", n)
		}
		if fresh, err := st.RecordDelivery(ctx, "d-2", "issue_comment", "created"); err != nil || fresh {
			t.Fatalf("d-2 not recorded: fresh=%v err=%v", fresh, err)
		}
	})
}

// TestDeliverIsAtomic: when one job of a delivery cannot be inserted
// (PostgreSQL's jsonb refuses a NUL character), neither the delivery id
// nor any of its jobs is kept, so a redelivery is processed in full.
func TestDeliverIsAtomic(t *testing.T) {
	tg := storetest.New(t, store.Postgres)
	ctx := context.Background()
	st, q := openQueue(t, tg, testConfig())
	bad := Delivery{ID: "d-nul", Event: "issue_comment", Action: "created", PullRequests: []PullRequestJob{prJob("ccccccc")},
		Comment: &CommentJob{Repo: Repo{Owner: "octo", Name: "shop"}, Number: 7, CommentID: 6, Body: "/migrate help\x00"}}
	if _, err := q.Deliver(ctx, bad); err == nil {
		t.Fatal("a NUL in a jsonb document was accepted")
	}
	if n := len(jobStates(t, q, KindPullRequest)) + len(jobStates(t, q, KindComment)); n != 0 {
		t.Fatalf("%d jobs kept from the failed delivery, want 0", n)
	}
	if fresh, err := st.RecordDelivery(ctx, "d-nul", "issue_comment", "created"); err != nil || !fresh {
		t.Fatalf("the failed delivery's id was kept: fresh=%v err=%v", fresh, err)
	}
}
