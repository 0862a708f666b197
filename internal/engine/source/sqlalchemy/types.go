package sqlalchemy

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// typeArgs says which positional arguments a type class takes, in order.
var typeArgs = map[string][]string{
	"sa.String": {"length"}, "sa.Unicode": {"length"}, "sa.VARCHAR": {"length"}, "sa.NVARCHAR": {"length"},
	"sa.CHAR": {"length"}, "sa.NCHAR": {"length"}, "sa.Text": {"length"}, "sa.UnicodeText": {"length"}, "sa.TEXT": {"length"},
	"sa.LargeBinary": {"length"}, "sa.BLOB": {"length"}, "sa.BINARY": {"length"}, "sa.VARBINARY": {"length"},
	"sa.Numeric": {"precision", "scale"}, "sa.NUMERIC": {"precision", "scale"}, "sa.DECIMAL": {"precision", "scale"},
	"sa.Float": {"precision"}, "sa.FLOAT": {"precision"},
	"sa.DateTime": {"timezone"}, "sa.DATETIME": {"timezone"}, "sa.TIMESTAMP": {"timezone"}, "sa.Time": {"timezone"}, "sa.TIME": {"timezone"},
	"pg.TIMESTAMP": {"timezone", "precision"}, "pg.TIME": {"timezone", "precision"},
	"mysql.DATETIME": {"timezone"}, "mysql.TIMESTAMP": {"timezone"}, "mysql.VARCHAR": {"length"}, "mysql.CHAR": {"length"},
	"mysql.TINYINT": {"display_width"}, "mysql.INTEGER": {"display_width"}, "mysql.BIGINT": {"display_width"}, "mysql.SMALLINT": {"display_width"},
	"mysql.MEDIUMINT": {"display_width"},
}

// typeKwargs are keyword arguments of types that do not change the DDL.
var typeKwargs = map[string]bool{"collation": false, "as_uuid": true, "none_as_null": true, "asdecimal": true,
	"decimal_return_scale": true, "native": true, "validate_strings": true, "omit_aliases": true, "astext_type": true,
	"create_type": true, "inherit_schema": true, "metadata": true, "create_constraint": true, "_expect_unicode": true,
	"dimensions": true, "zero_indexes": true, "unsigned": false, "zerofill": false, "retrieve_as_bitwise": true}

