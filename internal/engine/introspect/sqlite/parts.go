package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Part is what a database holds about some of its tables, views and
// triggers, read but not yet assembled into a schema: the tables with
// their columns and indexes, the views and triggers, and the rows of the
// tables' foreign keys, whose parents are looked up only when the parts
// are assembled. A Part is never modified once read, so the same Part can
// be assembled into several schemas (package source/sqliteddl reads the
// statements a plan's base and head share once, and assembles both sides
// from the same parts).
type Part struct {
	tables  []*table
	objects []*schema.Object
	fkRows  []fkRow
}

// Tables returns the number of tables the part holds.
func (p *Part) Tables() int { return len(p.tables) }

// Kinds of objects, as ReadParts passes them to partOf.
const (
	KindTable   = "table"
	KindView    = "view"
	KindTrigger = "trigger"
)

// ReadParts reads the database q is connected to, as Inspect reads it,
// and splits what it holds into n parts: partOf gives the part of each
// table, view and trigger from its kind (KindTable, KindView, KindTrigger)
// and name as SQLite reports it; an index goes with its table. A partOf
// result outside [0, n) is an error. Assemble builds a schema from parts
// of one or several databases.
func ReadParts(ctx context.Context, q Querier, opts Options, n int, partOf func(kind, name string) int) ([]*Part, error) {
	db := opts.Schema
	if db == "" {
		db = "main"
	}
	in, s, err := readDatabase(ctx, q, db)
	if err != nil {
		return nil, err
	}
	parts := make([]*Part, n)
	for i := range parts {
		parts[i] = &Part{}
	}
	at := func(kind, name string) (*Part, error) {
		i := partOf(kind, name)
		if i < 0 || i >= n {
			return nil, fmt.Errorf("introspect sqlite: %s %s belongs to no part", kind, name)
		}
		return parts[i], nil
	}
	of := map[*table]*Part{}
	for _, t := range in.order {
		p, err := at(KindTable, t.t.Name.Name)
		if err != nil {
			return nil, err
		}
		p.tables = append(p.tables, t)
		of[t] = p
	}
	for _, o := range s.Objects {
		kind := KindView
		if o.Kind == schema.ObjectTrigger {
			kind = KindTrigger
		}
		p, err := at(kind, o.Name.Name)
		if err != nil {
			return nil, err
		}
		p.objects = append(p.objects, o)
	}
	for _, r := range in.fkRows {
		p := of[r.t]
		p.fkRows = append(p.fkRows, r)
	}
	return parts, nil
}

// Assemble builds one normalized schema (Dialect "sqlite") from parts, as
// Inspect would read one database holding everything they hold: foreign
// keys are resolved across parts. The parts must not hold two objects of
// the same name. They are not modified, so they may be assembled again.
func Assemble(parts []*Part) *schema.Schema {
	return assemble(parts, true)
}

// assemble builds the schema from parts; with clone false it takes the
// parts' tables and objects for itself (the parts are not used again).
func assemble(parts []*Part, clone bool) *schema.Schema {
	n := 0
	for _, p := range parts {
		n += len(p.tables)
	}
	in := &inspector{tables: make(map[string]*table, n), order: make([]*table, 0, n)}
	s := &schema.Schema{Dialect: "sqlite", Tables: make([]*schema.Table, 0, n)}
	for _, p := range parts {
		copied := p.tables
		if clone {
			copied = make([]*table, len(p.tables))
			for i, t := range p.tables {
				// def and pkAt are only read from here on.
				copied[i] = &table{t: t.t.Clone(), def: t.def, pkAt: t.pkAt}
			}
		}
		byOld := make(map[*table]*table, len(p.tables))
		for i, t := range copied {
			byOld[p.tables[i]] = t
			in.tables[strings.ToLower(t.t.Name.Name)] = t
			in.order = append(in.order, t)
			s.Tables = append(s.Tables, t.t)
		}
		for _, o := range p.objects {
			if clone {
				o = o.Clone()
			}
			s.Objects = append(s.Objects, o)
		}
		for _, r := range p.fkRows {
			r.t = byOld[r.t]
			in.fkRows = append(in.fkRows, r)
		}
	}
	// The foreign keys are built once every table is known: they look
	// their parent tables up by name.
	in.buildForeignKeys()
	for _, t := range in.order {
		in.finishTable(t)
	}
	return s.Normalize()
}
