package rules

import (
	"fmt"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
)

// LongStep flags a step that, by the size of its table and the rates
// measured for the dialect, holds a lock blocking reads or writes for
// longer than the lock threshold (5 seconds unless set: --max-lock), or
// runs longer than the run threshold (5 minutes unless set: --max-step). While a blocking lock is
// held every query on the table waits, and requests queue behind it, so
// a rewrite or scan of a big table under such a lock is an outage; a very
// long step, even an online one, outlasts deploy windows and statement
// timeouts and holds back vacuum and replication. It needs data facts: a
// table's size or duration. Safe alternative: the online form of the step
// (CREATE INDEX CONCURRENTLY, NOT VALID then VALIDATE, a new column filled
// in batches instead of a type change, an online schema change tool such
// as gh-ost or pt-online-schema-change on MySQL), run outside peak hours
// with a statement timeout.
type LongStep struct {
	// LockThreshold is the longest a blocking lock may be held (zero: 5s).
	LockThreshold time.Duration
	// RunThreshold is the longest a step may run (zero: 5 minutes).
	RunThreshold time.Duration
}

// stepDurations is implemented by Facts that estimate each step by what
// it does (a rewrite, an index build, a validation scan), such as the
// facts package's Measured. Other Facts give one duration per table.
type stepDurations interface {
	StepDuration(s *plan.Step) (time.Duration, bool)
}

// Code implements lint.Rule.
func (LongStep) Code() string { return "MB419" }

// Severity implements lint.Rule.
func (LongStep) Severity() lint.Severity { return lint.Warning }

// Title implements lint.Rule.
func (LongStep) Title() string { return "Step holds a blocking lock or runs too long" }

// Doc implements lint.Rule.
func (LongStep) Doc() string { return docOf("LongStep") }

// Check implements lint.Rule.
func (r LongStep) Check(ctx *lint.Context) []lint.Finding {
	lockMax, runMax := r.LockThreshold, r.RunThreshold
	if lockMax <= 0 {
		lockMax = ctx.Options.MaxBlockingLock
	}
	if runMax <= 0 {
		runMax = ctx.Options.MaxStepDuration
	}
	if lockMax <= 0 {
		lockMax = 5 * time.Second
	}
	if runMax <= 0 {
		runMax = 5 * time.Minute
	}
	var out []lint.Finding
	for _, s := range steps(ctx) {
		if !(s.Scan || s.Rewrite) || !onExisting(s) || ctx.Facts == nil {
			continue
		}
		t := s.Lock.Tables[0]
		d, ok := ctx.Facts.RewriteDuration(t)
		if sd, isStep := ctx.Facts.(stepDurations); isStep {
			d, ok = sd.StepDuration(s.Step)
		}
		if !ok {
			continue
		}
		what := "scans"
		if s.Rewrite {
			what = "rewrites"
		}
		long := d > runMax
		locked := blocking(s) && d > lockMax
		if !long && !locked {
			continue
		}
		msg := fmt.Sprintf("step %d %s %s", s.n, what, t)
		if n, ok := ctx.Rows(t); ok {
			msg += " (" + plural(n, "row") + ")"
		}
		switch {
		case locked:
			msg += fmt.Sprintf(" holding %s for about %s, over the %s limit", lockPhrase(s), round(d), lockMax)
		default:
			msg += fmt.Sprintf(" for about %s, over the %s limit", round(d), runMax)
		}
		f := finding(s, r.Severity(), t, "", "%s", msg)
		f.Evidence = ctx.Evidence(t)
		f.Evidence.Duration = d
		out = append(out, f)
	}
	return out
}

// round keeps a duration readable: whole seconds, or tenths below 10s.
func round(d time.Duration) time.Duration {
	if d < 10*time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Second)
}
