package sqlalchemy

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// ignoredClassCalls are ORM constructs in a class body that make no
// column.
var ignoredClassCalls = map[string]bool{"sa.relationship": true, "sa.backref": true, "sa.column_property": true,
	"sa.synonym": true, "sa.association_proxy": true, "sa.composite": true, "sa.query_expression": true,
	"sa.dynamic_loader": true, "sa.relation": true, "sa.hybrid_property": true, "sa.WriteOnlyMapped": true}

// mapClass maps one declarative class.
func (mp *mapper) mapClass(c *class) error {
	if _, done := mp.byClass[c]; done || !mp.isMapped(c) {
		return nil
	}
	r, err := mp.declarativeRoot(c)
	if err != nil {
		return err
	}
	if a := c.own("__table__"); a != nil {
		v := resolve(a.value(c))
		tc, ok := v.(*call)
		isFlask := false
		if ok {
			_, isFlask = tc.fn.(flaskTable)
		}
		if !ok || callName(tc) != "sa.Table" && !isFlask {
			return schema.Errorf(a.at.pos, "__table__ of %s is not a static Table(...)", c.name)
		}
		t := mp.tableByCall(tc)
		if t == nil {
			if err := mp.tableCall(c.mod, tc, c); err != nil {
				return err
			}
			t = mp.tableByCall(tc)
		}
		mp.byClass[c] = t
		return nil
	}
	// Parts from the class and its unmapped bases (mixins, abstract
	// classes), stopping at mapped parents.
	var parent *class
	var parts []*class
	seen := map[*class]bool{}
	var walk func(k *class)
	walk = func(k *class) {
		if seen[k] {
			return
		}
		seen[k] = true
		if k != c && mp.isMapped(k) {
			if parent == nil {
				parent = k
			}
			return
		}
		parts = append(parts, k)
		for _, b := range k.baseValues() {
			if rc, ok := b.(classRef); ok {
				walk(rc.c)
			}
		}
	}
	walk(c)
	if r.cls != nil && parent == nil {
		// A mapped parent already has the base's columns (SQLAlchemy
		// skips attributes a mapped class overrides).
		walk(r.cls)
	}
	find := func(name string) *attr {
		for _, k := range parts {
			if a := k.own(name); a != nil {
				return a
			}
		}
		return nil
	}
	tname, hasName, err := mp.tableNameFor(c, r, parent, find)
	if err != nil {
		return err
	}
	// Columns of the class and its unmapped bases; a name the class
	// itself binds hides a base's.
	type ownCol struct {
		attr string
		col  *colDef
	}
	var own []ownCol
	taken := map[string]bool{}
	var argsAttr *attr
	for _, k := range parts {
		for _, a := range k.body() {
			if taken[a.name] {
				continue
			}
			taken[a.name] = true
			if a.name == "__table_args__" {
				argsAttr = a
				continue
			}
			if strings.HasPrefix(a.name, "__") {
				continue
			}
			col, err := mp.classColumn(c, k, a, r.md)
			if err != nil {
				return err
			}
			if col == nil {
				continue
			}
			rank := 1
			if k.mod != c.mod {
				rank = 0
			}
			col.order = [2]int{rank*100000 + mp.modRank[k.mod], col.pos.Line}
			own = append(own, ownCol{a.name, col})
		}
	}
	if r.flask && hasName && parent != nil {
		// Flask-SQLAlchemy's __table_cls__: a model that defines no
		// primary key under a mapped parent is single-table inheritance.
		pk := argsAttr != nil && argsAttr.expr != nil && strings.Contains(argsAttr.expr.text(), "PrimaryKeyConstraint")
		for _, o := range own {
			pk = pk || o.col.pk
		}
		hasName = pk
		if !pk {
			delete(mp.flaskNamed, c)
		}
	}
	var t *tableDef
	cols := map[string]*colDef{}
	switch {
	case hasName:
		t = &tableDef{name: tname, schema: r.md.schema, md: r.md, pos: c.pos()}
		mp.tables = append(mp.tables, t)
	case parent != nil:
		if err := mp.mapClass(parent); err != nil {
			return err
		}
		t = mp.byClass[parent]
		for k, v := range mp.colsOf[parent] {
			cols[k] = v
		}
	default:
		return schema.Errorf(c.pos(), "class %s is mapped but has no __tablename__ (and is not __abstract__)", c.name)
	}
	mp.byClass[c] = t
	mp.colsOf[c] = cols
	for _, o := range own {
		cols[o.attr] = o.col
		t.cols = append(t.cols, o.col)
	}
	sortCols(t.cols)
	if argsAttr != nil {
		sc := &tableScope{cols: cols}
		if err := mp.tableArgs(t, resolve(argsAttr.value(c)), argsAttr.at.pos, sc); err != nil {
			return err
		}
	}
	if hasName && t.pk == nil {
		pk := false
		for _, col := range t.cols {
			pk = pk || col.pk
		}
		if !pk {
			return schema.Errorf(c.pos(), "mapped class %s has no primary key column (SQLAlchemy cannot map it)", c.name)
		}
	}
	return nil
}

