package facts

import (
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Rates are how fast a dialect works through a table, in megabytes of
// table (indexes included, as TableBytes measures it) per second.
type Rates struct {
	// Rewrite: a table rewrite (ALTER COLUMN TYPE integer to bigint; on
	// MariaDB/MySQL a table copy; on SQLite the planner's rebuild).
	Rewrite float64
	// IndexBuild: building one b-tree index on an integer column.
	IndexBuild float64
	// Scan: a validation scan (VALIDATE CONSTRAINT of a CHECK on
	// PostgreSQL; a full scan with a predicate elsewhere, as a check or
	// foreign key validation does).
	Scan float64
}

// MeasuredRates are the rates by dialect name, measured by
// BenchmarkMeasureRates (measure_test.go: go test ./internal/engine/facts
// -run '^$' -bench MeasureRates -benchtime 1x -v) on this project's
// development machine: 2 cores shared with other work, PostgreSQL 15.20,
// MariaDB 10.11.19 (InnoDB, default buffer pool), modernc.org/sqlite
// v1.62.0 on a temporary file (WAL), in November 2026. Each builds a table of
// 1.2 million rows (a bigint key, an integer and a 96-character text
// column: 193 MB on PostgreSQL, 164 MB on MariaDB, 131 MB on SQLite), then times a validation scan, an index build on the
// integer and a rewrite of the integer to bigint. The table was cached
// in memory, as a hot production table is; a cold or busier server is
// slower, so the estimates are a lower bound. MySQL uses MariaDB's rates.
var MeasuredRates = map[string]Rates{
	"postgres": {Rewrite: 21.0, IndexBuild: 35.9, Scan: 445.3},
	"mariadb":  {Rewrite: 5.6, IndexBuild: 26.9, Scan: 86.7},
	"mysql":    {Rewrite: 5.6, IndexBuild: 26.9, Scan: 86.7},
	"sqlite":   {Rewrite: 15.7, IndexBuild: 38.8, Scan: 96.5},
}

// estimate is the time to go through bytes at rate MB/s.
func estimate(bytes int64, rate float64) (time.Duration, bool) {
	if rate <= 0 {
		return 0, false
	}
	return time.Duration(float64(bytes) / (rate * (1 << 20)) * float64(time.Second)), true
}

// durations estimates each step that scans or rewrites an existing table,
// and for each table the longest of its steps (what RewriteDuration
// reports).
func (c *collector) durations() {
	for _, st := range c.plan.Steps {
		if !st.Rewrite && !st.Scan {
			continue
		}
		t := c.stepTable(st)
		if t == nil {
			continue
		}
		z, ok := c.sizes[t.Name]
		if !ok || !z.bytesOK {
			continue
		}
		rate := c.opts.Rates.Scan
		switch {
		case st.Rewrite:
			rate = c.opts.Rates.Rewrite
		case buildsIndex(st.Change):
			rate = c.opts.Rates.IndexBuild
		}
		d, ok := estimate(z.bytes, rate)
		if !ok {
			continue
		}
		c.m.steps[st] = d
		for _, key := range c.names(t.Name) {
			if d > c.m.Durations[key] {
				c.m.Durations[key] = d
			}
		}
	}
}

// stepTable is the existing table a step works through.
func (c *collector) stepTable(st *plan.Step) *schema.Table {
	for _, t := range st.Lock.Tables {
		if tb := c.table(t); tb != nil {
			return tb
		}
	}
	for _, t := range changeTables(st.Change) {
		if tb := c.table(t); tb != nil {
			return tb
		}
	}
	return nil
}

func buildsIndex(ch schema.Change) bool {
	switch ch.(type) {
	case *schema.AddIndex, *schema.AddUnique, *schema.AddPrimaryKey:
		return true
	}
	return false
}
