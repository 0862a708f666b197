package schemadoc

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// ddlWriter writes the DDL equivalent of a document one line at a time,
// remembering the document position each line comes from.
type ddlWriter struct {
	lines   []string
	origins []schema.Pos
}

func (w *ddlWriter) line(pos schema.Pos, text string) {
	w.lines = append(w.lines, text)
	w.origins = append(w.origins, pos)
}

func (w *ddlWriter) text() string { return strings.Join(w.lines, "\n") + "\n" }

// origin is the document position of a 1-based DDL line (the nearest line
// before it that has one).
func (w *ddlWriter) origin(line int) schema.Pos {
	if line > len(w.origins) {
		line = len(w.origins)
	}
	for i := line - 1; i >= 0; i-- {
		if !w.origins[i].IsZero() {
			return w.origins[i]
		}
	}
	return schema.Pos{}
}

// exprError is an expression the scan refuses, at its document line.
func exprError(pos schema.Pos, what, text string, err error) error {
	return schema.Errorf(pos, "%s %q: %v", what, text, err)
}

// writeDDL writes the model as DDL of the family: enum types, then every
// table with its columns, primary key, UNIQUE and CHECK constraints (and,
// on SQLite, its foreign keys), then the other tables' foreign keys, then
// the indexes, so that no statement refers to a table written after it.
func writeDDL(m *model, d *dialect.Dialect, f family) (*ddlWriter, error) {
	w := &ddlWriter{}
	q := d.Quote
	enums := map[string]bool{}
	for _, e := range m.enums {
		enums[e.name] = true
		vals := make([]string, len(e.values))
		for i, v := range e.values {
			vals[i] = d.QuoteString(v)
		}
		w.line(schema.Pos{File: m.enumFile[e.name], Line: e.line}, "CREATE TYPE "+q(e.name)+" AS ENUM ("+strings.Join(vals, ", ")+");")
	}
	var after []func() error
	for _, t := range m.tables {
		at := func(line int) schema.Pos { return schema.Pos{File: t.file, Line: line} }
		w.line(at(t.line), "CREATE TABLE "+q(t.name)+" (")
		var items []func(last bool) error
		for _, c := range t.columns {
			items = append(items, func(last bool) error {
				def, err := columnDDL(t, c, d, f, enums)
				if err != nil {
					return err
				}
				w.line(at(c.line), "  "+def+comma(last))
				return nil
			})
		}
		pk := t.primaryKey
		sqliteInline := f == familySQLite && pk != nil && len(pk.columns) == 1 && t.column(pk.columns[0]).increments
		if pk != nil && !sqliteInline {
			items = append(items, func(last bool) error {
				text := "PRIMARY KEY (" + quoteAll(q, pk.columns) + ")"
				if pk.name != "" && f != familyMySQL {
					text = "CONSTRAINT " + q(pk.name) + " " + text
				}
				w.line(at(pk.line), "  "+text+comma(last))
				return nil
			})
		}
		if f != familySQLite {
			for _, u := range t.uniques {
				items = append(items, func(last bool) error {
					w.line(at(u.line), "  CONSTRAINT "+q(u.name)+" UNIQUE ("+quoteAll(q, u.columns)+")"+comma(last))
					return nil
				})
			}
		}
		if f == familySQLite {
			for _, fk := range t.foreignKeys {
				items = append(items, func(last bool) error {
					w.line(at(fk.line), "  "+foreignKeyDDL(q, fk)+comma(last))
					return nil
				})
			}
		}
		for _, ck := range t.checks {
			items = append(items, func(last bool) error {
				if err := checkExpression(ck.expr, f == familyMySQL); err != nil {
					return exprError(at(ck.line), "check", ck.expr, err)
				}
				text := "CHECK (" + ck.expr + ")"
				if ck.name != "" {
					text = "CONSTRAINT " + q(ck.name) + " " + text
				}
				w.line(at(ck.line), "  "+text+comma(last))
				return nil
			})
		}
		for i, it := range items {
			if err := it(i == len(items)-1); err != nil {
				return nil, err
			}
		}
		tail := ");"
		if f == familyMySQL && t.comment != "" {
			tail = ") COMMENT=" + d.QuoteString(t.comment) + ";"
		}
		w.line(at(t.line), tail)
		if f == familyPostgres {
			if t.comment != "" {
				w.line(at(t.line), "COMMENT ON TABLE "+q(t.name)+" IS "+d.QuoteString(t.comment)+";")
			}
			for _, c := range t.columns {
				if c.comment != "" {
					w.line(at(c.line), "COMMENT ON COLUMN "+q(t.name)+"."+q(c.name)+" IS "+d.QuoteString(c.comment)+";")
				}
			}
		}
		if f != familySQLite {
			for _, fk := range t.foreignKeys {
				after = append(after, func() error {
					w.line(at(fk.line), "ALTER TABLE "+q(t.name)+" ADD "+foreignKeyDDL(q, fk)+";")
					return nil
				})
			}
		} else {
			for _, u := range t.uniques {
				after = append(after, func() error {
					w.line(at(u.line), "CREATE UNIQUE INDEX "+q(u.name)+" ON "+q(t.name)+" ("+quoteAll(q, u.columns)+");")
					return nil
				})
			}
		}
		for _, ix := range t.indexes {
			after = append(after, func() error { return indexDDL(w, at(ix.line), t, ix, d, f) })
		}
	}
	for _, a := range after {
		if err := a(); err != nil {
			return nil, err
		}
	}
	return w, nil
}

func comma(last bool) string {
	if last {
		return ""
	}
	return ","
}

func quoteAll(q func(string) string, names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = q(n)
	}
	return strings.Join(out, ", ")
}

