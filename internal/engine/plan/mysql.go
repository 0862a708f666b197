package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// The MySQL and MariaDB planner. DDL is not transactional there: every
// statement commits on its own, so every step is one statement (a failed
// ALTER TABLE leaves its table as it was) and Transactional is false. The
// changes of one existing table become clauses of one ALTER TABLE per
// algorithm: clauses that the server runs INSTANT go together, INPLACE ones
// together, copying ones together; the statement names the algorithm
// (ALGORITHM=INSTANT, or ALGORITHM=INPLACE, LOCK=NONE) so the server
// refuses instead of silently copying the table. The merged statement sits
// in the first step of the run, whose Folded lists the other changes it
// carries out; their steps keep their envelope (lock, hazards) with no
// statements of their own and FoldedInto pointing at the first step.
//
// Down statements name no algorithm: a rollback must run even where the
// server can only copy. On MariaDB they use IF [NOT] EXISTS, so a rollback
// can be run again after it failed part-way; MySQL 8 has no such clauses
// for columns, indexes or constraints, only for tables and objects.

// MySQL lock levels, as Lock.Level spells them: the LOCK clause of ALTER
// TABLE (MySQL manual "Online DDL Operations") and the metadata lock that
// every DDL statement takes.
const (
	// LockMetadata: only a short exclusive metadata lock at the start and
	// the end (ALGORITHM=INSTANT, RENAME TABLE); reads and writes go on.
	LockMetadata = "METADATA"
	// LockNone: ALGORITHM=INPLACE, LOCK=NONE; concurrent reads and writes
	// are allowed while the table is rebuilt or the index built.
	LockNone = "NONE"
	// LockShared: LOCK=SHARED; reads go on, writes wait (a table copy, a
	// FULLTEXT or SPATIAL index build).
	LockShared = "SHARED"
	// LockExclusive: reads and writes wait (DROP TABLE).
	LockExclusive = "EXCLUSIVE"
)

// algo is the algorithm class of an ALTER TABLE clause, in increasing cost.
// Clauses are merged into one statement only within a class.
type algo int

const (
	// algoNew: a clause on a table created by this plan; no clause needed.
	algoNew algo = iota
	algoInstant
	// algoInplace: ALGORITHM=INPLACE, LOCK=NONE.
	algoInplace
	// algoInplaceShared: ALGORITHM=INPLACE, LOCK=SHARED (FULLTEXT,
	// SPATIAL, AUTO_INCREMENT column).
	algoInplaceShared
	// algoCopy: the table is copied: LOCK=SHARED, reads go on.
	algoCopy
)

// suffix is what the statement appends after its clauses.
func (a algo) suffix() string {
	switch a {
	case algoInstant:
		return ", ALGORITHM=INSTANT"
	case algoInplace:
		return ", ALGORITHM=INPLACE, LOCK=NONE"
	case algoInplaceShared:
		return ", ALGORITHM=INPLACE, LOCK=SHARED"
	case algoCopy:
		// No ALGORITHM=COPY: the server may know a cheaper way; LOCK=SHARED
		// keeps reads going whatever it picks.
		return ", LOCK=SHARED"
	}
	return ""
}

// lockLevel is the Lock.Level of the class.
func (a algo) lockLevel() string {
	switch a {
	case algoInstant:
		return LockMetadata
	case algoInplace:
		return LockNone
	case algoInplaceShared, algoCopy:
		return LockShared
	}
	return ""
}

// clause is one ALTER TABLE clause with its rollback.
type clause struct {
	table schema.QName
	up    string
	// down undoes up; downAgain is the same, re-runnable (IF [NOT] EXISTS)
	// where the server allows, used unless a merged statement touches the
	// same object twice.
	down, downAgain string
	// obj names the object the clause touches ("index:a", "column:b").
	obj  string
	algo algo
}

