package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// pg plans changes for PostgreSQL. Every identifier goes through d.Quote or
// d.QuoteName, every string literal through d.QuoteString; types
// (Type.Norm) and expressions (defaults, checks, predicates) are written as
// the model holds them, which is valid SQL by contract.
type pg struct {
	d        *dialect.Dialect
	from, to *schema.Schema
	changes  []schema.Change
	// newTables are the tables created by this plan: their indexes and
	// constraints need no online pattern and they lock nothing existing.
	newTables map[schema.QName]bool
	// newColumns are the columns added by this plan (AddTable, AddColumn).
	newColumns map[schema.ColumnRef]bool
	// renamed maps a renamed table's old name to its new one, and back.
	renamed, renamedBack map[schema.QName]schema.QName
	// seqRenamed maps a renamed sequence's old name to its new one.
	seqRenamed map[schema.QName]schema.QName
	// colRenamed maps a renamed column (its table under its new name) to
	// its new name; colRenamedBack maps the new name to the old.
	colRenamed, colRenamedBack map[schema.ColumnRef]string
	// enumBefore are an enum's values before each AddEnumValue, which the
	// step's rollback restores.
	enumBefore map[*schema.AddEnumValue][]string
	// fkRebuilds are the kept foreign keys each change must drop and
	// re-add (see postgres_depend.go).
	fkRebuilds map[schema.Change][]fkRebuild
}

func newPostgres(d *dialect.Dialect, changes []schema.Change, from, to *schema.Schema) *pg {
	p := &pg{
		d: d, from: from, to: to, changes: changes,
		newTables:      map[schema.QName]bool{},
		newColumns:     map[schema.ColumnRef]bool{},
		renamed:        map[schema.QName]schema.QName{},
		renamedBack:    map[schema.QName]schema.QName{},
		colRenamed:     map[schema.ColumnRef]string{},
		seqRenamed:     map[schema.QName]schema.QName{},
		colRenamedBack: map[schema.ColumnRef]string{},
		enumBefore:     map[*schema.AddEnumValue][]string{},
	}
	current := map[schema.QName][]string{}
	for _, c := range changes {
		switch c := c.(type) {
		case *schema.AddTable:
			if c.Table != nil {
				p.newTables[c.Table.Name] = true
				for _, col := range c.Table.Columns {
					p.newColumns[schema.ColumnRef{Table: c.Table.Name, Column: col.Name}] = true
				}
			}
		case *schema.AddColumn:
			if c.Column != nil {
				p.newColumns[schema.ColumnRef{Table: c.Table, Column: c.Column.Name}] = true
			}
		case *schema.RenameTable:
			p.renamed[c.From] = c.To
			p.renamedBack[c.To] = c.From
		case *schema.RenameSequence:
			p.seqRenamed[c.From] = c.To
		case *schema.RenameColumn:
			p.colRenamed[schema.ColumnRef{Table: c.Table, Column: c.From}] = c.To
			p.colRenamedBack[schema.ColumnRef{Table: c.Table, Column: c.To}] = c.From
		case *schema.AddEnumValue:
			vals, ok := current[c.Enum]
			if !ok {
				vals = p.enumValuesBefore(c.Enum)
			}
			p.enumBefore[c] = vals
			current[c.Enum] = insertValue(vals, c.Value, c.Before, c.After)
		}
	}
	p.fkRebuilds = p.planFKRebuilds()
	return p
}

// enumValuesBefore is an enum's value list before this plan: from the
// source schema, or else the target's without the values this plan adds.
func (p *pg) enumValuesBefore(name schema.QName) []string {
	if p.from != nil {
		if e := p.from.Enum(name); e != nil {
			return append([]string(nil), e.Values...)
		}
	}
	if p.to == nil || p.to.Enum(name) == nil {
		return nil
	}
	added := map[string]bool{}
	for _, c := range p.changes {
		if a, ok := c.(*schema.AddEnumValue); ok && a.Enum == name {
			added[a.Value] = true
		}
	}
	var out []string
	for _, v := range p.to.Enum(name).Values {
		if !added[v] {
			out = append(out, v)
		}
	}
	return out
}

