package prisma

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/pgexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// clientDefaults are @default functions that Prisma Client evaluates: the
// database column gets no default.
var clientDefaults = map[string]bool{"uuid": true, "cuid": true, "nanoid": true, "ulid": true}

// canonicalDefaults holds, per dialect, the canonicalizer that the SQL
// reader and introspection of that dialect run on every default, so that
// the Prisma reader's default is the one read back from the database
// Prisma's engine builds. A dialect not listed keeps the provider's own
// rendering.
var canonicalDefaults = map[string]func(expr, colType string) (schema.Default, error){
	"postgres": pgexpr.Default,
}

// defaultValue builds the column default of @default(...). Literal
// defaults are spelled as the provider's engine writes them and then, for
// dialects with a canonicalizer, canonicalized for the column's type as
// the database's stored default is; a nil Default with a nil error means
// the default lives in Prisma Client only.
func (b *builder) defaultValue(m *model, f *field, col *schema.Column, a *attribute, scalar string, enum *enumInfo) (*schema.Default, error) {
	d, err := b.writtenDefault(m, f, col, a, scalar, enum)
	if err != nil || d == nil || d.Kind == schema.DefaultSequence {
		return d, err
	}
	canon := canonicalDefaults[b.prov.dialect]
	if canon == nil {
		return d, nil
	}
	key := [2]string{d.Expr, col.Type.Norm}
	c, ok := b.canonical[key]
	if !ok {
		var err error
		if c, err = canon(d.Expr, col.Type.Norm); err != nil {
			return nil, schema.Errorf(a.pos, "@default of %s: %v", f.name, err)
		}
		if b.canonical == nil {
			b.canonical = map[[2]string]schema.Default{}
		}
		b.canonical[key] = c
	}
	d.Kind, d.Expr = c.Kind, c.Expr
	return d, nil
}

// writtenDefault is the default as the provider's engine writes it in
// its migration SQL.
func (b *builder) writtenDefault(m *model, f *field, col *schema.Column, a *attribute, scalar string, enum *enumInfo) (*schema.Default, error) {
	x := a.arg("value", 0)
	if x == nil {
		return nil, schema.Errorf(a.pos, "@default needs a value")
	}
	for _, other := range a.args {
		if other != x && other.name != "map" {
			return nil, schema.Errorf(other.pos, "@default: unexpected argument %s", other.value.describe())
		}
	}
	v := x.value
	if v.kind == exprCall {
		return b.defaultCall(m, f, col, a, v, scalar)
	}
	d := &schema.Default{Kind: schema.DefaultLiteral, Pos: a.pos}
	if f.typ.list {
		if v.kind != exprArray {
			return nil, schema.Errorf(v.pos, "the default of list field %s must be a list, e.g. [] or [\"a\"]", f.name)
		}
		items := make([]string, 0, len(v.items))
		for _, it := range v.items {
			s, _, err := b.literal(f, it, scalar, enum, col.Type.Norm)
			if err != nil {
				return nil, err
			}
			items = append(items, s)
		}
		// Prisma writes DEFAULT ARRAY['a', 'b']::TEXT[]; the cast is to
		// the column's own type and is kept so that an empty list has a
		// type.
		d.Kind = schema.DefaultFunction
		d.Expr = "ARRAY[" + strings.Join(items, ", ") + "]::" + col.Type.Norm
		return d, nil
	}
	if v.kind == exprArray {
		return nil, schema.Errorf(v.pos, "field %s is not a list: its default cannot be a list", f.name)
	}
	s, ok, err := b.literal(f, v, scalar, enum, col.Type.Norm)
	if err != nil || !ok {
		return nil, err
	}
	d.Expr = s
	return d, nil
}