// my plans changes for MySQL and MariaDB. Every identifier goes through
// d.Quote, every string literal through d.QuoteString; types and
// expressions are written as the model holds them.
type my struct {
	d        *dialect.Dialect
	f        *dialect.MySQLFacts
	from, to *schema.Schema
	changes  []schema.Change
	// newTables are the tables this plan creates.
	newTables map[schema.QName]bool
	// renamed maps a renamed table's old name to its new one, and back.
	renamed, renamedBack map[schema.QName]schema.QName
	// colRenamedBack maps a column under its new name to its old one.
	colRenamedBack map[schema.ColumnRef]string
	// pkAdded are the tables that get a primary key in this plan.
	pkAdded map[schema.QName]bool
	// autoAdded maps a table to the AUTO_INCREMENT column this plan adds
	// to it: the key on that column must be in the same statement.
	autoAdded map[schema.QName]string
	// clauses are the ALTER TABLE clauses of the steps that have one.
	clauses map[*Step]*clause
	// fkRebuilds are the kept foreign keys each change must drop and
	// re-add (mysql_fk_rebuild.go).
	fkRebuilds map[schema.Change][]myFKRebuild
	// fkRenamed are the foreign keys (table, then NUL, then the source
	// name) a RenameConstraint renames, so a second RenameConstraint of
	// the same name renames the unique key that shares it.
	fkRenamed map[string]bool
}

func newMysql(d *dialect.Dialect, changes []schema.Change, from, to *schema.Schema) *my {
	p := &my{
		d: d, f: d.MySQL, from: from, to: to, changes: changes,
		newTables:      map[schema.QName]bool{},
		renamed:        map[schema.QName]schema.QName{},
		renamedBack:    map[schema.QName]schema.QName{},
		colRenamedBack: map[schema.ColumnRef]string{},
		pkAdded:        map[schema.QName]bool{},
		clauses:        map[*Step]*clause{},
		autoAdded:      map[schema.QName]string{},
		fkRenamed:      map[string]bool{},
	}
	if p.f == nil {
		p.f = &dialect.MySQLFacts{}
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
			p.colRenamedBack[schema.ColumnRef{Table: c.Table, Column: c.To}] = c.From
		case *schema.AddPrimaryKey:
			p.pkAdded[c.Table] = true
		case *schema.AddColumn:
			if c.Column != nil && autoIncrement(c.Column) {
				p.autoAdded[c.Table] = c.Column.Name
			}
		}
	}
	p.fkRebuilds = p.planFKRebuilds()
	return p
}

// plan dispatches one change and adds the foreign keys it must drop and
// re-add around it.
func (p *my) plan(c schema.Change) ([]*item, error) {
	items, err := p.planChange(c)
	if err != nil || len(p.fkRebuilds[c]) == 0 {
		return items, err
	}
	return append(items, p.rebuildFKs(p.fkRebuilds[c])...), nil
}

// planChange dispatches one change. The switch lists every kind in
// schema.AllChangeKinds; a test proves none is missing.
func (p *my) planChange(c schema.Change) ([]*item, error) {
	switch c := c.(type) {
	case *schema.AddNamespace, *schema.DropNamespace:
		return nil, p.unsupported(c, "a MySQL database has no namespaces (CREATE SCHEMA is CREATE DATABASE): plan each database on its own")
	case *schema.AddExtension, *schema.DropExtension:
		return nil, p.unsupported(c, "MySQL has no extensions")
	case *schema.AddEnum, *schema.DropEnum, *schema.RenameEnum, *schema.AddEnumValue, *schema.DropEnumValue, *schema.ReorderEnum:
		return nil, p.unsupported(c, "MySQL has no standalone enum types: an enum is a column type, changed with the column (AlterColumn)")
	case *schema.AddSequence, *schema.DropSequence, *schema.AlterSequence, *schema.RenameSequence:
		return nil, p.unsupported(c, "standalone sequences are not planned for MySQL or MariaDB: use an AUTO_INCREMENT column")
	case *schema.AddTable:
		return p.addTable(c)
	case *schema.DropTable:
		return p.dropTable(c)
	case *schema.RenameTable:
		return p.renameTable(c)
	case *schema.SetTableComment:
		return p.setTableComment(c)
	case *schema.SetTableOptions:
		return p.setTableOptions(c)
	case *schema.AddColumn:
		return p.addColumn(c)
	case *schema.DropColumn:
		return p.dropColumn(c)
	case *schema.RenameColumn:
		return p.renameColumn(c)
	case *schema.AlterColumn:
		return p.alterColumn(c)
	case *schema.AddPrimaryKey:
		return p.addPrimaryKey(c)
	case *schema.DropPrimaryKey:
		return p.dropPrimaryKey(c)
	case *schema.AddUnique:
		return p.addUnique(c)
	case *schema.DropUnique:
		return p.dropUnique(c)
	case *schema.AddIndex:
		return p.addIndex(c)
	case *schema.DropIndex:
		return p.dropIndex(c)
	case *schema.RenameIndex:
		return p.renameIndex(c)
	case *schema.AddForeignKey:
		return p.addForeignKey(c)
	case *schema.DropForeignKey:
		return p.dropForeignKey(c)
	case *schema.AddCheck:
		return p.addCheck(c)
	case *schema.DropCheck:
		return p.dropCheck(c)
	case *schema.RenameConstraint:
		return p.renameConstraint(c)
	case *schema.AddObject:
		return p.addObject(c)
	case *schema.DropObject:
		return p.dropObject(c)
	case *schema.ReplaceObject:
		return p.replaceObject(c)
	}
	return nil, fmt.Errorf("change kind %s: %w", c.Kind(), ErrUnsupported)
}

