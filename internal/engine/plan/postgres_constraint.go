package plan

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Constraints. On a table that already exists (and may be large and busy):
//   - PRIMARY KEY and UNIQUE are built as a unique index CONCURRENTLY
//     (SHARE UPDATE EXCLUSIVE, reads and writes go on), then attached with
//     ADD CONSTRAINT ... USING INDEX under a brief ACCESS EXCLUSIVE;
//   - FOREIGN KEY and CHECK are added NOT VALID (brief lock, new rows are
//     checked at once) and validated by a later step in a transaction of
//     its own, under SHARE UPDATE EXCLUSIVE while it scans.
// On a table the plan creates, the plain forms are used.
//
// Rollbacks that re-add a constraint first drop it IF EXISTS, so they can
// be run again.

// readdConstraint renders a re-runnable add: drop it if it exists, then add.
func (p *pg) readdConstraint(t schema.QName, name, def string) []string {
	if name == "" {
		return []string{p.alter(t) + "ADD " + def}
	}
	return []string{p.dropConstraint(t, name), p.alter(t) + "ADD CONSTRAINT " + p.q(name) + " " + def}
}

// dropConstraint renders a re-runnable drop: nothing happens when the
// table or the constraint is already gone.
func (p *pg) dropConstraint(t schema.QName, name string) string {
	return "ALTER TABLE IF EXISTS " + p.qn(t) + " DROP CONSTRAINT IF EXISTS " + p.q(name)
}

func deferrable(d, initiallyDeferred bool) string {
	switch {
	case d && initiallyDeferred:
		return " DEFERRABLE INITIALLY DEFERRED"
	case d:
		return " DEFERRABLE"
	}
	return ""
}

func (p *pg) uniqueDef(u *schema.Unique) (string, error) {
	s := "UNIQUE "
	if u.NullsNotDistinct {
		if !p.d.Caps.NullsNotDistinct {
			return "", fmt.Errorf("unique %s: NULLS NOT DISTINCT needs PostgreSQL 15: %w", u.Name, ErrUnsupported)
		}
		s += "NULLS NOT DISTINCT "
	}
	return s + "(" + p.idents(u.Columns) + ")" + deferrable(u.Deferrable, u.Deferred), nil
}

func (p *pg) checkDef(c *schema.Check) string {
	s := "CHECK (" + c.Expr + ")"
	if c.NoInherit {
		s += " NO INHERIT"
	}
	return s
}

// fkActions are the referential actions a foreign key may spell.
var fkActions = map[string]bool{"": true, schema.NoAction: true, schema.Restrict: true,
	schema.Cascade: true, schema.SetNull: true, schema.SetDefault: true}

func (p *pg) fkDef(fk *schema.ForeignKey, ref schema.QName) string {
	s := "FOREIGN KEY (" + p.idents(fk.Columns) + ") REFERENCES " + p.qn(ref) + " (" + p.idents(fk.RefColumns) + ")"
	if fk.OnDelete != "" && fk.OnDelete != schema.NoAction {
		s += " ON DELETE " + fk.OnDelete
	}
	if fk.OnUpdate != "" && fk.OnUpdate != schema.NoAction {
		s += " ON UPDATE " + fk.OnUpdate
	}
	return s + deferrable(fk.Deferrable, fk.Deferred)
}

func (p *pg) checkFK(fk *schema.ForeignKey) error {
	if !fkActions[fk.OnDelete] || !fkActions[fk.OnUpdate] {
		return fmt.Errorf("foreign key %s: referential action %q/%q: %w", fk.Name, fk.OnDelete, fk.OnUpdate, ErrUnsupported)
	}
	if len(fk.Columns) == 0 || len(fk.Columns) != len(fk.RefColumns) {
		return fmt.Errorf("foreign key %s: columns do not match referenced columns: %w", fk.Name, ErrUnsupported)
	}
	return nil
}

// defaultName is the name PostgreSQL would give an unnamed constraint:
// table_columns_suffix, cut to the identifier limit.
func (p *pg) defaultName(t schema.QName, cols []string, suffix string) string {
	parts := append([]string{t.Name}, cols...)
	return p.ident(strings.Join(parts, "_") + "_" + suffix)
}

