package plan

import "github.com/migrate-bot/migrate-bot/internal/engine/schema"

// Foreign keys around a column type change. MySQL and MariaDB refuse to
// change the type of a column that a foreign key uses, on either side
// (error 1832 "Cannot change column used in a foreign key constraint",
// 1833 for the referenced side; MySQL manual, "FOREIGN KEY Constraints":
// "the size and sign of fixed precision types such as INTEGER and DECIMAL
// must be the same"), even when both sides change in the same plan: each
// ALTER TABLE runs alone. So a kept foreign key is dropped before the
// first such change and re-added after the last, in both directions, as
// the PostgreSQL planner does (postgres_depend.go).

// myFKRebuild is a kept foreign key of the source that a change must drop
// and re-add.
type myFKRebuild struct {
	// table is the referencing table's source name.
	table schema.QName
	fk    *schema.ForeignKey
}

// sourceName is the source name of a table a change names by its source
// or target name.
func (p *my) sourceName(t schema.QName) schema.QName {
	if old, ok := p.renamedBack[t]; ok {
		return old
	}
	return t
}

// retypes reports whether c changes the type of column col of the source
// table t.
func (p *my) retypes(c schema.Change, t schema.QName, col string) bool {
	a, ok := c.(*schema.AlterColumn)
	if !ok || a.From == nil || !a.What.Has(schema.ChangeType) || p.sourceName(a.Table) != t {
		return false
	}
	if a.From.Name == col {
		return true
	}
	old, ok := p.colRenamedBack[schema.ColumnRef{Table: a.Table, Column: a.From.Name}]
	return ok && old == col
}

// fkKept reports whether the plan keeps the source table's foreign key.
func (p *my) fkKept(t schema.QName, fk *schema.ForeignKey) bool {
	for _, c := range p.changes {
		switch c := c.(type) {
		case *schema.DropTable:
			if c.Table != nil && (c.Table.Name == t || c.Table.Name == fk.RefTable) {
				return false
			}
		case *schema.DropForeignKey:
			if c.ForeignKey != nil && c.ForeignKey.Name == fk.Name && p.sourceName(c.Table) == t {
				return false
			}
		}
	}
	return true
}

// planFKRebuilds finds, for each kept foreign key of the source one of
// whose columns (either side) some change retypes, the first such change
// in input order: it carries the key's drop and re-add.
func (p *my) planFKRebuilds() map[schema.Change][]myFKRebuild {
	out := map[schema.Change][]myFKRebuild{}
	if p.from == nil {
		return out
	}
	for _, t := range p.from.Tables {
		for _, fk := range t.ForeignKeys {
			if !fkOK(fk) || !p.fkKept(t.Name, fk) {
				continue
			}
		changes:
			for _, c := range p.changes {
				for i, col := range fk.Columns {
					if p.retypes(c, t.Name, col) || p.retypes(c, fk.RefTable, fk.RefColumns[i]) {
						out[c] = append(out[c], myFKRebuild{table: t.Name, fk: fk})
						break changes
					}
				}
			}
		}
	}
	return out
}

// rebuildFKs plans the drop of each key with the other dropped foreign
// keys (under the source names, before renames) and its re-add, as the
// target defines it, with the other added ones. The drop's rollback
// re-adds the source key; the re-add's rollback drops it.
func (p *my) rebuildFKs(rs []myFKRebuild) []*item {
	var out []*item
	for _, r := range rs {
		drop := &clause{
			table: r.table, up: "DROP FOREIGN KEY " + p.q(r.fk.Name),
			down: "ADD " + p.fkDefBefore(r.fk), downAgain: "ADD " + p.fkAgainBefore(r.fk),
			obj: "foreign key:" + r.fk.Name, algo: algoInplace,
		}
		out = append(out, at(phaseDropForeignKey, r.table.String()+"\x00"+r.fk.Name, p.clauseStep(drop, r.fk.Pos)))
		t := p.afterRename(r.table)
		fk := r.fk
		if tb := p.toTable(t); tb != nil {
			if x := tb.ForeignKey(fk.Name); x != nil {
				fk = x
			}
		}
		add := &clause{
			table: t, up: "ADD " + p.fkDef(fk),
			down: "DROP FOREIGN KEY " + p.q(fk.Name), downAgain: "DROP FOREIGN KEY" + p.ifExists(false) + " " + p.q(fk.Name),
			obj: "foreign key:" + fk.Name, algo: algoCopy,
		}
		s := p.clauseStep(add, fk.Pos)
		s.Lock = p.lock(LockShared, t, p.afterRename(fk.RefTable))
		s.Hazards = append(s.Hazards, hazard(HazardMayFail, t, "", "rows without a parent"))
		out = append(out, at(phaseForeignKey, t.String()+"\x00"+fk.Name, s))
	}
	return out
}