func (p *my) unsupported(c schema.Change, why string) error {
	return fmt.Errorf("%s on %s: %s: %w", c.Kind(), p.d.Name, why, ErrUnsupported)
}

// q quotes an identifier, qn a table name, lit a string literal.
func (p *my) q(s string) string        { return p.d.Quote(s) }
func (p *my) qn(n schema.QName) string { return p.d.QuoteName(n) }
func (p *my) lit(s string) string      { return p.d.QuoteString(s) }

// idents quotes and joins column names.
func (p *my) idents(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = p.q(n)
	}
	return strings.Join(out, ", ")
}

// ifExists is " IF EXISTS" (or " IF NOT EXISTS" with not) where the
// server has it for columns, indexes and constraints (MariaDB).
func (p *my) ifExists(not bool) string {
	if !p.d.Caps.IfExists {
		return ""
	}
	if not {
		return " IF NOT EXISTS"
	}
	return " IF EXISTS"
}

func (p *my) isNew(t schema.QName) bool { return p.newTables[t] }

func (p *my) afterRename(t schema.QName) schema.QName {
	if nw, ok := p.renamed[t]; ok {
		return nw
	}
	return t
}

// fromTable is a table of the source, by its name before or after a
// rename; toTable is one of the target.
func (p *my) fromTable(t schema.QName) *schema.Table {
	if p.from == nil {
		return nil
	}
	if tb := p.from.Table(t); tb != nil {
		return tb
	}
	if old, ok := p.renamedBack[t]; ok {
		return p.from.Table(old)
	}
	return nil
}

func (p *my) toTable(t schema.QName) *schema.Table {
	if p.to == nil {
		return nil
	}
	if tb := p.to.Table(t); tb != nil {
		return tb
	}
	if nw, ok := p.renamed[t]; ok {
		return p.to.Table(nw)
	}
	return nil
}

// lock is the Lock of a class on t, or none for a table this plan creates.
func (p *my) lock(level string, tables ...schema.QName) Lock {
	var existing []schema.QName
	for _, t := range tables {
		if !p.isNew(t) && !containsQName(existing, t) {
			existing = append(existing, t)
		}
	}
	if len(existing) == 0 || level == "" {
		return Lock{}
	}
	l := Lock{Level: level, Tables: existing}
	switch level {
	case LockShared:
		l.BlocksWrites = true
	case LockExclusive:
		l.BlocksReads, l.BlocksWrites = true, true
	}
	return l
}

func containsQName(list []schema.QName, q schema.QName) bool {
	for _, x := range list {
		if x == q {
			return true
		}
	}
	return false
}

// Ranks order the clauses of one table inside phaseColumn: what frees a
// name or a key comes before what takes it.
const (
	rankDropCheck   = "0"
	rankDropIndex   = "1"
	rankDropColumn  = "2"
	rankRename      = "3"
	rankAlterColumn = "4"
	rankAddColumn   = "5"
	rankPrimaryKey  = "6"
	rankAddIndex    = "7"
	rankAddCheck    = "8"
	rankTable       = "9"
)