// insertValue returns vals with v placed before before, after after, or at
// the end, as ALTER TYPE ... ADD VALUE places it.
func insertValue(vals []string, v, before, after string) []string {
	out := make([]string, 0, len(vals)+1)
	placed := false
	for _, x := range vals {
		if !placed && before != "" && x == before {
			out = append(out, v)
			placed = true
		}
		out = append(out, x)
		if !placed && after != "" && x == after {
			out = append(out, v)
			placed = true
		}
	}
	if !placed {
		out = append(out, v)
	}
	return out
}

// plan plans one change, with the drop and re-add of the foreign keys it
// cannot pass.
func (p *pg) plan(c schema.Change) ([]*item, error) {
	items, err := p.planChange(c)
	if err != nil {
		return nil, err
	}
	return append(items, p.rebuildFKs(p.fkRebuilds[c])...), nil
}

// planChange dispatches one change to the function for its kind. The switch
// lists every kind in schema.AllChangeKinds; a test proves none is missing.
func (p *pg) planChange(c schema.Change) ([]*item, error) {
	switch c := c.(type) {
	case *schema.AddNamespace:
		return p.addNamespace(c)
	case *schema.DropNamespace:
		return p.dropNamespace(c)
	case *schema.AddExtension:
		return p.addExtension(c)
	case *schema.DropExtension:
		return p.dropExtension(c)
	case *schema.AddEnum:
		return p.addEnum(c)
	case *schema.DropEnum:
		return p.dropEnum(c)
	case *schema.RenameEnum:
		return p.renameEnum(c)
	case *schema.AddEnumValue:
		return p.addEnumValue(c)
	case *schema.DropEnumValue:
		return p.recreateEnumChange(c.From, c.To, c.Columns, c.Values)
	case *schema.ReorderEnum:
		return p.recreateEnumChange(c.From, c.To, c.Columns, nil)
	case *schema.AddSequence:
		return p.addSequence(c)
	case *schema.DropSequence:
		return p.dropSequence(c)
	case *schema.AlterSequence:
		return p.alterSequence(c)
	case *schema.RenameSequence:
		return p.renameSequence(c)
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

// errMissing reports a change that lacks the object it acts on.
func errMissing(what string) error {
	return fmt.Errorf("change without %s: %w", what, ErrUnsupported)
}

// q quotes an identifier, qn a qualified name, lit a string literal.
func (p *pg) q(s string) string        { return p.d.Quote(s) }
func (p *pg) qn(n schema.QName) string { return p.d.QuoteName(n) }
func (p *pg) lit(s string) string      { return p.d.QuoteString(s) }
func (p *pg) col(t schema.QName, c string) string {
	return p.qn(t) + "." + p.q(c)
}

// alter starts an ALTER TABLE statement on t.
func (p *pg) alter(t schema.QName) string { return "ALTER TABLE " + p.qn(t) + " " }

// lock is a lock of the given level on the tables that exist before the
// plan; with none of them it is the zero Lock.
func (p *pg) lock(level string, tables ...schema.QName) Lock {
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
	r, w := blocks(level)
	return Lock{Level: level, Tables: existing, BlocksReads: r, BlocksWrites: w}
}

// isNew reports whether the table is created by this plan.
func (p *pg) isNew(t schema.QName) bool { return p.newTables[t] }

// comment renders COMMENT ON <what> IS '...' or IS NULL.
func (p *pg) comment(what, text string) string {
	if text == "" {
		return "COMMENT ON " + what + " IS NULL"
	}
	return "COMMENT ON " + what + " IS " + p.lit(text)
}

// ident shortens a generated name to the dialect's identifier limit,
// keeping it unique with a short hash of the full name when it is cut.
func (p *pg) ident(name string) string {
	max := p.d.MaxIdentLen
	if max <= 0 || len(name) <= max {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	tail := "_" + hex.EncodeToString(sum[:4])
	cut := max - len(tail)
	for cut > 0 && !utf8Start(name[cut]) {
		cut--
	}
	return name[:cut] + tail
}

// utf8Start reports whether b starts a UTF-8 sequence (is not a
// continuation byte), so a cut never splits a character.
func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// step is a transactional step with up and down statements.
func step(up, down []string, l Lock, pos schema.Pos) *Step {
	return &Step{Up: up, Down: down, Transactional: true, Lock: l, Pos: pos}
}

// at wraps a step into an item of a phase with a sort key.
func at(ph phase, key string, s *Step) *item {
	return &item{step: s, phase: ph, key: key, id: key}
}

// beforeRenames makes it, the drop of foreign key c planned before the
// plan's renames, carry out the drop from the table under the name it has
// then (old): the change the step records names the table as its
// statements do. It returns it.
func beforeRenames(it *item, c *schema.DropForeignKey, old schema.QName) *item {
	if old != c.Table {
		it.change = &schema.DropForeignKey{Table: old, ForeignKey: c.ForeignKey}
	}
	return it
}

// hazard is a hazard on a table (or column).
func hazard(kind HazardKind, t schema.QName, column, detail string) Hazard {
	return Hazard{Kind: kind, Table: t, Column: column, Detail: detail}
}

// tablePos is the position of a table in the target, else the source.
func (p *pg) tablePos(t schema.QName) schema.Pos {
	for _, s := range []*schema.Schema{p.to, p.from} {
		if s != nil {
			if tb := s.Table(t); tb != nil {
				return tb.Pos
			}
		}
	}
	return schema.Pos{}
}

// fromTable finds a table in the source by its name before or after a
// rename; toTable finds it in the target.
func (p *pg) fromTable(t schema.QName) *schema.Table {
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

func (p *pg) toTable(t schema.QName) *schema.Table {
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

// refAfterRename is a source column under its names after the plan's
// table and column renames.
func (p *pg) refAfterRename(c schema.ColumnRef) schema.ColumnRef {
	c.Table = p.afterRename(c.Table)
	if nw, ok := p.colRenamed[c]; ok {
		c.Column = nw
	}
	return c
}

// column finds a column, named as it is after the plan's renames, in the
// source schema (source) or in the target; nil when it is not there.
func (p *pg) column(source bool, t schema.QName, name string) *schema.Column {
	if !source {
		if tb := p.toTable(t); tb != nil {
			return tb.Column(name)
		}
		return nil
	}
	tb := p.fromTable(t)
	if tb == nil {
		return nil
	}
	if old, ok := p.colRenamedBack[schema.ColumnRef{Table: p.afterRename(t), Column: name}]; ok {
		name = old
	}
	return tb.Column(name)
}

// afterRename is the name a table has once the plan's renames ran (steps in
// phases after phaseRename act on it under that name); beforeRename is the
// name it has before them.
func (p *pg) afterRename(t schema.QName) schema.QName {
	if nw, ok := p.renamed[t]; ok {
		return nw
	}
	return t
}

func (p *pg) beforeRename(t schema.QName) schema.QName {
	if old, ok := p.renamedBack[t]; ok {
		return old
	}
	return t
}

// doUnlessExists wraps a CREATE statement that has no IF NOT EXISTS form
// (CREATE TYPE) in a DO block that ignores duplicate_object, so a rollback
// that re-creates it can be run twice. The dollar-quote tag is chosen not
// to occur in the statement.
func doUnlessExists(stmt string) string {
	tag := "$mb$"
	for i := 0; strings.Contains(stmt, tag); i++ {
		tag = fmt.Sprintf("$mb%d$", i)
	}
	return "DO " + tag + " BEGIN " + stmt + "; EXCEPTION WHEN duplicate_object THEN NULL; END " + tag
}
