package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// AlterColumn: one step per changed property, each with its own envelope,
// in an order that keeps every intermediate state valid: identity dropped
// first (an identity column cannot lose NOT NULL or take a default), then
// type and collation, nullability, default, identity added or changed,
// generation, comment.

func (p *pg) alterColumn(c *schema.AlterColumn) ([]*item, error) {
	from, to := c.From, c.To
	if from == nil || to == nil || to.Name == "" || c.Table.Name == "" {
		return nil, errMissing("column")
	}
	if c.What == 0 {
		return nil, fmt.Errorf("column %s.%s: nothing changes: %w", c.Table, to.Name, ErrUnsupported)
	}
	t := p.afterRename(c.Table)
	a := &alter{p: p, t: t, from: from, to: to, col: p.q(to.Name), key: t.String() + "." + to.Name}
	w := c.What
	if w.Has(schema.ChangeIdentity) && from.Identity != nil && to.Identity == nil {
		a.dropIdentity()
	}
	typeDone := false
	if w.Has(schema.ChangeType) || w.Has(schema.ChangeCollation) {
		if err := a.changeType(w.Has(schema.ChangeType)); err != nil {
			return nil, err
		}
		typeDone = from.Default != nil && w.Has(schema.ChangeType)
	}
	if w.Has(schema.ChangeNull) {
		a.changeNull()
	}
	if w.Has(schema.ChangeDefault) && !typeDone {
		a.changeDefault()
		if p.enumRecreated(from, to) {
			// The enum's recreation converts the column and sets its
			// default again; the default changes before it, while the
			// type still has the old default's value, so the rollback
			// (in reverse) sets it back after the old values return.
			a.items[len(a.items)-1].phase = phaseEnumDefault
		}
	}
	if w.Has(schema.ChangeIdentity) && to.Identity != nil {
		a.addOrSetIdentity()
	}
	if w.Has(schema.ChangeGenerated) {
		if err := a.changeGenerated(); err != nil {
			return nil, err
		}
	}
	if w.Has(schema.ChangeComment) {
		what := "COLUMN " + p.col(t, to.Name)
		a.add(step([]string{p.comment(what, to.Comment)}, []string{p.comment(what, from.Comment)},
			p.lock(LockShareUpdateExclusive, t), to.Pos))
	}
	if len(a.items) == 0 {
		return nil, fmt.Errorf("column %s.%s: %s: %w", t, to.Name, w, ErrUnsupported)
	}
	return a.items, nil
}

// alter collects the steps of one AlterColumn.
type alter struct {
	p        *pg
	t        schema.QName
	from, to *schema.Column
	col, key string
	items    []*item
}

func (a *alter) add(s *Step) { a.items = append(a.items, at(phaseColumn, a.key, s)) }

func (a *alter) stmt(s string) string { return a.p.alter(a.t) + "ALTER COLUMN " + a.col + " " + s }

func (a *alter) aelStep(up, down []string) *Step {
	return step(up, down, a.p.lock(LockAccessExclusive, a.t), a.to.Pos)
}

// defaultExpr is the DEFAULT expression of a column, or "".
func defaultExpr(c *schema.Column) string {
	if c.Default == nil {
		return ""
	}
	if c.Default.Expr != "" {
		return c.Default.Expr
	}
	return ""
}

