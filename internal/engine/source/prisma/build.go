package prisma

import (
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// builder turns the blocks of all files into a schema for one provider.
type builder struct {
	prov *provider
	// dbName is the datasource's name: the prefix of native type
	// attributes (@db.VarChar for datasource db).
	dbName string
	// nativePrefix is dbName + ".".
	nativePrefix string
	// schemas are the datasource's schemas = [...]; nil when not set.
	// A listed schema becomes a Namespace once a model or enum uses it.
	schemas map[string]*schema.Namespace
	// noForeignKeys is relationMode = "prisma": relations are emulated by
	// Prisma Client and the database gets no foreign keys.
	noForeignKeys bool

	models     map[string]*model
	modelOrder []*model
	enums      map[string]*enumInfo
	enumOrder  []*enumInfo
	composites map[string]*block
	views      map[string]*block
	out        *schema.Schema
	columns    slab[schema.Column]
	// canonical remembers canonicalDefaults results by expression and
	// column type: a schema repeats a few defaults over many columns.
	canonical map[[2]string]schema.Default
}

// model is a model block and the table built from it.
type model struct {
	b     *block
	table *schema.Table
	// cols maps a scalar field name to its column.
	cols map[string]*schema.Column
	// scalars maps a scalar field name to its Prisma scalar type ("" for
	// enums and Unsupported).
	scalars map[string]string
	// relations are the model's relation fields.
	relations []*relationField
	fields    map[string]*field
	ignored   bool
	// autoincrement are the columns with @default(autoincrement()).
	autoincrement []autoincrementUse
}

// autoincrementUse is a column with @default(autoincrement()) and where
// the default is written.
type autoincrementUse struct {
	col *schema.Column
	pos schema.Pos
}

// enumInfo is an enum block and the enum built from it.
type enumInfo struct {
	b    *block
	enum *schema.Enum
	// values maps a value's name in the schema to its database value.
	values map[string]string
}

func newBuilder(blocks []*block) (*builder, error) {
	b := &builder{
		models:     map[string]*model{},
		enums:      map[string]*enumInfo{},
		composites: map[string]*block{},
		views:      map[string]*block{},
		out:        &schema.Schema{},
	}
	var ds *block
	names := map[string]*block{}
	for _, bl := range blocks {
		switch bl.kind {
		case blockDatasource:
			if ds != nil {
				return nil, schema.Errorf(bl.pos, "only one datasource block is allowed; another is at %s", ds.pos)
			}
			ds = bl
			continue
		case blockGenerator:
			continue
		}
		if prev := names[bl.name]; prev != nil {
			return nil, schema.Errorf(bl.namePos, "%s %q is already defined as a %s at %s", bl.kind, bl.name, prev.kind, prev.pos)
		}
		names[bl.name] = bl
		switch bl.kind {
		case blockModel:
			n := len(bl.fields)
			m := &model{b: bl, cols: make(map[string]*schema.Column, n), scalars: make(map[string]string, n), fields: make(map[string]*field, n)}
			b.models[bl.name] = m
			b.modelOrder = append(b.modelOrder, m)
		case blockEnum:
			e := &enumInfo{b: bl, values: map[string]string{}}
			b.enums[bl.name] = e
			b.enumOrder = append(b.enumOrder, e)
		case blockType:
			b.composites[bl.name] = bl
		case blockView:
			b.views[bl.name] = bl
		}
	}
	if ds == nil {
		p := schema.Pos{}
		if len(blocks) > 0 {
			p = schema.Pos{File: blocks[0].pos.File, Line: 1, Col: 1}
		}
		return nil, schema.Errorf(p, "the schema has no datasource block: add one with a provider, e.g. datasource db { provider = \"postgresql\" }")
	}
	return b, b.datasource(ds)
}

// datasource reads the provider, relation mode, schemas and extensions.
// Connection settings (url, directUrl, shadowDatabaseUrl: Prisma 4-6) say
// nothing about the schema and are accepted and ignored; Prisma 7 schemas
// have none.
func (b *builder) datasource(ds *block) error {
	b.dbName = ds.name
	b.nativePrefix = ds.name + "."
	pp := ds.prop("provider")
	if pp == nil {
		return schema.Errorf(ds.pos, "datasource %s has no provider", ds.name)
	}
	if pp.value.kind != exprString {
		return schema.Errorf(pp.value.pos, "the provider must be a string such as \"postgresql\", found %s", pp.value.describe())
	}
	prov := providers[pp.value.text]
	if prov == nil {
		return schema.Errorf(pp.value.pos, "provider %q is not supported: the Prisma reader supports \"postgresql\", \"mysql\" and \"sqlite\"", pp.value.text)
	}
	b.prov = prov
	b.out.Dialect = prov.dialect
	for _, key := range []string{"relationMode", "referentialIntegrity"} {
		if p := ds.prop(key); p != nil {
			if p.value.kind != exprString || p.value.text != "prisma" && p.value.text != "foreignKeys" {
				return schema.Errorf(p.value.pos, "%s must be \"foreignKeys\" or \"prisma\"", key)
			}
			b.noForeignKeys = p.value.text == "prisma"
		}
	}
	if !prov.foreignKeys {
		b.noForeignKeys = true
	}
	if p := ds.prop("schemas"); p != nil {
		if err := b.namespaces(p); err != nil {
			return err
		}
	}
	if p := ds.prop("extensions"); p != nil {
		if err := b.extensions(p); err != nil {
			return err
		}
	}
	return nil
}

// namespaces reads schemas = ["public", "other"]: every model and enum
// then needs @@schema. A listed schema other than the default one is a
// Namespace only when a model or enum is in it: Prisma's engine creates
// no schema nothing uses (checked with its schema engine,
// tools/prisma-oracle).
func (b *builder) namespaces(p *property) error {
	if p.value.kind != exprArray || len(p.value.items) == 0 {
		return schema.Errorf(p.value.pos, "schemas must be a non-empty list of strings")
	}
	if b.prov.defaultSchema == "" {
		return schema.Errorf(p.pos, "schemas is not supported by provider %s", b.prov.dialect)
	}
	b.schemas = map[string]*schema.Namespace{}
	for _, it := range p.value.items {
		if it.kind != exprString || it.text == "" {
			return schema.Errorf(it.pos, "schemas must be a list of schema names as strings")
		}
		if b.schemas[it.text] != nil {
			return schema.Errorf(it.pos, "schema %q is listed twice", it.text)
		}
		b.schemas[it.text] = &schema.Namespace{Name: it.text, Pos: it.pos}
	}
	return nil
}

// extensions reads extensions = [pg_trgm, citext(schema: "public"),
// pgcrypto(version: "1.3")] (postgresqlExtensions).
func (b *builder) extensions(p *property) error {
	if p.value.kind != exprArray {
		return schema.Errorf(p.value.pos, "extensions must be a list")
	}
	for _, it := range p.value.items {
		if it.kind != exprIdent && it.kind != exprCall {
			return schema.Errorf(it.pos, "an extension is a name such as pg_trgm or citext(schema: \"public\"), found %s", it.describe())
		}
		ext := &schema.Extension{Name: it.text, Pos: it.pos}
		for _, a := range it.args {
			if a.value.kind != exprString {
				return schema.Errorf(a.pos, "extension %s: %s must be a string", it.text, a.name)
			}
			switch a.name {
			case "schema":
				ext.Schema = a.value.text
			case "version", "map":
			default:
				return schema.Errorf(a.pos, "extension %s: unknown argument %q (expected schema, version or map)", it.text, a.name)
			}
		}
		if m := argNamed(it.args, "map"); m != nil {
			ext.Name = m.value.text
		}
		b.out.Extensions = append(b.out.Extensions, ext)
	}
	return nil
}

func argNamed(args []*arg, name string) *arg {
	for _, a := range args {
		if a.name == name {
			return a
		}
	}
	return nil
}

// build runs the passes: enums, tables and columns, keys and indexes,
// relations, then checks that names are unique.
func (b *builder) build() (*schema.Schema, error) {
	for _, e := range b.enumOrder {
		if err := b.enum(e); err != nil {
			return nil, err
		}
	}
	for _, m := range b.modelOrder {
		if err := b.table(m); err != nil {
			return nil, err
		}
	}
	for _, m := range b.modelOrder {
		if err := b.keys(m); err != nil {
			return nil, err
		}
	}
	if err := b.relations(); err != nil {
		return nil, err
	}
	if b.prov.foreignKeyIndexes {
		b.foreignKeyIndexes()
	}
	if err := b.checkNames(); err != nil {
		return nil, err
	}
	return b.out.Normalize(), nil
}

// namespaceOf returns the schema of a model or enum from @@schema.
func (b *builder) namespaceOf(bl *block) (string, error) {
	a := bl.attr("schema")
	if a == nil {
		if b.schemas != nil {
			return "", schema.Errorf(bl.pos, "%s %s has no @@schema attribute: with schemas set in the datasource, every %s needs one", bl.kind, bl.name, bl.kind)
		}
		return b.prov.defaultSchema, nil
	}
	v, err := stringArg(a, "name", 0)
	if err != nil {
		return "", err
	}
	if b.schemas == nil {
		return "", schema.Errorf(a.pos, "@@schema(%q) needs the schema listed in the datasource's schemas = [...]", v)
	}
	ns := b.schemas[v]
	if ns == nil {
		return "", schema.Errorf(a.pos, "schema %q is not listed in the datasource's schemas", v)
	}
	if v != b.prov.defaultSchema && !slices.Contains(b.out.Namespaces, ns) {
		b.out.Namespaces = append(b.out.Namespaces, ns)
	}
	return v, nil
}

// enum builds an enum: database name from @@map, values from @map.
func (b *builder) enum(e *enumInfo) error {
	bl := e.b
	ns, err := b.namespaceOf(bl)
	if err != nil {
		return err
	}
	name, err := mappedName(bl.attrs, bl.name)
	if err != nil {
		return err
	}
	if len(bl.fields) == 0 {
		return schema.Errorf(bl.pos, "enum %s must have at least one value", bl.name)
	}
	for _, a := range bl.attrs {
		if a.name != "map" && a.name != "schema" {
			return schema.Errorf(a.pos, "unknown attribute @@%s on enum %s", a.name, bl.name)
		}
	}
	e.enum = &schema.Enum{Name: schema.QName{Schema: ns, Name: b.identifier(name)}, RenamedFrom: renamedFrom(bl.doc), Pos: bl.pos}
	dbValues := map[string]bool{}
	for _, v := range bl.fields {
		if _, dup := e.values[v.name]; dup {
			return schema.Errorf(v.pos, "enum %s: value %s is defined twice", bl.name, v.name)
		}
		for _, a := range v.attrs {
			if a.name != "map" {
				return schema.Errorf(a.pos, "unknown attribute @%s on enum value %s", a.name, v.name)
			}
		}
		db, err := mappedName(v.attrs, v.name)
		if err != nil {
			return err
		}
		if dbValues[db] {
			return schema.Errorf(v.pos, "enum %s: database value %q is used twice", bl.name, db)
		}
		dbValues[db] = true
		e.values[v.name] = db
		e.enum.Values = append(e.enum.Values, db)
	}
	if b.prov.nativeEnums {
		b.out.Enums = append(b.out.Enums, e.enum)
	}
	return nil
}

// mappedName returns the @map / @@map name among attrs, or def.
func mappedName(attrs []*attribute, def string) (string, error) {
	for _, a := range attrs {
		if a.name == "map" {
			v, err := stringArg(a, "name", 0)
			if err != nil {
				return "", err
			}
			if v == "" {
				return "", schema.Errorf(a.pos, "@map needs a non-empty name")
			}
			return v, nil
		}
	}
	return def, nil
}

// stringArg returns a string argument by name or position.
func stringArg(a *attribute, name string, pos int) (string, error) {
	x := a.arg(name, pos)
	if x == nil {
		return "", schema.Errorf(a.pos, "@%s needs a %s argument", a.name, name)
	}
	if x.value.kind != exprString {
		return "", schema.Errorf(x.value.pos, "@%s: %s must be a string, found %s", a.name, name, x.value.describe())
	}
	return x.value.text, nil
}

// renamedFrom reads a rename hint from doc comments:
// "/// @renamed from=oldName" (the old name may be quoted).
func renamedFrom(doc []string) string {
	for _, line := range doc {
		rest, ok := strings.CutPrefix(line, "@renamed")
		if !ok {
			continue
		}
		for _, f := range strings.Fields(rest) {
			if v, ok := strings.CutPrefix(f, "from="); ok {
				return strings.Trim(v, `"'`)
			}
		}
	}
	return ""
}
