package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// AlterColumn: one clause. A default alone is ALTER COLUMN SET/DROP
// DEFAULT (INSTANT); anything else is MODIFY COLUMN with the whole new
// definition, whose class is the costliest of what changes:
//
//	enum/set members appended, same storage size   INSTANT (INPLACE before MySQL 8.0 / MariaDB 10.3)
//	varchar/varbinary longer, same length prefix   INSTANT on MariaDB, INPLACE on MySQL
//	comment only                                   INSTANT on MariaDB 10.4+, INPLACE on MySQL
//	NULL <-> NOT NULL                              INPLACE, LOCK=NONE (rebuilds; NOT NULL fails on NULLs)
//	any other type, enum/set members removed,
//	reordered or inserted, collation, generation   copy (LOCK=SHARED)

// enumChange says how the members of an enum or set change: appended
// (the old list is a prefix of the new one and the storage size stays),
// or otherwise, with the removed members.
type enumChange struct {
	appended bool
	removed  []string
}

// enumStorage is the storage size class of an enum or set with n
// members: enum takes 1 byte up to 255 members, then 2; a set takes
// (n+7)/8 bytes, rounded up to 1, 2, 3, 4 or 8 (MySQL "Data Type Storage
// Requirements").
func enumStorage(set bool, n int) int {
	if !set {
		if n <= 255 {
			return 1
		}
		return 2
	}
	b := (n + 7) / 8
	if b > 4 {
		return 8
	}
	return b
}

// compareEnum compares two enum (or two set) types; ok is false when
// either is not an enum or set, or they are of different kinds.
func compareEnum(from, to string) (enumChange, bool) {
	a, okA := dialect.MySQLTypeValues(from)
	b, okB := dialect.MySQLTypeValues(to)
	set := strings.HasPrefix(from, "set(")
	if !okA || !okB || set != strings.HasPrefix(to, "set(") {
		return enumChange{}, false
	}
	var ch enumChange
	for _, v := range a {
		if !slices.Contains(b, v) {
			ch.removed = append(ch.removed, v)
		}
	}
	ch.appended = len(b) >= len(a) && slices.Equal(a, b[:len(a)]) && enumStorage(set, len(a)) == enumStorage(set, len(b))
	return ch, true
}

// intRank orders the integer types by range; unsigned is a separate
// family.
var intRank = map[string]int{"tinyint": 1, "smallint": 2, "mediumint": 3, "int": 4, "bigint": 5}

// widens reports whether every value of type from fits type to, so the
// copy cannot fail: a wider integer of the same signedness, a longer
// string, any string to a text type.
func widens(from, to string) bool {
	f, t := strings.Fields(from), strings.Fields(to)
	if len(f) > 0 && len(t) > 0 && intRank[f[0]] > 0 && intRank[t[0]] > 0 {
		return intRank[t[0]] >= intRank[f[0]] && slices.Equal(f[1:], t[1:])
	}
	for _, kind := range []string{"varchar", "char", "varbinary", "binary"} {
		if a, b := lengthOf(from, kind), lengthOf(to, kind); a >= 0 && b >= a {
			return true
		}
	}
	if lengthOf(from, "char") >= 0 && lengthOf(to, "varchar") >= lengthOf(from, "char") {
		return true
	}
	textual := lengthOf(from, "varchar") >= 0 || lengthOf(from, "char") >= 0 || strings.HasSuffix(from, "text")
	return textual && (to == "text" || to == "mediumtext" || to == "longtext")
}

// typeAlgo is the class of a type change of column col, and whether the
// copy can fail on existing values.
func (p *my) typeAlgo(t schema.QName, from, to *schema.Column) (a algo, mayFail bool, detail string) {
	f, n := from.Type.Norm, to.Type.Norm
	detail = "type " + f + " -> " + n
	if ch, ok := compareEnum(f, n); ok {
		switch {
		case ch.appended && p.d.Caps.InstantEnumAppend:
			return algoInstant, false, detail
		case ch.appended:
			return algoInplace, false, detail
		}
		// Removing, reordering or inserting members rebuilds the table;
		// in strict mode a row holding a removed member makes it fail.
		return algoCopy, len(ch.removed) > 0, detail
	}
	for _, kind := range []string{"varchar", "varbinary"} {
		a, b := lengthOf(f, kind), lengthOf(n, kind)
		if a < 0 || b < a {
			continue
		}
		per := 1
		if kind == "varchar" {
			per = charBytes[p.columnCharset(t, to)]
			if per == 0 {
				per = 4
			}
		}
		// The length prefix is 1 byte up to 255 bytes, 2 above.
		if (a*per <= 255) == (b*per <= 255) {
			if p.d.Caps.InstantVarcharExtend {
				return algoInstant, false, detail
			}
			return algoInplace, false, detail
		}
	}
	return algoCopy, !widens(f, n), detail
}

