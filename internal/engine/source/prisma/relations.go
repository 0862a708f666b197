package prisma

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"maps"
)

// relationField is a field whose type is a model.
type relationField struct {
	m      *model
	f      *field
	target *model
	attr   *attribute // @relation, or nil
	name   string     // relation name ("" when not named)
	fields []*expr    // fields: [...]
	refs   []*expr    // references: [...]
	// onDelete and onUpdate are the referential actions given, "" if not.
	onDelete, onUpdate string
	fkName             string // map: "..."
	done               bool
}

// referentialActions maps Prisma's referential actions to SQL.
var referentialActions = map[string]string{
	"Cascade":    schema.Cascade,
	"Restrict":   schema.Restrict,
	"NoAction":   schema.NoAction,
	"SetNull":    schema.SetNull,
	"SetDefault": schema.SetDefault,
}

// relationField reads a relation field and its @relation attribute.
func (b *builder) relationField(m *model, f *field, target *model) (*relationField, error) {
	rf := &relationField{m: m, f: f, target: target, attr: f.attr("relation")}
	for _, a := range f.attrs {
		if a.name != "relation" && a.name != "ignore" {
			return nil, schema.Errorf(a.pos, "@%s is not allowed on relation field %s", a.name, f.name)
		}
	}
	a := rf.attr
	if a == nil {
		return rf, nil
	}
	if err := checkArgs(a, "name", "fields", "references", "onDelete", "onUpdate", "map"); err != nil {
		return nil, err
	}
	if x := a.arg("name", 0); x != nil {
		if x.value.kind != exprString || x.value.text == "" {
			return nil, schema.Errorf(x.pos, "@relation: the relation name must be a non-empty string")
		}
		rf.name = x.value.text
	}
	var err error
	if rf.fields, err = fieldList(a, "fields"); err != nil {
		return nil, err
	}
	if rf.refs, err = fieldList(a, "references"); err != nil {
		return nil, err
	}
	for _, key := range []string{"onDelete", "onUpdate"} {
		x := argNamed(a.args, key)
		if x == nil {
			continue
		}
		act, ok := referentialActions[x.value.text]
		if x.value.kind != exprIdent || !ok {
			return nil, schema.Errorf(x.pos, "%s must be Cascade, Restrict, NoAction, SetNull or SetDefault", key)
		}
		if key == "onDelete" {
			rf.onDelete = act
		} else {
			rf.onUpdate = act
		}
	}
	if rf.fkName, err = b.constraintName(a); err != nil {
		return nil, err
	}
	if rf.fkName != "" && !b.prov.namedForeignKeys {
		return nil, schema.Errorf(argNamed(a.args, "map").pos, "@relation(map: ...): %s does not name foreign keys; remove map", b.prov.dialect)
	}
	return rf, nil
}

// fieldList reads fields: [a, b] or references: [id].
func fieldList(a *attribute, key string) ([]*expr, error) {
	x := argNamed(a.args, key)
	if x == nil {
		return nil, nil
	}
	if x.value.kind != exprArray || len(x.value.items) == 0 {
		return nil, schema.Errorf(x.pos, "@relation: %s must be a non-empty list of field names", key)
	}
	for _, it := range x.value.items {
		if it.kind != exprIdent {
			return nil, schema.Errorf(it.pos, "@relation: %s must list field names, found %s", key, it.describe())
		}
	}
	return x.value.items, nil
}

