package diff

import (
	"errors"
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// ErrUnsupported is returned (wrapped) by Diff when the schemas differ in a
// way no change type expresses (a table's dialect options, a namespace's or
// an enum's comment, an extension moved to another namespace). The message
// lists each such difference.
var ErrUnsupported = errors.New("difference has no change type")

// Options steer the differ.
type Options struct {
	// Renames are renames the user confirmed (--rename).
	Renames []Rename
	// DefaultNamespace is left out of the --rename flags suggested in
	// LikelyRenames. Empty means the dialect's default ("public" on
	// PostgreSQL), when the schema names its dialect.
	DefaultNamespace string
}

// LikelyRename is a drop and an add that look like one rename. The differ
// keeps them as drop and add (a rename is never guessed), and tells the
// user the flag that would confirm it.
type LikelyRename struct {
	Kind RenameKind
	// Table is the target name of the table (for a column) or the
	// namespace and new name (for a table or an enum).
	Table    schema.QName
	From, To string
	// Flag is the exact --rename value that confirms the rename.
	Flag string
}

// Result is what Diff found.
type Result struct {
	// Changes take from to to when applied in order (schema.Apply). They
	// come in a fixed, deterministic order: renames, drops, then adds, each
	// group sorted by table and object name; ordering by dependency is the
	// planner's job.
	Changes []schema.Change
	// LikelyRenames are drop+add pairs that may be renames.
	LikelyRenames []LikelyRename
}

// phase groups changes; the result lists phase by phase, so that applying
// the changes in order never meets a name that is still taken.
type phase int

const (
	phaseNamespaceAdd phase = iota
	phaseRename
	phaseObjectDrop
	phaseTypeAdd
	phaseSequenceAdd
	phaseDropForeignKey
	phaseDropIndex
	phaseDropConstraint
	phaseDropColumn
	phaseDropTable
	phaseRenameDerived
	phaseAddTable
	phaseAddColumn
	phaseAlterColumn
	phaseAddConstraint
	phaseAddIndex
	phaseAddForeignKey
	phaseObjectAdd
	phaseSequenceDrop
	phaseTypeDrop
	phaseNamespaceDrop
	phaseCount
)

// differ holds the state of one Diff call.
type differ struct {
	from, to *schema.Schema
	// work is from with the renames applied (from itself when there are
	// none); every comparison is between work and to.
	work   *schema.Schema
	opts   Options
	defNS  string
	phases [phaseCount][]schema.Change
	likely []LikelyRename
	// unsupported lists differences without a change type.
	unsupported []string
	// enumUsers maps an enum to the columns of to that use it; built on
	// first use.
	enumUsers map[schema.QName][]schema.ColumnRef
	// dropped and added columns per table, for likely renames.
	droppedCols, addedCols map[schema.QName][]*schema.Column
	droppedTables          []*schema.Table
	addedTables            []*schema.Table
	droppedEnums           []*schema.Enum
	addedEnums             []*schema.Enum
	// toTables is to's tables in name order, sorted once.
	toTables []*schema.Table
}

// sortedToTables returns the target's tables in name order.
func (d *differ) sortedToTables() []*schema.Table {
	if d.toTables == nil {
		d.toTables = sortedBy(d.to.Tables, func(t *schema.Table) schema.QName { return t.Name })
	}
	return d.toTables
}

func (d *differ) emit(p phase, c ...schema.Change) { d.phases[p] = append(d.phases[p], c...) }

// Diff compares two schemas and returns the changes that take from to to.
// Renames are made only when told: by opts.Renames, or by the target's
// RenamedFrom hints when the old name exists in from and the new one does
// not; other drop+add pairs that look alike are reported as LikelyRenames.
//
// The changes refer to objects of from, to and (after a rename) renamed
// copies of some of from's objects; do not modify the schemas while the result is in use. When
// some difference has no change type, Diff returns the result for the rest
// with an error wrapping ErrUnsupported.
func Diff(from, to *schema.Schema, opts Options) (*Result, error) {
	if from == nil || to == nil {
		return nil, errors.New("diff: nil schema")
	}
	if err := checkUnique(from, "from"); err != nil {
		return nil, err
	}
	if err := checkUnique(to, "to"); err != nil {
		return nil, err
	}
	d := &differ{from: from, to: to, work: from, opts: opts, defNS: opts.DefaultNamespace}
	if d.defNS == "" {
		d.defNS = dialectNamespace(to.Dialect, from.Dialect)
	}
	renames, err := d.resolveRenames()
	if err != nil {
		return nil, err
	}
	if len(renames) > 0 {
		d.work = copyForRenames(from, renames)
		if err := schema.Apply(d.work, renames...); err != nil {
			return nil, fmt.Errorf("diff: applying renames: %w", err)
		}
		d.emit(phaseRename, renames...)
	}
	tables, err := d.pairTables()
	if err != nil {
		return nil, err
	}
	if seq := d.sequenceRenames(tables); len(seq) > 0 {
		d.work = copyForRenames(d.work, seq)
		if err := schema.Apply(d.work, seq...); err != nil {
			return nil, fmt.Errorf("diff: applying sequence renames: %w", err)
		}
		d.emit(phaseRename, seq...)
		if tables, err = d.pairTables(); err != nil {
			return nil, err
		}
	}
	d.namespaces()
	d.enums()
	d.sequences()
	d.tables(tables)
	d.objects()
	d.likelyRenames()

	res := &Result{LikelyRenames: d.likely}
	n := 0
	for _, p := range d.phases {
		n += len(p)
	}
	res.Changes = make([]schema.Change, 0, n)
	for _, p := range d.phases {
		res.Changes = append(res.Changes, p...)
	}
	if len(d.unsupported) > 0 {
		return res, fmt.Errorf("diff: %w: %s", ErrUnsupported, strings.Join(d.unsupported, "; "))
	}
	return res, nil
}

// dialectNamespace is the default namespace of the first known dialect.
func dialectNamespace(names ...string) string {
	for _, n := range names {
		if n == "" {
			continue
		}
		if dl, err := dialect.Lookup(n, ""); err == nil {
			return dl.DefaultNamespace
		}
	}
	return ""
}

// checkUnique rejects a schema that lists an object twice: the differ
// matches objects by name and would silently lose one. (Tables are checked
// while they are paired.)
func checkUnique(s *schema.Schema, side string) error {
	seen := make(map[string]bool, len(s.Namespaces)+len(s.Extensions)+len(s.Enums)+len(s.Sequences)+len(s.Objects))
	check := func(key string) error {
		if seen[key] {
			return fmt.Errorf("diff: %s schema lists %s twice", side, key)
		}
		seen[key] = true
		return nil
	}
	for _, n := range s.Namespaces {
		if err := check("namespace " + n.Name); err != nil {
			return err
		}
	}
	for _, e := range s.Extensions {
		if err := check("extension " + e.Name); err != nil {
			return err
		}
	}
	for _, e := range s.Enums {
		if err := check("enum " + e.Name.String()); err != nil {
			return err
		}
	}
	for _, q := range s.Sequences {
		if err := check("sequence " + q.Name.String()); err != nil {
			return err
		}
	}
	for _, o := range s.Objects {
		if err := check(o.Key()); err != nil {
			return err
		}
	}
	return nil
}