// changeType changes the type (and with it the collation). A safe
// widening from the table of binary-coercible changes is written without
// USING and rewrites nothing; anything else is cast through USING and
// rewrites the table. A default is dropped before and set after, since it
// may not cast automatically.
func (a *alter) changeType(typeChanged bool) error {
	p := a.p
	if a.to.Type.Norm == "" || a.from.Type.Norm == "" {
		return errMissing("column type")
	}
	safe := !typeChanged || binaryCoercible(a.from.Type.Norm, a.to.Type.Norm)
	typeTo := func(from, to *schema.Column, safe bool) []string {
		clause := "TYPE " + to.Type.Norm
		if to.Collation != "" || from.Collation != "" {
			coll := to.Collation
			if coll == "" {
				coll = "default"
			}
			clause += " COLLATE " + p.collation(coll)
		}
		if !safe && !stringTypes(from.Type.Norm, to.Type.Norm) {
			via := ""
			if from.Type.Ref != nil || to.Type.Ref != nil {
				via = "::text" // enums and domains convert through text
			}
			clause += " USING " + a.col + via + "::" + to.Type.Norm
		}
		var out []string
		if typeChanged && from.Default != nil {
			out = append(out, a.stmt("DROP DEFAULT"))
		}
		out = append(out, a.stmt(clause))
		if typeChanged && from.Default != nil {
			if e := defaultExpr(to); e != "" {
				out = append(out, a.stmt("SET DEFAULT "+e))
			}
		}
		if seq := ownedSeq(from); typeChanged && seq != nil && serialType(to.Type.Norm) != "" && from.Type.Norm != to.Type.Norm {
			out = append(out, "ALTER SEQUENCE "+p.qn(*seq)+" AS "+to.Type.Norm)
		}
		return out
	}
	// The rollback narrows back: a cast, not a widening.
	s := a.aelStep(typeTo(a.from, a.to, safe), typeTo(a.to, a.from, !typeChanged || binaryCoercible(a.to.Type.Norm, a.from.Type.Norm)))
	detail := "type " + a.from.Type.Norm + " -> " + a.to.Type.Norm
	if !safe {
		s.Rewrite, s.Scan = true, true
		s.Hazards = append(s.Hazards, hazard(HazardRewrite, a.t, a.to.Name, detail),
			hazard(HazardBlockingLock, a.t, a.to.Name, detail))
		if !castCannotFail(a.from.Type.Norm, a.to.Type.Norm) {
			s.Hazards = append(s.Hazards, hazard(HazardMayFail, a.t, a.to.Name, detail))
		}
		if roundsNumeric(a.from.Type.Norm, a.to.Type.Norm) {
			s.Hazards = append(s.Hazards, hazard(HazardDataLoss, a.t, a.to.Name, detail))
		}
	} else if a.indexed() {
		// Indexes on the column are rebuilt (a collation change, or a
		// coercible type whose index is not provably the same).
		s.Scan = true
		s.Hazards = append(s.Hazards, hazard(HazardBlockingLock, a.t, a.to.Name, "index rebuild"))
	}
	p.aroundViews(s, a.t)
	a.add(s)
	return nil
}

// stringTypes reports whether both types are character types. Between
// them the conversion is left to the assignment cast, which fails on a
// value too long for the new length where an explicit cast (USING
// col::varchar(n)) would silently cut it.
func stringTypes(from, to string) bool {
	isString := func(norm string) bool {
		t, ok := parsePGType(norm)
		return ok && (t.base == "character varying" || t.base == "character" || t.base == "text")
	}
	return isString(from) && isString(to)
}

// ownedSeq is the sequence a serial column owns, or nil.
func ownedSeq(c *schema.Column) *schema.QName {
	if c.Default != nil && c.Default.Kind == schema.DefaultSequence {
		return c.Default.Sequence
	}
	return nil
}

