package prismamig

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Options name the new migration.
type Options struct {
	// Name is the migration's name before slugifying ("add user email");
	// empty means "migration".
	Name string
	// Now is the generation time; the zero value means time.Now().
	Now time.Time
	// Provider is the project's datasource provider ("postgresql",
	// "mysql", "sqlite"). Empty: the history's lock file, else the plan's
	// dialect. A value that differs from the lock file is an error.
	Provider string
}

// ErrProviderMismatch is wrapped when the provider asked for, the lock
// file's and the plan's dialect do not agree.
var ErrProviderMismatch = errors.New("prisma provider mismatch")

// runner is how `prisma migrate deploy` runs a migration.sql on a provider.
type runner struct {
	// dialects are the plan dialects the provider covers.
	dialects []string
	// implicitTransaction: the script is sent as one multi-statement
	// query that the server runs as one implicit transaction block
	// (PostgreSQL's simple query protocol), so a statement that refuses a
	// transaction block must be alone in its migration.
	implicitTransaction bool
	// lockTimeout is the first statement of a transactional folder ("" for
	// none). On PostgreSQL SET LOCAL ends with the migration's implicit
	// transaction.
	lockTimeout string
}

// runners are the providers Files writes for, with Prisma's way of running
// their scripts (prisma-engines sql-schema-connector flavours:
// apply_migration_script sends the script with raw_cmd).
var runners = map[string]runner{
	"postgresql": {dialects: []string{"postgres"}, implicitTransaction: true, lockTimeout: "SET LOCAL lock_timeout = '10s'"},
	"sqlite":     {dialects: []string{"sqlite"}, lockTimeout: "PRAGMA busy_timeout = 10000"},
	"mysql":      {dialects: []string{"mysql", "mariadb"}, lockTimeout: "SET SESSION lock_wait_timeout = 10"},
}

// ProviderFor returns the Prisma provider for a plan dialect ("postgres"
// -> "postgresql", "mariadb" -> "mysql").
func ProviderFor(dialectName string) (string, error) {
	for name, r := range runners {
		for _, d := range r.dialects {
			if d == dialectName {
				return name, nil
			}
		}
	}
	return "", fmt.Errorf("no Prisma provider for dialect %q", dialectName)
}

// Folder is one migration folder Files writes, with what it contains.
type Folder struct {
	// Name is the folder's name, <timestamp>_<name>[_<n>].
	Name string
	// Steps are the plan steps (or, for a split step, its statements) the
	// folder carries out.
	Steps []*plan.Step
	// Alone is true when the folder holds one statement that must run
	// outside a transaction block.
	Alone bool
}

// Files returns the new migration folder(s) for the plan, as paths inside
// the history's directory (h.Dir), and migration_lock.toml when the history
// has none. An empty plan gives no files. h may be nil (a new project,
// files relative to "").
func Files(p *plan.Plan, h *History, opts Options) ([]schema.File, error) {
	folders, provider, writeLock, err := Layout(p, h, opts)
	if err != nil {
		return nil, err
	}
	dir := ""
	if h != nil {
		dir = h.Dir
	}
	var out []schema.File
	r := runners[provider]
	for _, f := range folders {
		out = append(out,
			schema.File{Path: path.Join(dir, f.Name, "migration.sql"), Data: []byte(render(f, r, true))},
			schema.File{Path: path.Join(dir, f.Name, "down.sql"), Data: []byte(render(f, r, false))})
	}
	if writeLock && len(out) > 0 {
		out = append(out, schema.File{Path: path.Join(dir, LockFileName), Data: []byte(LockFile(provider))})
	}
	return out, nil
}