// notNullBefore reports whether a column is already NOT NULL when the
// plan's constraint steps run: in the source, or made so by the plan.
func (p *pg) notNullBefore(t schema.QName, col string) bool {
	if c := p.column(true, t, col); c != nil && c.NotNull {
		return true
	}
	for _, ch := range p.changes {
		if a, ok := ch.(*schema.AlterColumn); ok && a.To != nil && a.To.Name == col &&
			p.afterRename(a.Table) == t && a.What.Has(schema.ChangeNull) && a.To.NotNull {
			return true
		}
	}
	return false
}

// indexBackedConstraint plans a PRIMARY KEY or UNIQUE constraint: on a new
// table a plain ADD CONSTRAINT, else a unique index built concurrently and
// then attached (USING INDEX), the constraint taking the index's name.
func (p *pg) indexBackedConstraint(t schema.QName, name, kind, def, usingTail string, cols []string, nnd bool, pos schema.Pos) []*item {
	key := t.String() + "." + name
	if p.isNew(t) {
		up := []string{p.alter(t) + "ADD CONSTRAINT " + p.q(name) + " " + def}
		return []*item{at(phaseTableParts, key, step(up, []string{p.dropConstraint(t, name)}, Lock{}, pos))}
	}
	idx := schema.QName{Schema: t.Schema, Name: name}
	build := "CREATE UNIQUE INDEX CONCURRENTLY " + p.q(name) + " ON " + p.qn(t) + " (" + p.idents(cols) + ")"
	if nnd {
		build += " NULLS NOT DISTINCT"
	}
	s1 := &Step{Up: []string{build}, Down: []string{"DROP INDEX CONCURRENTLY IF EXISTS " + p.qn(idx)},
		Lock: p.lock(LockShareUpdateExclusive, t), Scan: true, Pos: pos,
		Hazards: []Hazard{hazard(HazardMayFail, t, strings.Join(cols, ","), "duplicate values")}}
	attach := p.alter(t) + "ADD CONSTRAINT " + p.q(name) + " " + kind + " USING INDEX " + p.q(name) + usingTail
	s2 := step([]string{attach}, []string{p.dropConstraint(t, name)}, p.lock(LockAccessExclusive, t), pos)
	if kind == "PRIMARY KEY" {
		for _, c := range cols {
			if !p.notNullBefore(t, c) {
				// USING INDEX sets the columns NOT NULL: a scan under the lock.
				s2.Scan = true
				s2.Hazards = append(s2.Hazards, hazard(HazardBlockingLock, t, c, "set not null"),
					hazard(HazardMayFail, t, c, "null values"))
			}
		}
	}
	return []*item{at(phaseTableParts, key, s1), at(phaseTableParts, key, s2)}
}

func (p *pg) addPrimaryKey(c *schema.AddPrimaryKey) ([]*item, error) {
	pk := c.PrimaryKey
	if pk == nil || len(pk.Columns) == 0 || c.Table.Name == "" {
		return nil, errMissing("primary key")
	}
	t := p.afterRename(c.Table)
	name := pk.Name
	if name == "" {
		name = p.ident(t.Name + "_pkey")
	}
	def := "PRIMARY KEY (" + p.idents(pk.Columns) + ")"
	return p.indexBackedConstraint(t, name, "PRIMARY KEY", def, "", pk.Columns, false, pk.Pos), nil
}

func (p *pg) dropPrimaryKey(c *schema.DropPrimaryKey) ([]*item, error) {
	pk := c.PrimaryKey
	if pk == nil || pk.Name == "" || c.Table.Name == "" {
		return nil, errMissing("primary key")
	}
	t := p.afterRename(c.Table)
	down := p.readdConstraint(t, pk.Name, "PRIMARY KEY ("+p.idents(pk.Columns)+")")
	s := step([]string{p.alter(t) + "DROP CONSTRAINT " + p.q(pk.Name)}, down, p.lock(LockAccessExclusive, t), pk.Pos)
	return []*item{at(phaseDropTableParts, t.String()+"."+pk.Name, s)}, nil
}