// typeOf reads a type: a type class (Integer) or a call (String(20)).
func (mp *mapper) typeOf(v value, pos schema.Pos) (*saType, error) {
	v = resolve(v)
	var c *call
	name := symName(v)
	if x, ok := v.(*call); ok {
		if ba, ok := x.fn.(boundAttr); ok && ba.name == "with_variant" {
			return mp.withVariant(x, ba, pos)
		}
		c = x
		name = callName(x)
		pos = x.at.pos
	}
	if cr, ok := v.(classRef); ok {
		return nil, schema.Errorf(pos, "type %s is a class of the scanned code (a TypeDecorator?): the SQLAlchemy reader does not run it", cr.c.name)
	}
	if name == "" || !(strings.HasPrefix(name, "sa.") || strings.HasPrefix(name, "pg.") || strings.HasPrefix(name, "mysql.") || strings.HasPrefix(name, "sqlite.")) {
		if u, ok := v.(unknown); ok {
			return nil, schema.Errorf(pos, "type %s is not a SQLAlchemy type the reader knows: %s", describe(v), u.why)
		}
		return nil, schema.Errorf(posOf(v, pos), "type %s is not a SQLAlchemy type the reader knows", describe(v))
	}
	if _, ok := ddlNames[name]; !ok && name != "sa.Enum" && name != "pg.ENUM" && name != "pg.ARRAY" && name != "sa.ARRAY" {
		return nil, schema.Errorf(posOf(v, pos), "type %s is not a SQLAlchemy type the reader knows", describe(v))
	}
	t := &saType{class: name, pos: pos}
	if c == nil {
		if name == "sa.Enum" || name == "pg.ENUM" || name == "pg.ARRAY" || name == "sa.ARRAY" {
			return nil, schema.Errorf(pos, "%s needs arguments", name[strings.IndexByte(name, '.')+1:])
		}
		return t, nil
	}
	switch name {
	case "sa.Enum", "pg.ENUM":
		return mp.enumType(c, t)
	case "pg.ARRAY", "sa.ARRAY":
		if len(c.args) < 1 {
			return nil, schema.Errorf(pos, "ARRAY needs an item type")
		}
		item, err := mp.typeOf(c.args[0], pos)
		if err != nil {
			return nil, err
		}
		t.item = item
		for _, k := range c.kwOrder {
			if k != "dimensions" && k != "as_tuple" && k != "zero_indexes" {
				return nil, schema.Errorf(c.argPos(k), "ARRAY keyword %s= is not supported", k)
			}
		}
		return t, nil
	}
	params := typeArgs[name]
	if len(c.args) > len(params) {
		return nil, schema.Errorf(pos, "%s takes at most %d positional arguments", describe(c), len(params))
	}
	set := func(p string, v value, pos schema.Pos) error {
		var err error
		switch p {
		case "length":
			t.length, err = intArg(v, p, pos)
		case "precision":
			t.precision, err = intArg(v, p, pos)
		case "scale":
			t.scale, err = intArg(v, p, pos)
		case "fsp":
			t.fsp, err = intArg(v, p, pos)
		case "display_width":
			t.display, err = intArg(v, p, pos)
		case "timezone":
			t.timezone, err = boolArg(resolve(v), p, pos)
		case "create_constraint":
			if b, ok := resolve(v).(pyBool); !ok || b.b {
				return schema.Errorf(pos, "%s(create_constraint=True) adds a CHECK constraint the SQLAlchemy reader does not model", describe(c.fn))
			}
		default:
			if ok, known := typeKwargs[p]; !known || !ok {
				return schema.Errorf(pos, "type keyword %s= is not supported by the SQLAlchemy reader", p)
			}
		}
		return err
	}
	for i, a := range c.args {
		if err := set(params[i], a, posOf(a, pos)); err != nil {
			return nil, err
		}
	}
	for _, k := range c.kwOrder {
		if err := set(k, c.kw[k], c.argPos(k)); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// withVariant reads base.with_variant(Type, "postgresql", ...).
func (mp *mapper) withVariant(c *call, ba boundAttr, pos schema.Pos) (*saType, error) {
	base, err := mp.typeOf(ba.recv, c.at.pos)
	if err != nil {
		return nil, err
	}
	if len(c.args) < 2 {
		return nil, schema.Errorf(c.at.pos, "with_variant needs a type and a dialect name")
	}
	variant, err := mp.typeOf(c.args[0], c.at.pos)
	if err != nil {
		return nil, err
	}
	cp := *base
	cp.variants = map[family]*saType{}
	for k, v := range base.variants {
		cp.variants[k] = v
	}
	for _, a := range c.args[1:] {
		s, ok := a.(pyStr)
		if !ok {
			return nil, schema.Errorf(c.at.pos, "with_variant dialect name %s is not a static string", describe(a))
		}
		switch family(s.s) {
		case famPG, famMySQL, famSQLite:
			cp.variants[family(s.s)] = variant
		default:
			return nil, schema.Errorf(c.at.pos, "with_variant dialect %q is not postgresql, mysql or sqlite", s.s)
		}
	}
	return &cp, nil
}

// forFamily is the type SQLAlchemy uses on the family: a with_variant()
// variant, or the type itself.
func (t *saType) forFamily(f family) *saType {
	if v, ok := t.variants[f]; ok {
		return v
	}
	return t
}

// enumType reads Enum(PyEnumClass, name=...) or Enum("a", "b", name=...).
func (mp *mapper) enumType(c *call, t *saType) (*saType, error) {
	t.native = true
	var cls *class
	for _, a := range c.args {
		switch x := resolve(a).(type) {
		case pyStr:
			t.enumValues = append(t.enumValues, x.s)
		case classRef:
			cls = x.c
		default:
			return nil, schema.Errorf(posOf(a, c.at.pos), "Enum value %s is not a string or an enum class of the scanned modules", describe(a))
		}
	}
	useValues := false
	for _, k := range c.kwOrder {
		v := resolve(c.kw[k])
		pos := c.argPos(k)
		switch k {
		case "name":
			s, ok := v.(pyStr)
			if !ok {
				return nil, schema.Errorf(pos, "Enum name= is not a static string")
			}
			t.enumName = s.s
		case "native_enum":
			b, err := boolArg(v, k, pos)
			if err != nil {
				return nil, err
			}
			t.native = b
		case "length":
			l, err := intArg(v, k, pos)
			if err != nil {
				return nil, err
			}
			t.length = l
		case "values_callable":
			if !isValuesLambda(c.kw[k]) {
				return nil, schema.Errorf(pos, "values_callable is not lambda x: [e.value for e in x]")
			}
			useValues = true
		case "create_constraint":
			if b, ok := v.(pyBool); !ok || b.b {
				return nil, schema.Errorf(pos, "Enum(create_constraint=True) adds a CHECK constraint the SQLAlchemy reader does not model")
			}
		case "validate_strings", "create_type", "inherit_schema", "metadata", "omit_aliases", "_create_events":
		default:
			return nil, schema.Errorf(pos, "Enum keyword %s= is not supported by the SQLAlchemy reader", k)
		}
	}
	if cls != nil {
		if len(t.enumValues) > 0 {
			return nil, schema.Errorf(c.at.pos, "Enum mixes an enum class and strings")
		}
		vals, err := enumMembers(cls, useValues)
		if err != nil {
			return nil, err
		}
		t.enumValues = vals
		if t.enumName == "" {
			t.enumName = strings.ToLower(cls.name)
		}
	}
	if len(t.enumValues) == 0 {
		return nil, schema.Errorf(c.at.pos, "Enum has no values")
	}
	return t, nil
}

// isValuesLambda recognizes values_callable=lambda x: [e.value for e in x].
func isValuesLambda(v value) bool {
	u, ok := v.(unknown)
	if !ok || u.at == nil || u.at.kind != "lambda" {
		return false
	}
	compact := strings.Join(strings.Fields(u.at.text()), " ")
	params := u.at.get("parameters")
	body := u.at.get("body")
	if params == nil || body == nil || body.kind != "list_comprehension" || len(params.children) != 1 {
		return false
	}
	p := params.children[0].text()
	for _, e := range []string{"e", "m", "x", "i", "member", "item", "v", "c", "s"} {
		if compact == "lambda "+p+": ["+e+".value for "+e+" in "+p+"]" {
			return true
		}
	}
	return false
}

// enumMembers lists an enum.Enum subclass's member names (or values).
func enumMembers(c *class, values bool) ([]string, error) {
	if !isEnumClass(c, map[*class]bool{}) {
		return nil, schema.Errorf(c.pos(), "%s is not an enum.Enum class", c.name)
	}
	var out []string
	seen := map[string]bool{}
	for _, a := range c.body() {
		if a.expr == nil || a.declared != nil || strings.HasPrefix(a.name, "_") {
			continue
		}
		v := a.value(c)
		if !values {
			out = append(out, a.name)
			continue
		}
		s, ok := v.(pyStr)
		if !ok {
			return nil, schema.Errorf(a.at.pos, "enum member %s.%s: value %s is not a string", c.name, a.name, describe(v))
		}
		if seen[s.s] {
			continue // an alias
		}
		seen[s.s] = true
		out = append(out, s.s)
	}
	return out, nil
}

// isEnumClass reports whether a class derives from enum.Enum (or
// another enum base of the enum module), through scanned classes.
func isEnumClass(c *class, seen map[*class]bool) bool {
	if seen[c] {
		return false
	}
	seen[c] = true
	for _, b := range c.baseValues() {
		if strings.HasPrefix(symName(b), "enum.") {
			return true
		}
		if r, ok := b.(classRef); ok && isEnumClass(r.c, seen) {
			return true
		}
	}
	return false
}

// pyTypeName is the canonical name of a Python type used in annotations
// ("builtins.int", "datetime.datetime"), or "" when it is not one.
func pyTypeName(v value) string {
	switch x := v.(type) {
	case sym:
		if strings.HasPrefix(x.path, "typing_extensions.") {
			return "typing." + strings.TrimPrefix(x.path, "typing_extensions.")
		}
		return x.path
	case classRef:
		return "class:" + x.c.mod.name + "." + x.c.name
	case generic:
		// dict[str, Any], Annotated[str, 30]: matched by spelling, as
		// SQLAlchemy matches equal typing objects.
		base := pyTypeName(x.base)
		if base == "" {
			return ""
		}
		parts := make([]string, len(x.params))
		for i, p := range x.params {
			switch p.(type) {
			case pyStr, pyInt, pyFlt, pyBool, pyNone:
				parts[i] = describe(p)
			default:
				parts[i] = pyTypeName(p)
				if parts[i] == "" {
					return ""
				}
			}
		}
		return base + "[" + strings.Join(parts, ", ") + "]"
	}
	return ""
}

// defaultAnnotationTypes is SQLAlchemy 2.0's default type_annotation_map.
var defaultAnnotationTypes = map[string]string{
	"builtins.int": "sa.Integer", "builtins.str": "sa.String", "builtins.float": "sa.Float",
	"builtins.bool": "sa.Boolean", "builtins.bytes": "sa.LargeBinary",
	"datetime.datetime": "sa.DateTime", "datetime.date": "sa.Date", "datetime.time": "sa.Time",
	"datetime.timedelta": "sa.Interval", "decimal.Decimal": "sa.Numeric", "uuid.UUID": "sa.Uuid",
}

// annotationType maps the X of Mapped[X] to a type.
func (mp *mapper) annotationType(v value, pos schema.Pos, md *metaInfo) (*saType, error) {
	key := pyTypeName(v)
	if key == "" {
		return nil, schema.Errorf(pos, "annotation type %s cannot be resolved statically", describe(v))
	}
	if md != nil && md.annotationMap != nil {
		if t, ok := md.annotationMap[key]; ok {
			cp := *t
			cp.pos = pos
			return &cp, nil
		}
	}
	if cls, ok := defaultAnnotationTypes[key]; ok {
		return &saType{class: cls, pos: pos}, nil
	}
	if g, ok := v.(generic); ok && symName(g.base) == "typing.Annotated" && len(g.params) > 0 {
		for _, p := range g.params[1:] {
			if callName(p) == "sa.mapped_column" {
				return nil, schema.Errorf(pos, "Annotated[..., mapped_column(...)] is not supported by the SQLAlchemy reader")
			}
		}
		return mp.annotationType(g.params[0], pos, md)
	}
	if r, ok := v.(classRef); ok {
		vals, err := enumMembers(r.c, false)
		if err != nil {
			return nil, schema.Errorf(pos, "annotation type %s is not a type SQLAlchemy maps to a column type", r.c.name)
		}
		return &saType{class: "sa.Enum", enumValues: vals, enumName: strings.ToLower(r.c.name), native: true, pos: pos}, nil
	}
	return nil, schema.Errorf(pos, "annotation type %s has no entry in type_annotation_map", key)
}
