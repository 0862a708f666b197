package facts

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Querier runs a query. Pass a *sql.DB or *sql.Conn: Collect then opens
// its own read-only transaction on one connection. A *sql.Tx is used as
// it is and must be read-only.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Options bound what Collect costs the target database.
type Options struct {
	// StatementTimeout bounds every query (default 5s). A query that
	// runs longer is cancelled by the server and its fact is unknown.
	StatementTimeout time.Duration
	// ExactCountBelow: tables whose statistics estimate fewer rows than
	// this are counted exactly (default 100,000); bigger ones keep the
	// estimate, and on PostgreSQL their NULL, violation, enum and fit
	// counts are estimated from a sample.
	ExactCountBelow int64
	// SampleRows is about how many rows a TABLESAMPLE reads on a big
	// PostgreSQL table (default 100,000).
	SampleRows int64
	// CountLimit stops counting offending rows (orphans, NULLs on
	// dialects without sampling) at this many (default 1,000,000); a
	// count that reaches it is a lower bound.
	CountLimit int64
	// Rates replaces the measured rates of the dialect (zero: use
	// MeasuredRates).
	Rates Rates
}

func (o Options) withDefaults() Options {
	if o.StatementTimeout <= 0 {
		o.StatementTimeout = 5 * time.Second
	}
	if o.ExactCountBelow <= 0 {
		o.ExactCountBelow = 100_000
	}
	if o.SampleRows <= 0 {
		o.SampleRows = 100_000
	}
	if o.CountLimit <= 0 {
		o.CountLimit = 1_000_000
	}
	return o
}

// Measured are the facts Collect read. It implements lint.Facts through
// the embedded MapFacts (keyed as MapFacts documents), and says which
// numbers are estimates and which could not be read.
type Measured struct {
	lint.MapFacts
	// Estimated maps a fact ("rows public.orders", "nulls
	// public.users.email") to how it was estimated ("statistics", "1.5%
	// sample", "at least: counting stopped"); facts not listed are exact.
	Estimated map[string]string
	// Unknown lists the facts the plan needed that could not be read.
	Unknown []Unknown

	steps map[*plan.Step]time.Duration
}

// Unknown is a fact that could not be read.
type Unknown struct {
	// Fact names it as Estimated does.
	Fact string
	// Reason is a sentence for the report ("timed out after 5s").
	Reason string
	// Err is the driver's error, for logs only: it may quote data
	// values, so it never goes into a report.
	Err error
}

// StepDuration is the estimated time the step runs: its table's size at
// the measured rate of what the step does (a rewrite, an index build, a
// validation scan). ok is false for steps that neither scan nor rewrite an
// existing table, or whose table size is unknown.
func (m *Measured) StepDuration(s *plan.Step) (time.Duration, bool) {
	d, ok := m.steps[s]
	return d, ok
}

// Collect reads from the database q is connected to (the target: a
// staging copy or a production replica, in its state before the
// migration) the facts the plan's steps need, for the lint rules. from is
// the schema before the migration: tables and columns are looked up in it.
// Facts that cannot be read (a timeout, a failing query) are left unknown;
// the error is for what stops the whole run (no transaction, an
// unsupported dialect).
func Collect(ctx context.Context, q Querier, d *dialect.Dialect, from *schema.Schema, p *plan.Plan, opts Options) (lint.Facts, error) {
	opts = opts.withDefaults()
	if opts.Rates == (Rates{}) {
		opts.Rates = MeasuredRates[d.Name]
	}
	s, err := open(ctx, q, d, opts)
	if err != nil {
		return nil, fmt.Errorf("facts: %w", err)
	}
	c := &collector{s: s, d: d, from: from, plan: p, opts: opts, m: newMeasured(), sizes: map[schema.QName]size{}}
	c.run(ctx)
	if err := s.close(); err != nil {
		return nil, fmt.Errorf("facts: end transaction: %w", err)
	}
	return c.m, nil
}

func newMeasured() *Measured {
	return &Measured{MapFacts: lint.MapFacts{
		Rows: map[string]int64{}, Bytes: map[string]int64{}, Nulls: map[string]int64{},
		Duplicates: map[string]int64{}, OrphanRows: map[string]int64{}, Violating: map[string]int64{},
		EnumUses: map[string]int64{}, NotFitting: map[string]int64{}, Durations: map[string]time.Duration{},
	}, Estimated: map[string]string{}, steps: map[*plan.Step]time.Duration{}}
}
