package plan

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// SQLite. ALTER TABLE can only rename a table, rename a column (3.25+),
// add a column (not PRIMARY KEY or UNIQUE, NOT NULL only with a non-NULL
// default, no CURRENT_* or expression default, no stored generated
// column) and drop a column that nothing else names (3.35+)
// (sqlite.org/lang_altertable.html). Every other change to an existing
// table is made by the table-rebuild procedure of the same page ("Making
// Other Kinds Of Table Schema Changes"), in the shape Prisma's engine
// writes it: CREATE TABLE "new_T", INSERT INTO "new_T" (...) SELECT ...
// FROM "T", DROP TABLE "T", ALTER TABLE "new_T" RENAME TO "T", then the
// table's indexes and triggers and the views that name it. All the
// changes to one table are folded into one rebuild, whose rollback is a
// rebuild back to the exact source table; both copy every row.
//
// Foreign keys: PRAGMA foreign_keys is a no-op inside a transaction, so
// finish puts it in steps of their own outside the transaction around the
// rebuilds, and the last rebuild ends with a check of
// pragma_foreign_key_check that fails the transaction when any row
// violates a foreign key (see sqlite_fk.go).

// sqlite plans changes for SQLite.
type sqlite struct {
	d     *dialect.Dialect
	facts dialect.SqliteFacts
	// from is the source schema; after is the source with every change
	// of the plan applied (what the rebuilds build); to is the target.
	from, after, to *schema.Schema
	changes         []schema.Change
	// newTables are the tables created by this plan.
	newTables map[schema.QName]bool
	// renamed maps a renamed table's old name to its new one, and back.
	renamed, renamedBack map[schema.QName]schema.QName
	// colRenamed maps a renamed column (its table under its new name) to
	// its new name; colRenamedBack maps the new name to the old.
	colRenamed, colRenamedBack map[schema.ColumnRef]string
	// rebuilds are the tables (under their name after renames) rebuilt by
	// this plan, with the changes folded into each rebuild.
	rebuilds map[schema.QName]*rebuild
	// folded maps a change to the rebuild or new table that carries it
	// out; the first change of the group gets the step, the others an
	// empty step that records them.
	folded map[schema.Change]*group
	// rebuildSteps are the steps that rebuild a table; finish switches
	// foreign keys off around them.
	rebuildSteps map[*Step]bool
	// newFKs are the foreign keys of each new table, written inline in
	// its CREATE TABLE (SQLite cannot add one later).
	newFKs map[schema.QName][]*schema.ForeignKey
	// err is an error found while grouping changes, returned by plan.
	err error
}

// group is the changes carried out by one step.
type group struct {
	first schema.Change
	// step is the step of first, which carries the group out; folded are
	// the empty steps of the group's other changes (linked in finish).
	step   *Step
	folded []*Step
}

func newSqlite(d *dialect.Dialect, changes []schema.Change, from, to *schema.Schema) *sqlite {
	p := &sqlite{
		d: d, facts: dialect.SqliteFactsFor(d.Version), from: from, to: to, changes: changes,
		newTables:      map[schema.QName]bool{},
		renamed:        map[schema.QName]schema.QName{},
		renamedBack:    map[schema.QName]schema.QName{},
		colRenamed:     map[schema.ColumnRef]string{},
		colRenamedBack: map[schema.ColumnRef]string{},
		rebuilds:       map[schema.QName]*rebuild{},
		folded:         map[schema.Change]*group{},
		newFKs:         map[schema.QName][]*schema.ForeignKey{},
		rebuildSteps:   map[*Step]bool{},
	}
	if d.Version == (dialect.Version{}) {
		// A dialect value made by hand (not by dialect.Sqlite) has no
		// version: plan for the default one.
		p.facts = dialect.SqliteFactsFor(dialect.Version{Major: 3, Minor: 45})
	}
	for _, c := range changes {
		switch c := c.(type) {
		case *schema.AddTable:
			if c.Table != nil {
				p.newTables[c.Table.Name] = true
			}
		case *schema.RenameTable:
			p.renamed[c.From] = c.To
			p.renamedBack[c.To] = c.From
		case *schema.RenameColumn:
			p.colRenamed[schema.ColumnRef{Table: c.Table, Column: c.From}] = c.To
			p.colRenamedBack[schema.ColumnRef{Table: c.Table, Column: c.To}] = c.From
		}
	}
	p.groupNewTables()
	p.err = p.groupRebuilds()
	return p
}

// plan dispatches one change to the function for its kind. The switch
// lists every kind in schema.AllChangeKinds; a test proves none is missing.
func (p *sqlite) plan(c schema.Change) ([]*item, error) {
	items, err := p.planChange(c)
	if g, ok := p.folded[c]; ok && err == nil && len(items) > 0 && g.first == c {
		g.step = items[0].step
	}
	return items, err
}

