// Package migration composes the engine: it diffs two schemas, plans the
// changes for a dialect, and proves the plan converges: applying the changes
// its steps carry to the source model must give the target model. Anything
// left over is an error wrapping plan.ErrUnsupported that names the
// remaining difference, never a silently incomplete plan.
package migration

import (
	"errors"
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Options tune one generation.
type Options struct {
	// Renames are the renames the user confirmed (--rename OLD=NEW).
	Renames []diff.Rename
}

// Result is what Generate found and planned.
type Result struct {
	// Changes are the differences between the two schemas.
	Changes []schema.Change
	// LikelyRenames are drop+add pairs that look like renames; the plan
	// keeps them as drop+add until the user confirms them.
	LikelyRenames []diff.LikelyRename
	// Plan takes the source schema to the target.
	Plan *plan.Plan
}

// ErrNotConverged is wrapped (together with plan.ErrUnsupported) when the
// plan does not take the source to the target.
var ErrNotConverged = errors.New("plan does not reach the target schema")

// Generate diffs from against to, plans the changes for d and checks that
// the plan converges.
func Generate(from, to *schema.Schema, d *dialect.Dialect, opts Options) (*Result, error) {
	if from == nil {
		from = &schema.Schema{Dialect: d.Name}
	}
	if to == nil {
		to = &schema.Schema{Dialect: d.Name}
	}
	dr, err := diff.Diff(from, to, diff.Options{Renames: opts.Renames})
	if err != nil {
		return nil, fmt.Errorf("diff: %w", err)
	}
	p, err := plan.Build(dr.Changes, from, to, d)
	if err != nil {
		return nil, fmt.Errorf("plan for %s %s: %w", d.Name, d.Version, err)
	}
	if err := Converges(from, to, p); err != nil {
		return nil, err
	}
	return &Result{Changes: dr.Changes, LikelyRenames: dr.LikelyRenames, Plan: p}, nil
}

// Converges applies the changes carried by the plan's steps, in step order,
// to a copy of from and reports any difference from to.
func Converges(from, to *schema.Schema, p *plan.Plan) error {
	applied := from.Clone()
	seen := make(map[schema.Change]bool, len(p.Steps))
	changes := make([]schema.Change, 0, len(p.Steps))
	for _, s := range p.Steps {
		if s.Change == nil || seen[s.Change] {
			continue
		}
		seen[s.Change] = true
		changes = append(changes, s.Change)
	}
	// One Apply call: it indexes the schema's tables once.
	if err := schema.Apply(applied, changes...); err != nil {
		var ae *schema.ApplyError
		if errors.As(err, &ae) {
			return fmt.Errorf("%w: %w: step %s: %v", plan.ErrUnsupported, ErrNotConverged, ae.Change.Kind(), err)
		}
		return fmt.Errorf("%w: %w: %v", plan.ErrUnsupported, ErrNotConverged, err)
	}
	if d := schema.Differences(applied, to); len(d) > 0 {
		const max = 20
		more := ""
		if len(d) > max {
			more = fmt.Sprintf("\n  ... and %d more", len(d)-max)
			d = d[:max]
		}
		return fmt.Errorf("%w: %w; left over:\n  %s%s", plan.ErrUnsupported, ErrNotConverged, strings.Join(d, "\n  "), more)
	}
	return nil
}
