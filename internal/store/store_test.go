package store_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/store/storetest"
)

func TestRecordDelivery(t *testing.T) {
	storetest.Run(t, func(t *testing.T, tg storetest.Target) {
		ctx := context.Background()
		st := tg.Open(t)
		steps := []struct {
			name      string
			id        string
			wantFresh bool
		}{
			{name: "first delivery", id: "72d3162e-cc78-11e3-81ab-4c9367dc0958", wantFresh: true},
			{name: "redelivery of the same id", id: "72d3162e-cc78-11e3-81ab-4c9367dc0958", wantFresh: false},
			{name: "another delivery", id: "9c1d1a50-cc78-11e3-8e2b-2d4c3c5b9b1e", wantFresh: true},
		}
		for _, s := range steps {
			fresh, err := st.RecordDelivery(ctx, s.id, "pull_request", "opened")
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if fresh != s.wantFresh {
				t.Fatalf("%s: fresh = %v, want %v", s.name, fresh, s.wantFresh)
			}
		}
		if _, err := st.RecordDelivery(ctx, "", "ping", ""); err == nil {
			t.Fatal("empty delivery id accepted")
		}
		// The record survives a reopen (a restarted process).
		st.Close()
		st2 := tg.Open(t)
		if fresh, err := st2.RecordDelivery(ctx, steps[2].id, "pull_request", "opened"); err != nil || fresh {
			t.Fatalf("after reopen: fresh=%v err=%v, want a redelivery", fresh, err)
		}
		n, err := st2.PruneDeliveries(ctx, time.Now().Add(time.Hour))
		if err != nil || n != 2 {
			t.Fatalf("PruneDeliveries = %d, %v; want 2", n, err)
		}
	})
}

func TestPullRequestState(t *testing.T) {
	storetest.Run(t, func(t *testing.T, tg storetest.Target) {
		ctx := context.Background()
		st := tg.Open(t)
		got, err := st.PullRequestState(ctx, "octo/shop", 7)
		if err != nil || got != nil {
			t.Fatalf("state before any save = %q, %v; want nil, nil", got, err)
		}
		blobs := [][]byte{[]byte(`{"bot_commits":["a1"]}`), []byte(`{"bot_commits":["a1","b2"],"edited":true}`), {0, 1, 2, 255}}
		for _, b := range blobs {
			if err := st.SavePullRequestState(ctx, "octo/shop", 7, b); err != nil {
				t.Fatal(err)
			}
			got, err := st.PullRequestState(ctx, "octo/shop", 7)
			if err != nil || !bytes.Equal(got, b) {
				t.Fatalf("state = %q, %v; want %q", got, err, b)
			}
		}
		// Other pull requests are independent.
		if got, err := st.PullRequestState(ctx, "octo/shop", 8); err != nil || got != nil {
			t.Fatalf("PR 8 state = %q, %v", got, err)
		}
	})
}

func TestResults(t *testing.T) {
	storetest.Run(t, func(t *testing.T, tg storetest.Target) {
		ctx := context.Background()
		st := tg.Open(t)
		const head = "6dcb09b5b57875f334f61aebed695e2e4193db5e"
		if ok, err := st.HasResult(ctx, "octo/shop", head); err != nil || ok {
			t.Fatalf("HasResult before = %v, %v", ok, err)
		}
		if err := st.RecordResult(ctx, "octo/shop", 7, head, "success"); err != nil {
			t.Fatal(err)
		}
		if err := st.RecordResult(ctx, "octo/shop", 7, head, "failure"); err != nil {
			t.Fatalf("second result for the same head: %v", err)
		}
		if ok, err := st.HasResult(ctx, "octo/shop", head); err != nil || !ok {
			t.Fatalf("HasResult after = %v, %v", ok, err)
		}
		if ok, err := st.HasResult(ctx, "octo/other", head); err != nil || ok {
			t.Fatalf("HasResult other repo = %v, %v", ok, err)
		}
	})
}

// TestLockPullRequest proves mutual exclusion per pull request, that
// another pull request is not blocked, and that a waiting lock gives up
// when its context ends. On PostgreSQL two stores (two processes' pools)
// contend for the same lock.
func TestLockPullRequest(t *testing.T) {
	storetest.Run(t, func(t *testing.T, tg storetest.Target) {
		ctx := context.Background()
		a := tg.Open(t)
		b := a
		if tg.DatabaseURL != "" {
			b = tg.Open(t)
		}
		unlock, err := a.LockPullRequest(ctx, "octo/shop", 7)
		if err != nil {
			t.Fatal(err)
		}
		// Another pull request locks at once.
		other, err := b.LockPullRequest(ctx, "octo/shop", 8)
		if err != nil {
			t.Fatal(err)
		}
		other()
		// The same one waits until the context ends.
		short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		if _, err := b.LockPullRequest(short, "octo/shop", 7); err == nil {
			t.Fatal("second holder got the lock while the first held it")
		} else if !errors.Is(err, context.DeadlineExceeded) && short.Err() == nil {
			t.Fatalf("lock error %v before the deadline", err)
		}
		unlock()
		unlock() // idempotent
		// Contention: the critical section is never entered twice at once.
		var inside, maxInside, total atomic.Int32
		var wg sync.WaitGroup
		for i := range 8 {
			st := a
			if i%2 == 1 {
				st = b
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 5 {
					u, err := st.LockPullRequest(ctx, "octo/shop", 7)
					if err != nil {
						t.Error(err)
						return
					}
					n := inside.Add(1)
					if n > maxInside.Load() {
						maxInside.Store(n)
					}
					time.Sleep(time.Millisecond)
					total.Add(1)
					inside.Add(-1)
					u()
				}
			}()
		}
		wg.Wait()
		if maxInside.Load() != 1 || total.Load() != 40 {
			t.Fatalf("max holders at once = %d, sections = %d; want 1 and 40", maxInside.Load(), total.Load())
		}
	})
}

func TestOpenIsIdempotentAndRejectsBadInput(t *testing.T) {
	storetest.Run(t, func(t *testing.T, tg storetest.Target) {
		// Opening twice runs the migrations once and works both times.
		tg.Open(t)
		st := tg.Open(t)
		if err := st.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
	if _, err := storeOpen("postgres://nobody@127.0.0.1:1/none?connect_timeout=2", ""); err == nil {
		t.Fatal("unreachable PostgreSQL accepted")
	}
	// The SQLite file's folder is created (the container's data volume).
	nested := t.TempDir() + "/data/deeper/bot.db"
	if _, err := storeOpen("", nested); err != nil {
		t.Fatalf("SQLite in a new folder: %v", err)
	}
	if _, err := storeOpen("", ""); err == nil {
		t.Fatal("no database at all accepted")
	}
}
