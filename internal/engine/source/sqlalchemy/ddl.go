package sqlalchemy

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// ddl is the DDL SQLAlchemy's create_all would run for the dialect, with
// the Python position each line comes from.
type ddl struct {
	d     *dialect.Dialect
	f     family
	b     strings.Builder
	lines []schema.Pos // lines[i] is the position of generated line i+1
	// byCols finds constraints and indexes by table, kind and columns,
	// for readers that do not report a line per constraint (SQLite).
	byCols map[string]schema.Pos
}

func colsKey(table, kind string, cols []string) string {
	return table + "|" + kind + "|" + strings.Join(cols, ",")
}

func (g *ddl) remember(table, kind string, cols []string, pos schema.Pos) {
	if g.byCols == nil {
		g.byCols = map[string]schema.Pos{}
	}
	g.byCols[colsKey(table, kind, cols)] = pos
}

func (g *ddl) line(pos schema.Pos, format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	for _, l := range strings.Split(s, "\n") {
		g.b.WriteString(l)
		g.b.WriteByte('\n')
		g.lines = append(g.lines, pos)
	}
}

func (g *ddl) q(s string) string { return g.d.Quote(s) }

func (g *ddl) qt(t *tableDef) string {
	if t.schema != "" && g.f == famPG {
		return g.q(t.schema) + "." + g.q(t.name)
	}
	return g.q(t.name)
}

// familyOf maps the engine's dialect to SQLAlchemy's dialect family.
func familyOf(d *dialect.Dialect) family {
	switch d.Name {
	case "mysql", "mariadb":
		return famMySQL
	case "sqlite":
		return famSQLite
	}
	return famPG
}

// maxIdent is SQLAlchemy's max_identifier_length for the family.
func maxIdent(f family) int {
	switch f {
	case famPG:
		return 63
	case famMySQL:
		return 64
	}
	return 0
}

// generate writes the DDL of every table.
func (mp *mapper) generate(d *dialect.Dialect) (*ddl, error) {
	g := &ddl{d: d, f: familyOf(d)}
	tables := sortTables(mp.tables)
	if g.f == famPG {
		if err := g.enums(tables); err != nil {
			return nil, err
		}
	}
	seen := map[string]*tableDef{}
	for _, t := range tables {
		if t.schema != "" && g.f != famPG {
			return nil, schema.Errorf(t.pos, "table %s has schema %q: schemas are read for PostgreSQL only", t.name, t.schema)
		}
		if old := seen[t.key()]; old != nil {
			return nil, schema.Errorf(t.pos, "table %s is defined twice (also at %s)", t.key(), old.pos)
		}
		seen[t.key()] = t
		if err := g.table(mp, t); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// enums writes CREATE TYPE for each native enum, once per name.
func (g *ddl) enums(tables []*tableDef) error {
	done := map[string][]string{}
	for _, t := range tables {
		for _, c := range t.cols {
			ct := c.typ.forFamily(g.f)
			types := []*saType{ct}
			if ct.item != nil {
				types = append(types, ct.item)
			}
			for _, ty := range types {
				if (ty.class != "sa.Enum" && ty.class != "pg.ENUM") || !ty.native {
					continue
				}
				if ty.enumName == "" {
					return schema.Errorf(ty.pos, "PostgreSQL ENUM type requires a name (Enum(..., name=...))")
				}
				if vals, ok := done[ty.enumName]; ok {
					if strings.Join(vals, "\x00") != strings.Join(ty.enumValues, "\x00") {
						return schema.Errorf(ty.pos, "enum type %s is declared twice with different values", ty.enumName)
					}
					continue
				}
				done[ty.enumName] = ty.enumValues
				vals := make([]string, len(ty.enumValues))
				for i, v := range ty.enumValues {
					vals[i] = g.d.QuoteString(v)
				}
				g.line(ty.pos, "CREATE TYPE %s AS ENUM (%s);", g.q(ty.enumName), strings.Join(vals, ", "))
			}
		}
	}
	return nil
}

// sortTables orders tables so referenced tables come first where possible
// (a cycle keeps source order), as create_all does.
func sortTables(in []*tableDef) []*tableDef {
	byKey := map[string]*tableDef{}
	for _, t := range in {
		byKey[t.key()] = t
	}
	var out []*tableDef
	state := map[*tableDef]int{}
	var visit func(t *tableDef)
	visit = func(t *tableDef) {
		if state[t] != 0 {
			return
		}
		state[t] = 1
		var deps []string
		for _, fk := range t.fks {
			for _, r := range fk.refs {
				if i := strings.LastIndexByte(r, '.'); i > 0 {
					deps = append(deps, r[:i])
				}
			}
		}
		sort.Strings(deps)
		for _, k := range deps {
			if dt := byKey[k]; dt != nil && dt != t {
				visit(dt)
			}
		}
		state[t] = 2
		out = append(out, t)
	}
	sorted := append([]*tableDef(nil), in...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].key() < sorted[j].key() })
	for _, t := range sorted {
		visit(t)
	}
	return out
}

