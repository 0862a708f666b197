package prisma

import (
	"strconv"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// keys builds a model's primary key, unique indexes and indexes from @id,
// @@id, @unique, @@unique and @@index.
func (b *builder) keys(m *model) error {
	t := m.table
	limit := b.prov.maxIdentLen
	for _, f := range m.b.fields {
		col := m.cols[f.name]
		for _, a := range f.attrs {
			if a.name != "id" && a.name != "unique" {
				continue
			}
			if col == nil {
				return schema.Errorf(a.pos, "@%s is only allowed on scalar fields, and %s is a relation field", a.name, f.name)
			}
			part, err := b.partArgs(a, col.Name, "map", "sort", "length", "clustered")
			if err != nil {
				return err
			}
			name, err := b.constraintName(a)
			if err != nil {
				return err
			}
			if a.name == "id" {
				if err := b.setPrimaryKey(m, a, name, []schema.IndexPart{part}); err != nil {
					return err
				}
				continue
			}
			if f.typ.list {
				return schema.Errorf(a.pos, "@unique is not allowed on list field %s", f.name)
			}
			if name == "" {
				name = uniqueIndexName(t.Name.Name, []string{col.Name}, limit)
			}
			t.Indexes = append(t.Indexes, &schema.Index{Name: name, Unique: true, Parts: []schema.IndexPart{part}, Pos: a.pos})
		}
	}
	for _, a := range m.b.attrs {
		switch a.name {
		case "id", "unique", "index":
		case "fulltext":
			if !b.prov.fullText {
				return schema.Errorf(a.pos, "@@fulltext is not supported by %s (it is a MySQL and MongoDB feature)", b.prov.dialect)
			}
		default:
			continue
		}
		parts, cols, err := b.indexFields(m, a)
		if err != nil {
			return err
		}
		name, err := b.constraintName(a)
		if err != nil {
			return err
		}
		if err := checkArgs(a, "fields", "name", "map", "type", "clustered", "where", "length", "sort"); err != nil {
			return err
		}
		switch a.name {
		case "id":
			if err := b.setPrimaryKey(m, a, name, parts); err != nil {
				return err
			}
		case "unique":
			if name == "" {
				name = uniqueIndexName(t.Name.Name, cols, limit)
			}
			t.Indexes = append(t.Indexes, &schema.Index{Name: name, Unique: true, Parts: parts, Pos: a.pos})
		case "fulltext":
			if name == "" {
				name = indexName(t.Name.Name, cols, limit)
			}
			t.Indexes = append(t.Indexes, &schema.Index{Name: name, Method: "FULLTEXT", Parts: parts, Pos: a.pos})
		case "index":
			if name == "" {
				// On @@index, name is the database name (from before map
				// existed); on @@id and @@unique it names the client API.
				if name, err = optString(a, "name"); err != nil {
					return err
				}
			}
			if name == "" {
				name = indexName(t.Name.Name, cols, limit)
			}
			ix := &schema.Index{Name: name, Parts: parts, Pos: a.pos}
			if err := b.indexOptions(a, ix); err != nil {
				return err
			}
			t.Indexes = append(t.Indexes, ix)
		}
	}
	if t.PrimaryKey == nil && !m.ignored && !b.hasRequiredUnique(m) {
		return schema.Errorf(m.b.pos, "model %s has no unique criteria: add an @id, @@id, or @unique / @@unique on required fields", m.b.name)
	}
	if err := b.checkKeyLengths(m); err != nil {
		return err
	}
	return b.checkAutoincrement(m)
}

// setPrimaryKey sets the table's primary key, once.
func (b *builder) setPrimaryKey(m *model, a *attribute, name string, parts []schema.IndexPart) error {
	t := m.table
	if t.PrimaryKey != nil {
		return schema.Errorf(a.pos, "model %s has more than one primary key (@id / @@id)", m.b.name)
	}
	if name != "" && !b.prov.namedPrimaryKeys {
		return schema.Errorf(a.pos, "@%s(map: ...): %s does not name primary keys; remove map", a.name, b.prov.dialect)
	}
	pk := &schema.PrimaryKey{Name: name, Pos: a.pos}
	if pk.Name == "" && b.prov.primaryKeyName != nil {
		pk.Name = b.prov.primaryKeyName(t.Name.Name, b.prov.maxIdentLen)
	}
	for _, p := range parts {
		c := t.Column(p.Column)
		if c != nil && !c.NotNull {
			return schema.Errorf(a.pos, "primary key column %s of model %s must be required (not optional or a list)", p.Column, m.b.name)
		}
		pk.Columns = append(pk.Columns, p.Column)
	}
	t.PrimaryKey = pk
	if b.prov.intIDAutoincrement && len(parts) == 1 {
		// SQLite: Prisma's engine makes every single-column Int key
		// INTEGER PRIMARY KEY AUTOINCREMENT, with or without
		// @default(autoincrement()) (a literal default is kept in the
		// DDL, but the column is the rowid all the same).
		for name, c := range m.cols {
			if c.Name == parts[0].Column && m.scalars[name] == "Int" {
				c.Default = b.prov.serial(t.Name, c, b.prov.maxIdentLen)
				c.Default.Pos = a.pos
			}
		}
	}
	return nil
}

// hasRequiredUnique reports whether a unique index covers only NOT NULL
// columns (Prisma accepts it as the model's unique criteria).
func (b *builder) hasRequiredUnique(m *model) bool {
	for _, ix := range m.table.Indexes {
		if !ix.Unique {
			continue
		}
		ok := true
		for _, p := range ix.Parts {
			if c := m.table.Column(p.Column); c == nil || !c.NotNull {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// indexFields reads the field list of @@id, @@unique or @@index:
// [a, b(sort: Desc), c(ops: raw("gin_trgm_ops"))].
func (b *builder) indexFields(m *model, a *attribute) ([]schema.IndexPart, []string, error) {
	x := a.arg("fields", 0)
	if x == nil || x.value.kind != exprArray || len(x.value.items) == 0 {
		return nil, nil, schema.Errorf(a.pos, "@@%s needs a non-empty list of fields, e.g. @@%s([a, b])", a.name, a.name)
	}
	var parts []schema.IndexPart
	var cols []string
	seen := map[string]bool{}
	for _, it := range x.value.items {
		if it.kind != exprIdent && it.kind != exprCall {
			return nil, nil, schema.Errorf(it.pos, "@@%s: expected a field name, found %s", a.name, it.describe())
		}
		col := m.cols[it.text]
		if col == nil {
			if m.fields[it.text] != nil {
				return nil, nil, schema.Errorf(it.pos, "@@%s: %s is a relation field; list its scalar fields instead", a.name, it.text)
			}
			return nil, nil, schema.Errorf(it.pos, "@@%s: model %s has no field %s", a.name, m.b.name, it.text)
		}
		if seen[it.text] {
			return nil, nil, schema.Errorf(it.pos, "@@%s: field %s is listed twice", a.name, it.text)
		}
		seen[it.text] = true
		part := schema.IndexPart{Column: col.Name}
		if it.kind == exprCall {
			p, err := b.partArgs(&attribute{name: a.name, pos: it.pos, args: it.args}, col.Name, "sort", "length", "ops")
			if err != nil {
				return nil, nil, err
			}
			part = p
		}
		parts = append(parts, part)
		cols = append(cols, col.Name)
	}
	return parts, cols, nil
}

// partArgs reads the per-field index arguments sort, length and ops.
func (b *builder) partArgs(a *attribute, column string, allowed ...string) (schema.IndexPart, error) {
	part := schema.IndexPart{Column: column}
	if err := checkArgs(a, allowed...); err != nil {
		return part, err
	}
	for _, x := range a.args {
		switch x.name {
		case "sort":
			if x.value.kind != exprIdent || x.value.text != "Asc" && x.value.text != "Desc" {
				return part, schema.Errorf(x.pos, "sort must be Asc or Desc")
			}
			part.Desc = x.value.text == "Desc"
		case "length":
			n, err := strconv.Atoi(x.value.text)
			switch {
			case !b.prov.indexLengths:
				return part, schema.Errorf(x.pos, "the length argument is only supported on MySQL, not %s", b.prov.dialect)
			case x.value.kind != exprNumber || err != nil || n <= 0:
				return part, schema.Errorf(x.pos, "length must be a positive whole number")
			case a.name == "id":
				// schema.PrimaryKey has columns only; a prefix
				// primary key cannot be represented.
				return part, schema.Errorf(x.pos, "a prefix length on a primary key is not supported: migrate-bot models primary keys by their columns only")
			}
			part.Length = n
		case "clustered":
			return part, schema.Errorf(x.pos, "the clustered argument is only supported on SQL Server, not %s", b.prov.dialect)
		case "ops":
			op, err := b.opClass(x.value)
			if err != nil {
				return part, err
			}
			part.OpClass = op
		}
	}
	return part, nil
}

// opClass reads an operator class: a Prisma name (JsonbPathOps) or
// raw("gin_trgm_ops").
func (b *builder) opClass(v *expr) (string, error) {
	if v.kind == exprCall && v.text == "raw" && len(v.args) == 1 && v.args[0].value.kind == exprString {
		return v.args[0].value.text, nil
	}
	if b.prov.opClasses == nil {
		return "", schema.Errorf(v.pos, "operator classes (ops) are only supported on PostgreSQL, not %s", b.prov.dialect)
	}
	if v.kind == exprIdent {
		if op, ok := b.prov.opClasses[v.text]; ok {
			return op, nil
		}
	}
	return "", schema.Errorf(v.pos, "unknown operator class %s: use one of Prisma's (e.g. JsonbPathOps) or raw(\"name\")", v.describe())
}

// indexOptions reads @@index(type: ..., where: raw("...")).
func (b *builder) indexOptions(a *attribute, ix *schema.Index) error {
	for _, x := range a.args {
		switch x.name {
		case "type":
			m, ok := b.prov.indexMethods[x.value.text]
			if x.value.kind != exprIdent || !ok {
				return schema.Errorf(x.pos, "unknown index type %s for %s (expected BTree, Hash, Gist, Gin, SpGist or Brin)", x.value.describe(), b.prov.dialect)
			}
			ix.Method = m
		case "where":
			if !b.prov.partialIndexes {
				return schema.Errorf(x.pos, "partial indexes (where) are not supported by %s", b.prov.dialect)
			}
			v := x.value
			if v.kind != exprCall || v.text != "raw" || len(v.args) != 1 || v.args[0].value.kind != exprString {
				return schema.Errorf(x.pos, "where must be raw(\"SQL condition\")")
			}
			ix.Where = v.args[0].value.text
		case "clustered":
			return schema.Errorf(x.pos, "the clustered argument is only supported on SQL Server, not %s", b.prov.dialect)
		case "length", "sort":
			return schema.Errorf(x.pos, "%s belongs on a field of the index, e.g. [title(%s: ...)]", x.name, x.name)
		}
	}
	return nil
}

// checkArgs rejects named arguments not in allowed (positional arguments
// are checked by their readers).
func checkArgs(a *attribute, allowed ...string) error {
	for _, x := range a.args {
		if x.name == "" {
			continue
		}
		ok := false
		for _, n := range allowed {
			ok = ok || n == x.name
		}
		if !ok {
			return schema.Errorf(x.pos, "@%s: unknown argument %q", a.name, x.name)
		}
	}
	return nil
}

// optString returns a named string argument, or "" when absent.
func optString(a *attribute, name string) (string, error) {
	x := argNamed(a.args, name)
	if x == nil {
		return "", nil
	}
	if x.value.kind != exprString || x.value.text == "" {
		return "", schema.Errorf(x.value.pos, "@%s: %s must be a non-empty string", a.name, name)
	}
	return x.value.text, nil
}

// constraintName returns the map: name of a key, index or foreign key, or
// "" when there is none; like Prisma it rejects a name over the limit.
func (b *builder) constraintName(a *attribute) (string, error) {
	name, err := optString(a, "map")
	if err != nil || len(name) <= b.prov.maxIdentLen {
		return name, err
	}
	return "", schema.Errorf(argNamed(a.args, "map").value.pos, "the name %q is too long: %s allows %d bytes", name, b.prov.dialect, b.prov.maxIdentLen)
}