// defaultCall handles @default(fn(...)).
func (b *builder) defaultCall(m *model, f *field, col *schema.Column, a *attribute, v *expr, scalar string) (*schema.Default, error) {
	isList := f.typ.list
	switch {
	case v.text == "autoincrement":
		if len(v.args) > 0 || isList || scalar != "Int" && scalar != "BigInt" {
			return nil, schema.Errorf(v.pos, "autoincrement() takes no arguments and is only allowed on Int and BigInt fields")
		}
		if b.prov.serial == nil {
			return nil, schema.Errorf(v.pos, "autoincrement() is not supported by %s", b.prov.dialect)
		}
		// keys checks where the column is once the keys are known.
		m.autoincrement = append(m.autoincrement, autoincrementUse{col: col, pos: v.pos})
		d := b.prov.serial(m.table.Name, col, b.prov.maxIdentLen)
		if d != nil {
			d.Pos = a.pos
		}
		return d, nil
	case v.text == "now":
		if len(v.args) > 0 || isList || scalar != "DateTime" {
			return nil, schema.Errorf(v.pos, "now() takes no arguments and is only allowed on DateTime fields")
		}
		return &schema.Default{Kind: schema.DefaultFunction, Expr: b.prov.literals.now(col.Type.Norm), Pos: a.pos}, nil
	case v.text == "dbgenerated":
		if len(v.args) == 0 {
			// dbgenerated() without an expression: the database has a
			// default Prisma does not manage.
			return nil, nil
		}
		if len(v.args) > 1 || v.args[0].value.kind != exprString {
			return nil, schema.Errorf(v.pos, "dbgenerated takes one string: the SQL expression")
		}
		e := strings.TrimSpace(v.args[0].value.text)
		if e == "" {
			return nil, schema.Errorf(v.pos, "dbgenerated needs a non-empty SQL expression")
		}
		switch {
		case b.prov.dbgenerated != nil:
			expr, lit := b.prov.dbgenerated(e)
			d := &schema.Default{Kind: schema.DefaultFunction, Expr: expr, Pos: a.pos}
			if lit {
				d.Kind = schema.DefaultLiteral
			}
			return d, nil
		case b.prov.castLiterals:
			if lit, ok := stripOwnCast(e, col.Type.Norm); ok {
				return &schema.Default{Kind: schema.DefaultLiteral, Expr: lit, Pos: a.pos}, nil
			}
		case isPlainLiteral(e):
			return &schema.Default{Kind: schema.DefaultLiteral, Expr: e, Pos: a.pos}, nil
		}
		return &schema.Default{Kind: schema.DefaultFunction, Expr: e, Pos: a.pos}, nil
	case clientDefaults[v.text]:
		if scalar != "String" || isList {
			return nil, schema.Errorf(v.pos, "%s() is only allowed on String fields", v.text)
		}
		return nil, b.checkClientDefault(v)
	case v.text == "sequence":
		return nil, schema.Errorf(v.pos, "sequence() is only supported on CockroachDB, not %s; use autoincrement()", b.prov.dialect)
	case v.text == "auto":
		return nil, schema.Errorf(v.pos, "auto() is only supported on MongoDB")
	}
	return nil, schema.Errorf(v.pos, "unknown default function %s(): expected autoincrement, now, dbgenerated, uuid, cuid, nanoid or ulid", v.text)
}

// checkClientDefault checks the arguments of uuid(4|7), cuid(1|2),
// nanoid(n) and ulid().
func (b *builder) checkClientDefault(v *expr) error {
	if len(v.args) == 0 {
		return nil
	}
	allowed := map[string][]string{"uuid": {"4", "7"}, "cuid": {"1", "2"}}[v.text]
	if len(v.args) > 1 || v.args[0].value.kind != exprNumber || v.text == "ulid" {
		return schema.Errorf(v.pos, "%s() takes at most one number", v.text)
	}
	n := v.args[0].value.text
	if v.text == "nanoid" {
		if k, err := strconv.Atoi(n); err != nil || k < 2 || k > 255 {
			return schema.Errorf(v.pos, "nanoid() length must be between 2 and 255")
		}
		return nil
	}
	for _, a := range allowed {
		if a == n {
			return nil
		}
	}
	return schema.Errorf(v.pos, "%s(%s): the version must be one of %s", v.text, n, strings.Join(allowed, ", "))
}

