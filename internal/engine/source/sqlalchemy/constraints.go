package sqlalchemy

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// constraint reads one UniqueConstraint, Index, CheckConstraint,
// ForeignKeyConstraint or PrimaryKeyConstraint of a table.
func (mp *mapper) constraint(t *tableDef, v value, pos schema.Pos, sc *tableScope) error {
	c, ok := v.(*call)
	if !ok {
		return schema.Errorf(posOf(v, pos), "table argument %s is not a constraint or index the reader knows", describe(v))
	}
	name, err := optName(c)
	if err != nil {
		return err
	}
	switch callName(c) {
	case "sa.UniqueConstraint":
		cols, err := mp.colRefs(t, c.args, c.at.pos, sc)
		if err != nil {
			return err
		}
		u := &uqDef{name: name, cols: cols, pos: c.at.pos}
		for _, k := range c.kwOrder {
			switch k {
			case "name":
			case "deferrable":
				u.deferrable, err = boolArg(resolve(c.kw[k]), k, c.argPos(k))
			case "initially":
				s, ok := resolve(c.kw[k]).(pyStr)
				if !ok {
					return schema.Errorf(c.argPos(k), "initially= is not a static string")
				}
				u.initially = strings.ToUpper(s.s)
			default:
				err = unsupportedKw(c, k)
			}
			if err != nil {
				return err
			}
		}
		t.uniques = append(t.uniques, u)
	case "sa.PrimaryKeyConstraint":
		cols, err := mp.colRefs(t, c.args, c.at.pos, sc)
		if err != nil {
			return err
		}
		for _, k := range c.kwOrder {
			if k != "name" {
				return unsupportedKw(c, k)
			}
		}
		t.pk = &pkDef{name: name, cols: cols, pos: c.at.pos}
	case "sa.CheckConstraint":
		if len(c.args) != 1 {
			return schema.Errorf(c.at.pos, "CheckConstraint takes one SQL expression")
		}
		var expr string
		switch x := resolve(c.args[0]).(type) {
		case pyStr:
			expr = x.s
		case *call:
			if callName(x) == "sa.text" && len(x.args) == 1 {
				if s, ok := x.args[0].(pyStr); ok {
					expr = s.s
				}
			}
		}
		if expr == "" {
			return schema.Errorf(c.at.pos, "CheckConstraint expression %s is not a static SQL string", describe(c.args[0]))
		}
		for _, k := range c.kwOrder {
			if k != "name" && k != "info" {
				return unsupportedKw(c, k)
			}
		}
		t.checks = append(t.checks, &ckDef{name: name, expr: expr, pos: c.at.pos})
	case "sa.ForeignKeyConstraint":
		if len(c.args) != 2 {
			return schema.Errorf(c.at.pos, "ForeignKeyConstraint takes a list of columns and a list of targets")
		}
		cs, ok1 := resolve(c.args[0]).(seq)
		rs, ok2 := resolve(c.args[1]).(seq)
		if !ok1 || !ok2 || len(cs.items) != len(rs.items) || len(cs.items) == 0 {
			return schema.Errorf(c.at.pos, "ForeignKeyConstraint needs two static lists of the same length")
		}
		cols, err := mp.colRefs(t, cs.items, c.at.pos, sc)
		if err != nil {
			return err
		}
		fk := &fkDef{cols: cols, pos: c.at.pos}
		for _, r := range rs.items {
			switch x := resolve(r).(type) {
			case pyStr:
				fk.refs = append(fk.refs, x.s)
				fk.refMember = append(fk.refMember, nil)
			default:
				fk.refs = append(fk.refs, "")
				fk.refMember = append(fk.refMember, x)
			}
		}
		if err := fk.options(c); err != nil {
			return err
		}
		t.fks = append(t.fks, fk)
	case "sa.Index":
		return mp.index(t, c, sc)
	default:
		return schema.Errorf(c.at.pos, "table argument %s is not a constraint or index the reader knows", describe(c))
	}
	return nil
}

// index reads Index("name", *columns, unique=..., postgresql_using=...,
// postgresql_where=text(...)).
func (mp *mapper) index(t *tableDef, c *call, sc *tableScope) error {
	if len(c.args) < 2 {
		return schema.Errorf(c.at.pos, "Index needs a name and at least one column")
	}
	n, ok := c.args[0].(pyStr)
	if !ok {
		if _, none := c.args[0].(pyNone); !none {
			return schema.Errorf(c.at.pos, "Index name %s is not a static string", describe(c.args[0]))
		}
	}
	cols, err := mp.colRefs(t, c.args[1:], c.at.pos, sc)
	if err != nil {
		return err
	}
	ix := &ixDef{name: n.s, cols: cols, pos: c.at.pos}
	for _, k := range c.kwOrder {
		v := resolve(c.kw[k])
		switch k {
		case "unique":
			ix.unique, err = boolArg(v, k, c.argPos(k))
		case "postgresql_using":
			s, ok := v.(pyStr)
			if !ok {
				return schema.Errorf(c.argPos(k), "postgresql_using is not a static string")
			}
			ix.using = s.s
		case "postgresql_where", "sqlite_where":
			d, derr := serverDefault(v, c.argPos(k))
			if derr != nil || d.literal != nil || d.fn != nil || d.boolean != nil {
				return schema.Errorf(c.argPos(k), "%s must be text(\"...\")", k)
			}
			if ix.where == nil {
				ix.where = map[family]string{}
			}
			ix.where[family(strings.TrimSuffix(k, "_where"))] = d.text
		case "info":
		default:
			err = unsupportedKw(c, k)
		}
		if err != nil {
			return err
		}
	}
	t.indexes = append(t.indexes, ix)
	return nil
}