func (p *pg) addUnique(c *schema.AddUnique) ([]*item, error) {
	u := c.Unique
	if u == nil || len(u.Columns) == 0 || c.Table.Name == "" {
		return nil, errMissing("unique constraint")
	}
	t := p.afterRename(c.Table)
	def, err := p.uniqueDef(u)
	if err != nil {
		return nil, err
	}
	name := u.Name
	if name == "" {
		name = p.defaultName(t, u.Columns, "key")
	}
	return p.indexBackedConstraint(t, name, "UNIQUE", def, deferrable(u.Deferrable, u.Deferred), u.Columns, u.NullsNotDistinct, u.Pos), nil
}

func (p *pg) dropUnique(c *schema.DropUnique) ([]*item, error) {
	u := c.Unique
	if u == nil || u.Name == "" || c.Table.Name == "" {
		return nil, errMissing("unique constraint")
	}
	t := p.afterRename(c.Table)
	def, err := p.uniqueDef(u)
	if err != nil {
		return nil, err
	}
	s := step([]string{p.alter(t) + "DROP CONSTRAINT " + p.q(u.Name)}, p.readdConstraint(t, u.Name, def),
		p.lock(LockAccessExclusive, t), u.Pos)
	return []*item{at(phaseDropTableParts, t.String()+"."+u.Name, s)}, nil
}

// notValidThenValidate plans a FOREIGN KEY or CHECK on an existing table:
// ADD ... NOT VALID under addLock, then VALIDATE in a transaction of its
// own under SHARE UPDATE EXCLUSIVE.
func (p *pg) notValidThenValidate(t schema.QName, name, def string, ph phase, addLock Lock, failDetail string, pos schema.Pos) []*item {
	key := t.String() + "." + name
	add := step([]string{p.alter(t) + "ADD CONSTRAINT " + p.q(name) + " " + def + " NOT VALID"},
		[]string{p.dropConstraint(t, name)}, addLock, pos)
	val := step([]string{p.alter(t) + "VALIDATE CONSTRAINT " + p.q(name)}, nil,
		p.lock(LockShareUpdateExclusive, t), pos)
	val.Scan, val.NewTransaction = true, true
	val.Hazards = []Hazard{hazard(HazardMayFail, t, "", failDetail)}
	return []*item{at(ph, key, add), at(phaseValidate, key, val)}
}

func (p *pg) addForeignKey(c *schema.AddForeignKey) ([]*item, error) {
	fk := c.ForeignKey
	if fk == nil || c.Table.Name == "" || fk.RefTable.Name == "" {
		return nil, errMissing("foreign key")
	}
	if err := p.checkFK(fk); err != nil {
		return nil, err
	}
	t, ref := p.afterRename(c.Table), p.afterRename(fk.RefTable)
	name := fk.Name
	if name == "" {
		name = p.defaultName(t, fk.Columns, "fkey")
	}
	def := p.fkDef(fk, ref)
	lock := p.lock(LockShareRowExclusive, t, ref)
	if c.NewTable || p.isNew(t) {
		// The referencing table is empty: nothing to validate; the
		// referenced table, when it exists, is locked only briefly.
		up := []string{p.alter(t) + "ADD CONSTRAINT " + p.q(name) + " " + def}
		return []*item{at(phaseForeignKey, t.String()+"."+name, step(up, []string{p.dropConstraint(t, name)}, lock, fk.Pos))}, nil
	}
	if !p.d.Caps.NotValidConstraints {
		s := step([]string{p.alter(t) + "ADD CONSTRAINT " + p.q(name) + " " + def},
			[]string{p.dropConstraint(t, name)}, lock, fk.Pos)
		s.Scan = true
		s.Hazards = []Hazard{hazard(HazardBlockingLock, t, "", "validate foreign key"),
			hazard(HazardMayFail, t, "", "rows without parent")}
		return []*item{at(phaseForeignKey, t.String()+"."+name, s)}, nil
	}
	return p.notValidThenValidate(t, name, def, phaseForeignKey, lock, "rows without parent", fk.Pos), nil
}

