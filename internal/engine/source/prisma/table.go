package prisma

import (
	"strconv"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// modelAttrs are the block attributes a model may carry.
var modelAttrs = map[string]bool{
	"map": true, "schema": true, "id": true, "unique": true, "index": true,
	"fulltext": true, "ignore": true,
}

// fieldAttrs are the field attributes a model field may carry, besides the
// native type attributes (@db.*).
var fieldAttrs = map[string]bool{
	"id": true, "unique": true, "default": true, "map": true, "relation": true,
	"updatedAt": true, "ignore": true,
}

// table builds a model's table and the columns of its scalar fields.
// @ignore and @@ignore hide fields and models from Prisma Client only:
// Prisma's engine still creates them, so they become columns and tables.
func (b *builder) table(m *model) error {
	bl := m.b
	ns, err := b.namespaceOf(bl)
	if err != nil {
		return err
	}
	name, err := mappedName(bl.attrs, bl.name)
	if err != nil {
		return err
	}
	for _, a := range bl.attrs {
		if !modelAttrs[a.name] {
			return schema.Errorf(a.pos, "unknown attribute @@%s on model %s", a.name, bl.name)
		}
		if a.name == "ignore" {
			m.ignored = true
		}
	}
	m.table = &schema.Table{
		Name:        schema.QName{Schema: ns, Name: b.identifier(name)},
		RenamedFrom: renamedFrom(bl.doc),
		Options:     b.prov.newTableOptions(),
		Pos:         bl.pos,
	}
	colNames := make(map[string]*field, len(bl.fields))
	m.table.Columns = make([]*schema.Column, 0, len(bl.fields))
	for _, f := range bl.fields {
		if m.fields[f.name] != nil {
			return schema.Errorf(f.pos, "field %s is defined twice in model %s", f.name, bl.name)
		}
		m.fields[f.name] = f
		if err := b.checkFieldAttrs(f); err != nil {
			return err
		}
		if target := b.models[f.typ.name]; target != nil {
			rf, err := b.relationField(m, f, target)
			if err != nil {
				return err
			}
			m.relations = append(m.relations, rf)
			continue
		}
		if b.views[f.typ.name] != nil {
			// A relation to a view: views are not tables and relations to
			// them create no foreign key.
			continue
		}
		col, err := b.column(m, f)
		if err != nil {
			return err
		}
		if prev := colNames[col.Name]; prev != nil {
			return schema.Errorf(f.pos, "fields %s and %s of model %s both map to column %q", prev.name, f.name, bl.name, col.Name)
		}
		colNames[col.Name] = f
		m.cols[f.name] = col
		m.table.Columns = append(m.table.Columns, col)
	}
	b.out.Tables = append(b.out.Tables, m.table)
	return nil
}

func (b *builder) checkFieldAttrs(f *field) error {
	natives := 0
	for i, a := range f.attrs {
		native := strings.HasPrefix(a.name, b.nativePrefix)
		if !fieldAttrs[a.name] && !native {
			return schema.Errorf(a.pos, "unknown attribute @%s on field %s", a.name, f.name)
		}
		if native {
			natives++
		}
		dup := native && natives > 1
		for _, prev := range f.attrs[:i] {
			dup = dup || prev.name == a.name
		}
		if dup {
			return schema.Errorf(a.pos, "attribute @%s is given twice on field %s", a.name, f.name)
		}
	}
	return nil
}

// column builds the column of a scalar, enum or Unsupported field.
func (b *builder) column(m *model, f *field) (*schema.Column, error) {
	name, err := mappedName(f.attrs, f.name)
	if err != nil {
		return nil, err
	}
	col := b.columns.alloc()
	*col = schema.Column{
		Name:        b.identifier(name),
		NotNull:     !f.typ.optional && !f.typ.list,
		RenamedFrom: renamedFrom(f.doc),
		Pos:         f.pos,
	}
	if a := f.attr("relation"); a != nil {
		return nil, schema.Errorf(a.pos, "@relation is only allowed on relation fields, and %s is a %s", f.name, f.typ.name)
	}
	native := b.nativeAttr(f)
	var enum *enumInfo
	scalar := ""
	switch {
	case f.typ.name == "Unsupported":
		if native != nil {
			return nil, schema.Errorf(native.pos, "native type attributes are not allowed on Unsupported fields")
		}
		col.Type = schema.Type{Raw: f.typ.unsupported, Norm: b.prov.unsupportedType(f.typ.unsupported)}
	case b.enums[f.typ.name] != nil:
		if native != nil {
			return nil, schema.Errorf(native.pos, "native type attributes are not allowed on enum fields")
		}
		enum = b.enums[f.typ.name]
		col.Type = schema.Type{Raw: f.typ.name, Norm: b.prov.enumType(enum.enum)}
		if b.prov.nativeEnums {
			ref := enum.enum.Name
			col.Type.Ref = &ref
		}
	case b.prov.scalars[f.typ.name] != "":
		scalar = f.typ.name
		col.Type = schema.Type{Raw: f.typ.name, Norm: b.prov.scalars[scalar]}
		if native != nil {
			norm, err := b.nativeType(native, scalar)
			if err != nil {
				return nil, err
			}
			col.Type.Norm = norm
			col.Type.Raw += " " + renderAttr(native)
		}
	case b.composites[f.typ.name] != nil:
		return nil, schema.Errorf(f.typ.pos, "field %s: composite type %s is only supported on MongoDB", f.name, f.typ.name)
	default:
		return nil, schema.Errorf(f.typ.pos, "field %s has unknown type %q: not a scalar type, model or enum", f.name, f.typ.name)
	}
	if f.typ.list {
		if b.prov.listType == nil {
			return nil, schema.Errorf(f.typ.pos, "field %s: scalar lists are not supported by %s", f.name, b.prov.dialect)
		}
		if f.typ.name == "Unsupported" {
			return nil, schema.Errorf(f.typ.pos, "field %s: lists of Unsupported types are not allowed", f.name)
		}
		col.Type.Norm = b.prov.listType(col.Type.Norm)
		col.Type.Raw = strings.Replace(col.Type.Raw, f.typ.name, f.typ.name+"[]", 1)
	}
	if a := f.attr("updatedAt"); a != nil && (scalar != "DateTime" || f.typ.list) {
		return nil, schema.Errorf(a.pos, "@updatedAt is only allowed on DateTime fields, and %s is %s", f.name, f.typ)
	}
	m.scalars[f.name] = scalar
	if a := f.attr("default"); a != nil {
		d, err := b.defaultValue(m, f, col, a, scalar, enum)
		if err != nil {
			return nil, err
		}
		col.Default = d
	}
	return col, nil
}

// identifier cuts a table, column or type name to the identifier limit
// at a character boundary, as PostgreSQL does with a longer name in
// CREATE TABLE (Prisma passes such names through unchanged).
func (b *builder) identifier(name string) string {
	return floorChar(name, b.prov.maxIdentLen)
}

// nativeAttr returns the field's native type attribute (@db.VarChar(191)).
func (b *builder) nativeAttr(f *field) *attribute {
	for _, a := range f.attrs {
		if strings.HasPrefix(a.name, b.nativePrefix) {
			return a
		}
	}
	return nil
}

// nativeType returns the column type of a native type attribute.
func (b *builder) nativeType(a *attribute, scalar string) (string, error) {
	tname := strings.TrimPrefix(a.name, b.nativePrefix)
	if b.prov.native == nil {
		return "", schema.Errorf(a.pos, "native type %s is not supported by %s: it has no native type attributes", tname, b.prov.dialect)
	}
	nt, ok := b.prov.native[tname]
	if !ok {
		return "", schema.Errorf(a.pos, "unknown native type @%s for %s", a.name, b.prov.dialect)
	}
	if !nt.fits(scalar) {
		return "", schema.Errorf(a.pos, "native type %s is not compatible with the %s type (it fits %s)", tname, scalar, strings.Join(nt.scalars, ", "))
	}
	if len(a.args) < nt.minArgs || len(a.args) > nt.maxArgs {
		switch {
		case nt.maxArgs == 0:
			return "", schema.Errorf(a.pos, "native type %s takes no arguments", tname)
		case nt.minArgs == nt.maxArgs:
			return "", schema.Errorf(a.pos, "native type %s takes %d arguments, found %d", tname, nt.maxArgs, len(a.args))
		}
		return "", schema.Errorf(a.pos, "native type %s takes at most %d arguments, found %d", tname, nt.maxArgs, len(a.args))
	}
	args := make([]int, 0, len(a.args))
	for _, x := range a.args {
		if x.name != "" || x.value.kind != exprNumber {
			return "", schema.Errorf(x.pos, "native type %s: arguments must be whole numbers", tname)
		}
		n, err := strconv.Atoi(x.value.text)
		if err != nil || n < 0 {
			return "", schema.Errorf(x.pos, "native type %s: %s is not a valid length or precision", tname, x.value.text)
		}
		args = append(args, n)
	}
	if nt.check != nil {
		if why := nt.check(scalar, args); why != "" {
			return "", schema.Errorf(a.pos, "native type %s: %s", tname, why)
		}
	}
	return nt.render(scalar, args), nil
}

// renderAttr writes an attribute back as text, for Type.Raw.
func renderAttr(a *attribute) string {
	s := "@" + a.name
	if len(a.args) > 0 {
		parts := make([]string, len(a.args))
		for i, x := range a.args {
			parts[i] = x.value.text
		}
		s += "(" + strings.Join(parts, ",") + ")"
	}
	return s
}