// planChange plans one change (see plan).
func (p *sqlite) planChange(c schema.Change) ([]*item, error) {
	if p.err != nil {
		return nil, p.err
	}
	if g, ok := p.folded[c]; ok && g.first != c {
		return p.foldedItem(c, g)
	}
	switch c := c.(type) {
	case *schema.AddNamespace, *schema.DropNamespace:
		return nil, sqliteLacks("namespaces (CREATE SCHEMA); attached databases are not modelled")
	case *schema.AddExtension, *schema.DropExtension:
		return nil, sqliteLacks("extensions")
	case *schema.AddEnum, *schema.DropEnum, *schema.RenameEnum, *schema.AddEnumValue,
		*schema.DropEnumValue, *schema.ReorderEnum:
		return nil, sqliteLacks("enum types (use a CHECK constraint)")
	case *schema.AddSequence, *schema.DropSequence, *schema.AlterSequence, *schema.RenameSequence:
		return nil, sqliteLacks("sequences (use INTEGER PRIMARY KEY AUTOINCREMENT)")
	case *schema.SetTableComment:
		return nil, sqliteLacks("comments")
	case *schema.AddTable:
		return p.addTable(c)
	case *schema.DropTable:
		return p.dropTable(c)
	case *schema.RenameTable:
		return p.renameTable(c)
	case *schema.AddColumn:
		return p.changeOfTable(c, c.Table, func() ([]*item, error) { return p.addColumn(c) })
	case *schema.DropColumn:
		return p.changeOfTable(c, c.Table, func() ([]*item, error) { return p.dropColumn(c) })
	case *schema.RenameColumn:
		return p.changeOfTable(c, c.Table, func() ([]*item, error) { return p.renameColumn(c) })
	case *schema.AddIndex:
		return p.changeOfTable(c, c.Table, func() ([]*item, error) { return p.addIndex(c) })
	case *schema.DropIndex:
		return p.changeOfTable(c, c.Table, func() ([]*item, error) { return p.dropIndex(c) })
	case *schema.RenameIndex:
		return p.changeOfTable(c, c.Table, func() ([]*item, error) { return p.renameIndex(c) })
	case *schema.AddForeignKey:
		return p.changeOfTable(c, c.Table, nil)
	case *schema.SetTableOptions:
		// WITHOUT ROWID and STRICT are fixed at CREATE TABLE: a rebuild.
		return p.changeOfTable(c, c.Table, nil)
	case *schema.AlterColumn:
		if c.What == schema.ChangeComment {
			return nil, sqliteLacks("column comments")
		}
		return p.changeOfTable(c, c.Table, nil)
	case *schema.AddPrimaryKey:
		return p.changeOfTable(c, c.Table, nil)
	case *schema.DropPrimaryKey:
		return p.changeOfTable(c, c.Table, nil)
	case *schema.AddUnique:
		return p.changeOfTable(c, c.Table, nil)
	case *schema.DropUnique:
		return p.changeOfTable(c, c.Table, nil)
	case *schema.DropForeignKey:
		return p.changeOfTable(c, c.Table, nil)
	case *schema.AddCheck:
		return p.changeOfTable(c, c.Table, nil)
	case *schema.DropCheck:
		return p.changeOfTable(c, c.Table, nil)
	case *schema.RenameConstraint:
		return p.changeOfTable(c, c.Table, nil)
	case *schema.AddObject:
		return p.addObject(c)
	case *schema.DropObject:
		return p.dropObject(c)
	case *schema.ReplaceObject:
		return p.replaceObject(c)
	}
	return nil, fmt.Errorf("change kind %s: %w", c.Kind(), ErrUnsupported)
}

// sqliteLacks is the error for a change SQLite has no such thing for.
func sqliteLacks(what string) error {
	return fmt.Errorf("SQLite has no %s: %w", what, ErrUnsupported)
}

// changeOfTable plans a change to the table t (named as the change names
// it): the rebuild of the table when the change is folded into one, else
// native (nil native: the change always needs a rebuild, and grouping
// found none, which means the change lacks what it acts on).
func (p *sqlite) changeOfTable(c schema.Change, t schema.QName, native func() ([]*item, error)) ([]*item, error) {
	if t.Name == "" {
		return nil, errMissing("table name")
	}
	if g, ok := p.folded[c]; ok {
		if rb := p.rebuilds[p.afterRename(t)]; rb != nil && g.first == c {
			return p.rebuildItems(rb)
		}
		if p.newTables[t] && g.first == c {
			return nil, fmt.Errorf("change of new table %s before its AddTable: %w", t, ErrUnsupported)
		}
		return p.foldedItem(c, g)
	}
	if native == nil {
		return nil, fmt.Errorf("table %s is not in the source schema: %w", t, ErrUnsupported)
	}
	return native()
}