// tableNameFor finds a mapped class's table name: its own or a mixin's
// __tablename__ (a static string or a declared_attr), or for
// Flask-SQLAlchemy models the name Flask-SQLAlchemy generates. hasName is
// false when the class has none (single-table inheritance).
func (mp *mapper) tableNameFor(c *class, r *root, parent *class, find func(string) *attr) (string, bool, error) {
	if r.flask {
		set, err := mp.flaskShouldSetTablename(c)
		if err != nil {
			return "", false, err
		}
		if set {
			mp.flaskNamed[c] = true
			return camelToSnake(c.name), true, nil
		}
	}
	a := find("__tablename__")
	if a == nil {
		return "", false, nil
	}
	v := resolve(a.value(c))
	if _, none := v.(pyNone); none {
		return "", false, nil // __tablename__ = None: single-table inheritance
	}
	s, ok := v.(pyStr)
	if !ok {
		why := describe(v)
		if u, isU := v.(unknown); isU {
			why = u.why
		}
		return "", false, schema.Errorf(a.at.pos, "__tablename__ of %s is not a static string: %s", c.name, why)
	}
	return s.s, true, nil
}

// classColumn turns one class attribute into a column, or nil when it is
// not one. What might be a column but cannot be read is an error.
func (mp *mapper) classColumn(mapped, owner *class, a *attr, md *metaInfo) (*colDef, error) {
	var ann value
	if a.ann != nil {
		ann = owner.mod.eval(a.ann, owner.bodyScope(a))
		if g, ok := ann.(generic); ok && symName(g.base) == "typing.ClassVar" {
			return nil, nil
		}
	}
	if a.expr == nil && a.declared == nil {
		inner, ok := mappedInner(ann)
		if !ok {
			return nil, nil
		}
		// An annotation alone is a column (SQLAlchemy 2.0); a type the
		// annotation map cannot place is an error there too.
		inner, opt := stripOptional(inner)
		t, err := mp.annotationType(inner, a.at.pos, md)
		if err != nil {
			return nil, err
		}
		return &colDef{key: a.name, name: a.name, typ: t, nullable: &opt, autoinc: "auto", pos: a.at.pos}, nil
	}
	v := resolve(a.value(mapped))
	c, ok := v.(*call)
	if !ok {
		if u, bad := v.(unknown); bad && (a.declared != nil || u.at != nil && u.at.kind == "call") {
			return nil, schema.Errorf(posOf(v, a.at.pos), "cannot resolve attribute %s of %s statically: %s", a.name, owner.name, u.why)
		}
		return nil, nil
	}
	name := callName(c)
	switch {
	case name == "sa.Column" || name == "sa.mapped_column":
		return mp.column(c, a.name, ann, md)
	case name == "sa.deferred" || name == "sa.orm.deferred":
		if len(c.args) == 1 {
			if inner, ok := resolve(c.args[0]).(*call); ok && callName(inner) == "sa.Column" {
				return mp.column(inner, a.name, nil, md)
			}
		}
		return nil, schema.Errorf(c.at.pos, "deferred() of %s does not wrap a Column", a.name)
	case strings.HasPrefix(name, "sa."), strings.HasPrefix(name, "pg."), strings.HasPrefix(name, "mysql."):
		return nil, nil
	}
	switch fn := c.fn.(type) {
	case funcRef, unknown, classRef:
		return nil, schema.Errorf(c.at.pos, "cannot resolve attribute %s of %s statically: %s is not a SQLAlchemy construct the reader knows", a.name, owner.name, describe(c))
	case sym:
		if ignoredClassCalls["sa."+strings.TrimPrefix(symName(fn), "sa.")] {
			return nil, nil
		}
		return nil, schema.Errorf(c.at.pos, "cannot resolve attribute %s of %s statically: %s comes from %s", a.name, owner.name, describe(c), fn.path)
	}
	return nil, nil
}

// tableByCall finds the table made from a Table(...) call.
func (mp *mapper) tableByCall(c *call) *tableDef {
	for _, t := range mp.tables {
		if t.pos == c.at.pos {
			return t
		}
	}
	return nil
}

