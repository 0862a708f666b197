package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	// The pure-Go SQLite driver, registered as "sqlite".
	_ "modernc.org/sqlite"
)

// Backend names a database kind.
type Backend string

// The two backends.
const (
	Postgres Backend = "postgres"
	SQLite   Backend = "sqlite"
)

// Store is the bot's state on PostgreSQL or SQLite. It is safe for
// concurrent use.
type Store struct {
	backend Backend
	db      *sql.DB       // both backends; on PostgreSQL a view of pool
	pool    *pgxpool.Pool // PostgreSQL only
	locks   *processLocks // SQLite only
	now     func() time.Time
}

// defaultMaxConns is the PostgreSQL pool size unless DATABASE_URL sets
// pool_max_conns: River's producers and notifier, the HTTP handlers and one
// connection per held pull request lock all draw from it.
const defaultMaxConns = 20

// Open opens the store: PostgreSQL when databaseURL is not empty, else the
// SQLite file at sqlitePath (created when absent). It runs the store's
// migrations and River's, so the database is ready for internal/queue.
func Open(ctx context.Context, databaseURL, sqlitePath string) (*Store, error) {
	var (
		s   *Store
		err error
	)
	if databaseURL != "" {
		s, err = openPostgres(ctx, databaseURL)
	} else {
		s, err = openSQLite(ctx, sqlitePath)
	}
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func openPostgres(ctx context.Context, databaseURL string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("store: DATABASE_URL: %w", err)
	}
	if !strings.Contains(databaseURL, "pool_max_conns") {
		cfg.MaxConns = defaultMaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: connect to PostgreSQL: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: connect to PostgreSQL at %s: %w", cfg.ConnConfig.Host, err)
	}
	return &Store{backend: Postgres, db: stdlib.OpenDBFromPool(pool), pool: pool, now: time.Now}, nil
}

func openSQLite(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: no DATABASE_URL and no SQLite path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("store: SQLite %s: %w", path, err)
	}
	// _txlock=immediate takes the write lock at BEGIN, so a transaction
	// never fails halfway on SQLITE_BUSY; busy_timeout waits for another
	// process (the sqlite3 shell, a second serve by mistake) instead of failing.
	dsn := "file:" + path + "?_txlock=immediate&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open SQLite %s: %w", path, err)
	}
	// One connection: SQLite runs one writer at a time, and River's SQLite
	// driver recommends a single connection to avoid SQLITE_BUSY between
	// its own concurrent operations (riversqlite package doc).
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open SQLite %s: %w", path, err)
	}
	return &Store{backend: SQLite, db: db, locks: newProcessLocks(), now: time.Now}, nil
}

// Backend reports which database the store uses.
func (s *Store) Backend() Backend { return s.backend }

// Pool is the pgx pool on PostgreSQL (nil on SQLite); internal/queue builds
// River's riverpgxv5 driver on it.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// DB is the database/sql handle (on SQLite the one River's riversqlite
// driver must share, as the file allows one connection).
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.pool != nil {
		s.pool.Close()
	}
	return err
}

// Ping checks that the database answers (the /readyz probe).
func (s *Store) Ping(ctx context.Context) error {
	if s.pool != nil {
		return s.pool.Ping(ctx)
	}
	return s.db.PingContext(ctx)
}

// q rewrites a query written with ? placeholders for the backend
// (PostgreSQL wants $1, $2, ...).
func (s *Store) q(query string) string {
	if s.backend != Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// RecordDelivery stores a delivery id; fresh is false when it was already
// recorded (a redelivery, which GitHub sends with the same id).
func (s *Store) RecordDelivery(ctx context.Context, id, event, action string) (fresh bool, err error) {
	if id == "" {
		return false, errors.New("store: empty delivery id")
	}
	res, err := s.db.ExecContext(ctx, s.q(`INSERT INTO mb_delivery (id, event, action, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
		id, event, action, s.now().Unix())
	if err != nil {
		return false, fmt.Errorf("store: record delivery %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: record delivery %s: %w", id, err)
	}
	return n == 1, nil
}

// PruneDeliveries deletes delivery ids recorded before t and returns how
// many. GitHub redelivers for 3 days at most, so ids older than that can go.
func (s *Store) PruneDeliveries(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM mb_delivery WHERE received_at < ?`), before.Unix())
	if err != nil {
		return 0, fmt.Errorf("store: prune deliveries: %w", err)
	}
	return res.RowsAffected()
}

// PullRequestState returns the state blob of one pull request, or nil and
// no error when none was saved.
func (s *Store) PullRequestState(ctx context.Context, repo string, number int) ([]byte, error) {
	var state []byte
	err := s.db.QueryRowContext(ctx, s.q(`SELECT state FROM mb_pull_request_state WHERE repo = ? AND number = ?`), repo, number).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: state of %s#%d: %w", repo, number, err)
	}
	return state, nil
}

// SavePullRequestState replaces the state blob of one pull request. Callers
// serialize per pull request with LockPullRequest.
func (s *Store) SavePullRequestState(ctx context.Context, repo string, number int, state []byte) error {
	if state == nil {
		state = []byte{}
	}
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO mb_pull_request_state (repo, number, state, updated_at) VALUES (?, ?, ?, ?)
ON CONFLICT (repo, number) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`),
		repo, number, state, s.now().Unix())
	if err != nil {
		return fmt.Errorf("store: save state of %s#%d: %w", repo, number, err)
	}
	return nil
}

// RecordResult records that headSHA of a pull request got a completed
// check run with the given conclusion (a later result for the same head
// replaces it).
func (s *Store) RecordResult(ctx context.Context, repo string, number int, headSHA, conclusion string) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO mb_result (repo, head_sha, number, conclusion, recorded_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (repo, head_sha) DO UPDATE SET number = excluded.number, conclusion = excluded.conclusion, recorded_at = excluded.recorded_at`),
		repo, headSHA, number, conclusion, s.now().Unix())
	if err != nil {
		return fmt.Errorf("store: record result of %s@%s: %w", repo, headSHA, err)
	}
	return nil
}

// HasResult reports whether headSHA of repo has a recorded result.
func (s *Store) HasResult(ctx context.Context, repo, headSHA string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, s.q(`SELECT count(*) FROM mb_result WHERE repo = ? AND head_sha = ?`), repo, headSHA).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: result of %s@%s: %w", repo, headSHA, err)
	}
	return n > 0, nil
}

// processLocks is a set of per-key mutexes whose Lock honours a context.
type processLocks struct {
	mu   sync.Mutex
	held map[string]chan struct{}
}

func newProcessLocks() *processLocks { return &processLocks{held: map[string]chan struct{}{}} }

func (l *processLocks) lock(ctx context.Context, key string) (func(), error) {
	for {
		l.mu.Lock()
		ch, busy := l.held[key]
		if !busy {
			mine := make(chan struct{})
			l.held[key] = mine
			l.mu.Unlock()
			var once sync.Once
			return func() {
				once.Do(func() {
					l.mu.Lock()
					delete(l.held, key)
					l.mu.Unlock()
					close(mine)
				})
			}, nil
		}
		l.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}