// indexed reports whether an index or key of the target table covers the
// column.
func (a *alter) indexed() bool {
	tb := a.p.toTable(a.t)
	if tb == nil {
		return false
	}
	name := a.to.Name
	if tb.PrimaryKey != nil && contains(tb.PrimaryKey.Columns, name) {
		return true
	}
	for _, u := range tb.Uniques {
		if contains(u.Columns, name) {
			return true
		}
	}
	for _, ix := range tb.Indexes {
		for _, part := range ix.Parts {
			if part.Column == name || part.Expr != "" && strings.Contains(part.Expr, name) {
				return true
			}
		}
	}
	return false
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// changeNull sets or drops NOT NULL. On an existing table, when a valid
// CHECK proves the column has no NULL (PostgreSQL 12+), SET NOT NULL is
// split so the scan runs under SHARE UPDATE EXCLUSIVE: a temporary CHECK
// (col IS NOT NULL) NOT VALID, its VALIDATE in a transaction of its own,
// then SET NOT NULL (no scan) and the CHECK dropped.
func (a *alter) changeNull() {
	p := a.p
	if !a.to.NotNull {
		s := a.aelStep([]string{a.stmt("DROP NOT NULL")}, []string{a.stmt("SET NOT NULL")})
		s.Hazards = []Hazard{hazard(HazardBreaking, a.t, a.to.Name, "drop not null")}
		a.add(s)
		return
	}
	if p.isNew(a.t) || !p.d.Caps.CheckProvesNotNull || !p.d.Caps.NotValidConstraints {
		s := a.aelStep([]string{a.stmt("SET NOT NULL")}, []string{a.stmt("DROP NOT NULL")})
		if !p.isNew(a.t) {
			s.Scan = true
			s.Hazards = []Hazard{hazard(HazardBlockingLock, a.t, a.to.Name, "set not null"),
				hazard(HazardMayFail, a.t, a.to.Name, "null values")}
		}
		a.add(s)
		return
	}
	tmp := p.q(p.ident(a.t.Name + "_" + a.to.Name + "_mb_not_null"))
	add := a.aelStep([]string{p.alter(a.t) + "ADD CONSTRAINT " + tmp + " CHECK (" + a.col + " IS NOT NULL) NOT VALID"},
		[]string{p.alter(a.t) + "DROP CONSTRAINT IF EXISTS " + tmp})
	val := step([]string{p.alter(a.t) + "VALIDATE CONSTRAINT " + tmp}, nil, p.lock(LockShareUpdateExclusive, a.t), a.to.Pos)
	val.Scan, val.NewTransaction = true, true
	val.Hazards = []Hazard{hazard(HazardMayFail, a.t, a.to.Name, "null values")}
	set := a.aelStep([]string{a.stmt("SET NOT NULL"), p.alter(a.t) + "DROP CONSTRAINT " + tmp},
		[]string{a.stmt("DROP NOT NULL")})
	set.NewTransaction = true
	a.add(add)
	a.add(val)
	a.add(set)
}

// changeDefault sets or drops the default. A serial default that appears
// gets its sequence created (owned by the column); one that goes away
// takes its owned sequence with it.
func (a *alter) changeDefault() {
	p := a.p
	setOrDrop := func(c *schema.Column) []string {
		if e := defaultExpr(c); e != "" {
			return []string{a.stmt("SET DEFAULT " + e)}
		}
		return []string{a.stmt("DROP DEFAULT")}
	}
	up, down := setOrDrop(a.to), setOrDrop(a.from)
	s := a.aelStep(up, down)
	if seq := ownedSeq(a.to); seq != nil && ownedSeq(a.from) == nil {
		create := "CREATE SEQUENCE IF NOT EXISTS " + p.qn(*seq) + " AS " + a.to.Type.Norm + " OWNED BY " + p.col(a.t, a.to.Name)
		s.Up = append([]string{create}, s.Up...)
		s.Down = append(s.Down, "DROP SEQUENCE IF EXISTS "+p.qn(*seq))
	}
	if seq := ownedSeq(a.from); seq != nil && ownedSeq(a.to) == nil {
		s.Up = append(s.Up, "DROP SEQUENCE IF EXISTS "+p.qn(*seq))
		create := "CREATE SEQUENCE IF NOT EXISTS " + p.qn(*seq) + " AS " + a.from.Type.Norm + " OWNED BY " + p.col(a.t, a.from.Name)
		s.Down = append([]string{create}, s.Down...)
		s.DownLosesData = true
		s.Hazards = append(s.Hazards, hazard(HazardIrreversible, a.t, a.to.Name, "sequence position"))
	}
	a.add(s)
}

func (a *alter) dropIdentity() {
	s := a.aelStep([]string{a.stmt("DROP IDENTITY")}, []string{a.stmt("ADD " + a.p.identity(a.from.Identity))})
	s.Hazards = []Hazard{hazard(HazardIrreversible, a.t, a.to.Name, "identity sequence position")}
	a.add(s)
}

// addOrSetIdentity adds an identity (the column must be NOT NULL by then)
// or changes its kind and options in place.
func (a *alter) addOrSetIdentity() {
	from, to := a.from.Identity, a.to.Identity
	if from == nil {
		s := a.aelStep([]string{a.stmt("ADD " + a.p.identity(to))}, []string{a.stmt("DROP IDENTITY IF EXISTS")})
		s.Hazards = []Hazard{hazard(HazardMayFail, a.t, a.to.Name, "identity values collide with existing rows")}
		a.add(s)
		return
	}
	// Zero options are the server's defaults: start 1, increment 1.
	one := func(n int64) int64 {
		if n == 0 {
			return 1
		}
		return n
	}
	set := func(x, y *schema.Identity) string {
		var opts []string
		if x.Always != y.Always {
			if y.Always {
				opts = append(opts, "SET GENERATED ALWAYS")
			} else {
				opts = append(opts, "SET GENERATED BY DEFAULT")
			}
		}
		if one(x.Start) != one(y.Start) {
			opts = append(opts, fmt.Sprintf("SET START WITH %d", one(y.Start)))
		}
		if one(x.Increment) != one(y.Increment) {
			opts = append(opts, fmt.Sprintf("SET INCREMENT BY %d", one(y.Increment)))
		}
		if len(opts) == 0 {
			return ""
		}
		return a.stmt(strings.Join(opts, " "))
	}
	up, down := set(from, to), set(to, from)
	if up == "" {
		return
	}
	var downs []string
	if down != "" {
		downs = []string{down}
	}
	a.add(a.aelStep([]string{up}, downs))
}

// changeGenerated turns a generated column into a plain one with DROP
// EXPRESSION (its values stay; PostgreSQL 13+, before which plainColumn
// copies them), and otherwise drops the column and adds it back with the
// new generation, which rewrites the table; the target's indexes on the
// column are rebuilt with it.
func (a *alter) changeGenerated() error {
	p := a.p
	if a.from.Generated != nil && a.to.Generated == nil {
		down, err := a.regenerate(a.from)
		if err != nil {
			return err
		}
		if !p.d.Caps.DropExpression {
			return a.plainColumn(down)
		}
		s := a.aelStep([]string{a.stmt("DROP EXPRESSION")}, down)
		p.aroundViews(s, a.t)
		a.add(s)
		return nil
	}
	up, err := a.regenerate(a.to)
	if err != nil {
		return err
	}
	var down []string
	var hz []Hazard
	if a.from.Generated != nil {
		down, err = a.regenerate(a.from)
	} else {
		down, err = p.readdColumn(a.t, a.from)
		down = append([]string{p.alter(a.t) + "DROP COLUMN IF EXISTS " + a.col}, down...)
		hz = p.readdHazards(a.t, a.from)
	}
	if err != nil {
		return err
	}
	s := a.aelStep(up, down)
	s.Rewrite, s.Scan = true, true
	s.Hazards = []Hazard{hazard(HazardRewrite, a.t, a.to.Name, "generated column"),
		hazard(HazardBlockingLock, a.t, a.to.Name, "generated column")}
	if a.from.Generated == nil {
		s.DownLosesData = true
		s.Hazards = append(s.Hazards, hazard(HazardDataLoss, a.t, a.to.Name, "values replaced by generated"))
		s.Hazards = append(s.Hazards, hz...)
	}
	p.aroundViews(s, a.t)
	a.add(s)
	return nil
}

// regenerate drops the column and adds c in its place, re-creating the
// target's indexes that use it.
func (a *alter) regenerate(c *schema.Column) ([]string, error) {
	p := a.p
	add, err := p.addColumnStmts(a.t, c, true)
	if err != nil {
		return nil, err
	}
	out := append([]string{p.alter(a.t) + "DROP COLUMN IF EXISTS " + a.col}, add...)
	if tb := p.toTable(a.t); tb != nil {
		for _, ix := range tb.Indexes {
			for _, part := range ix.Parts {
				if part.Column == c.Name {
					stmt, err := p.createIndex(a.t, ix, false, true)
					if err != nil {
						return nil, err
					}
					out = append(out, stmt)
					break
				}
			}
		}
	}
	return out, nil
}

// enumRecreated reports whether the column's type, before and after, is an
// enum that the plan recreates (a value removed, values reordered).
func (p *pg) enumRecreated(from, to *schema.Column) bool {
	if from.Type.Ref == nil || to.Type.Ref == nil || from.Type.Norm != to.Type.Norm {
		return false
	}
	for _, c := range p.changes {
		var e *schema.Enum
		switch c := c.(type) {
		case *schema.DropEnumValue:
			e = c.To
		case *schema.ReorderEnum:
			e = c.To
		}
		if e != nil && e.Name == *to.Type.Ref {
			return true
		}
	}
	return false
}

// plainColumn turns a generated column into a plain one without DROP
// EXPRESSION (before PostgreSQL 13): a plain column is added under a
// temporary name, filled from the generated one by an UPDATE of every
// row, the generated column dropped and the new one renamed to its name,
// then its NOT NULL and default set and the target's indexes on it
// re-created. The values stay; the column moves to the end of the table.
// down is the rollback: the generated column added back.
func (a *alter) plainColumn(down []string) error {
	p := a.p
	tmp := p.ident(a.to.Name + "_mb_plain")
	plain := a.to.Clone()
	plain.Name, plain.NotNull, plain.Default, plain.Identity = tmp, false, nil, nil
	add, err := p.addColumnStmts(a.t, plain, false)
	if err != nil {
		return err
	}
	up := append(add,
		"UPDATE "+p.qn(a.t)+" SET "+p.q(tmp)+" = "+a.col,
		p.alter(a.t)+"DROP COLUMN "+a.col,
		p.alter(a.t)+"RENAME COLUMN "+p.q(tmp)+" TO "+a.col)
	if a.to.NotNull {
		up = append(up, a.stmt("SET NOT NULL"))
	}
	if e := defaultExpr(a.to); e != "" {
		up = append(up, a.stmt("SET DEFAULT "+e))
	}
	if tb := p.toTable(a.t); tb != nil {
		for _, ix := range tb.Indexes {
			if slices.ContainsFunc(ix.Parts, func(part schema.IndexPart) bool { return part.Column == a.to.Name }) {
				stmt, err := p.createIndex(a.t, ix, false, false)
				if err != nil {
					return err
				}
				up = append(up, stmt)
			}
		}
	}
	s := a.aelStep(up, append([]string{p.alter(a.t) + "DROP COLUMN IF EXISTS " + p.q(tmp)}, down...))
	s.Scan = true
	s.Hazards = []Hazard{hazard(HazardBlockingLock, a.t, a.to.Name, "update every row"),
		hazard(HazardBreaking, a.t, a.to.Name, "column moves to the end")}
	p.aroundViews(s, a.t)
	a.add(s)
	return nil
}