// relations pairs each relation field with its opposite field, then builds
// the foreign keys of one-to-one and one-to-many relations and the join
// tables of implicit many-to-many relations.
func (b *builder) relations() error {
	for _, m := range b.modelOrder {
		for _, rf := range m.relations {
			if rf.done {
				continue
			}
			back, err := b.opposite(rf)
			if err != nil {
				return err
			}
			rf.done, back.done = true, true
			switch {
			case rf.f.typ.list && back.f.typ.list:
				if rf.fields != nil || back.fields != nil || rf.refs != nil || back.refs != nil {
					at := rf
					if back.fields != nil || back.refs != nil {
						at = back
					}
					return schema.Errorf(at.attr.pos, "implicit many-to-many relations take no fields or references; use an explicit join model to control columns")
				}
				if err := b.joinTable(rf, back); err != nil {
					return err
				}
			default:
				if err := b.inlineRelation(rf, back); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// opposite finds the field on the other side of a relation: the relation
// field of the target model that points back with the same relation name.
func (b *builder) opposite(rf *relationField) (*relationField, error) {
	var found []*relationField
	for _, c := range rf.target.relations {
		if c == rf || c.target != rf.m || c.name != rf.name {
			continue
		}
		found = append(found, c)
	}
	switch {
	case len(found) == 0:
		return nil, schema.Errorf(rf.f.pos, "relation field %s of model %s has no opposite relation field on model %s: add a field of type %s to %s", rf.f.name, rf.m.b.name, rf.target.b.name, rf.m.b.name, rf.target.b.name)
	case len(found) > 1:
		return nil, schema.Errorf(rf.f.pos, "ambiguous relation: model %s has several fields of type %s; name the relations with @relation(\"name\") on both sides", rf.target.b.name, rf.m.b.name)
	}
	return found[0], nil
}

// inlineRelation builds the foreign key of a one-to-one or one-to-many
// relation on the side that has fields and references.
func (b *builder) inlineRelation(x, y *relationField) error {
	owner, other := x, y
	if x.fields == nil && y.fields != nil {
		owner, other = y, x
	}
	switch {
	case owner.fields == nil || owner.refs == nil:
		at := owner
		if owner.f.typ.list {
			at = other
		}
		return schema.Errorf(at.f.pos, "relation between %s and %s: the field %s needs @relation(fields: [...], references: [...])", x.m.b.name, y.m.b.name, at.f.name)
	case other.fields != nil:
		return schema.Errorf(other.attr.pos, "relation between %s and %s: only one side may have fields and references", x.m.b.name, y.m.b.name)
	case owner.f.typ.list:
		return schema.Errorf(owner.attr.pos, "relation field %s is a list: fields and references go on the other side (%s.%s)", owner.f.name, other.m.b.name, other.f.name)
	case len(owner.fields) != len(owner.refs):
		return schema.Errorf(owner.attr.pos, "@relation: fields lists %d fields but references lists %d", len(owner.fields), len(owner.refs))
	}
	fk := &schema.ForeignKey{
		RefTable: owner.target.table.Name,
		OnDelete: owner.onDelete,
		OnUpdate: owner.onUpdate,
		Pos:      owner.attr.pos,
	}
	required := !owner.f.typ.optional
	for i, fe := range owner.fields {
		col := owner.m.cols[fe.text]
		if col == nil {
			return schema.Errorf(fe.pos, "@relation: model %s has no scalar field %s", owner.m.b.name, fe.text)
		}
		if owner.m.fields[fe.text].typ.list {
			return schema.Errorf(fe.pos, "@relation: field %s is a list and cannot hold a foreign key", fe.text)
		}
		if !col.NotNull && required {
			return schema.Errorf(fe.pos, "@relation: field %s is optional, so the relation field %s must be optional too (%s?)", fe.text, owner.f.name, owner.target.b.name)
		}
		re := owner.refs[i]
		rcol := owner.target.cols[re.text]
		if rcol == nil {
			return schema.Errorf(re.pos, "@relation: model %s has no scalar field %s", owner.target.b.name, re.text)
		}
		fk.Columns = append(fk.Columns, col.Name)
		fk.RefColumns = append(fk.RefColumns, rcol.Name)
	}
	if fk.OnDelete == "" {
		// Prisma's defaults: Restrict for a required relation, SetNull
		// for an optional one; Cascade on update.
		fk.OnDelete = schema.Restrict
		if !required {
			fk.OnDelete = schema.SetNull
		}
	}
	if fk.OnUpdate == "" {
		fk.OnUpdate = schema.Cascade
	}
	if b.prov.restrictIsNoAction {
		fk.OnDelete = noActionForRestrict(fk.OnDelete)
		fk.OnUpdate = noActionForRestrict(fk.OnUpdate)
	}
	fk.Name = owner.fkName
	if fk.Name == "" {
		fk.Name = foreignKeyName(owner.m.table.Name.Name, fk.Columns, b.prov.maxIdentLen)
	}
	if b.noForeignKeys {
		return nil
	}
	owner.m.table.ForeignKeys = append(owner.m.table.ForeignKeys, fk)
	return nil
}

// joinTable builds the table of an implicit many-to-many relation:
// "_<A>To<B>" (or "_<name>"), where A is the model whose name sorts first,
// with columns A and B referencing the two models' ids, primary key (A, B),
// an index on B and cascading foreign keys. The table is in A's schema.
func (b *builder) joinTable(x, y *relationField) error {
	a, bb := x, y
	if y.m.b.name < x.m.b.name || y.m == x.m && y.f.name < x.f.name {
		a, bb = y, x
	}
	name := a.name
	if name == "" {
		name = a.m.b.name + "To" + bb.m.b.name
	}
	limit := b.prov.maxIdentLen
	tname := floorChar("_"+name, limit)
	t := &schema.Table{Name: schema.QName{Schema: a.m.table.Name.Schema, Name: tname}, Options: b.prov.newTableOptions(), Pos: a.f.pos}
	for _, side := range []struct {
		col string
		rf  *relationField
	}{{"A", a}, {"B", bb}} {
		// The column refers to the model the relation field points at:
		// column A to model A.
		target := side.rf.m
		pk := target.table.PrimaryKey
		if pk == nil || len(pk.Columns) != 1 {
			return schema.Errorf(x.f.pos, "implicit many-to-many relation %s: model %s needs a single-field @id", name, target.b.name)
		}
		idCol := target.table.Column(pk.Columns[0])
		typ := idCol.Type
		if typ.Ref != nil {
			r := *typ.Ref
			typ.Ref = &r
		}
		t.Columns = append(t.Columns, &schema.Column{Name: side.col, Type: typ, NotNull: true, Pos: side.rf.f.pos})
		if !b.noForeignKeys {
			t.ForeignKeys = append(t.ForeignKeys, &schema.ForeignKey{
				Name:       cutName(tname, "_"+side.col+"_fkey", limit),
				Columns:    []string{side.col},
				RefTable:   target.table.Name,
				RefColumns: []string{idCol.Name},
				OnDelete:   schema.Cascade,
				OnUpdate:   schema.Cascade,
				Pos:        side.rf.f.pos,
			})
		}
	}
	t.Indexes = []*schema.Index{{Name: cutName(tname, "_B_index", limit), Parts: []schema.IndexPart{{Column: "B"}}, Pos: a.f.pos}}
	if b.prov.joinTablePrimaryKey {
		t.PrimaryKey = &schema.PrimaryKey{Name: cutName(tname, "_AB_pkey", limit), Columns: []string{"A", "B"}, Pos: a.f.pos}
	} else {
		// Prisma 5 and earlier everywhere, and Prisma 6+ on MySQL and
		// SQLite: a unique index instead of the primary key.
		ab := &schema.Index{Name: cutName(tname, "_AB_unique", limit), Unique: true, Parts: []schema.IndexPart{{Column: "A"}, {Column: "B"}}, Pos: a.f.pos}
		t.Indexes = append([]*schema.Index{ab}, t.Indexes...)
	}
	b.out.Tables = append(b.out.Tables, t)
	return nil
}

// checkNames rejects two tables with one name, two primary keys or
// indexes with one name in their scope (a schema on PostgreSQL and SQLite,
// where indexes share the namespace of tables; a table on MySQL), and two
// foreign keys with one name on a table (in the database on MySQL).
func (b *builder) checkNames() error {
	tables := make(map[schema.QName]*schema.Table, len(b.out.Tables))
	indexes := make(map[[2]string]schema.Pos, 3*len(b.out.Tables))
	for _, t := range b.out.Tables {
		if prev := tables[t.Name]; prev != nil {
			return schema.Errorf(t.Pos, "table %s is defined twice (also at %s); use @@map or @relation names to tell them apart", t.Name, prev.Pos)
		}
		tables[t.Name] = t
	}
	scope := func(t *schema.Table, perTable bool) string {
		if perTable {
			return t.Name.String()
		}
		return t.Name.Schema
	}
	claim := func(name string, t *schema.Table, pos schema.Pos) error {
		k := [2]string{scope(t, b.prov.indexNamesPerTable), name}
		if prev, ok := indexes[k]; ok {
			return schema.Errorf(pos, "the constraint name %q is already used at %s: names of primary keys and indexes must be unique in a %s; give one a map: name", name, prev, map[bool]string{true: "table", false: "schema"}[b.prov.indexNamesPerTable])
		}
		indexes[k] = pos
		return nil
	}
	fks := map[[2]string]bool{}
	for _, t := range b.out.Tables {
		if t.PrimaryKey != nil && t.PrimaryKey.Name != "" {
			if err := claim(t.PrimaryKey.Name, t, t.PrimaryKey.Pos); err != nil {
				return err
			}
		}
		for _, ix := range t.Indexes {
			if err := claim(ix.Name, t, ix.Pos); err != nil {
				return err
			}
		}
		for _, fk := range t.ForeignKeys {
			k := [2]string{scope(t, !b.prov.foreignKeyNamesGlobal), fk.Name}
			if fks[k] {
				return schema.Errorf(fk.Pos, "the foreign key name %q is used twice on table %s; give one a map: name", fk.Name, t.Name)
			}
			fks[k] = true
		}
	}
	return nil
}

// noActionForRestrict spells RESTRICT (and NO ACTION) as the model's
// canonical empty action, for databases where the two are the same.
func noActionForRestrict(a string) string {
	if a == schema.Restrict || a == schema.NoAction {
		return ""
	}
	return a
}

// newTableOptions returns a fresh copy of the provider's table options, or
// nil when it has none.
func (p *provider) newTableOptions() map[string]string {
	if len(p.tableOptions) == 0 {
		return nil
	}
	return maps.Clone(p.tableOptions)
}
