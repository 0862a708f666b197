package plan

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Foreign keys and checks. Adding a foreign key copies the child table
// unless foreign_key_checks=0 (then it is INPLACE, but existing rows are
// never validated: the plan does not do that); dropping one is INPLACE.
// Adding a CHECK copies the table to validate every row; dropping one is
// INSTANT on MariaDB and INPLACE on MySQL. MySQL cannot rename either: a
// rename drops and re-adds the constraint in one statement.

// fkDef renders CONSTRAINT name FOREIGN KEY (...) REFERENCES ... with its
// actions.
func (p *my) fkDef(fk *schema.ForeignKey) string {
	s := ""
	if fk.Name != "" {
		s = "CONSTRAINT " + p.q(fk.Name) + " "
	}
	s += "FOREIGN KEY (" + p.idents(fk.Columns) + ") REFERENCES " + p.qn(p.afterRename(fk.RefTable)) + " (" + p.idents(fk.RefColumns) + ")"
	if fk.OnDelete != "" && fk.OnDelete != schema.NoAction {
		s += " ON DELETE " + fk.OnDelete
	}
	if fk.OnUpdate != "" && fk.OnUpdate != schema.NoAction {
		s += " ON UPDATE " + fk.OnUpdate
	}
	return s
}

// fkAgain is fkDef re-runnable on MariaDB: FOREIGN KEY IF NOT EXISTS.
func (p *my) fkAgain(fk *schema.ForeignKey) string {
	def := p.fkDef(fk)
	if ine := p.ifExists(true); ine != "" {
		return strings.Replace(def, "FOREIGN KEY", "FOREIGN KEY"+ine, 1)
	}
	return def
}

func fkOK(fk *schema.ForeignKey) bool {
	return fk != nil && fk.Name != "" && len(fk.Columns) > 0 && len(fk.Columns) == len(fk.RefColumns) && fk.RefTable.Name != ""
}

func (p *my) addForeignKey(c *schema.AddForeignKey) ([]*item, error) {
	fk := c.ForeignKey
	if !fkOK(fk) || c.Table.Name == "" {
		return nil, errMissing("foreign key")
	}
	if fk.Deferrable {
		return nil, fmt.Errorf("foreign key %s: deferrable constraints do not exist on %s: %w", fk.Name, p.d.Name, ErrUnsupported)
	}
	t := p.afterRename(c.Table)
	cl := &clause{
		table: t, up: "ADD " + p.fkDef(fk),
		down: "DROP FOREIGN KEY " + p.q(fk.Name), downAgain: "DROP FOREIGN KEY" + p.ifExists(false) + " " + p.q(fk.Name),
		obj: "foreign key:" + fk.Name, algo: algoCopy,
	}
	if c.NewTable || p.isNew(t) {
		cl.algo = algoNew
	}
	s := p.clauseStep(cl, fk.Pos)
	if cl.algo != algoNew {
		// The parent is read for every row and locked against changes.
		s.Lock = p.lock(LockShared, t, p.afterRename(fk.RefTable))
		s.Hazards = append(s.Hazards, hazard(HazardMayFail, t, "", "rows without a parent"))
	}
	key := t.String() + "\x00" + fk.Name
	return []*item{at(phaseForeignKey, key, s)}, nil
}

func (p *my) dropForeignKey(c *schema.DropForeignKey) ([]*item, error) {
	fk := c.ForeignKey
	if !fkOK(fk) || c.Table.Name == "" {
		return nil, errMissing("foreign key")
	}
	// Foreign keys are dropped before renames: the table has its old name.
	t := c.Table
	if _, ok := p.renamedBack[t]; ok {
		t = p.renamedBack[t]
	}
	if p.tableDropped(fk.RefTable) {
		items := p.dropForeignKeyOfDroppedParent(t, fk)
		beforeRenames(items[0], c, t)
		return items, nil
	}
	cl := &clause{
		table: t, up: "DROP FOREIGN KEY " + p.q(fk.Name),
		down: "ADD " + p.fkDefBefore(fk), downAgain: "ADD " + p.fkAgainBefore(fk),
		obj: "foreign key:" + fk.Name, algo: algoInplace,
	}
	s := p.clauseStep(cl, fk.Pos)
	s.Hazards = append(s.Hazards, hazard(HazardBreaking, t, "", "drop foreign key"))
	return []*item{beforeRenames(at(phaseDropForeignKey, t.String()+"\x00"+fk.Name, s), c, t)}, nil
}

