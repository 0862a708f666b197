package knex

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Options name the new migration.
type Options struct {
	// Name is the migration's name before slugifying; empty means
	// "migration".
	Name string
	// Now is the generation time; the zero value means time.Now().
	Now time.Time
	// Style is the module style for a history with no migration yet (a
	// project whose knexfile is TypeScript passes TypeScript); a history
	// with migrations keeps the style of its newest one.
	Style Style
}

// Files returns the new migration file for the plan, as a path inside the
// history's directory: <dir>/<YYYYMMDDHHMMSS>_<name><ext>. An empty plan
// gives no file. h may be nil (a new project: CommonJS, path relative to
// ""). The timestamp sorts after every existing migration; an existing
// name that would still sort after the new one is an error.
func Files(p *plan.Plan, h *History, opts Options) ([]schema.File, error) {
	if h == nil {
		h = &History{}
	}
	style, ext := h.Style, h.Ext
	if len(h.Migrations) == 0 {
		style, ext = opts.Style, ".js"
		if style == TypeScript {
			ext = ".ts"
		}
	}
	if p == nil || !hasStatements(p) {
		return nil, nil
	}
	d, err := dialect.Lookup(p.Dialect, p.Version.String())
	if err != nil {
		d, err = dialect.Lookup(p.Dialect, "")
		if err != nil {
			return nil, fmt.Errorf("knex migration: %w", err)
		}
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	slug := Slug(opts.Name)
	if slug == "" {
		slug = "migration"
	}
	if ext == "" {
		ext = ".js"
	}
	name := NextTimestamp(h.Migrations, now).Format(TimestampLayout) + "_" + slug + ext
	for _, e := range h.Migrations {
		if e >= name {
			return nil, fmt.Errorf("existing migration %q would sort after the new %q: Knex runs migrations in name order", e, name)
		}
	}
	text := render(p, d, style, strings.TrimSuffix(name, ext))
	return []schema.File{{Path: path.Join(h.Dir, name), Data: []byte(text)}}, nil
}

func hasStatements(p *plan.Plan) bool {
	for _, s := range p.Steps {
		if len(s.Up) > 0 || len(s.Down) > 0 {
			return true
		}
	}
	return false
}

// NeedsOwnTransactions reports whether the migration must be run with
// Knex's transaction turned off (config = { transaction: false }): a step
// refuses a transaction block, or must not share the transaction of the
// steps before it.
func NeedsOwnTransactions(p *plan.Plan) bool {
	for i, s := range p.Steps {
		if len(s.Up) == 0 && len(s.Down) == 0 {
			continue
		}
		if !s.Transactional || s.NewTransaction && i > 0 {
			return true
		}
	}
	return false
}

// group is a run of steps with one transaction mode.
type group struct {
	steps         []*plan.Step
	transactional bool
}

// groups cuts the steps of one direction into runs: consecutive
// transactional steps share a transaction (up to a NewTransaction step,
// in the up direction); every other step runs on its own.
func groups(p *plan.Plan, up bool) []group {
	var out []group
	steps := p.Steps
	if !up {
		steps = make([]*plan.Step, 0, len(p.Steps))
		for i := len(p.Steps) - 1; i >= 0; i-- {
			steps = append(steps, p.Steps[i])
		}
	}
	for _, s := range steps {
		if len(statements(s, up)) == 0 {
			continue
		}
		n := len(out)
		if n > 0 && out[n-1].transactional && s.Transactional && !(up && s.NewTransaction) {
			out[n-1].steps = append(out[n-1].steps, s)
			continue
		}
		out = append(out, group{steps: []*plan.Step{s}, transactional: s.Transactional})
	}
	return out
}

func statements(s *plan.Step, up bool) []string {
	if up {
		return s.Up
	}
	return s.Down
}