// table writes CREATE TABLE, its indexes and comments.
func (g *ddl) table(mp *mapper, t *tableDef) error {
	if len(t.cols) == 0 {
		return schema.Errorf(t.pos, "table %s has no columns", t.name)
	}
	auto, err := t.autoincColumn(g.f)
	if err != nil {
		return err
	}
	if g.f == famPG && t.schema != "" {
		g.line(t.pos, "CREATE SCHEMA IF NOT EXISTS %s;", g.q(t.schema))
	}
	for _, c := range t.cols {
		sq := c.seq
		if sq == nil || sq.optional || g.f == famSQLite || g.f == famMySQL && g.d.Name == "mysql" {
			continue
		}
		if g.f == famMySQL {
			return schema.Errorf(sq.pos, "Sequence %s: SQLAlchemy creates a MariaDB sequence, which the engine does not model", sq.name)
		}
		s := "CREATE SEQUENCE IF NOT EXISTS " + g.q(sq.name)
		if sq.increment != nil {
			s += " INCREMENT BY " + strconv.FormatInt(*sq.increment, 10)
		}
		if sq.start != nil {
			s += " START WITH " + strconv.FormatInt(*sq.start, 10)
		}
		g.line(sq.pos, "%s;", s)
	}
	g.line(t.pos, "CREATE TABLE %s (", g.qt(t))
	var items []string
	var itemPos []schema.Pos
	add := func(pos schema.Pos, s string) { items = append(items, s); itemPos = append(itemPos, pos) }
	pk := t.pkCols()
	if g.f == famSQLite && auto != nil && len(pk) > 1 {
		return schema.Errorf(auto.pos, "SQLite does not support autoincrement for composite primary keys (column %s of %s)", auto.name, t.name)
	}
	inlinePK := g.f == famSQLite && t.sqliteAutoinc && auto != nil && len(pk) == 1
	for _, c := range t.cols {
		spec, err := g.column(t, c, c == auto, inlinePK && c == auto)
		if err != nil {
			return err
		}
		add(c.pos, spec)
	}
	if len(pk) > 0 && !inlinePK {
		name := ""
		pos := t.pos
		if t.pk != nil {
			name, pos = t.pk.name, t.pk.pos
		}
		name, err := g.name(t, "pk", name, convInfo{table: t, cols: pk}, pos)
		if err != nil {
			return err
		}
		g.remember(t.name, "pk", colNames(pk), pos)
		add(pos, g.constraintName(name)+"PRIMARY KEY ("+g.colList(colNames(pk))+")")
	}
	for _, fk := range t.fks {
		rt, _, err := mp.target(fk.refs[0], fk.pos)
		if err != nil {
			return err
		}
		var refCols []string
		for _, r := range fk.refs {
			_, rc, err := mp.target(r, fk.pos)
			if err != nil {
				return err
			}
			refCols = append(refCols, rc.name)
		}
		name, err := g.name(t, "fk", fk.name, convInfo{table: t, cols: t.colsNamed(fk.cols), refTable: rt.name, refCols: refCols}, fk.pos)
		if err != nil {
			return err
		}
		s := g.constraintName(name) + "FOREIGN KEY(" + g.colList(fk.cols) + ") REFERENCES " + g.qt(rt) + " (" + g.colList(refCols) + ")"
		if fk.onDelete != "" {
			s += " ON DELETE " + fk.onDelete
		}
		if fk.onUpdate != "" {
			s += " ON UPDATE " + fk.onUpdate
		}
		if fk.deferrable {
			s += " DEFERRABLE"
		}
		if fk.initially != "" {
			s += " INITIALLY " + fk.initially
		}
		g.remember(t.name, "fk", fk.cols, fk.pos)
		add(fk.pos, s)
	}
	for _, u := range t.uniques {
		name, err := g.name(t, "uq", u.name, convInfo{table: t, cols: t.colsNamed(u.cols)}, u.pos)
		if err != nil {
			return err
		}
		s := g.constraintName(name) + "UNIQUE (" + g.colList(u.cols) + ")"
		if u.deferrable {
			s += " DEFERRABLE"
		}
		if u.initially != "" {
			s += " INITIALLY " + u.initially
		}
		g.remember(t.name, "uq", u.cols, u.pos)
		add(u.pos, s)
	}
	for _, ck := range t.checks {
		name, err := g.name(t, "ck", ck.name, convInfo{table: t, constraint: ck.name}, ck.pos)
		if err != nil {
			return err
		}
		add(ck.pos, g.constraintName(name)+"CHECK ("+ck.expr+")")
	}
	for i, it := range items {
		sep := ","
		if i == len(items)-1 {
			sep = ""
		}
		g.line(itemPos[i], "\t%s%s", it, sep)
	}
	tail := ")"
	if g.f == famMySQL {
		for _, o := range t.options {
			switch o[0] {
			case "engine":
				tail += " ENGINE=" + o[1]
			case "charset":
				tail += " DEFAULT CHARSET=" + o[1]
			case "collate":
				tail += " COLLATE " + o[1]
			}
		}
		if t.comment != "" {
			tail += " COMMENT=" + g.d.QuoteString(t.comment)
		}
	}
	g.line(t.pos, "%s;", tail)
	for _, ix := range t.indexes {
		if err := g.index(t, ix); err != nil {
			return err
		}
	}
	if g.f == famPG {
		if t.comment != "" {
			g.line(t.pos, "COMMENT ON TABLE %s IS %s;", g.qt(t), g.d.QuoteString(t.comment))
		}
		for _, c := range t.cols {
			if c.comment != "" {
				g.line(c.pos, "COMMENT ON COLUMN %s.%s IS %s;", g.qt(t), g.q(c.name), g.d.QuoteString(c.comment))
			}
		}
	}
	return nil
}

