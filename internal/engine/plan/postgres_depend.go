package plan

import (
	"slices"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Dependents the server will not let a change pass. PostgreSQL refuses to
// retype or drop a column a view reads ("cannot alter type of a column
// used by a view or rule"), and to drop the unique index a foreign key of
// another table relies on ("cannot drop constraint ... because other
// objects depend on it"). When the plan leaves such a dependent unchanged,
// the step that needs it gone takes it down and puts it back:
//   - views (and the views that read them) are dropped and re-created by
//     extra statements of the same step, so in a transaction no session
//     ever sees them missing;
//   - foreign keys are dropped by a step of their own before the keys and
//     columns change, and re-added NOT VALID and then validated after,
//     as any new foreign key on an existing table.
// These steps carry the change that needs them; the model of the view or
// foreign key does not change, so the plan still converges.

// leftInPlace reports whether the plan keeps the source object o: neither
// drops nor replaces it.
func (p *pg) leftInPlace(o *schema.Object) bool {
	for _, c := range p.changes {
		switch c := c.(type) {
		case *schema.DropObject:
			if c.Object != nil && c.Object.Key() == o.Key() {
				return false
			}
		case *schema.ReplaceObject:
			if c.From != nil && c.From.Key() == o.Key() {
				return false
			}
		}
	}
	return true
}

// dependentViews lists the source's views and materialized views that read
// one of tables (named after the plan's renames), and the views that read
// those, which the plan keeps: in creation order, each after the views it
// reads.
func (p *pg) dependentViews(tables ...schema.QName) []*schema.Object {
	if p.from == nil {
		return nil
	}
	isView := func(o *schema.Object) bool {
		return o.Kind == schema.ObjectView || o.Kind == schema.ObjectMaterializedView
	}
	reads := map[schema.QName]bool{}
	for _, t := range tables {
		reads[t], reads[p.beforeRename(t)] = true, true
	}
	// Grow the set until no kept view reads anything in it.
	in := map[*schema.Object]bool{}
	for grown := true; grown; {
		grown = false
		for _, o := range p.from.Objects {
			if in[o] || !isView(o) || !p.leftInPlace(o) {
				continue
			}
			if slices.ContainsFunc(o.DependsOn, func(d schema.QName) bool { return reads[d] }) {
				in[o], reads[o.Name], grown = true, true, true
			}
		}
	}
	// Creation order: depth-first, dependencies first, source order
	// otherwise.
	var out []*schema.Object
	done := map[*schema.Object]bool{}
	var visit func(o *schema.Object)
	visit = func(o *schema.Object) {
		if done[o] {
			return
		}
		done[o] = true
		for _, d := range o.DependsOn {
			for _, x := range p.from.Objects {
				if in[x] && x.Name == d {
					visit(x)
				}
			}
		}
		out = append(out, o)
	}
	for _, o := range p.from.Objects {
		if in[o] {
			visit(o)
		}
	}
	return out
}

// targetObject is the target's version of a source object the plan keeps
// (the same definition up to the plan's renames), or o itself.
func (p *pg) targetObject(o *schema.Object) *schema.Object {
	if p.to != nil {
		for _, x := range p.to.Objects {
			if x.Key() == o.Key() {
				return x
			}
		}
	}
	return o
}

// aroundViews makes the statements of s run while the views that read
// tables are gone: each direction drops them first (readers first) and
// re-creates them after (the up from the target's definition, the down
// from the source's).
func (p *pg) aroundViews(s *Step, tables ...schema.QName) {
	views := p.dependentViews(tables...)
	if len(views) == 0 {
		return
	}
	var drops, upCreate, downCreate []string
	for i := len(views) - 1; i >= 0; i-- {
		drops = append(drops, p.dropObjectStmt(views[i]))
	}
	for _, o := range views {
		upCreate = append(upCreate, p.recreate(p.targetObject(o))...)
		downCreate = append(downCreate, p.recreate(o)...)
	}
	s.Up = slices.Concat(drops, s.Up, upCreate)
	s.Down = slices.Concat(drops, s.Down, downCreate)
	for _, o := range views {
		s.Hazards = append(s.Hazards, hazard(HazardBreaking, o.Name, "", "view re-created"))
	}
}

// fkRebuild is a foreign key of the source that the plan keeps but must
// drop and re-add around the change that carries it.
type fkRebuild struct {
	// table is the referencing table's source name.
	table schema.QName
	fk    *schema.ForeignKey
}

// sameTable reports whether the table a change names (by its source or its
// target name) is the source table src.
func (p *pg) sameTable(named, src schema.QName) bool {
	return named == src || p.beforeRename(named) == src
}

// sameColumnSet reports whether a and b hold the same column names.
func sameColumnSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !contains(b, x) {
			return false
		}
	}
	return true
}

// fkKept reports whether the plan keeps the source table's foreign key:
// neither the table nor the key is dropped.
func (p *pg) fkKept(table schema.QName, fk *schema.ForeignKey) bool {
	for _, c := range p.changes {
		switch c := c.(type) {
		case *schema.DropTable:
			if c.Table != nil && c.Table.Name == table {
				return false
			}
		case *schema.DropForeignKey:
			if c.ForeignKey != nil && c.ForeignKey.Name == fk.Name && p.sameTable(c.Table, table) {
				return false
			}
		}
	}
	return true
}