// columnDDL writes one column definition.
func columnDDL(t *tableDecl, c *columnDecl, d *dialect.Dialect, f family, enums map[string]bool) (string, error) {
	q := d.Quote
	pos := schema.Pos{File: t.file, Line: c.typeLine}
	var typ string
	var enumCheck string
	if isEnumType(c.typ) {
		vals := make([]string, len(c.values))
		for i, v := range c.values {
			vals[i] = d.QuoteString(v)
		}
		if f == familyMySQL {
			typ = "enum(" + strings.Join(vals, ", ") + ")"
		} else {
			// Knex's enu without useNative: text with a CHECK of the values.
			typ = "text"
			enumCheck = " CHECK (" + q(c.name) + " IN (" + strings.Join(vals, ", ") + "))"
		}
	} else {
		var err error
		typ, err = spellType(f, d, c.typ, enums)
		if err != nil {
			return "", schema.Errorf(pos, "column %s.%s: %v", t.name, c.name, err)
		}
	}
	if c.unsigned && f == familyMySQL && !strings.HasSuffix(typ, " unsigned") {
		typ += " unsigned"
	}
	b := q(c.name) + " " + typ
	notNull := c.primary || c.nullable != nil && !*c.nullable
	if c.nullable != nil && *c.nullable && c.primary {
		return "", schema.Errorf(pos, "column %s.%s: a primary key column cannot be nullable", t.name, c.name)
	}
	if notNull {
		b += " NOT NULL"
	}
	if c.increments {
		switch f {
		case familyMySQL:
			b += " AUTO_INCREMENT"
		case familySQLite:
			b += " PRIMARY KEY AUTOINCREMENT"
		}
	}
	if c.def != nil {
		if c.increments {
			return "", schema.Errorf(pos, "column %s.%s: an increments column takes no default", t.name, c.name)
		}
		text, err := defaultDDL(c.def, d, f)
		if err != nil {
			return "", schema.Errorf(schema.Pos{File: t.file, Line: c.def.line}, "column %s.%s: default %v", t.name, c.name, err)
		}
		b += " DEFAULT " + text
	}
	if f == familyMySQL && c.comment != "" {
		b += " COMMENT " + d.QuoteString(c.comment)
	}
	return b + enumCheck, nil
}

// defaultDDL writes a default: a literal as the dialect quotes it, or the
// SQL expression (in parentheses where the dialect needs them).
func defaultDDL(def *defaultDecl, d *dialect.Dialect, f family) (string, error) {
	switch def.kind {
	case "null":
		return "NULL", nil
	case "number":
		return def.text, nil
	case "bool":
		if f == familyPostgres {
			return strings.ToUpper(def.text), nil
		}
		if def.text == "true" {
			return "1", nil
		}
		return "0", nil
	case "string":
		return d.QuoteString(def.text), nil
	}
	if err := checkExpression(def.text, f == familyMySQL); err != nil {
		return "", err
	}
	if f == familyPostgres {
		return def.text, nil
	}
	return "(" + def.text + ")", nil
}

func foreignKeyDDL(q func(string) string, fk *foreignKeyDecl) string {
	s := "CONSTRAINT " + q(fk.name) + " FOREIGN KEY (" + quoteAll(q, fk.columns) + ") REFERENCES " + q(fk.refTable) + " (" + quoteAll(q, fk.refColumns) + ")"
	if fk.onDelete != "" {
		s += " ON DELETE " + fk.onDelete
	}
	if fk.onUpdate != "" {
		s += " ON UPDATE " + fk.onUpdate
	}
	return s
}

// indexDDL writes one CREATE INDEX statement.
func indexDDL(w *ddlWriter, pos schema.Pos, t *tableDecl, ix *indexDecl, d *dialect.Dialect, f family) error {
	q := d.Quote
	kind := "INDEX"
	using := ""
	switch strings.ToLower(ix.using) {
	case "":
	case "fulltext", "spatial":
		if f != familyMySQL {
			return schema.Errorf(pos, "table %s: index %s: using %s is MySQL's", t.name, ix.name, ix.using)
		}
		kind = strings.ToUpper(ix.using) + " INDEX"
	default:
		if f == familySQLite {
			return schema.Errorf(pos, "table %s: index %s: SQLite has one index method; leave out using", t.name, ix.name)
		}
		if !typeText.MatchString(ix.using) || strings.ContainsAny(ix.using, " ([") {
			return schema.Errorf(pos, "table %s: index %s: using %q is not a method name", t.name, ix.name, ix.using)
		}
		using = ix.using
	}
	if ix.unique {
		kind = "UNIQUE " + kind
	}
	parts := make([]string, len(ix.parts))
	for i, p := range ix.parts {
		if p.expr != "" {
			if err := checkExpression(p.expr, f == familyMySQL); err != nil {
				return exprError(pos, "index expression", p.expr, err)
			}
			parts[i] = "(" + p.expr + ")"
		} else {
			parts[i] = q(p.column)
		}
		if p.desc {
			parts[i] += " DESC"
		}
	}
	s := "CREATE " + kind + " " + q(ix.name) + " ON " + q(t.name)
	if using != "" && f == familyPostgres {
		s += " USING " + using
	}
	s += " (" + strings.Join(parts, ", ") + ")"
	if using != "" && f == familyMySQL {
		s += " USING " + strings.ToUpper(using)
	}
	if ix.where != "" {
		if err := checkExpression(ix.where, false); err != nil {
			return exprError(pos, "where", ix.where, err)
		}
		s += " WHERE " + ix.where
	}
	w.line(pos, s+";")
	return nil
}
