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

// side is one schema a grouped read reads: its statements, their groups,
// each group's key (nil when not remembered) and part, and the tracker
// that follows positions and rename hints.
type side struct {
	files   []schema.File
	stmts   []statement
	p       plan
	grouped bool
	keys    []string
	parts   []*sqliteinspect.Part
	missing []int
	failed  atomic.Bool
	tr      *tracker
	out     *schema.Schema
}

// parseGrouped reads each side made only of CREATE statements with
// distinct names (see planGroups) in several in-memory databases, in
// parallel, and reads each back as one schema into its out. A group whose
// statements (interleaved with the statements every database runs) the
// reader has executed before, or that an earlier side also has, is
// executed once: its part is taken from r.parts. A side that does not
// qualify or whose read fails is left with out nil: parseOne then reads it
// in one database and gives SQLite's first error exactly as a
// statement-by-statement read does.
func (r *Reader) parseGrouped(sides []*side) {
	forEach(len(sides), func(i int) { sides[i].prepare() })
	// Which side and group executes each key not yet read.
	type ref struct{ side, group int }
	pending := map[string]ref{}
	var later []func()
	for i, sd := range sides {
		if !sd.grouped {
			continue
		}
		for g := range sd.p.groups {
			if sd.keys == nil {
				sd.missing = append(sd.missing, g)
				continue
			}
			k := sd.keys[g]
			if part := r.parts[k]; part != nil {
				sd.parts[g] = part
			} else if at, ok := pending[k]; ok {
				later = append(later, func() { sd.parts[g] = sides[at.side].parts[at.group] })
			} else {
				pending[k] = ref{i, g}
				sd.missing = append(sd.missing, g)
			}
		}
	}
	// Positions and rename hints are followed, side after side (a CREATE
	// TABLE read for one side is not parsed again for the next), while
	// SQLite executes.
	tracked := make(chan struct{})
	go func() {
		defer close(tracked)
		for _, sd := range sides {
			if !sd.grouped {
				continue
			}
			sd.tr = newTracker()
			sd.tr.columns = r.columns
			for _, st := range sd.stmts {
				sd.tr.record(st.src, st.st)
			}
		}
	}()
	execute(sides)
	<-tracked
	for _, f := range later {
		f()
	}
	for _, sd := range sides {
		if !sd.grouped || sd.failed.Load() {
			continue
		}
		for _, g := range sd.missing {
			if sd.keys != nil && sd.parts[g] != nil {
				r.parts[sd.keys[g]] = sd.parts[g]
			}
		}
	}
	forEach(len(sides), func(i int) {
		sd := sides[i]
		if !sd.grouped || sd.failed.Load() || slices.Contains(sd.parts, nil) {
			return
		}
		sd.out = sqliteinspect.Assemble(sd.parts)
		sd.tr.apply(sd.out)
	})
}

// prepare splits the side's files into statements and groups, and keys
// the groups.
func (sd *side) prepare() {
	stmts, ok := executable(sd.files)
	if !ok || len(stmts) < minGrouped {
		return
	}
	p, ok := planGroups(stmts)
	if !ok {
		return
	}
	sd.stmts, sd.p, sd.grouped = stmts, p, true
	sd.parts = make([]*sqliteinspect.Part, len(p.groups))
	if len(p.global) <= maxKeyedGlobals {
		sd.keys = make([]string, len(p.groups))
		for g, idx := range p.groups {
			sd.keys[g] = groupKey(stmts, idx, p.global)
		}
	}
}

// forEach runs f(0) ... f(n-1) on their own goroutines and waits for them.
func forEach(n int, f func(int)) {
	if n == 1 {
		f(0)
		return
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { f(i) })
	}
	wg.Wait()
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

// execute runs the missing groups of every side in several in-memory
// databases, in parallel, and sets each one's part; a side any of whose
// statements or reads fails is marked failed.
func execute(sides []*side) {
	type job struct {
		sd     *side
		groups []int
	}
	var jobs []job
	groupOf := make([]map[string]int, len(sides))
	for i, sd := range sides {
		if !sd.grouped || len(sd.missing) == 0 {
			continue
		}
		for _, gs := range batch(sd.p.groups, sd.missing, databaseStatements) {
			jobs = append(jobs, job{sd, gs})
		}
		// Which group each table, view and trigger belongs to.
		groupOf[i] = map[string]int{}
		for g, idx := range sd.p.groups {
			for _, k := range idx {
				obj := sd.p.objs[k]
				groupOf[i][objectKey(obj.kind == "TRIGGER", obj.key)] = g
			}
		}
	}
	at := map[*side]int{}
	for i, sd := range sides {
		at[sd] = i
	}
	ctx := context.Background()
	next := make(chan job)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for j := range next {
				sd := j.sd
				if sd.failed.Load() {
					continue
				}
				got, err := runBatch(ctx, sd.stmts, sd.p.global, sd.p.groups, j.groups, groupOf[at[sd]])
				if err != nil {
					sd.failed.Store(true)
					continue
				}
				for i, g := range j.groups {
					sd.parts[g] = got[i]
				}
			}
		})
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
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
