package plan

import (
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Enums. PostgreSQL adds a value in place (ALTER TYPE ... ADD VALUE), but
// has no way to remove or reorder one: the type is recreated under a
// temporary name, every column that uses it is converted through text,
// the old type is dropped and the new one takes its name. That rewrites
// each of those tables under ACCESS EXCLUSIVE, and fails when a row holds
// a removed value.

func (p *pg) createEnum(e *schema.Enum) string {
	vals := make([]string, len(e.Values))
	for i, v := range e.Values {
		vals[i] = p.lit(v)
	}
	return "CREATE TYPE " + p.qn(e.Name) + " AS ENUM (" + strings.Join(vals, ", ") + ")"
}

func (p *pg) addEnum(c *schema.AddEnum) ([]*item, error) {
	e := c.Enum
	if e == nil || e.Name.Name == "" {
		return nil, errMissing("enum")
	}
	up := []string{p.createEnum(e)}
	if e.Comment != "" {
		up = append(up, p.comment("TYPE "+p.qn(e.Name), e.Comment))
	}
	down := []string{"DROP TYPE IF EXISTS " + p.qn(e.Name)}
	return []*item{at(phaseCreateType, e.Name.String(), step(up, down, Lock{}, e.Pos))}, nil
}

func (p *pg) dropEnum(c *schema.DropEnum) ([]*item, error) {
	e := c.Enum
	if e == nil || e.Name.Name == "" {
		return nil, errMissing("enum")
	}
	down := []string{doUnlessExists(p.createEnum(e))}
	if e.Comment != "" {
		down = append(down, p.comment("TYPE "+p.qn(e.Name), e.Comment))
	}
	s := step([]string{"DROP TYPE " + p.qn(e.Name)}, down, Lock{}, e.Pos)
	s.Hazards = []Hazard{hazard(HazardBreaking, e.Name, "", "drop enum")}
	return []*item{at(phaseDropType, e.Name.String(), s)}, nil
}

func (p *pg) renameEnum(c *schema.RenameEnum) ([]*item, error) {
	if c.From.Name == "" || c.To.Name == "" {
		return nil, errMissing("enum name")
	}
	pos := schema.Pos{}
	if p.to != nil {
		if e := p.to.Enum(c.To); e != nil {
			pos = e.Pos
		}
	}
	s := step(p.renameRelation("TYPE", c.From, c.To, false), p.renameRelation("TYPE", c.To, c.From, false), Lock{}, pos)
	s.Hazards = []Hazard{hazard(HazardBreaking, c.From, "", "rename enum")}
	it := at(phaseRename, "", s)
	it.inputOrder = true
	return []*item{it}, nil
}

func (p *pg) addEnumValue(c *schema.AddEnumValue) ([]*item, error) {
	if c.Enum.Name == "" || c.Value == "" {
		return nil, errMissing("enum value")
	}
	up := "ALTER TYPE " + p.qn(c.Enum) + " ADD VALUE " + p.lit(c.Value)
	switch {
	case c.Before != "":
		up += " BEFORE " + p.lit(c.Before)
	case c.After != "":
		up += " AFTER " + p.lit(c.After)
	}
	// The rollback recreates the type with the values it had before,
	// converting the columns of the source schema that use it; it fails
	// while a row holds the new value.
	before := p.enumBefore[c]
	down := p.recreateEnum(c.Enum, before, p.enumColumns(c.Enum, p.from, nil), true)
	pos := schema.Pos{}
	if p.to != nil {
		if e := p.to.Enum(c.Enum); e != nil {
			pos = e.Pos
		}
	}
	s := &Step{Up: []string{up}, Down: down, Pos: pos,
		Transactional: p.d.Caps.EnumAddValueInTransaction}
	s.Hazards = []Hazard{hazard(HazardIrreversible, c.Enum, "", "enum value "+p.lit(c.Value))}
	it := at(phaseCreateType, c.Enum.String(), s)
	it.inputOrder = true
	return []*item{it}, nil
}

// recreateEnumChange plans DropEnumValue and ReorderEnum: the type is
// recreated with To's values, and the rollback recreates it with From's.
func (p *pg) recreateEnumChange(from, to *schema.Enum, cols []schema.ColumnRef, removed []string) ([]*item, error) {
	if from == nil || to == nil || to.Name.Name == "" {
		return nil, errMissing("enum")
	}
	src := p.to
	if src == nil {
		src = p.from
	}
	cols = p.enumColumns(to.Name, src, cols)
	up := p.recreateEnum(to.Name, to.Values, cols, false)
	down := p.recreateEnum(to.Name, from.Values, cols, true)
	var tables []schema.QName
	for _, c := range cols {
		tables = append(tables, c.Table)
	}
	s := step(up, down, p.lock(LockAccessExclusive, tables...), to.Pos)
	s.Rewrite = len(p.lock(LockAccessExclusive, tables...).Tables) > 0
	s.Scan = s.Rewrite
	for _, c := range cols {
		if p.isNew(c.Table) {
			continue
		}
		s.Hazards = append(s.Hazards,
			hazard(HazardRewrite, c.Table, c.Column, "enum "+to.Name.String()),
			hazard(HazardBlockingLock, c.Table, c.Column, "enum "+to.Name.String()))
		for _, v := range removed {
			s.Hazards = append(s.Hazards,
				hazard(HazardMayFail, c.Table, c.Column, "enum value "+p.lit(v)),
				hazard(HazardDataLoss, c.Table, c.Column, "enum value "+p.lit(v)))
		}
	}
	if len(removed) > 0 {
		s.Hazards = append(s.Hazards, hazard(HazardBreaking, to.Name, "", "enum values removed"))
	}
	p.aroundViews(s, tables...)
	return []*item{at(phaseRecreateEnum, to.Name.String(), s)}, nil
}

// enumColumns lists the columns that use the enum: the given ones, or
// those of the schema s whose type refers to it, under their names after
// the plan's renames (enum steps run after them, and their rollbacks
// before the renames are undone). Columns this plan adds do not exist when
// the recreation runs and are left out.
func (p *pg) enumColumns(enum schema.QName, s *schema.Schema, given []schema.ColumnRef) []schema.ColumnRef {
	cols := given
	if len(cols) == 0 && s != nil {
		for _, t := range s.Tables {
			for _, c := range t.Columns {
				if c.Type.Ref != nil && *c.Type.Ref == enum {
					cols = append(cols, p.refAfterRename(schema.ColumnRef{Table: t.Name, Column: c.Name}))
				}
			}
		}
	}
	var out []schema.ColumnRef
	for _, c := range cols {
		if !p.newColumns[c] {
			out = append(out, c)
		}
	}
	return out
}

// recreateEnum renders the recreation of an enum with values, converting
// cols; their defaults (of the source schema, or of the target) are
// dropped before and restored after, because a default cannot be cast to
// the new type automatically.
func (p *pg) recreateEnum(name schema.QName, values []string, cols []schema.ColumnRef, source bool) []string {
	tmp := schema.QName{Schema: name.Schema, Name: p.ident(name.Name + "_mb_new")}
	out := []string{doUnlessExists(p.createEnum(&schema.Enum{Name: tmp, Values: values}))}
	byTable := map[schema.QName][]string{}
	var tables []schema.QName
	for _, c := range cols {
		if _, ok := byTable[c.Table]; !ok {
			tables = append(tables, c.Table)
		}
		byTable[c.Table] = append(byTable[c.Table], c.Column)
	}
	slices.SortFunc(tables, compareQName)
	var defaults []string
	for _, t := range tables {
		var drops, types []string
		for _, name := range byTable[t] {
			qc := p.q(name)
			drops = append(drops, "ALTER COLUMN "+qc+" DROP DEFAULT")
			typ, via := p.qn(tmp), "text"
			if col := p.column(source, t, name); col != nil {
				if strings.HasSuffix(col.Type.Norm, "[]") {
					typ, via = typ+"[]", "text[]"
				}
				if col.Default != nil && col.Default.Expr != "" {
					defaults = append(defaults, p.alter(t)+"ALTER COLUMN "+qc+" SET DEFAULT "+col.Default.Expr)
				}
			}
			types = append(types, "ALTER COLUMN "+qc+" TYPE "+typ+" USING "+qc+"::"+via+"::"+typ)
		}
		out = append(out, p.alter(t)+strings.Join(drops, ", "), p.alter(t)+strings.Join(types, ", "))
	}
	out = append(out,
		"DROP TYPE IF EXISTS "+p.qn(name),
		"ALTER TYPE "+p.qn(tmp)+" RENAME TO "+p.q(name.Name))
	return append(out, defaults...)
}

func compareQName(a, b schema.QName) int {
	if a.Less(b) {
		return -1
	}
	if b.Less(a) {
		return 1
	}
	return 0
}

// finish makes an ALTER TYPE ... ADD VALUE step non-transactional when a
// later step uses the new value: PostgreSQL does not let a transaction use
// an enum value added in it ("unsafe use of new value"), so the value must
// be committed first. Running the step on its own commits it.
func (p *pg) finish(pl *Plan) {
	for i, s := range pl.Steps {
		a, ok := s.Change.(*schema.AddEnumValue)
		if !ok || !s.Transactional {
			continue
		}
		lit := p.lit(a.Value)
		for _, later := range pl.Steps[i+1:] {
			if later.Change == s.Change {
				continue
			}
			if slices.ContainsFunc(later.Up, func(u string) bool { return strings.Contains(u, lit) }) {
				s.Transactional = false
				break
			}
		}
	}
}
