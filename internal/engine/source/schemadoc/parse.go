package schemadoc

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/mysqlddl"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqlddl"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqliteddl"
)

// Parse reads schema document files (YAML or JSON), as one schema for
// dialect d: the tables of all files together, so a foreign key may refer
// to a table of another file. The result is normalized and has Dialect
// d.Name. Bad input is a *schema.PosError naming the file and line.
func Parse(d *dialect.Dialect, files ...schema.File) (*schema.Schema, error) {
	if d == nil {
		return nil, errors.New("schemadoc: no dialect")
	}
	f, err := familyOf(d)
	if err != nil {
		return nil, err
	}
	var docs []*document
	for _, file := range files {
		doc, err := read(file)
		if err != nil {
			return nil, err
		}
		docs = append(docs, doc)
	}
	m, err := merge(docs, d, f)
	if err != nil {
		return nil, err
	}
	w, err := writeDDL(m, d, f)
	if err != nil {
		return nil, err
	}
	ddlName := "schema.sql"
	if len(files) > 0 {
		ddlName = files[0].Path
	}
	ddl := schema.File{Path: ddlName, Data: []byte(w.text())}
	var s *schema.Schema
	switch f {
	case familyPostgres:
		s, err = sqlddl.Parse(d, ddl)
	case familyMySQL:
		s, err = mysqlddl.Parse(d, ddl)
	default:
		s, err = sqliteddl.Parse(d, ddl)
	}
	if err != nil {
		var pe *schema.PosError
		if errors.As(err, &pe) {
			return nil, &schema.PosError{Pos: w.origin(pe.Pos.Line), Msg: strings.TrimPrefix(pe.Msg, "sqliteddl: ")}
		}
		return nil, fmt.Errorf("%s: %w", ddlName, err)
	}
	w.relocate(s, m)
	s.Normalize()
	return s, nil
}

// model is every document of one schema, checked.
type model struct {
	enums  []*enumDecl
	tables []*tableDecl
	// enumFile is the file each enum was declared in.
	enumFile map[string]string
}

