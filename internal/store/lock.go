package store

import (
	"context"
	"fmt"
	"hash/fnv"
	"strconv"
	"sync"
	"time"
)

// LockPullRequest takes a lock on one pull request that holds across every
// process sharing the database and returns the function that releases it.
// It blocks until the lock is free or ctx is done.
//
// PostgreSQL: a session advisory lock (pg_advisory_lock) on a connection
// taken from the pool and kept until unlock, so two serve processes never
// work one pull request at the same time. SQLite: a mutex in this process,
// since one SQLite file serves one process.
func (s *Store) LockPullRequest(ctx context.Context, repo string, number int) (unlock func(), err error) {
	key := repo + "#" + strconv.Itoa(number)
	if s.backend != Postgres {
		return s.locks.lock(ctx, key)
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: lock %s: %w", key, err)
	}
	id := lockID(key)
	// pgx cancels the server-side wait when ctx ends.
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, id); err != nil {
		// The connection may be mid-cancel: drop it rather than return it
		// to the pool in an unknown state.
		conn.Conn().Close(context.Background())
		conn.Release()
		return nil, fmt.Errorf("store: lock %s: %w", key, err)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			uctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if _, err := conn.Exec(uctx, `SELECT pg_advisory_unlock($1)`, id); err != nil {
				// Closing the session releases its advisory locks.
				conn.Conn().Close(uctx)
			}
			conn.Release()
		})
	}, nil
}

// lockID maps a pull request key to the 64-bit advisory lock id.
func lockID(key string) int64 {
	h := fnv.New64a()
	h.Write([]byte("migrate-bot/pr/" + key))
	return int64(h.Sum64())
}