// Layout decides the folders of a plan without rendering them: their
// names and steps, the provider, and whether the lock file must be
// written. The CLI can use it to report which folders a plan needs.
func Layout(p *plan.Plan, h *History, opts Options) (folders []Folder, provider string, writeLock bool, err error) {
	if h == nil {
		h = &History{}
	}
	provider, err = resolveProvider(p, h, opts)
	if err != nil {
		return nil, "", false, err
	}
	r := runners[provider]
	groups := split(p, r)
	if len(groups) == 0 {
		return nil, provider, false, nil
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	slug := Slug(opts.Name)
	if slug == "" {
		slug = "migration"
	}
	names, err := folderNames(h.Migrations, NextTimestamp(h.Migrations, now), slug, len(groups))
	if err != nil {
		return nil, "", false, err
	}
	for i := range groups {
		groups[i].Name = names[i]
	}
	return groups, provider, h.Provider == "", nil
}

func resolveProvider(p *plan.Plan, h *History, opts Options) (string, error) {
	provider := opts.Provider
	if provider == "postgres" {
		provider = "postgresql"
	}
	if h.Provider != "" {
		if provider != "" && provider != h.Provider {
			return "", fmt.Errorf("%w: the migrations in %s are for %q (%s), not %q", ErrProviderMismatch, h.Dir, h.Provider, LockFileName, provider)
		}
		provider = h.Provider
	}
	if p != nil && p.Dialect != "" {
		fromPlan, err := ProviderFor(p.Dialect)
		if err != nil {
			return "", err
		}
		if provider == "" {
			provider = fromPlan
		} else if provider != fromPlan {
			return "", fmt.Errorf("%w: the plan is for %s, the Prisma provider is %q", ErrProviderMismatch, p.Dialect, provider)
		}
	}
	if provider == "" {
		return "", fmt.Errorf("prisma migration: no provider (no lock file in %q, no dialect in the plan)", h.Dir)
	}
	if _, ok := runners[provider]; !ok {
		return "", fmt.Errorf("prisma migration: provider %q is not supported (postgresql, mysql, sqlite)", provider)
	}
	return provider, nil
}

// split cuts the plan's steps into folders. Without an implicit
// transaction everything goes into one folder. With one, every statement of
// a non-transactional step gets a folder of its own (the step's rollback
// goes with its last statement, which down.sql undoes first), and a
// NewTransaction step starts a new folder.
func split(p *plan.Plan, r runner) []Folder {
	if p == nil {
		return nil
	}
	var out []Folder
	cur := -1
	for _, s := range p.Steps {
		if len(s.Up) == 0 && len(s.Down) == 0 {
			continue
		}
		if !r.implicitTransaction {
			if cur < 0 {
				out, cur = append(out, Folder{}), 0
			}
			out[cur].Steps = append(out[cur].Steps, s)
			continue
		}
		if !s.Transactional {
			for i, stmt := range s.Up {
				part := &plan.Step{Change: s.Change, Up: []string{stmt}, Transactional: false, Pos: s.Pos}
				if i == len(s.Up)-1 {
					part.Down = s.Down
				}
				out = append(out, Folder{Steps: []*plan.Step{part}, Alone: true})
			}
			if len(s.Up) == 0 {
				out = append(out, Folder{Steps: []*plan.Step{s}, Alone: true})
			}
			cur = -1
			continue
		}
		if cur < 0 || s.NewTransaction {
			out = append(out, Folder{})
			cur = len(out) - 1
		}
		out[cur].Steps = append(out[cur].Steps, s)
	}
	return out
}

// render writes migration.sql (up) or down.sql of one folder.
func render(f Folder, r runner, up bool) string {
	var b strings.Builder
	if up {
		b.WriteString("-- Generated by migrate-bot. Rollback: down.sql in this folder (prisma db execute --file down.sql, then prisma migrate resolve --rolled-back " + f.Name + ").\n")
		if f.Alone {
			b.WriteString("-- This statement cannot run inside a transaction block, so it is the only statement of this migration.\n")
		}
	} else {
		b.WriteString("-- Rollback of migration " + f.Name + " (generated by migrate-bot).\n")
		b.WriteString("-- Run: prisma db execute --file down.sql, then prisma migrate resolve --rolled-back " + f.Name + "\n")
	}
	steps := f.Steps
	if !up {
		steps = make([]*plan.Step, 0, len(f.Steps))
		for i := len(f.Steps) - 1; i >= 0; i-- {
			steps = append(steps, f.Steps[i])
		}
	}
	wrote, prev := false, ""
	if !f.Alone && r.lockTimeout != "" && hasStatements(steps, up) {
		b.WriteString(r.lockTimeout + ";\n")
	}
	for _, s := range steps {
		stmts := s.Up
		if !up {
			stmts = s.Down
		}
		if len(stmts) == 0 {
			continue
		}
		// Prisma writes one "-- RedefineTables" over a whole SQLite
		// rebuild, pragmas included; every other step gets its comment.
		l := Label(s)
		if l != "RedefineTables" || l != prev {
			b.WriteString("\n")
			if l != "" {
				b.WriteString("-- " + l + "\n")
			}
		}
		prev = l
		for _, stmt := range stmts {
			b.WriteString(stmt + ";\n")
		}
		wrote = true
	}
	if !wrote && !up {
		b.WriteString("-- Nothing to undo.\n")
	}
	return b.String()
}

func hasStatements(steps []*plan.Step, up bool) bool {
	for _, s := range steps {
		if up && len(s.Up) > 0 || !up && len(s.Down) > 0 {
			return true
		}
	}
	return false
}
