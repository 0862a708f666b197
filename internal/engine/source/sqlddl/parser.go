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
// base parses only the head's new or changed statements. ParseEach reads
// several schemas at once, in parallel.
//
// A Parser is not safe for concurrent use; it holds the parse trees of
// everything it read until it is dropped, so use one per plan.
type Parser struct {
	d *dialect.Dialect
	// trees maps a statement's text to its parse tree. The trees are
	// shared by every read of that text and are never modified.
	trees map[string]tree
}

// tree is a parsed statement and the offset its text had in the batch it
// was parsed from: node locations count from the batch's start.
type tree struct {
	node *pg.Node
	off  int
}

// NewParser returns a Parser for dialect d.
func NewParser(d *dialect.Dialect) *Parser {
	return &Parser{d: d, trees: map[string]tree{}}
}

// Parse reads SQL DDL files, in order, into one schema, as the package
// function Parse does; statements the Parser has read before are not
// parsed again. Errors are *schema.PosError.
func (p *Parser) Parse(files ...schema.File) (*schema.Schema, error) {
	out, err := p.ParseEach(files)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// ParseEach reads several schemas, each from its own files in order (a
// base and a head), as Parse reads each: the statements they share are
// parsed once, and the schemas are read in parallel. On error, which is
// the first side's error in order, the schemas of the sides before the
// failing one are set and the others are nil.
func (p *Parser) ParseEach(sides ...[]schema.File) ([]*schema.Schema, error) {
	out := make([]*schema.Schema, len(sides))
	if p == nil || p.d == nil {
		return out, schema.Errorf(schema.Pos{}, "sqlddl: no dialect given")
	}
	if p.d.Name != "postgres" {
		pos := schema.Pos{}
		for _, files := range sides {
			if len(files) > 0 {
				pos.File = files[0].Path
				break
			}
		}
		return out, schema.Errorf(pos, "sqlddl: the %s dialect has no SQL reader yet; supported: postgres", p.d.Name)
	}
	// Parse every file of every side first (all processors, each distinct
	// statement once); then read the sides, each on its own goroutine.
	parsed := make([][]parsedFile, len(sides))
	var all []*parsedFile
	for i, files := range sides {
		parsed[i] = make([]parsedFile, len(files))
		for j, f := range files {
			parsed[i][j].src = newSourceFile(f)
			all = append(all, &parsed[i][j])
		}
	}
	p.parseFiles(all)
	errs := make([]error, len(sides))
	if len(sides) == 1 {
		out[0], errs[0] = readPostgres(p.d, parsed[0])
	} else {
		var wg sync.WaitGroup
		for i := range sides {
			wg.Go(func() { out[i], errs[i] = readPostgres(p.d, parsed[i]) })
		}
		wg.Wait()
	}
	for i, err := range errs {
		if err != nil {
			clear(out[i:])
			return out, err
		}
	}
	return out, nil
}

// parsedFile is a file and its statements, or the error that parsing it
// gave (reported when the reader reaches the file).
type parsedFile struct {
	src   *sourceFile
	spans []span
	stmts []stmt
	err   error
}

// batchSize is the length of the batches of statements given to pg_query
// at once. pg_query's parse time grows faster than its input (a 64 KiB
// text takes about 25 times as long as 16 KiB, and 8 KiB about twice as
// long per byte as 2 KiB, on pg_query_go v6), while each call has a fixed
// cost; about 2 KiB is the cheapest per byte.
const batchSize = 2 << 10

// parseFiles parses files into statements, reusing the trees of
// statement texts read before and parsing the new ones, once each, in
// batches over all processors. A file with a syntax error, or whose
// statements the cut and pg_query see differently, is parsed whole.
func (p *Parser) parseFiles(files []*parsedFile) {
	var pending []*parsedFile
	for _, pf := range files {
		f := pf.src
		if i := strings.IndexByte(f.text, 0); i >= 0 {
			pf.err = &schema.PosError{Pos: f.pos(i), Msg: "the file contains a NUL byte; SQL text cannot"}
			continue
		}
		spans, ok := splitStatements(f.text)
		if !ok {
			pf.stmts, pf.err = f.parseWhole()
			continue
		}
		pf.spans = spans
		pending = append(pending, pf)
	}
	// The first round fills batches across files; a failed batch may
	// hold another file's statements, so the second round parses what
	// is missing file by file, and a file still missing some is parsed
	// whole, for the true statements or the true error.
	for round := 0; round < 2 && len(pending) > 0; round++ {
		batches := p.batches(pending, round == 0)
		parseBatches(batches)
		for _, b := range batches {
			if b.ok {
				for i, text := range b.stmts {
					p.trees[text] = b.trees[i]
				}
			}
		}
		var missing []*parsedFile
		for _, pf := range pending {
			if !p.assign(pf) {
				missing = append(missing, pf)
			}
		}
		pending = missing
	}
	for _, pf := range pending {
		pf.stmts, pf.err = pf.src.parseWhole()
	}
}

// batches cuts the statement texts of files that have no tree yet into
// batches, once each; across files if mix is set.
func (p *Parser) batches(files []*parsedFile, mix bool) []batch {
	var out []batch
	queued := map[string]bool{}
	cur := batch{}
	flush := func() {
		if len(cur.stmts) > 0 {
			out = append(out, cur)
			cur = batch{}
		}
	}
	for _, pf := range files {
		for _, sp := range pf.spans {
			text := pf.src.text[sp.start:sp.end]
			if _, ok := p.trees[text]; ok || queued[text] {
				continue
			}
			queued[text] = true
			cur.add(text)
			if cur.text.Len() >= batchSize {
				flush()
			}
		}
		if !mix {
			flush()
		}
	}
	flush()
	return out
}

// assign sets a file's statements from the trees of its texts; it
// reports false if some text has no tree.
func (p *Parser) assign(pf *parsedFile) bool {
	f := pf.src
	stmts := make([]stmt, 0, len(pf.spans))
	for _, sp := range pf.spans {
		t, ok := p.trees[f.text[sp.start:sp.end]]
		if !ok {
			return false
		}
		stmts = append(stmts, stmt{node: t.node, file: f, base: sp.start - t.off, loc: sp.start})
	}
	pf.stmts = stmts
	return true
}

// batch is statements parsed by one pg_query call.
type batch struct {
	text  strings.Builder
	stmts []string // the statements' texts
	offs  []int    // their offsets in text
	trees []tree   // their trees, once parsed
	ok    bool     // parsed, into exactly the statements cut
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

// parseBatches parses the batches over all processors.
func parseBatches(batches []batch) {
	if len(batches) == 1 {
		batches[0].ok = batches[0].parse()
		return
	}
	workers := min(runtime.GOMAXPROCS(0), len(batches))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				batches[i].ok = batches[i].parse()
			}
		})
	}
	for i := range batches {
		next <- i
	}
	close(next)
	wg.Wait()
}