// tableDropped reports whether the plan drops the source table t.
func (p *my) tableDropped(t schema.QName) bool {
	for _, c := range p.changes {
		if d, ok := c.(*schema.DropTable); ok && d.Table != nil && d.Table.Name == t {
			return true
		}
	}
	return false
}

// dropForeignKeyOfDroppedParent drops a foreign key whose parent table the
// plan drops. The rollback re-creates the parent without its rows, so the
// child's rows would all be orphans and re-adding the key would fail
// (error 1452); MySQL has no NOT VALID, so the key is re-added with
// foreign_key_checks off, which skips the check of existing rows (MySQL
// manual, "Foreign Key Checks", and MariaDB's foreign_key_checks: with it
// off, adding a foreign key does not validate the rows). The step says so
// with an irreversible hazard.
func (p *my) dropForeignKeyOfDroppedParent(t schema.QName, fk *schema.ForeignKey) []*item {
	alter := "ALTER TABLE " + p.qn(t) + " "
	s := p.plainStep([]string{alter + "DROP FOREIGN KEY " + p.q(fk.Name) + algoInplace.suffix()},
		[]string{"SET SESSION FOREIGN_KEY_CHECKS = 0", alter + "ADD " + p.fkAgainBefore(fk), "SET SESSION FOREIGN_KEY_CHECKS = 1"},
		p.lock(algoInplace.lockLevel(), t), fk.Pos)
	s.Hazards = []Hazard{hazard(HazardBreaking, t, "", "drop foreign key"),
		hazard(HazardIrreversible, t, "", "rollback re-adds foreign key "+fk.Name+" unchecked: the parent comes back empty")}
	return []*item{at(phaseDropForeignKey, t.String()+"\x00"+fk.Name, s)}
}

// fkDefBefore renders a foreign key under the names of the source (the
// rollback of a drop runs after the renames were undone).
func (p *my) fkDefBefore(fk *schema.ForeignKey) string {
	saved := p.renamed
	p.renamed = nil
	defer func() { p.renamed = saved }()
	return p.fkDef(fk)
}

func (p *my) fkAgainBefore(fk *schema.ForeignKey) string {
	saved := p.renamed
	p.renamed = nil
	defer func() { p.renamed = saved }()
	return p.fkAgain(fk)
}

// checkDef renders CONSTRAINT name CHECK (expr).
func (p *my) checkDef(c *schema.Check) string {
	if c.Name == "" {
		return "CHECK (" + c.Expr + ")"
	}
	return "CONSTRAINT " + p.q(c.Name) + " CHECK (" + c.Expr + ")"
}

// dropCheckClause is DROP CHECK (MySQL) or DROP CONSTRAINT (MariaDB).
func (p *my) dropCheckClause(name string, again bool) string {
	if p.f.DropCheckSyntax {
		return "DROP CHECK " + p.q(name)
	}
	ie := ""
	if again {
		ie = p.ifExists(false)
	}
	return "DROP CONSTRAINT" + ie + " " + p.q(name)
}

// addCheckClause is ADD CONSTRAINT [IF NOT EXISTS] name CHECK (expr).
func (p *my) addCheckClause(c *schema.Check, again bool) string {
	if again && p.ifExists(true) != "" {
		return "ADD CONSTRAINT" + p.ifExists(true) + " " + p.q(c.Name) + " CHECK (" + c.Expr + ")"
	}
	return "ADD " + p.checkDef(c)
}