// name applies the naming convention and the dialect's identifier limit.
func (g *ddl) name(t *tableDef, kind, given string, info convInfo, pos schema.Pos) (string, error) {
	if info.constraint == "" {
		info.constraint = strings.TrimPrefix(given, "\x00conv:")
	}
	n, conv, err := conventionName(t.md, kind, given, info, pos)
	if err != nil {
		return "", err
	}
	if conv {
		n = truncateName(n, maxIdent(g.f))
	} else if max := maxIdent(g.f); max > 0 && len(n) > max {
		return "", schema.Errorf(pos, "identifier %q is longer than %d characters", n, max)
	}
	return n, nil
}

func (g *ddl) constraintName(n string) string {
	if n == "" {
		return ""
	}
	return "CONSTRAINT " + g.q(n) + " "
}

func (g *ddl) colList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = g.q(n)
	}
	return strings.Join(q, ", ")
}

func colNames(cs []*colDef) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.name
	}
	return out
}

func (t *tableDef) colsNamed(names []string) []*colDef {
	var out []*colDef
	for _, n := range names {
		for _, c := range t.cols {
			if c.name == n {
				out = append(out, c)
			}
		}
	}
	return out
}

// index writes CREATE [UNIQUE] INDEX.
func (g *ddl) index(t *tableDef, ix *ixDef) error {
	given := ix.name
	if ix.columnFlag {
		given = ""
	}
	name, err := g.name(t, "ix", given, convInfo{table: t, cols: t.colsNamed(ix.cols)}, ix.pos)
	if err != nil {
		return err
	}
	if name == "" {
		return schema.Errorf(ix.pos, "index on %s has no name: the naming convention has no \"ix\" entry", strings.Join(ix.cols, ", "))
	}
	u := ""
	if ix.unique {
		u = "UNIQUE "
	}
	using := ""
	if ix.using != "" && g.f == famPG {
		using = " USING " + ix.using
	}
	where := ""
	if w := ix.where[g.f]; w != "" {
		where = " WHERE " + w
	}
	g.remember(t.name, "ix", ix.cols, ix.pos)
	g.line(ix.pos, "CREATE %sINDEX %s ON %s%s (%s)%s;", u, g.q(name), g.qt(t), using, g.colList(ix.cols), where)
	return nil
}