// moduleIndex reads a module-level Index("name", table.c.col / Model.col).
func (mp *mapper) moduleIndex(m *module, n *node) error {
	c, ok := m.eval(n, nil).(*call)
	if !ok || callName(c) != "sa.Index" {
		return nil
	}
	if len(c.args) < 2 {
		return schema.Errorf(c.at.pos, "Index needs a name and at least one column")
	}
	t, _, err := mp.refTable(resolve(c.args[1]), c.at.pos)
	if err != nil {
		return err
	}
	return mp.index(t, c, &tableScope{cols: colsByKey(t)})
}

func colsByKey(t *tableDef) map[string]*colDef {
	out := map[string]*colDef{}
	for _, c := range t.cols {
		out[c.key] = c
	}
	return out
}

// colRefs resolves column references of a constraint to column names.
func (mp *mapper) colRefs(t *tableDef, args []value, pos schema.Pos, sc *tableScope) ([]string, error) {
	var out []string
	for _, a := range args {
		a = resolve(a)
		switch x := a.(type) {
		case pyStr:
			// Strings name columns by key, as table.c does.
			var col *colDef
			for _, cd := range t.cols {
				if cd.key == x.s {
					col = cd
				}
			}
			if col == nil {
				return nil, schema.Errorf(pos, "table %s has no column %q", t.name, x.s)
			}
			out = append(out, col.name)
		case *call:
			found := false
			for _, cd := range t.cols {
				if cd.pos == x.at.pos {
					out = append(out, cd.name)
					found = true
				}
			}
			if !found {
				return nil, schema.Errorf(x.at.pos, "%s is not a column of table %s", describe(x), t.name)
			}
		default:
			rt, col, err := mp.refTable(x, pos)
			if err != nil {
				return nil, err
			}
			if rt != t {
				return nil, schema.Errorf(pos, "column %s belongs to table %s, not %s", describe(x), rt.name, t.name)
			}
			out = append(out, col.name)
		}
	}
	return out, nil
}

// refTable resolves Model.attr or table.c.key to its table and column.
func (mp *mapper) refTable(v value, pos schema.Pos) (*tableDef, *colDef, error) {
	switch x := v.(type) {
	case memberRef:
		if err := mp.mapClass(x.c); err != nil {
			return nil, nil, err
		}
		t := mp.byClass[x.c]
		if t != nil {
			if col := mp.colsOf[x.c][x.name]; col != nil {
				return t, col, nil
			}
			for _, col := range t.cols {
				if col.key == x.name {
					return t, col, nil
				}
			}
		}
	case boundAttr:
		if inner, ok := x.recv.(boundAttr); ok && (inner.name == "c" || inner.name == "columns") {
			if tc, ok := inner.recv.(*call); ok && callName(tc) == "sa.Table" {
				if err := mp.tableCall(nil, tc, nil); err != nil {
					return nil, nil, err
				}
				if t := mp.tableByCall(tc); t != nil {
					for _, col := range t.cols {
						if col.key == x.name {
							return t, col, nil
						}
					}
				}
			}
		}
	}
	return nil, nil, schema.Errorf(posOf(v, pos), "cannot resolve column reference %s statically", describe(v))
}

// optName reads a constraint's name= (None and absent mean unnamed).
func optName(c *call) (string, error) {
	v, ok := c.kw["name"]
	if !ok {
		return "", nil
	}
	switch x := resolve(v).(type) {
	case pyStr:
		return x.s, nil
	case pyNone:
		return "", nil
	case *call:
		if callName(x) == "sa.conv" && len(x.args) == 1 {
			if s, ok := x.args[0].(pyStr); ok {
				return "\x00conv:" + s.s, nil
			}
		}
	}
	return "", schema.Errorf(c.argPos("name"), "constraint name %s is not a static string", describe(v))
}

func unsupportedKw(c *call, k string) error {
	return schema.Errorf(c.argPos(k), "%s keyword %s= is not supported by the SQLAlchemy reader", describe(c.fn), k)
}
