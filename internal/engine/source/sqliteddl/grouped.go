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

// maxKeyedGlobals is the number of statements every database runs
// (transaction control, PRAGMA foreign_keys) above which a group's
// results are not remembered: its key interleaves them with the group's
// statements, and a file with thousands of them would make keys costly.
const maxKeyedGlobals = 16

// parseGrouped reads files made only of CREATE statements with distinct
// names (see planGroups) in several in-memory databases, in parallel, and
// reads them back as one schema. A group whose statements (interleaved
// with the statements every database runs) the reader has executed before
// is not executed again: its part is taken from r.parts. It reports false
// when the files do not qualify or anything fails: parseOne then reads
// them in one database and gives SQLite's first error exactly as a
// statement-by-statement read does.
func (r *Reader) parseGrouped(files []schema.File) (*schema.Schema, bool) {
	stmts, ok := executable(files)
	if !ok || len(stmts) < minGrouped {
		return nil, false
	}
	p, ok := planGroups(stmts)
	if !ok {
		return nil, false
	}
	parts := make([]*sqliteinspect.Part, len(p.groups))
	var keys []string
	var missing []int
	if len(p.global) <= maxKeyedGlobals {
		keys = make([]string, len(p.groups))
		for g, idx := range p.groups {
			keys[g] = groupKey(stmts, idx, p.global)
			parts[g] = r.parts[keys[g]]
		}
	}
	for g := range p.groups {
		if parts[g] == nil {
			missing = append(missing, g)
		}
	}
	if !r.execute(stmts, p, missing, parts) {
		return nil, false
	}
	if keys != nil {
		for _, g := range missing {
			r.parts[keys[g]] = parts[g]
		}
	}
	s := sqliteinspect.Assemble(parts)
	tr := newTracker()
	for _, st := range stmts {
		tr.record(st.src, st.st)
	}
	tr.apply(s)
	return s, true
}

// groupKey is what a database running only group idx would execute: its
// statements and the global ones, in file order. Two groups with the same
// key leave the same objects.
func groupKey(stmts []statement, idx, global []int) string {
	var b strings.Builder
	i, j := 0, 0
	for i < len(idx) || j < len(global) {
		var k int
		if j >= len(global) || i < len(idx) && idx[i] < global[j] {
			k, i = idx[i], i+1
		} else {
			k, j = global[j], j+1
		}
		b.WriteString(stmts[k].st.Text)
		b.WriteByte(0)
	}
	return b.String()
}

// execute runs the missing groups of p in several in-memory databases, in
// parallel, and sets each one's part in parts. It reports false when any
// statement or read fails.
func (r *Reader) execute(stmts []statement, p plan, missing []int, parts []*sqliteinspect.Part) bool {
	if len(missing) == 0 {
		return true
	}
	batches := batch(p.groups, missing, databaseStatements)
	// Which group each table, view and trigger belongs to.
	groupOf := map[string]int{}
	for g, idx := range p.groups {
		for _, i := range idx {
			obj := p.objs[i]
			groupOf[objectKey(obj.kind == "TRIGGER", obj.key)] = g
		}
	}
	ctx := context.Background()
	var failed atomic.Bool
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(batches)) {
		wg.Go(func() {
			for b := range next {
				if failed.Load() {
					continue
				}
				got, err := runBatch(ctx, stmts, p.global, p.groups, batches[b], groupOf)
				if err != nil {
					failed.Store(true)
					continue
				}
				for i, g := range batches[b] {
					parts[g] = got[i]
				}
			}
		})
	}
	for b := range batches {
		next <- b
	}
	close(next)
	wg.Wait()
	return !failed.Load()
}

// objectKey names an object in groupOf: triggers have a namespace of
// their own.
func objectKey(trigger bool, folded string) string {
	if trigger {
		return "trigger\x00" + folded
	}
	return folded
}

// runBatch executes the groups gs (and the global statements) in a new
// in-memory database and reads it back, one part per group.
func runBatch(ctx context.Context, stmts []statement, global []int, groups [][]int, gs []int, groupOf map[string]int) ([]*sqliteinspect.Part, error) {
	db, conn, err := openMemory(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	defer conn.Close()
	var idx []int
	local := make(map[int]int, len(gs))
	for i, g := range gs {
		idx = append(idx, groups[g]...)
		local[g] = i
	}
	idx = append(idx, global...)
	slices.Sort(idx)
	// The database is thrown away after reading: unless the file controls
	// transactions itself (a ROLLBACK needs the journal), no journal, no
	// syncing, and one transaction around every statement.
	setup := "PRAGMA page_size = " + pageSize
	own := len(global) == 0
	if own {
		setup += "; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN"
	}
	if _, err := conn.ExecContext(ctx, setup); err != nil {
		return nil, err
	}
	if err := execAll(ctx, conn, stmts, idx); err != nil {
		return nil, err
	}
	if own {
		if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
			return nil, err
		}
	}
	return sqliteinspect.ReadParts(ctx, conn, sqliteinspect.Options{}, len(gs), func(kind, name string) int {
		g, ok := groupOf[objectKey(kind == sqliteinspect.KindTrigger, foldName(name))]
		if !ok {
			return -1
		}
		if i, ok := local[g]; ok {
			return i
		}
		return -1
	})
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

// batch packs the groups gs into databases of about size statements
// each, and returns each database's groups.
func batch(groups [][]int, gs []int, size int) [][]int {
	var out [][]int
	var cur []int
	n := 0
	for _, g := range gs {
		if len(cur) > 0 && n+len(groups[g]) > size {
			out = append(out, cur)
			cur, n = nil, 0
		}
		cur = append(cur, g)
		n += len(groups[g])
	}
	if len(cur) > 0 {
		out = append(out, cur)
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