// keyOnAutoColumn places the clause of a key that covers the
// AUTO_INCREMENT column added to its table right after that column, in
// its class: the server takes an auto column only with its key. It
// returns the rank and name to use.
func (p *my) keyOnAutoColumn(cl *clause, cols []string, rank, name string) (string, string) {
	auto, ok := p.autoAdded[cl.table]
	if !ok {
		auto, ok = p.autoAdded[p.renamedBack[cl.table]]
	}
	if ok && slices.Contains(cols, auto) {
		cl.algo = algoInplaceShared
		return rankAddColumn, "~~" + name
	}
	return rank, name
}

// alterItem is a step of one ALTER TABLE clause on table t, placed among
// the table's other clauses by rank and name. A table created by this plan
// takes algoNew whatever a is.
func (p *my) alterItem(cl *clause, rank, name string, pos schema.Pos) *item {
	if p.isNew(cl.table) {
		cl.algo = algoNew
	}
	s := p.clauseStep(cl, pos)
	key := cl.table.String() + "\x00" + rank + "\x00" + name
	it := at(phaseColumn, key, s)
	it.id = key
	return it
}

// clauseStep is the one-statement step of a clause, with the lock and
// rewrite its class implies.
func (p *my) clauseStep(cl *clause, pos schema.Pos) *Step {
	s := &Step{
		Up:   []string{"ALTER TABLE " + p.qn(cl.table) + " " + cl.up + cl.algo.suffix()},
		Down: []string{"ALTER TABLE " + p.qn(cl.table) + " " + cl.downAgain},
		Lock: p.lock(cl.algo.lockLevel(), cl.table),
		Pos:  pos,
	}
	if cl.down == "" {
		s.Down = nil
	}
	if cl.algo == algoCopy {
		s.Rewrite, s.Scan = true, true
		s.Hazards = append(s.Hazards, hazard(HazardRewrite, cl.table, "", "table copy"),
			hazard(HazardBlockingLock, cl.table, "", "writes wait for the copy"))
	}
	if cl.algo == algoInplaceShared {
		s.Scan = true
		s.Hazards = append(s.Hazards, hazard(HazardBlockingLock, cl.table, "", "LOCK=SHARED"))
	}
	p.clauses[s] = cl
	return s
}

// plainStep is a step of whole statements (CREATE, DROP, RENAME).
func (p *my) plainStep(up, down []string, l Lock, pos schema.Pos) *Step {
	return &Step{Up: up, Down: down, Lock: l, Pos: pos}
}

// finish merges runs of adjacent clause steps on the same table and of
// the same class into one ALTER TABLE: the statement goes to the first
// step of the run, the others keep their envelope without statements.
func (p *my) finish(pl *Plan) {
	steps := pl.Steps
	for i := 0; i < len(steps); {
		head := p.clauses[steps[i]]
		j := i + 1
		for head != nil && j < len(steps) {
			cl := p.clauses[steps[j]]
			if cl == nil || cl.table != head.table || cl.algo != head.algo {
				break
			}
			j++
		}
		if j-i > 1 {
			p.merge(steps[i:j])
		}
		i = j
	}
	for _, s := range steps {
		s.Transactional = false
	}
}

func (p *my) merge(run []*Step) {
	first := p.clauses[run[0]]
	seen := map[string]int{}
	var ups []string
	for _, s := range run {
		cl := p.clauses[s]
		ups = append(ups, cl.up)
		seen[cl.obj]++
	}
	var downs []string
	for k := len(run) - 1; k >= 0; k-- {
		cl := p.clauses[run[k]]
		switch {
		case cl.down == "":
		case seen[cl.obj] > 1:
			downs = append(downs, cl.down)
		default:
			downs = append(downs, cl.downAgain)
		}
	}
	head := run[0]
	head.Up = []string{"ALTER TABLE " + p.qn(first.table) + " " + strings.Join(ups, ", ") + first.algo.suffix()}
	head.Down = nil
	if len(downs) > 0 {
		head.Down = []string{"ALTER TABLE " + p.qn(first.table) + " " + strings.Join(downs, ", ")}
	}
	for _, s := range run[1:] {
		head.Rewrite = head.Rewrite || s.Rewrite
		head.Scan = head.Scan || s.Scan
		s.Up, s.Down = nil, nil
		head.Folded = append(head.Folded, s.Change)
		s.FoldedInto = head
	}
}
