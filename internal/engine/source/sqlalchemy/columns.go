package sqlalchemy

import (
	"errors"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// ignoredColumnKwargs are Column / mapped_column keywords that do not
// reach the database's DDL (Python-side behaviour, ORM options).
var ignoredColumnKwargs = map[string]bool{
	"doc": true, "info": true, "quote": true, "system": true, "onupdate": true, "server_onupdate": true,
	"init": true, "repr": true, "default_factory": true, "compare": true, "kw_only": true,
	"deferred": true, "deferred_group": true, "deferred_raiseload": true, "active_history": true,
	"use_existing_column": true, "sort_order": true, "hash": true, "dataclass_metadata": true, "_omit_from_statements": true,
}

// column builds a colDef from Column(...) or mapped_column(...). attrName
// is the class attribute ("" in Table()), ann the Mapped[...] annotation
// value (nil when there is none).
func (mp *mapper) column(c *call, attrName string, ann value, md *metaInfo) (*colDef, error) {
	col := &colDef{key: attrName, name: attrName, autoinc: "auto", pos: c.at.pos}
	args := c.args
	if len(args) > 0 {
		if s, ok := args[0].(pyStr); ok {
			// Column("name") sets both name and key; declarative keeps
			// them (the attribute name only names the mapped property).
			col.name, col.key = s.s, s.s
			args = args[1:]
		}
	}
	for _, a := range args {
		a = resolve(a)
		switch callName(a) {
		case "sa.ForeignKey":
			fk, err := mp.foreignKey(a.(*call))
			if err != nil {
				return nil, err
			}
			col.fks = append(col.fks, fk)
			continue
		case "sa.Sequence":
			sq, err := sequenceArg(a.(*call))
			if err != nil {
				return nil, err
			}
			col.seq = sq
			continue
		case "sa.Identity":
			id, err := identityArg(a.(*call))
			if err != nil {
				return nil, err
			}
			col.identity = id
			continue
		case "sa.Computed":
			cc := a.(*call)
			cd := &computedDef{pos: cc.at.pos}
			if len(cc.args) == 1 {
				cd.expr = staticSQL(cc.args[0])
			}
			if cd.expr == "" {
				return nil, schema.Errorf(cc.at.pos, "Computed needs one static SQL expression")
			}
			for _, k := range cc.kwOrder {
				if k != "persisted" {
					return nil, unsupportedKw(cc, k)
				}
				if _, none := resolve(cc.kw[k]).(pyNone); none {
					continue
				}
				b, err := boolArg(resolve(cc.kw[k]), k, cc.argPos(k))
				if err != nil {
					return nil, err
				}
				cd.persisted = &b
			}
			col.computed = cd
			continue
		case "sa.CheckConstraint":
			cc := a.(*call)
			name, err := optName(cc)
			if err != nil {
				return nil, err
			}
			expr := ""
			if len(cc.args) == 1 {
				expr = staticSQL(cc.args[0])
			}
			if expr == "" {
				return nil, schema.Errorf(cc.at.pos, "CheckConstraint needs one static SQL expression")
			}
			col.checks = append(col.checks, &ckDef{name: name, expr: expr, pos: cc.at.pos})
			continue
		case "sa.FetchedValue":
			return nil, schema.Errorf(posOf(a, c.at.pos), "%s in a column is not supported by the SQLAlchemy reader", callName(a)[3:])
		}
		if col.typ != nil {
			return nil, schema.Errorf(posOf(a, c.at.pos), "column argument %s is not a type, a ForeignKey or a name", describe(a))
		}
		t, err := mp.typeOf(a, c.at.pos)
		if err != nil {
			return nil, err
		}
		col.typ = t
	}
	for _, k := range c.kwOrder {
		v := resolve(c.kw[k])
		pos := c.argPos(k)
		var err error
		switch k {
		case "name":
			s, ok := v.(pyStr)
			if !ok {
				return nil, schema.Errorf(pos, "column name %s is not a static string", describe(v))
			}
			col.name = s.s
		case "key":
			s, ok := v.(pyStr)
			if !ok {
				return nil, schema.Errorf(pos, "column key %s is not a static string", describe(v))
			}
			col.key = s.s
		case "type_":
			col.typ, err = mp.typeOf(v, pos)
		case "primary_key":
			col.pk, err = boolArg(v, k, pos)
		case "nullable":
			var b bool
			b, err = boolArg(v, k, pos)
			col.nullable = &b
		case "index":
			if _, none := v.(pyNone); none {
				continue
			}
			var b bool
			b, err = boolArg(v, k, pos)
			col.index = &b
		case "unique":
			if _, none := v.(pyNone); none {
				continue
			}
			var b bool
			b, err = boolArg(v, k, pos)
			col.unique = &b
		case "autoincrement":
			switch x := v.(type) {
			case pyBool:
				col.autoinc = map[bool]string{true: "true", false: "false"}[x.b]
			case pyStr:
				if x.s != "auto" && x.s != "ignore_fk" {
					return nil, schema.Errorf(pos, "autoincrement=%q is not True, False, \"auto\" or \"ignore_fk\"", x.s)
				}
				col.autoinc = x.s
			default:
				return nil, schema.Errorf(pos, "autoincrement=%s is not static", describe(v))
			}
		case "server_default":
			if _, none := v.(pyNone); none {
				continue
			}
			col.serverDef, err = serverDefault(v, pos)
		case "default", "insert_default":
			if _, none := v.(pyNone); !none {
				col.pyDefault = true
			}
		case "comment":
			s, ok := v.(pyStr)
			if !ok {
				if _, none := v.(pyNone); none {
					continue
				}
				return nil, schema.Errorf(pos, "comment %s is not a static string", describe(v))
			}
			col.comment = s.s
		default:
			if !ignoredColumnKwargs[k] && !strings.HasPrefix(k, "mysql_") && !strings.HasPrefix(k, "sqlite_") && !strings.HasPrefix(k, "postgresql_") {
				return nil, schema.Errorf(pos, "column keyword %s= is not supported by the SQLAlchemy reader", k)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if col.name == "" {
		return nil, schema.Errorf(c.at.pos, "column has no name")
	}
	if callName(c) == "sa.mapped_column" || (ann != nil && callName(c) != "sa.Column") {
		if err := mp.applyAnnotation(col, ann, c.at.pos, md); err != nil {
			return nil, err
		}
	}
	if col.typ == nil && len(col.fks) == 0 {
		return nil, schema.Errorf(c.at.pos, "column %s has no type", col.name)
	}
	return col, nil
}

// applyAnnotation completes a mapped_column from its Mapped[...]
// annotation, as SQLAlchemy 2.0 does: the type when none is given, and
// nullability from Optional[...] / "| None" when nullable= is not given.
func (mp *mapper) applyAnnotation(col *colDef, ann value, pos schema.Pos, md *metaInfo) error {
	if ann == nil {
		return nil
	}
	inner, ok := mappedInner(ann)
	if !ok {
		if col.typ == nil && len(col.fks) == 0 {
			return schema.Errorf(pos, "column %s: annotation %s is not Mapped[...]", col.name, describe(ann))
		}
		return nil
	}
	inner, optional := stripOptional(inner)
	if col.nullable == nil && !col.pk {
		b := optional
		col.nullable = &b
	}
	// With a ForeignKey and no type, SQLAlchemy 2.0 still takes the type
	// from the annotation when it maps to one.
	if col.typ != nil || len(col.fks) > 0 && pyTypeName(inner) == "" {
		return nil
	}
	t, err := mp.annotationType(inner, pos, md)
	if err != nil {
		var pe *schema.PosError
		if errors.As(err, &pe) {
			return schema.Errorf(pos, "column %s: %s", col.name, pe.Msg)
		}
		return err
	}
	col.typ = t
	return nil
}

// mappedInner returns X of Mapped[X] (also orm.Mapped[X]).
func mappedInner(v value) (value, bool) {
	g, ok := v.(generic)
	if !ok || len(g.params) != 1 {
		return nil, false
	}
	if s := symName(g.base); s != "sa.Mapped" {
		return nil, false
	}
	return g.params[0], true
}

// stripOptional removes Optional[...], Union[X, None] and "X | None".
func stripOptional(v value) (value, bool) {
	switch x := v.(type) {
	case generic:
		switch symName(x.base) {
		case "typing.Optional":
			if len(x.params) == 1 {
				inner, _ := stripOptional(x.params[0])
				return inner, true
			}
		case "typing.Union":
			var rest []value
			opt := false
			for _, p := range x.params {
				if _, none := p.(pyNone); none {
					opt = true
					continue
				}
				rest = append(rest, p)
			}
			if len(rest) == 1 {
				return rest[0], opt
			}
		}
	case union:
		_, an := x.a.(pyNone)
		_, bn := x.b.(pyNone)
		switch {
		case bn:
			inner, _ := stripOptional(x.a)
			return inner, true
		case an:
			inner, _ := stripOptional(x.b)
			return inner, true
		}
	}
	return v, false
}

// foreignKey reads ForeignKey("table.col", ondelete=..., onupdate=...).
func (mp *mapper) foreignKey(c *call) (*fkDef, error) {
	fk := &fkDef{pos: c.at.pos}
	if len(c.args) != 1 {
		return nil, schema.Errorf(c.at.pos, "ForeignKey takes one target column")
	}
	switch t := resolve(c.args[0]).(type) {
	case pyStr:
		fk.refs = []string{t.s}
	default:
		fk.refMember = []value{t}
		fk.refs = []string{""}
	}
	if err := fk.options(c); err != nil {
		return nil, err
	}
	return fk, nil
}

// options reads name=, ondelete=, onupdate=, deferrable=, initially=.
func (fk *fkDef) options(c *call) error {
	for _, k := range c.kwOrder {
		v := resolve(c.kw[k])
		pos := c.argPos(k)
		if _, none := v.(pyNone); none {
			continue
		}
		switch k {
		case "name", "ondelete", "onupdate", "initially":
			s, ok := v.(pyStr)
			if !ok {
				return schema.Errorf(pos, "%s=%s is not a static string", k, describe(v))
			}
			switch k {
			case "name":
				fk.name = s.s
			case "ondelete":
				fk.onDelete = strings.ToUpper(s.s)
			case "onupdate":
				fk.onUpdate = strings.ToUpper(s.s)
			case "initially":
				fk.initially = strings.ToUpper(s.s)
			}
		case "deferrable":
			b, err := boolArg(v, k, pos)
			if err != nil {
				return err
			}
			fk.deferrable = b
		case "use_alter", "link_to_name", "info", "match", "comment":
			if k == "match" {
				return schema.Errorf(pos, "ForeignKey match= is not supported by the SQLAlchemy reader")
			}
		default:
			if !strings.HasPrefix(k, "mysql_") && !strings.HasPrefix(k, "postgresql_") && !strings.HasPrefix(k, "sqlite_") {
				return schema.Errorf(pos, "ForeignKey keyword %s= is not supported by the SQLAlchemy reader", k)
			}
		}
	}
	for _, a := range []string{fk.onDelete, fk.onUpdate} {
		switch a {
		case "", schema.Cascade, schema.Restrict, schema.SetNull, schema.SetDefault, schema.NoAction:
		default:
			return schema.Errorf(c.at.pos, "referential action %q is not CASCADE, RESTRICT, SET NULL, SET DEFAULT or NO ACTION", a)
		}
	}
	return nil
}

// serverDefault reads server_default: a literal string, text("..."),
// func.name(...), sa.true()/sa.false(), DefaultClause(...).
func serverDefault(v value, pos schema.Pos) (*defaultDef, error) {
	v = resolve(v)
	if s, ok := v.(pyStr); ok {
		return &defaultDef{literal: &s.s, pos: pos}, nil
	}
	c, ok := v.(*call)
	if !ok {
		return nil, schema.Errorf(posOf(v, pos), "server_default %s is not a string, text(), func.*() or true()/false()", describe(v))
	}
	name := callName(c)
	switch {
	case name == "sa.text" || name == "sa.literal_column":
		if len(c.args) == 1 {
			if s, ok := c.args[0].(pyStr); ok {
				return &defaultDef{text: s.s, pos: c.at.pos}, nil
			}
		}
		return nil, schema.Errorf(c.at.pos, "server_default %s: text() needs one static string", describe(v))
	case name == "sa.DefaultClause":
		if len(c.args) == 1 {
			return serverDefault(c.args[0], c.at.pos)
		}
	case name == "sa.true" || name == "sa.false":
		b := name == "sa.true"
		return &defaultDef{boolean: &b, pos: c.at.pos}, nil
	case strings.HasPrefix(name, "func."):
		for _, a := range c.args {
			switch a.(type) {
			case pyStr, pyInt, pyFlt:
			default:
				return nil, schema.Errorf(c.at.pos, "server_default %s: function arguments must be literals", describe(v))
			}
		}
		if len(c.kw) > 0 {
			return nil, schema.Errorf(c.at.pos, "server_default %s: keyword arguments are not supported", describe(v))
		}
		return &defaultDef{fn: &funcDef{name: strings.TrimPrefix(name, "func."), args: c.args, pos: c.at.pos}, pos: c.at.pos}, nil
	}
	return nil, schema.Errorf(c.at.pos, "server_default %s is not a string, text(), func.*() or true()/false()", describe(v))
}

// sequenceArg reads Sequence("name", start=, increment=, optional=).
func sequenceArg(c *call) (*seqDef, error) {
	sq := &seqDef{pos: c.at.pos}
	if len(c.args) != 1 {
		return nil, schema.Errorf(c.at.pos, "Sequence takes one name")
	}
	n, ok := c.args[0].(pyStr)
	if !ok {
		return nil, schema.Errorf(c.at.pos, "Sequence name %s is not a static string", describe(c.args[0]))
	}
	sq.name = n.s
	for _, k := range c.kwOrder {
		var err error
		switch k {
		case "start":
			sq.start, err = intArg(c.kw[k], k, c.argPos(k))
		case "increment":
			sq.increment, err = intArg(c.kw[k], k, c.argPos(k))
		case "optional":
			sq.optional, err = boolArg(resolve(c.kw[k]), k, c.argPos(k))
		default:
			err = unsupportedKw(c, k)
		}
		if err != nil {
			return nil, err
		}
	}
	return sq, nil
}

// identityArg reads Identity(always=, start=, increment=).
func identityArg(c *call) (*identityDef, error) {
	id := &identityDef{pos: c.at.pos}
	if len(c.args) > 0 {
		return nil, schema.Errorf(c.at.pos, "Identity takes keyword arguments only")
	}
	for _, k := range c.kwOrder {
		var err error
		switch k {
		case "always":
			id.always, err = boolArg(resolve(c.kw[k]), k, c.argPos(k))
		case "start":
			id.start, err = intArg(c.kw[k], k, c.argPos(k))
		case "increment":
			id.increment, err = intArg(c.kw[k], k, c.argPos(k))
		default:
			err = unsupportedKw(c, k)
		}
		if err != nil {
			return nil, err
		}
	}
	return id, nil
}

// staticSQL reads a SQL text argument: a string or text("...").
func staticSQL(v value) string {
	switch x := resolve(v).(type) {
	case pyStr:
		return x.s
	case *call:
		if callName(x) == "sa.text" && len(x.args) == 1 {
			if s, ok := x.args[0].(pyStr); ok {
				return s.s
			}
		}
	}
	return ""
}

func boolArg(v value, name string, pos schema.Pos) (bool, error) {
	b, ok := v.(pyBool)
	if !ok {
		return false, schema.Errorf(pos, "%s=%s is not True or False", name, describe(v))
	}
	return b.b, nil
}

func intArg(v value, name string, pos schema.Pos) (*int64, error) {
	v = resolve(v)
	if _, none := v.(pyNone); none {
		return nil, nil
	}
	i, ok := v.(pyInt)
	if !ok {
		return nil, schema.Errorf(pos, "%s=%s is not a static integer", name, describe(v))
	}
	return &i.i, nil
}
