package acceptance

import (
	"flag"
	"strconv"
	"testing"
)

// dbPool shares a few databases among the cases. Creating and dropping a
// PostgreSQL database costs a second or more on this machine (twice that
// under load), against tens of milliseconds for emptying one, so each case
// takes two databases from the pool and empties them before use. The pool
// holds two databases per case that may run at once, so
// taking never waits for long and never deadlocks (see runSuite). A pool without a
// channel (SQLite) makes a fresh database for every take.
type dbPool struct {
	free  chan *testDB
	fresh func(t *testing.T) *testDB
}

// newServerPool creates n databases with create on the test t (they are
// dropped when t and all its subtests end).
func newServerPool(t *testing.T, n int, create func(t *testing.T) *testDB) *dbPool {
	t.Helper()
	p := &dbPool{free: make(chan *testDB, n)}
	for range n {
		p.free <- create(t)
	}
	return p
}

// parallelism is go test's -parallel value (GOMAXPROCS by default).
func parallelism() int {
	if f := flag.Lookup("test.parallel"); f != nil {
		if n, err := strconv.Atoi(f.Value.String()); err == nil && n > 0 {
			return n
		}
	}
	return 1
}

// take lends a database for the rest of the test t; callers empty it
// (reset) before use.
func (p *dbPool) take(t *testing.T) *testDB {
	t.Helper()
	if p.free == nil {
		return p.fresh(t)
	}
	db := <-p.free
	t.Cleanup(func() { p.free <- db })
	return db
}