// merge joins the documents and checks that every name they use exists.
func merge(docs []*document, d *dialect.Dialect, f family) (*model, error) {
	m := &model{enumFile: map[string]string{}}
	tables := map[string]*tableDecl{}
	enums := map[string]bool{}
	for _, doc := range docs {
		if doc.dialect != "" {
			want, err := dialect.Lookup(doc.dialect, "")
			if err != nil {
				return nil, schema.Errorf(doc.pos(1), "dialect: %v", err)
			}
			if wf, _ := familyOf(want); wf != f {
				return nil, schema.Errorf(doc.pos(1), "the document is written for %s, not %s", doc.dialect, d.Name)
			}
		}
		for _, e := range doc.enums {
			if !d.Caps.EnumTypes {
				return nil, schema.Errorf(doc.pos(e.line), "enum %s: %s has no enum types; give the column `type: enum` and `values`", e.name, d.Name)
			}
			if enums[e.name] {
				return nil, schema.Errorf(doc.pos(e.line), "enum %s is declared twice", e.name)
			}
			enums[e.name] = true
			m.enumFile[e.name] = doc.file
			m.enums = append(m.enums, e)
		}
		for _, t := range doc.tables {
			if prev, dup := tables[t.name]; dup {
				return nil, schema.Errorf(doc.pos(t.line), "table %s is declared twice (first at %s:%d)", t.name, prev.file, prev.line)
			}
			tables[t.name] = t
			m.tables = append(m.tables, t)
		}
	}
	for _, t := range m.tables {
		if err := checkTable(t, tables, enums, f); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// checkTable checks the names one table uses and fills in the primary key
// its columns declare.
func checkTable(t *tableDecl, tables map[string]*tableDecl, enums map[string]bool, f family) error {
	at := func(line int) schema.Pos { return schema.Pos{File: t.file, Line: line} }
	cols := func(names []string, line int, what string) error {
		for _, n := range names {
			if t.column(n) == nil {
				return schema.Errorf(at(line), "table %s: %s: unknown column %q", t.name, what, n)
			}
		}
		return nil
	}
	var inline []string
	for _, c := range t.columns {
		if isIncrements(c.typ) {
			c.increments, c.primary = true, true
		}
		if c.primary {
			inline = append(inline, c.name)
		}
		if isEnumType(c.typ) {
			if len(c.values) == 0 {
				return schema.Errorf(at(c.line), "column %s.%s: type enum needs values", t.name, c.name)
			}
		} else if c.values != nil {
			return schema.Errorf(at(c.line), "column %s.%s: values are only for type enum", t.name, c.name)
		}
		if f == familySQLite && c.comment != "" {
			return schema.Errorf(at(c.line), "column %s.%s: SQLite keeps no column comments", t.name, c.name)
		}
	}
	if f == familySQLite && t.comment != "" {
		return schema.Errorf(at(t.line), "table %s: SQLite keeps no table comments", t.name)
	}
	if len(inline) > 0 {
		if t.primaryKey != nil {
			return schema.Errorf(at(t.primaryKey.line), "table %s: primary_key is given and column %s is marked primary (or increments) too: say it once", t.name, inline[0])
		}
		t.primaryKey = &keyDecl{columns: inline, line: t.column(inline[0]).line}
	}
	if t.primaryKey != nil {
		if err := cols(t.primaryKey.columns, t.primaryKey.line, "primary_key"); err != nil {
			return err
		}
		if f == familySQLite {
			for _, c := range t.columns {
				if c.increments && (len(t.primaryKey.columns) != 1 || t.primaryKey.columns[0] != c.name) {
					return schema.Errorf(at(c.line), "column %s.%s: on SQLite an increments column must be the whole primary key", t.name, c.name)
				}
			}
		}
	}
	for _, u := range t.uniques {
		if err := cols(u.columns, u.line, "unique"); err != nil {
			return err
		}
	}
	for _, ix := range t.indexes {
		for _, p := range ix.parts {
			if p.column != "" {
				if err := cols([]string{p.column}, ix.line, "index"); err != nil {
					return err
				}
			} else if ix.name == "" {
				return schema.Errorf(at(ix.line), "table %s: an index on an expression needs a name", t.name)
			}
		}
		if ix.where != "" && f == familyMySQL {
			return schema.Errorf(at(ix.line), "table %s: MySQL and MariaDB have no partial indexes (where)", t.name)
		}
	}
	for _, fk := range t.foreignKeys {
		if err := cols(fk.columns, fk.line, "foreign key"); err != nil {
			return err
		}
		ref := tables[fk.refTable]
		if ref == nil {
			return schema.Errorf(at(fk.line), "table %s: foreign key references unknown table %q", t.name, fk.refTable)
		}
		for _, rc := range fk.refColumns {
			if ref.column(rc) == nil {
				return schema.Errorf(at(fk.line), "table %s: foreign key references unknown column %s.%s", t.name, fk.refTable, rc)
			}
		}
		if len(fk.refColumns) != len(fk.columns) {
			return schema.Errorf(at(fk.line), "table %s: foreign key has %d column(s) but references %d", t.name, len(fk.columns), len(fk.refColumns))
		}
	}
	names := map[string]int{}
	claim := func(name string, line int) error {
		if name == "" {
			return nil
		}
		if first, dup := names[name]; dup {
			return schema.Errorf(at(line), "table %s: the name %q is used twice (first on line %d)", t.name, name, first)
		}
		names[name] = line
		return nil
	}
	for _, u := range t.uniques {
		if u.name == "" {
			u.name = knexName(t.name, u.columns, "unique")
		}
		if err := claim(u.name, u.line); err != nil {
			return err
		}
	}
	for _, ix := range t.indexes {
		if ix.name == "" {
			var cs []string
			for _, p := range ix.parts {
				cs = append(cs, p.column)
			}
			suffix := "index"
			if ix.unique {
				suffix = "unique"
			}
			ix.name = knexName(t.name, cs, suffix)
		}
		if err := claim(ix.name, ix.line); err != nil {
			return err
		}
	}
	for _, fk := range t.foreignKeys {
		if fk.name == "" {
			fk.name = knexName(t.name, fk.columns, "foreign")
		}
		if err := claim(fk.name, fk.line); err != nil {
			return err
		}
	}
	for _, ck := range t.checks {
		if err := claim(ck.name, ck.line); err != nil {
			return err
		}
	}
	return nil
}

// knexName is the name Knex gives an index, unique or foreign key it is
// not given a name for (knex lib/schema/tablecompiler.js _indexCommand):
// the table (dots and dashes turned into "_"), the columns and the kind,
// joined by "_" and lower-cased.
func knexName(table string, columns []string, kind string) string {
	t := strings.NewReplacer(".", "_", "-", "_").Replace(table)
	return strings.ToLower(t + "_" + strings.Join(columns, "_") + "_" + kind)
}

// relocate maps the positions the DDL reader recorded back to the
// document, then sets the positions and rename hints the document gives
// by name.
func (w *ddlWriter) relocate(s *schema.Schema, m *model) {
	move := func(p *schema.Pos) {
		if p.Line > 0 {
			*p = w.origin(p.Line)
		} else if p.File != "" {
			*p = schema.Pos{}
		}
	}
	for _, e := range s.Enums {
		move(&e.Pos)
		for _, decl := range m.enums {
			if decl.name == e.Name.Name {
				e.Pos = schema.Pos{File: m.enumFile[decl.name], Line: decl.line}
			}
		}
	}
	for _, t := range s.Tables {
		move(&t.Pos)
		for _, c := range t.Columns {
			move(&c.Pos)
			if c.Default != nil {
				move(&c.Default.Pos)
			}
		}
		if t.PrimaryKey != nil {
			move(&t.PrimaryKey.Pos)
		}
		for _, u := range t.Uniques {
			move(&u.Pos)
		}
		for _, ix := range t.Indexes {
			move(&ix.Pos)
		}
		for _, fk := range t.ForeignKeys {
			move(&fk.Pos)
		}
		for _, ck := range t.Checks {
			move(&ck.Pos)
		}
		i := slices.IndexFunc(m.tables, func(d *tableDecl) bool { return d.name == t.Name.Name })
		if i < 0 {
			continue
		}
		decl := m.tables[i]
		t.Pos = schema.Pos{File: decl.file, Line: decl.line}
		t.RenamedFrom = decl.renamedFrom
		at := func(line int) schema.Pos { return schema.Pos{File: decl.file, Line: line} }
		for _, fk := range t.ForeignKeys {
			for _, d := range decl.foreignKeys {
				if d.name == fk.Name {
					fk.Pos = at(d.line)
				}
			}
		}
		for _, ix := range t.Indexes {
			for _, d := range decl.indexes {
				if d.name == ix.Name {
					ix.Pos = at(d.line)
				}
			}
			for _, d := range decl.uniques {
				if d.name == ix.Name {
					ix.Pos = at(d.line)
				}
			}
		}
		for _, u := range t.Uniques {
			for _, d := range decl.uniques {
				if d.name == u.Name {
					u.Pos = at(d.line)
				}
			}
		}
		for _, ck := range t.Checks {
			for _, d := range decl.checks {
				if d.name != "" && d.name == ck.Name {
					ck.Pos = at(d.line)
				}
			}
		}
		for _, c := range t.Columns {
			if dc := decl.column(c.Name); dc != nil {
				c.Pos = schema.Pos{File: decl.file, Line: dc.line}
				c.RenamedFrom = dc.renamedFrom
				if c.Default != nil && dc.def != nil {
					c.Default.Pos = schema.Pos{File: decl.file, Line: dc.def.line}
				}
			}
		}
	}
}