func (p *my) alterColumn(c *schema.AlterColumn) ([]*item, error) {
	from, to := c.From, c.To
	if from == nil || to == nil || to.Name == "" || c.Table.Name == "" {
		return nil, errMissing("column")
	}
	if c.What == 0 {
		return nil, fmt.Errorf("column %s.%s: nothing changes: %w", c.Table, to.Name, ErrUnsupported)
	}
	if replacesColumn(c) {
		return p.replaceColumn(c)
	}
	if binaryWidening(c) {
		return p.widenBinary(c)
	}
	t := p.afterRename(c.Table)
	col := p.q(to.Name)
	cl := &clause{table: t, obj: "column:" + to.Name}
	var hz []Hazard
	rewrite, scan := false, false
	if c.What == schema.ChangeDefault && simpleDefault(from) && simpleDefault(to) && !autoIncrement(from) && !autoIncrement(to) {
		set := func(d *schema.Default) string {
			if d == nil || d.Expr == "" {
				return "ALTER COLUMN " + col + " DROP DEFAULT"
			}
			return "ALTER COLUMN " + col + " SET DEFAULT " + d.Expr
		}
		cl.up, cl.down = set(to.Default), set(from.Default)
		cl.algo = algoInplace
		if p.d.Caps.InstantSetDefault {
			cl.algo = algoInstant
		}
	} else {
		defTo, err := p.columnDef(to)
		if err != nil {
			return nil, err
		}
		defFrom, err := p.columnDef(from)
		if err != nil {
			return nil, err
		}
		cl.up, cl.down = "MODIFY COLUMN "+defTo, "MODIFY COLUMN "+defFrom
		cl.algo = algoInstant
		raise := func(a algo) {
			if a > cl.algo {
				cl.algo = a
			}
		}
		w := c.What
		if w.Has(schema.ChangeType) {
			a, mayFail, detail := p.typeAlgo(t, from, to)
			raise(a)
			if mayFail {
				hz = append(hz, hazard(HazardMayFail, t, to.Name, detail))
			}
		}
		if w.Has(schema.ChangeNull) {
			raise(algoInplace)
			rewrite = true
			if to.NotNull {
				scan = true
				hz = append(hz, hazard(HazardMayFail, t, to.Name, "not null on existing NULLs"))
			}
		}
		if w.Has(schema.ChangeDefault) {
			switch {
			case autoIncrement(from) != autoIncrement(to):
				raise(algoCopy)
			case p.d.Caps.InstantSetDefault:
				raise(algoInstant)
			default:
				raise(algoInplace)
			}
		}
		if w.Has(schema.ChangeComment) {
			if p.f.InstantColumnMetadata {
				raise(algoInstant)
			} else {
				raise(algoInplace)
			}
		}
		if w.Has(schema.ChangeCollation) || w.Has(schema.ChangeGenerated) || w.Has(schema.ChangeIdentity) {
			raise(algoCopy)
		}
		if from.OnUpdate != to.OnUpdate && !p.d.Caps.InstantSetDefault {
			raise(algoInplace)
		}
		if cl.algo == algoInstant && !p.d.Caps.InstantSetDefault && !p.d.Caps.InstantEnumAppend {
			cl.algo = algoInplace // before MySQL 8.0 / MariaDB 10.3 nothing is instant here
		}
	}
	cl.downAgain = cl.down
	it := p.alterItem(cl, rankAlterColumn, to.Name, to.Pos)
	s := it.step
	s.Hazards = append(s.Hazards, hz...)
	s.Rewrite = s.Rewrite || rewrite && !p.isNew(t)
	s.Scan = s.Scan || scan && !p.isNew(t)
	if p.isNew(t) {
		s.Hazards = nil
	}
	return []*item{it}, nil
}

// simpleDefault reports whether a default can be written by ALTER COLUMN
// SET DEFAULT as it is: none, or a literal.
func simpleDefault(c *schema.Column) bool {
	return c.Default == nil || c.Default.Expr == "" || c.Default.Kind == schema.DefaultLiteral
}