// retypes reports whether c changes the type of column col of source
// table t.
func (p *pg) retypes(c schema.Change, t schema.QName, col string) bool {
	a, ok := c.(*schema.AlterColumn)
	if !ok || a.From == nil || !a.What.Has(schema.ChangeType) || !p.sameTable(a.Table, t) {
		return false
	}
	return a.From.Name == col || p.colRenamedBack[schema.ColumnRef{Table: p.afterRename(t), Column: a.From.Name}] == col
}

// needsFKRebuild reports whether change c cannot run while the kept
// foreign key fk of source table t is in place: it drops the primary key,
// unique constraint or unique index on exactly the referenced columns
// (the index the key relies on), or it retypes a referenced column whose
// referencing column the plan retypes too (between the two steps the
// types would not match).
func (p *pg) needsFKRebuild(c schema.Change, t schema.QName, fk *schema.ForeignKey) bool {
	switch c := c.(type) {
	case *schema.DropPrimaryKey:
		return c.PrimaryKey != nil && p.sameTable(c.Table, fk.RefTable) && sameColumnSet(c.PrimaryKey.Columns, fk.RefColumns)
	case *schema.DropUnique:
		return c.Unique != nil && p.sameTable(c.Table, fk.RefTable) && sameColumnSet(c.Unique.Columns, fk.RefColumns)
	case *schema.DropIndex:
		if c.Index == nil || !c.Index.Unique || c.Index.Where != "" || !p.sameTable(c.Table, fk.RefTable) {
			return false
		}
		var cols []string
		for _, part := range c.Index.Parts {
			if part.Column == "" {
				return false
			}
			cols = append(cols, part.Column)
		}
		return sameColumnSet(cols, fk.RefColumns)
	case *schema.AlterColumn:
		for i, col := range fk.Columns {
			if i >= len(fk.RefColumns) {
				break
			}
			ref := fk.RefColumns[i]
			if !p.retypes(c, t, col) && !p.retypes(c, fk.RefTable, ref) {
				continue
			}
			for _, o := range p.changes {
				if p.retypes(o, t, col) && o != c || p.retypes(o, fk.RefTable, ref) && o != c {
					return true
				}
			}
		}
	}
	return false
}

// planFKRebuilds finds, for each kept foreign key of the source that some
// change cannot pass, the first such change in input order: it carries
// the key's drop and re-add.
func (p *pg) planFKRebuilds() map[schema.Change][]fkRebuild {
	out := map[schema.Change][]fkRebuild{}
	if p.from == nil {
		return out
	}
	for _, t := range p.from.Tables {
		for _, fk := range t.ForeignKeys {
			if !p.fkKept(t.Name, fk) {
				continue
			}
			for _, c := range p.changes {
				if p.needsFKRebuild(c, t.Name, fk) {
					out[c] = append(out[c], fkRebuild{table: t.Name, fk: fk})
					break
				}
			}
		}
	}
	return out
}

// rebuildFKs plans the drop and re-add of foreign keys around a change:
// dropped (after the plan's renames) before any key or column changes,
// re-added NOT VALID with the other foreign keys and validated after. The
// drop's rollback re-adds the key the same way, in one step.
func (p *pg) rebuildFKs(rs []fkRebuild) []*item {
	var out []*item
	for _, r := range rs {
		t, ref := p.afterRename(r.table), p.afterRename(r.fk.RefTable)
		fk := r.fk
		if tb := p.toTable(t); tb != nil {
			if x := tb.ForeignKey(fk.Name); x != nil {
				fk = x
			}
		}
		def := p.fkDef(fk, ref)
		key := t.String() + "." + fk.Name
		down := p.readdConstraint(t, fk.Name, def)
		if p.d.Caps.NotValidConstraints {
			down = append(p.readdConstraint(t, fk.Name, def+" NOT VALID"),
				p.alter(t)+"VALIDATE CONSTRAINT "+p.q(fk.Name))
		}
		drop := step([]string{p.alter(t) + "DROP CONSTRAINT " + p.q(fk.Name)}, down,
			p.lock(LockAccessExclusive, t, ref), fk.Pos)
		out = append(out, at(phaseDetachForeignKey, key, drop))
		lock := p.lock(LockShareRowExclusive, t, ref)
		if !p.d.Caps.NotValidConstraints {
			s := step([]string{p.alter(t) + "ADD CONSTRAINT " + p.q(fk.Name) + " " + def},
				[]string{p.dropConstraint(t, fk.Name)}, lock, fk.Pos)
			s.Scan = true
			s.Hazards = []Hazard{hazard(HazardBlockingLock, t, "", "validate foreign key"),
				hazard(HazardMayFail, t, "", "rows without parent")}
			out = append(out, at(phaseForeignKey, key, s))
			continue
		}
		out = append(out, p.notValidThenValidate(t, fk.Name, def, phaseForeignKey, lock, "rows without parent", fk.Pos)...)
	}
	return out
}