// tableCall reads Table("name", metadata, *columns_and_constraints, **kw).
func (mp *mapper) tableCall(m *module, c *call, cls *class) error {
	ft, isFlask := c.fn.(flaskTable)
	if callName(c) != "sa.Table" && !isFlask {
		return nil
	}
	if isFlask && len(c.args) >= 1 && (len(c.args) == 1 || callName(c.args[1]) == "sa.Column" || callName(c.args[1]) != "sa.MetaData" && !isMetaRef(c.args[1])) {
		// db.Table("name", Column(...), ...): Flask-SQLAlchemy adds
		// its MetaData.
		args := append([]value{c.args[0], flaskMeta{db: ft.db}}, c.args[1:]...)
		cp := *c
		cp.args = args
		c = &cp
	}
	if mp.tableByCall(c) != nil {
		return nil
	}
	if len(c.args) < 2 {
		return schema.Errorf(c.at.pos, "Table needs a name and a MetaData")
	}
	name, ok := c.args[0].(pyStr)
	if !ok {
		return schema.Errorf(posOf(c.args[0], c.at.pos), "table name %s is not a static string", describe(c.args[0]))
	}
	md, err := mp.metadata(c.args[1], c.at.pos)
	if err != nil {
		return err
	}
	t := &tableDef{name: name.s, schema: md.schema, md: md, pos: c.at.pos}
	mp.tables = append(mp.tables, t)
	sc := &tableScope{cols: map[string]*colDef{}}
	var items []value
	for i, a := range c.args[2:] {
		a = resolve(a)
		if callName(a) == "sa.Column" {
			col, err := mp.column(a.(*call), "", nil, md)
			if err != nil {
				return err
			}
			col.order = [2]int{0, i}
			t.cols = append(t.cols, col)
			sc.cols[col.key] = col
			continue
		}
		items = append(items, a)
	}
	kw := dict{}
	for _, k := range c.kwOrder {
		kw.keys = append(kw.keys, pyStr{s: k})
		kw.vals = append(kw.vals, c.kw[k])
	}
	args := seq{items: append(items, kw), tuple: true}
	return mp.tableArgs(t, args, c.at.pos, sc)
}

// tableScope resolves column references in constraints: by key, or a
// class attribute that is a column.
type tableScope struct {
	cols map[string]*colDef
}

// tableArgs reads __table_args__ (a tuple of constraints, optionally
// ending with a dict of options, or a dict alone) or Table() extras.
func (mp *mapper) tableArgs(t *tableDef, v value, pos schema.Pos, sc *tableScope) error {
	var items []value
	var opts *dict
	switch x := v.(type) {
	case dict:
		opts = &x
	case seq:
		items = x.items
		if n := len(items); n > 0 {
			if d, ok := resolve(items[n-1]).(dict); ok {
				opts = &d
				items = items[:n-1]
			}
		}
	case pyNone:
	default:
		return schema.Errorf(posOf(v, pos), "__table_args__ is not a static tuple or dict")
	}
	if opts != nil {
		for i, k := range opts.keys {
			ks, ok := k.(pyStr)
			if !ok {
				return schema.Errorf(pos, "__table_args__ option %s is not a string", describe(k))
			}
			val := resolve(opts.vals[i])
			switch {
			case ks.s == "schema":
				if _, none := val.(pyNone); none {
					t.schema = ""
					continue
				}
				s, ok := val.(pyStr)
				if !ok {
					return schema.Errorf(posOf(val, pos), "schema %s is not a static string", describe(val))
				}
				t.schema = s.s
			case ks.s == "comment":
				s, ok := val.(pyStr)
				if !ok {
					return schema.Errorf(posOf(val, pos), "comment %s is not a static string", describe(val))
				}
				t.comment = s.s
			case ks.s == "sqlite_autoincrement":
				b, err := boolArg(val, ks.s, posOf(val, pos))
				if err != nil {
					return err
				}
				t.sqliteAutoinc = b
			case ks.s == "mysql_engine" || ks.s == "mysql_charset" || ks.s == "mysql_collate" ||
				ks.s == "mariadb_engine" || ks.s == "mariadb_charset" || ks.s == "mariadb_collate":
				s, ok := val.(pyStr)
				if !ok {
					return schema.Errorf(posOf(val, pos), "%s %s is not a static string", ks.s, describe(val))
				}
				t.options = append(t.options, [2]string{ks.s[strings.IndexByte(ks.s, '_')+1:], s.s})
			case ks.s == "extend_existing" || ks.s == "keep_existing" || ks.s == "info" || ks.s == "quote" ||
				ks.s == "quote_schema" || ks.s == "implicit_returning" || ks.s == "listeners":
			default:
				return schema.Errorf(posOf(val, pos), "table option %s is not supported by the SQLAlchemy reader", ks.s)
			}
		}
	}
	for _, it := range items {
		if err := mp.constraint(t, resolve(it), pos, sc); err != nil {
			return err
		}
	}
	return nil
}
