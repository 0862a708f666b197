package sqliteddl

import (
	"context"
	"database/sql"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	sqliteinspect "github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite"
	"github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite/sqltext"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// databaseStatements is about how many statements one database of a
// grouped read runs: small enough that SQLite's per-statement catalog scan
// stays cheap, large enough that opening databases costs little.
var databaseStatements = 64

// pageSize is the page size of a grouped read's databases: the engine's
// allocator serves blocks this small from its slabs, where the default
// 4,096-byte pages (with the page cache's header) each take a mapping of
// their own.
var pageSize = "1024"

// minGrouped is the number of statements below which one database is
// as fast as several.
var minGrouped = 2 * databaseStatements

// parseGrouped reads files made only of CREATE statements with distinct
// names (see planGroups) in several in-memory databases, in parallel, and
// reads them back as one schema. It reports false when the files do not
// qualify or anything fails: parseOne then reads them in one database and
// gives SQLite's first error exactly as a statement-by-statement read does.
func parseGrouped(files []schema.File) (*schema.Schema, bool) {
	stmts, ok := executable(files)
	if !ok || len(stmts) < minGrouped {
		return nil, false
	}
	p, ok := planGroups(stmts)
	if !ok {
		return nil, false
	}
	batches := batch(p, databaseStatements)
	ctx := context.Background()
	conns := make([]*sql.Conn, len(batches))
	dbs := make([]*sql.DB, len(batches))
	defer func() {
		// Closing frees every page of a database: in parallel too.
		var wg sync.WaitGroup
		for w := range min(runtime.GOMAXPROCS(0), len(conns)) {
			wg.Go(func() {
				for i := w; i < len(conns); i += runtime.GOMAXPROCS(0) {
					if conns[i] != nil {
						conns[i].Close()
					}
					if dbs[i] != nil {
						dbs[i].Close()
					}
				}
			})
		}
		wg.Wait()
	}()
	var failed atomic.Bool
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(batches)) {
		wg.Go(func() {
			for b := range next {
				db, conn, err := openMemory(ctx)
				if err == nil {
					dbs[b], conns[b] = db, conn
					_, err = conn.ExecContext(ctx, "PRAGMA page_size = "+pageSize)
				}
				if err == nil {
					err = execAll(ctx, conn, stmts, batches[b])
				}
				if err != nil {
					failed.Store(true)
				}
			}
		})
	}
	for b := range batches {
		next <- b
	}
	close(next)
	wg.Wait()
	if failed.Load() {
		return nil, false
	}
	qs := make([]sqliteinspect.Querier, len(conns))
	for i, c := range conns {
		qs[i] = c
	}
	s, err := sqliteinspect.InspectSplit(ctx, qs, sqliteinspect.Options{})
	if err != nil {
		return nil, false
	}
	tr := newTracker()
	for _, st := range stmts {
		tr.record(st.src, st.st)
	}
	tr.apply(s)
	return s, true
}

// executable lists the statements of the files that are executed, or
// reports false when a file has a NUL byte or a statement is refused
// (parseOne reports that error where it belongs in file order).
func executable(files []schema.File) ([]statement, bool) {
	var stmts []statement
	for _, f := range files {
		src := newSource(f)
		if strings.IndexByte(src.text, 0) >= 0 {
			return nil, false
		}
		for _, st := range sqltext.Split(src.text) {
			execute, err := src.check(st)
			if err != nil {
				return nil, false
			}
			if execute {
				stmts = append(stmts, statement{src: src, st: st})
			}
		}
	}
	return stmts, true
}

// batch packs the groups into databases of about size statements each;
// every database also runs the statements all of them run. Each database's
// statements are in file order.
func batch(p plan, size int) [][]int {
	var out [][]int
	var cur []int
	for _, g := range p.groups {
		if len(cur) > 0 && len(cur)+len(g) > size {
			out = append(out, cur)
			cur = nil
		}
		cur = append(cur, g...)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	for i := range out {
		out[i] = append(out[i], p.global...)
		slices.Sort(out[i])
	}
	return out
}

// execAll executes the statements at idx, in order, on conn.
func execAll(ctx context.Context, conn *sql.Conn, stmts []statement, idx []int) error {
	for _, i := range idx {
		if _, err := conn.ExecContext(ctx, stmts[i].st.Text); err != nil {
			return err
		}
	}
	return nil
}
