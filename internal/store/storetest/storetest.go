// Package storetest opens a store.Store for a test on each backend: a fresh
// PostgreSQL database (internal/testutil/pgtest: skipped when no server is
// reachable, failed under CI=true) or a SQLite file in t.TempDir().
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/store"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// Backends lists the backends every store-backed test runs on.
var Backends = []store.Backend{store.Postgres, store.SQLite}

// Target is where a test's database lives: Open may be called several
// times on it (a restarted process opens the same database again).
type Target struct {
	Backend     store.Backend
	DatabaseURL string // PostgreSQL
	SQLitePath  string // SQLite
}

// New makes an empty database of the backend for the test.
func New(t testing.TB, backend store.Backend) Target {
	t.Helper()
	switch backend {
	case store.Postgres:
		return Target{Backend: backend, DatabaseURL: pgtest.New(t).URL}
	case store.SQLite:
		return Target{Backend: backend, SQLitePath: filepath.Join(t.TempDir(), "migrate-bot.db")}
	}
	t.Fatalf("storetest: unknown backend %q", backend)
	return Target{}
}

// Open opens a store on the target, closed at the end of the test (Close
// twice is harmless for the caller that closes it earlier).
func (tg Target) Open(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), tg.DatabaseURL, tg.SQLitePath)
	if err != nil {
		t.Fatalf("store.Open(%s): %v", tg.Backend, err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// Run runs body once per backend as subtests named after the backend.
func Run(t *testing.T, body func(t *testing.T, tg Target)) {
	t.Helper()
	for _, b := range Backends {
		t.Run(string(b), func(t *testing.T) { body(t, New(t, b)) })
	}
}
