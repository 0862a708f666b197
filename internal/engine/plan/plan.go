// Package plan turns a list of schema changes into an ordered migration
// plan for one dialect and version. Each Step carries its own safety
// envelope (up and down SQL, the lock it takes, whether it rewrites or scans
// the table, whether it can run in a transaction, its hazards and the change
// it came from); reports and lint rules render from these values, the
// planner formats no prose.
package plan

import (
	"errors"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// ErrUnsupported is returned (wrapped, with the remaining difference in the
// message) when the planner cannot express a change, or when applying the
// planned steps to the source does not give the target.
var ErrUnsupported = errors.New("unsupported change")

// Plan is an ordered list of steps that takes the From schema to To.
type Plan struct {
	Dialect string          `json:"dialect"`
	Version dialect.Version `json:"-"`
	Steps   []*Step         `json:"steps"`
}

// Empty reports whether the plan does nothing.
func (p *Plan) Empty() bool { return len(p.Steps) == 0 }

// Step is one unit of the migration: statements that belong together, with
// their rollback. The down migration runs the Down of every step in reverse
// order.
type Step struct {
	// Change is the schema change this step carries out: when the step's
	// statements carry out several changes, the first of them, the one
	// its statements are built for (the first clause of a merged MySQL
	// ALTER TABLE, the change that starts a SQLite table rebuild, the
	// AddTable of a new table whose CREATE TABLE writes its foreign keys
	// inline). Emitters, lint rules and reports that look at one change
	// per step keep working from it.
	Change schema.Change `json:"-"`
	// Folded are the other changes this step's statements carry out, in
	// plan order: the clauses merged into the same MySQL ALTER TABLE, the
	// changes folded into the same SQLite table rebuild or CREATE TABLE.
	// Nil when the step carries out its Change alone. Changes lists them
	// all.
	//
	// Each folded change also keeps a step of its own, placed after this
	// one, with no statements (Up and Down empty) and FoldedInto set to
	// this step: that step keeps the change's own envelope (its lock,
	// hazards, data loss and position), which lint rules and reports read
	// per change, and keeps the steps in the order their changes apply to
	// the schema model. Emitters skip such steps when writing statements
	// (they have none); a report can show them as carried out by their
	// FoldedInto step.
	Folded []schema.Change `json:"-"`
	// FoldedInto is, on a step whose change another step's statements
	// carry out (see Folded), that step; nil on every step that has
	// statements of its own.
	FoldedInto *Step `json:"-"`
	// Up are the forward statements, each without a trailing semicolon.
	Up []string `json:"up"`
	// Down are the statements that undo exactly this step. They are written
	// to be re-runnable (IF EXISTS / IF NOT EXISTS where the dialect allows)
	// so a half-applied rollback can be run again.
	Down []string `json:"down"`
	// Transactional is false when a statement cannot run inside a
	// transaction block (CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD
	// VALUE before PostgreSQL 12).
	Transactional bool `json:"transactional"`
	// NewTransaction is true when the step must not share a transaction
	// with the steps before it: whatever ran before is committed first.
	// VALIDATE CONSTRAINT steps set it so the ACCESS EXCLUSIVE lock taken
	// by the ADD ... NOT VALID before them is released before their scan.
	// Only meaningful for transactional steps, in the up direction.
	NewTransaction bool `json:"new_transaction,omitempty"`
	// Lock is the strongest lock the step takes, and on which tables.
	Lock Lock `json:"lock"`
	// Rewrite is true when the step rewrites the table (and its indexes).
	Rewrite bool `json:"rewrite"`
	// Scan is true when the step reads every row (validation, index build).
	Scan bool `json:"scan"`
	// DownLosesData is true when the rollback cannot restore data the up
	// step removes (a dropped column comes back empty).
	DownLosesData bool `json:"down_loses_data"`
	// Hazards are what can go wrong on a live database.
	Hazards []Hazard `json:"hazards,omitempty"`
	// Pos is where in the target (or, for drops, the source) schema the
	// change comes from.
	Pos schema.Pos `json:"pos"`
}

// Changes returns every change the step's statements carry out: Change,
// then Folded. A step folded into another (FoldedInto set) returns its
// own Change only.
func (s *Step) Changes() []schema.Change {
	if s.Change == nil {
		return s.Folded
	}
	return append([]schema.Change{s.Change}, s.Folded...)
}

// Lock is a table lock a step takes.
type Lock struct {
	// Level is the dialect's name of the lock ("ACCESS EXCLUSIVE",
	// "SHARE UPDATE EXCLUSIVE", "SHARE ROW EXCLUSIVE", "SHARE"), or "" when
	// the step locks no existing table (a new table, a new type).
	Level string `json:"level,omitempty"`
	// Tables are the existing tables locked.
	Tables []schema.QName `json:"tables,omitempty"`
	// BlocksReads and BlocksWrites say what the lock stops other sessions
	// from doing while it is held.
	BlocksReads  bool `json:"blocks_reads"`
	BlocksWrites bool `json:"blocks_writes"`
}

// HazardKind classifies a hazard.
type HazardKind string

// The kinds of hazards a step can carry.
const (
	// HazardDataLoss: the step destroys data (drop table, drop column,
	// narrowing type, removed enum value).
	HazardDataLoss HazardKind = "data-loss"
	// HazardBreaking: code running against the old schema breaks (rename,
	// drop, new NOT NULL column without default).
	HazardBreaking HazardKind = "breaking"
	// HazardMayFail: the step fails when existing rows violate it (NOT NULL
	// on NULLs, unique on duplicates, FK on orphans, a cast that does not fit).
	HazardMayFail HazardKind = "may-fail"
	// HazardRewrite: the step rewrites the table under its lock.
	HazardRewrite HazardKind = "rewrite"
	// HazardBlockingLock: the step holds a lock that blocks reads or writes
	// for longer than a catalog change (a scan or a rewrite).
	HazardBlockingLock HazardKind = "blocking-lock"
	// HazardIrreversible: the rollback cannot fully undo the step.
	HazardIrreversible HazardKind = "irreversible"
)

// Hazard is one thing that can go wrong with a step, as data.
type Hazard struct {
	Kind   HazardKind   `json:"kind"`
	Table  schema.QName `json:"table"`
	Column string       `json:"column,omitempty"`
	// Detail is a short machine-readable qualifier ("type integer -> bigint",
	// "enum value 'pending'"), not prose.
	Detail string `json:"detail,omitempty"`
}
