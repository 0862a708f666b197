package sqlddl

import (
	"runtime"
	"strings"
	"sync"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Parser reads SQL DDL for one dialect and parses each distinct statement
// text once, however many times it is read: the base and the head of a
// pull request share most of their statements, so a Parser that read the
// base parses only the head's new or changed statements.
//
// A Parser is not safe for concurrent use; it holds the parse trees of
// everything it read until it is dropped, so use one per plan.
type Parser struct {
	d *dialect.Dialect
	// trees maps a statement's text to its parse tree. The trees are
	// shared by every read of that text and are never modified.
	trees map[string]tree
	// defaults remembers canonical column defaults (columnDefault).
	defaults map[defaultKey]schema.Default
}

// tree is a parsed statement and the offset its text had in the batch it
// was parsed from: node locations count from the batch's start.
type tree struct {
	node *pg.Node
	off  int
}

// NewParser returns a Parser for dialect d.
func NewParser(d *dialect.Dialect) *Parser {
	return &Parser{d: d, trees: map[string]tree{}, defaults: map[defaultKey]schema.Default{}}
}

// Parse reads SQL DDL files, in order, into one schema, as the package
// function Parse does; statements the Parser has read before are not
// parsed again. Errors are *schema.PosError.
func (p *Parser) Parse(files ...schema.File) (*schema.Schema, error) {
	if p == nil || p.d == nil {
		return nil, schema.Errorf(schema.Pos{}, "sqlddl: no dialect given")
	}
	switch p.d.Name {
	case "postgres":
		return parsePostgres(p, files)
	}
	pos := schema.Pos{}
	if len(files) > 0 {
		pos.File = files[0].Path
	}
	return nil, schema.Errorf(pos, "sqlddl: the %s dialect has no SQL reader yet; supported: postgres", p.d.Name)
}

// batchSize is the length of the batches of statements given to pg_query
// at once. pg_query's parse time grows faster than its input (a 64 KiB
// text takes about 25 times as long as 16 KiB, and 8 KiB about twice as
// long per byte as 2 KiB, on pg_query_go v6), while each call has a fixed
// cost; about 2 KiB is the cheapest per byte.
const batchSize = 2 << 10

// statements parses a file into statements, in order, reusing the trees
// of statement texts read before and parsing the new ones in batches, in
// parallel.
func (p *Parser) statements(f *sourceFile) ([]stmt, error) {
	if i := strings.IndexByte(f.text, 0); i >= 0 {
		return nil, &schema.PosError{Pos: f.pos(i), Msg: "the file contains a NUL byte; SQL text cannot"}
	}
	spans, ok := splitStatements(f.text)
	if !ok {
		return f.parseWhole()
	}
	// The new statement texts, once each, cut into batches.
	var batches []batch
	queued := map[string]bool{}
	cur := batch{}
	for _, sp := range spans {
		text := f.text[sp.start:sp.end]
		if _, ok := p.trees[text]; ok || queued[text] {
			continue
		}
		queued[text] = true
		cur.add(text)
		if cur.text.Len() >= batchSize {
			batches = append(batches, cur)
			cur = batch{}
		}
	}
	if len(cur.stmts) > 0 {
		batches = append(batches, cur)
	}
	if !parseBatches(batches) {
		// A syntax error, or a cut pg_query disagrees with: parsing the
		// whole file gives the true statements or the true error.
		return f.parseWhole()
	}
	for _, b := range batches {
		for i, text := range b.stmts {
			p.trees[text] = b.trees[i]
		}
	}
	out := make([]stmt, 0, len(spans))
	for _, sp := range spans {
		t := p.trees[f.text[sp.start:sp.end]]
		out = append(out, stmt{node: t.node, file: f, base: sp.start - t.off, loc: sp.start})
	}
	return out, nil
}

// batch is statements parsed by one pg_query call.
type batch struct {
	text  strings.Builder
	stmts []string // the statements' texts
	offs  []int    // their offsets in text
	trees []tree   // their trees, once parsed
}

// add appends a statement; one not ended by a semicolon is ended on a
// line of its own (it may end in a line comment).
func (b *batch) add(s string) {
	b.stmts = append(b.stmts, s)
	b.offs = append(b.offs, b.text.Len())
	b.text.WriteString(s)
	if strings.HasSuffix(s, ";") {
		b.text.WriteByte('\n')
	} else {
		b.text.WriteString("\n;\n")
	}
}

// parse parses the batch and checks that pg_query found exactly its
// statements, one each, starting where they were cut.
func (b *batch) parse() bool {
	text := b.text.String()
	res, err := pg.Parse(text)
	if err != nil {
		return false
	}
	b.trees = make([]tree, 0, len(b.stmts))
	for _, rs := range res.Stmts {
		if rs.Stmt == nil {
			continue
		}
		i := len(b.trees)
		loc := skipBlank(text, int(rs.StmtLocation))
		if i == len(b.stmts) || b.offs[i] != loc {
			return false
		}
		b.trees = append(b.trees, tree{node: rs.Stmt, off: loc})
	}
	return len(b.trees) == len(b.stmts)
}

// parseBatches parses the batches over all processors; it reports false
// if any batch fails.
func parseBatches(batches []batch) bool {
	if len(batches) == 1 {
		return batches[0].parse()
	}
	ok := make([]bool, len(batches))
	workers := min(runtime.GOMAXPROCS(0), len(batches))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				ok[i] = batches[i].parse()
			}
		})
	}
	for i := range batches {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, v := range ok {
		if !v {
			return false
		}
	}
	return true
}