// foldedItem is the empty step recording a change that another step (the
// rebuild of its table, or the CREATE TABLE of a new table) carries out;
// finish lists the change in that step's Folded and points the empty
// step's FoldedInto at it.
// It sits right after that step in the plan, so the changes apply to the
// model in the order the SQL carries them out.
func (p *sqlite) foldedItem(c schema.Change, g *group) ([]*item, error) {
	s := &Step{Transactional: true}
	g.folded = append(g.folded, s)
	it := &item{step: s, phase: p.groupPhase(g), key: p.groupKey(g)}
	it.id = it.key
	it.inputOrder = true
	return []*item{it}, nil
}

// groupPhase and groupKey place the step of a group and its folded
// changes: a new table's with CREATE TABLE, a rebuild in the column phase.
func (p *sqlite) groupPhase(g *group) phase {
	if _, ok := g.first.(*schema.AddTable); ok {
		return phaseCreateTable
	}
	return phaseColumn
}

func (p *sqlite) groupKey(g *group) string {
	if a, ok := g.first.(*schema.AddTable); ok {
		return a.Table.Name.String()
	}
	return p.afterRename(changeTable(g.first)).String()
}

// q quotes an identifier, qn a table name, lit a string literal.
func (p *sqlite) q(s string) string        { return p.d.Quote(s) }
func (p *sqlite) qn(n schema.QName) string { return p.d.QuoteName(n) }
func (p *sqlite) lit(s string) string      { return p.d.QuoteString(s) }

// idents quotes and joins column names.
func (p *sqlite) idents(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = p.q(n)
	}
	return strings.Join(q, ", ")
}

// LockSqliteWrite is the lock every SQLite schema change takes: the
// database's write lock (RESERVED while the transaction runs, EXCLUSIVE
// while it commits; sqlite.org/lockingv3.html). Other connections keep
// reading (in WAL mode even during the commit) but cannot write.
const LockSqliteWrite = "EXCLUSIVE"

// lock is the write lock, on the tables that exist before the plan.
func (p *sqlite) lock(tables ...schema.QName) Lock {
	var existing []schema.QName
	for _, t := range tables {
		if p.newTables[t] {
			continue
		}
		dup := false
		for _, e := range existing {
			dup = dup || e == t
		}
		if !dup {
			existing = append(existing, t)
		}
	}
	if len(existing) == 0 {
		return Lock{}
	}
	return Lock{Level: LockSqliteWrite, Tables: existing, BlocksWrites: true}
}

// afterRename is the name a table has once the plan's renames ran.
func (p *sqlite) afterRename(t schema.QName) schema.QName {
	if nw, ok := p.renamed[t]; ok {
		return nw
	}
	return t
}

// beforeRename is the name a table has before the plan's renames.
func (p *sqlite) beforeRename(t schema.QName) schema.QName {
	if old, ok := p.renamedBack[t]; ok {
		return old
	}
	return t
}

// fromTable is the source table of a table named as after the renames.
func (p *sqlite) fromTable(t schema.QName) *schema.Table {
	if p.from == nil {
		return nil
	}
	return p.from.Table(p.beforeRename(t))
}

// afterTable is the table as the plan leaves it.
func (p *sqlite) afterTable(t schema.QName) *schema.Table {
	if p.after == nil {
		return nil
	}
	return p.after.Table(p.afterRename(t))
}

// tablePos is the position of a table in the target, else the source.
func (p *sqlite) tablePos(t schema.QName) schema.Pos {
	for _, s := range []*schema.Schema{p.to, p.after, p.from} {
		if s != nil {
			if tb := s.Table(t); tb != nil && !tb.Pos.IsZero() {
				return tb.Pos
			}
		}
	}
	return schema.Pos{}
}

// changeTable is the table a table-level change acts on, as the change
// names it.
func changeTable(c schema.Change) schema.QName {
	switch c := c.(type) {
	case *schema.AddColumn:
		return c.Table
	case *schema.SetTableOptions:
		return c.Table
	case *schema.DropColumn:
		return c.Table
	case *schema.RenameColumn:
		return c.Table
	case *schema.AlterColumn:
		return c.Table
	case *schema.AddPrimaryKey:
		return c.Table
	case *schema.DropPrimaryKey:
		return c.Table
	case *schema.AddUnique:
		return c.Table
	case *schema.DropUnique:
		return c.Table
	case *schema.AddIndex:
		return c.Table
	case *schema.DropIndex:
		return c.Table
	case *schema.RenameIndex:
		return c.Table
	case *schema.AddForeignKey:
		return c.Table
	case *schema.DropForeignKey:
		return c.Table
	case *schema.AddCheck:
		return c.Table
	case *schema.DropCheck:
		return c.Table
	case *schema.RenameConstraint:
		return c.Table
	case *schema.AddTable:
		if c.Table != nil {
			return c.Table.Name
		}
	}
	return schema.QName{}
}