// literal renders one literal default value for a field of the scalar
// type (or enum) as the provider spells it. colNorm is the column type.
// ok is false when the provider's engine writes no database default for
// it (JSON and binary defaults on MySQL).
func (b *builder) literal(f *field, v *expr, scalar string, enum *enumInfo, colNorm string) (s string, ok bool, err error) {
	lit := &b.prov.literals
	if enum != nil {
		if v.kind != exprIdent {
			return "", false, schema.Errorf(v.pos, "the default of enum field %s must be one of its values, found %s", f.name, v.describe())
		}
		db, ok := enum.values[v.text]
		if !ok {
			return "", false, schema.Errorf(v.pos, "%s is not a value of enum %s", v.text, enum.b.name)
		}
		return lit.str(db), true, nil
	}
	bad := func(want string) error {
		return schema.Errorf(v.pos, "the default of %s field %s must be %s, found %s", scalar, f.name, want, v.describe())
	}
	switch scalar {
	case "String":
		if v.kind != exprString {
			return "", false, bad("a string")
		}
		return lit.str(v.text), true, nil
	case "Json":
		if v.kind != exprString {
			return "", false, bad("a string")
		}
		s, ok := lit.json(v.text)
		return s, ok, nil
	case "Boolean":
		if v.kind != exprIdent || v.text != "true" && v.text != "false" {
			return "", false, bad("true or false")
		}
		return lit.boolean(v.text == "true"), true, nil
	case "Int", "BigInt":
		if v.kind != exprNumber {
			return "", false, bad("a whole number")
		}
		if _, err := strconv.ParseInt(v.text, 10, 64); err != nil {
			return "", false, bad("a whole number")
		}
		return lit.number(v.text, colNorm), true, nil
	case "Float", "Decimal":
		if v.kind != exprNumber {
			return "", false, bad("a number")
		}
		return lit.number(v.text, colNorm), true, nil
	case "DateTime":
		if v.kind != exprString {
			return "", false, bad("an RFC 3339 date-time string or now()")
		}
		t, err := parseDateTime(v.text)
		if err != nil {
			return "", false, schema.Errorf(v.pos, "the default of %s: %v", f.name, err)
		}
		return lit.dateTime(t, colNorm), true, nil
	case "Bytes":
		if v.kind != exprString {
			return "", false, bad("a base64 string")
		}
		raw, err := base64.StdEncoding.DecodeString(v.text)
		if err != nil {
			return "", false, schema.Errorf(v.pos, "the default of %s is not valid base64", f.name)
		}
		s, ok := lit.bytes(raw)
		return s, ok, nil
	}
	return "", false, schema.Errorf(v.pos, "field %s of type %s can only have a dbgenerated(\"...\") default", f.name, f.typ.name)
}

// stripOwnCast turns dbgenerated("'x'::T") into the literal 'x' when T is
// the column's own type, as Default.Expr leaves such casts out.
func stripOwnCast(e, colNorm string) (string, bool) {
	if !strings.HasPrefix(e, "'") {
		return "", false
	}
	i := strings.LastIndex(e, "'::")
	if i <= 0 || strings.Contains(strings.ReplaceAll(e[1:i], "''", ""), "'") {
		return "", false
	}
	if normalizeUnsupported(e[i+3:]) != colNorm {
		return "", false
	}
	return e[:i+1], true
}

// isPlainLiteral reports whether a dbgenerated expression is a single
// quoted string or a number, which databases without casts store as a
// literal default.
func isPlainLiteral(e string) bool {
	if len(e) >= 2 && e[0] == '\'' && e[len(e)-1] == '\'' {
		return !strings.Contains(strings.ReplaceAll(e[1:len(e)-1], "''", ""), "'")
	}
	_, err := strconv.ParseFloat(e, 64)
	return err == nil
}