func (p *my) addCheck(c *schema.AddCheck) ([]*item, error) {
	ck := c.Check
	if ck == nil || ck.Name == "" || ck.Expr == "" || c.Table.Name == "" {
		return nil, errMissing("check constraint")
	}
	if !p.d.Caps.CheckConstraints {
		return nil, fmt.Errorf("check %s: %s %s parses CHECK but does not enforce it (MySQL 8.0.16+, MariaDB 10.2.1+): %w", ck.Name, p.d.Name, p.d.Version, ErrUnsupported)
	}
	t := p.afterRename(c.Table)
	cl := &clause{
		table: t, up: p.addCheckClause(ck, false),
		down: p.dropCheckClause(ck.Name, false), downAgain: p.dropCheckClause(ck.Name, true),
		obj: "check:" + ck.Name, algo: algoCopy,
	}
	it := p.alterItem(cl, rankAddCheck, ck.Name, ck.Pos)
	if !p.isNew(t) {
		it.step.Hazards = append(it.step.Hazards, hazard(HazardMayFail, t, "", "rows violating the check"))
	}
	return []*item{it}, nil
}

func (p *my) dropCheck(c *schema.DropCheck) ([]*item, error) {
	ck := c.Check
	if ck == nil || ck.Name == "" || ck.Expr == "" || c.Table.Name == "" {
		return nil, errMissing("check constraint")
	}
	t := p.afterRename(c.Table)
	a := algoInplace
	if p.f.InstantDropCheck {
		a = algoInstant
	}
	cl := &clause{
		table: t, up: p.dropCheckClause(ck.Name, false),
		down: p.addCheckClause(ck, false), downAgain: p.addCheckClause(ck, true),
		obj: "check:" + ck.Name, algo: a,
	}
	return []*item{p.alterItem(cl, rankDropCheck, ck.Name, ck.Pos)}, nil
}

// renameConstraint renames a unique key (RENAME INDEX); a foreign key or
// check is dropped and added back under the new name in one statement.
//
// A foreign key and an index often share a name on MySQL (InnoDB names
// the index it creates for a key after it, and Knex names both
// table_column_foreign): renaming both is a RenameIndex, which renames the
// index, and a RenameConstraint, which must rename the key, not the index
// a second time. So a RenameConstraint whose name is a foreign key's
// renames the key; only a second one of the same name and table (a unique
// key and a foreign key both renamed) renames the index.
func (p *my) renameConstraint(c *schema.RenameConstraint) ([]*item, error) {
	if c.Table.Name == "" || c.From == "" || c.To == "" {
		return nil, errMissing("constraint name")
	}
	t := p.afterRename(c.Table)
	tb := p.fromTable(t)
	if tb == nil {
		return nil, fmt.Errorf("constraint %s on %s: table not in the source schema: %w", c.From, t, ErrUnsupported)
	}
	fk := tb.ForeignKey(c.From)
	key := t.String() + "\x00" + c.From
	if fk != nil && p.fkRenamed[key] {
		fk = nil
	}
	if fk == nil && (tb.Index(c.From) != nil || tb.Unique(c.From) != nil) {
		return p.renameIndex(&schema.RenameIndex{Table: c.Table, From: c.From, To: c.To})
	}
	cl := &clause{table: t, obj: "constraint:" + c.From, algo: algoCopy}
	if fk != nil {
		p.fkRenamed[key] = true
		nw := *fk
		nw.Name = c.To
		cl.up = "DROP FOREIGN KEY " + p.q(c.From) + ", ADD " + p.fkDef(&nw)
		cl.down = "DROP FOREIGN KEY " + p.q(c.To) + ", ADD " + p.fkDef(fk)
	} else if ck := tb.Check(c.From); ck != nil {
		nw := *ck
		nw.Name = c.To
		cl.up = p.dropCheckClause(c.From, false) + ", " + p.addCheckClause(&nw, false)
		cl.down = p.dropCheckClause(c.To, false) + ", " + p.addCheckClause(ck, false)
	} else {
		return nil, fmt.Errorf("constraint %s on %s: %s cannot rename a primary key (always PRIMARY): %w", c.From, t, p.d.Name, ErrUnsupported)
	}
	cl.downAgain = cl.down
	it := p.alterItem(cl, rankRename, "", schema.Pos{})
	it.inputOrder = true
	return []*item{it}, nil
}