func (p *pg) dropForeignKey(c *schema.DropForeignKey) ([]*item, error) {
	fk := c.ForeignKey
	if fk == nil || fk.Name == "" || c.Table.Name == "" {
		return nil, errMissing("foreign key")
	}
	if err := p.checkFK(fk); err != nil {
		return nil, err
	}
	// Foreign keys are dropped before the plan's renames (and re-added by
	// the rollback after they are undone): both tables by their old names.
	t, ref := p.beforeRename(c.Table), p.beforeRename(fk.RefTable)
	def := p.fkDef(fk, ref)
	for _, col := range fk.Columns {
		if p.zeroFilledByRollback(p.afterRename(c.Table), col) && p.d.Caps.NotValidConstraints {
			// The rollback refills the column with a zero value that
			// need have no parent: see zeroFill.
			def += " NOT VALID"
			break
		}
	}
	s := step([]string{p.alter(t) + "DROP CONSTRAINT " + p.q(fk.Name)},
		p.readdConstraint(t, fk.Name, def), p.lock(LockAccessExclusive, t, ref), fk.Pos)
	return []*item{beforeRenames(at(phaseDropForeignKey, t.String()+"."+fk.Name, s), c, t)}, nil
}

func (p *pg) addCheck(c *schema.AddCheck) ([]*item, error) {
	ck := c.Check
	if ck == nil || ck.Expr == "" || c.Table.Name == "" {
		return nil, errMissing("check constraint")
	}
	t := p.afterRename(c.Table)
	name := ck.Name
	if name == "" {
		name = p.ident(t.Name + "_check")
	}
	if p.isNew(t) {
		up := []string{p.alter(t) + "ADD CONSTRAINT " + p.q(name) + " " + p.checkDef(ck)}
		return []*item{at(phaseTableParts, t.String()+"."+name, step(up, []string{p.dropConstraint(t, name)}, Lock{}, ck.Pos))}, nil
	}
	if !p.d.Caps.NotValidConstraints {
		s := step([]string{p.alter(t) + "ADD CONSTRAINT " + p.q(name) + " " + p.checkDef(ck)},
			[]string{p.dropConstraint(t, name)}, p.lock(LockAccessExclusive, t), ck.Pos)
		s.Scan = true
		s.Hazards = []Hazard{hazard(HazardBlockingLock, t, "", "validate check"), hazard(HazardMayFail, t, "", "rows violating check")}
		return []*item{at(phaseTableParts, t.String()+"."+name, s)}, nil
	}
	return p.notValidThenValidate(t, name, p.checkDef(ck), phaseTableParts, p.lock(LockAccessExclusive, t), "rows violating check", ck.Pos), nil
}

func (p *pg) dropCheck(c *schema.DropCheck) ([]*item, error) {
	ck := c.Check
	if ck == nil || ck.Name == "" || c.Table.Name == "" {
		return nil, errMissing("check constraint")
	}
	t := p.afterRename(c.Table)
	s := step([]string{p.alter(t) + "DROP CONSTRAINT " + p.q(ck.Name)}, p.readdConstraint(t, ck.Name, p.checkDef(ck)),
		p.lock(LockAccessExclusive, t), ck.Pos)
	return []*item{at(phaseDropTableParts, t.String()+"."+ck.Name, s)}, nil
}

func (p *pg) renameConstraint(c *schema.RenameConstraint) ([]*item, error) {
	if c.Table.Name == "" || c.From == "" || c.To == "" {
		return nil, errMissing("constraint name")
	}
	t := p.afterRename(c.Table)
	rn := func(a, b string) []string {
		return []string{p.alter(t) + "RENAME CONSTRAINT " + p.q(a) + " TO " + p.q(b)}
	}
	s := step(rn(c.From, c.To), rn(c.To, c.From), p.lock(LockAccessExclusive, t), p.tablePos(t))
	it := at(phaseRenamePart, "", s)
	it.inputOrder = true
	return []*item{it}, nil
}
