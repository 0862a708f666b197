package schemadoc

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// The keys each kind of mapping accepts.
var (
	topKeys        = []string{"dialect", "enums", "tables"}
	tableKeys      = []string{"columns", "primary_key", "uniques", "indexes", "foreign_keys", "checks", "comment", "renamed_from"}
	columnKeys     = []string{"type", "values", "unsigned", "nullable", "default", "primary", "unique", "index", "references", "comment", "renamed_from"}
	defaultKeys    = []string{"sql"}
	keyKeys        = []string{"name", "columns"}
	indexKeys      = []string{"name", "columns", "unique", "using", "where"}
	indexPartKeys  = []string{"column", "expr", "order"}
	foreignKeys    = []string{"name", "columns", "references", "on_delete", "on_update"}
	fkTargetKeys   = []string{"table", "columns"}
	columnRefKeys  = []string{"table", "column", "name", "on_delete", "on_update"}
	checkKeys      = []string{"name", "expr"}
	enumDeclKeys   = []string{"values"}
	referentialOps = map[string]string{
		"cascade": schema.Cascade, "restrict": schema.Restrict, "set null": schema.SetNull,
		"set default": schema.SetDefault, "no action": schema.NoAction,
	}
)

// read decodes one file into a document.
func read(f schema.File) (*document, error) {
	dc := &decoder{file: f.Path}
	doc := &document{file: f.Path}
	top, err := dc.root(f.Data)
	if err != nil || top == nil {
		return doc, err
	}
	pairs, err := dc.mapping(top, "schema document", topKeys)
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		switch p.key {
		case "dialect":
			if doc.dialect, err = dc.name(p.value, "dialect"); err != nil {
				return nil, err
			}
		case "enums":
			if doc.enums, err = dc.enums(p.value); err != nil {
				return nil, err
			}
		case "tables":
			if doc.tables, err = dc.tables(p.value); err != nil {
				return nil, err
			}
		}
	}
	return doc, nil
}

func (dc *decoder) enums(n *yaml.Node) ([]*enumDecl, error) {
	pairs, err := dc.mapping(n, "enums", nil)
	if err != nil {
		return nil, err
	}
	var out []*enumDecl
	for _, p := range pairs {
		what := "enum " + p.key
		values := p.value
		if values.Kind == yaml.MappingNode {
			vp, err := dc.mapping(values, what, enumDeclKeys)
			if err != nil {
				return nil, err
			}
			if len(vp) == 0 {
				return nil, dc.errorf(values, "%s: values are required", what)
			}
			values = vp[0].value
		}
		items, err := dc.list(values, what+": values")
		if err != nil {
			return nil, err
		}
		e := &enumDecl{name: p.key, line: p.keyN.Line}
		for _, it := range items {
			v, err := dc.str(it, what+": value")
			if err != nil {
				return nil, err
			}
			e.values = append(e.values, v)
		}
		if len(e.values) == 0 {
			return nil, dc.errorf(values, "%s: an enum needs at least one value", what)
		}
		out = append(out, e)
	}
	return out, nil
}

func (dc *decoder) tables(n *yaml.Node) ([]*tableDecl, error) {
	pairs, err := dc.mapping(n, "tables", nil)
	if err != nil {
		return nil, err
	}
	var out []*tableDecl
	for _, p := range pairs {
		t, err := dc.table(p)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func (dc *decoder) table(tp pair) (*tableDecl, error) {
	t := &tableDecl{name: tp.key, file: dc.file, line: tp.keyN.Line}
	what := "table " + t.name
	if t.name == "" || strings.ContainsRune(t.name, 0) {
		return nil, dc.errorf(tp.keyN, "tables: want a non-empty table name")
	}
	pairs, err := dc.mapping(tp.value, what, tableKeys)
	if err != nil {
		return nil, err
	}
	var columnsNode *yaml.Node
	for _, p := range pairs {
		w := what + ": " + p.key
		switch p.key {
		case "columns":
			columnsNode = p.value
		case "comment":
			t.comment, err = dc.str(p.value, w)
		case "renamed_from":
			t.renamedFrom, err = dc.name(p.value, w)
		case "primary_key":
			t.primaryKey, err = dc.key(p.value, w)
		case "uniques":
			t.uniques, err = listOf(dc, p.value, w, dc.key)
		case "indexes":
			t.indexes, err = listOf(dc, p.value, w, dc.index)
		case "foreign_keys":
			t.foreignKeys, err = listOf(dc, p.value, w, dc.foreignKey)
		case "checks":
			t.checks, err = listOf(dc, p.value, w, dc.check)
		}
		if err != nil {
			return nil, err
		}
	}
	if columnsNode == nil {
		return nil, dc.errorf(tp.keyN, "%s: columns are required", what)
	}
	cols, err := dc.mapping(columnsNode, what+": columns", nil)
	if err != nil {
		return nil, err
	}
	if len(cols) == 0 {
		return nil, dc.errorf(columnsNode, "%s: a table needs at least one column", what)
	}
	for _, p := range cols {
		if err := dc.column(t, p); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// column reads one column, and the keys and references it declares
// inline into its table.
func (dc *decoder) column(t *tableDecl, p pair) error {
	c := &columnDecl{name: p.key, line: p.keyN.Line, typeLine: p.keyN.Line}
	what := "column " + t.name + "." + c.name
	if c.name == "" || strings.ContainsRune(c.name, 0) {
		return dc.errorf(p.keyN, "table %s: want a non-empty column name", t.name)
	}
	t.columns = append(t.columns, c)
	if p.value.Kind == yaml.ScalarNode {
		typ, err := dc.name(p.value, what+": type")
		c.typ, c.typeLine = typ, p.value.Line
		return err
	}
	pairs, err := dc.mapping(p.value, what, columnKeys)
	if err != nil {
		return err
	}
	for _, cp := range pairs {
		w := what + ": " + cp.key
		switch cp.key {
		case "type":
			c.typ, err = dc.name(cp.value, w)
			c.typeLine = cp.value.Line
		case "values":
			c.values, err = listOf(dc, cp.value, w, dc.str)
		case "nullable":
			var b bool
			if b, err = dc.boolean(cp.value, w); err == nil {
				c.nullable = &b
			}
		case "default":
			c.def, err = dc.defaultValue(cp.value, w)
		case "primary":
			c.primary, err = dc.boolean(cp.value, w)
		case "unsigned":
			c.unsigned, err = dc.boolean(cp.value, w)
		case "comment":
			c.comment, err = dc.str(cp.value, w)
		case "renamed_from":
			c.renamedFrom, err = dc.name(cp.value, w)
		case "unique", "index":
			on, name, ferr := dc.flagOrName(cp.value, w)
			if ferr != nil {
				return ferr
			}
			if on && cp.key == "unique" {
				t.uniques = append(t.uniques, &keyDecl{name: name, columns: []string{c.name}, line: cp.keyN.Line})
			} else if on {
				t.indexes = append(t.indexes, &indexDecl{name: name, parts: []indexPartDecl{{column: c.name}}, line: cp.keyN.Line})
			}
		case "references":
			var fk *foreignKeyDecl
			if fk, err = dc.columnReference(cp.value, w); err == nil {
				fk.columns = []string{c.name}
				t.foreignKeys = append(t.foreignKeys, fk)
			}
		}
		if err != nil {
			return err
		}
	}
	if c.typ == "" {
		return dc.errorf(p.keyN, "%s: type is required", what)
	}
	return nil
}

// flagOrName reads `true`, `false` or a name (true with that name).
func (dc *decoder) flagOrName(n *yaml.Node, what string) (bool, string, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		b, err := dc.boolean(n, what)
		return b, "", err
	}
	name, err := dc.name(n, what+" (true, false or a name)")
	return true, name, err
}

func (dc *decoder) defaultValue(n *yaml.Node, what string) (*defaultDecl, error) {
	d := &defaultDecl{line: n.Line}
	if n.Kind == yaml.MappingNode {
		pairs, err := dc.mapping(n, what, defaultKeys)
		if err != nil {
			return nil, err
		}
		if len(pairs) == 0 {
			return nil, dc.errorf(n, "%s: want a value or {sql: EXPRESSION}", what)
		}
		d.kind = "sql"
		d.text, err = dc.name(pairs[0].value, what+": sql")
		return d, err
	}
	if n.Kind != yaml.ScalarNode {
		return nil, dc.errorf(n, "%s: want a value or {sql: EXPRESSION}, found %s", what, describe(n))
	}
	d.text = n.Value
	switch n.Tag {
	case "!!null":
		d.kind = "null"
	case "!!bool":
		d.kind = "bool"
		d.text = strings.ToLower(n.Value)
	case "!!int", "!!float":
		d.kind = "number"
		if !numberLiteral.MatchString(n.Value) {
			return nil, dc.errorf(n, "%s: %q is not a plain decimal number; quote it to make it a string, or use {sql: ...}", what, n.Value)
		}
	default:
		d.kind = "string"
	}
	return d, nil
}

// key reads a primary key or UNIQUE constraint: a list of columns, or
// {name, columns}.
func (dc *decoder) key(n *yaml.Node, what string) (*keyDecl, error) {
	k := &keyDecl{line: n.Line}
	if n.Kind != yaml.MappingNode {
		cols, err := dc.names(n, what+": columns")
		k.columns = cols
		return k, err
	}
	pairs, err := dc.mapping(n, what, keyKeys)
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		switch p.key {
		case "name":
			k.name, err = dc.name(p.value, what+": name")
		case "columns":
			k.columns, err = dc.names(p.value, what+": columns")
		}
		if err != nil {
			return nil, err
		}
	}
	if len(k.columns) == 0 {
		return nil, dc.errorf(n, "%s: columns are required", what)
	}
	return k, nil
}

func (dc *decoder) index(n *yaml.Node, what string) (*indexDecl, error) {
	ix := &indexDecl{line: n.Line}
	pairs, err := dc.mapping(n, what, indexKeys)
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		w := what + ": " + p.key
		switch p.key {
		case "name":
			ix.name, err = dc.name(p.value, w)
		case "unique":
			ix.unique, err = dc.boolean(p.value, w)
		case "using":
			ix.using, err = dc.name(p.value, w)
		case "where":
			ix.where, err = dc.name(p.value, w)
		case "columns":
			ix.parts, err = dc.indexParts(p.value, w)
		}
		if err != nil {
			return nil, err
		}
	}
	if len(ix.parts) == 0 {
		return nil, dc.errorf(n, "%s: columns are required", what)
	}
	return ix, nil
}

func (dc *decoder) indexParts(n *yaml.Node, what string) ([]indexPartDecl, error) {
	if n.Kind == yaml.ScalarNode {
		s, err := dc.name(n, what)
		return []indexPartDecl{{column: s}}, err
	}
	items, err := dc.list(n, what)
	if err != nil {
		return nil, err
	}
	var out []indexPartDecl
	for _, it := range items {
		if it.Kind == yaml.ScalarNode {
			s, err := dc.name(it, what)
			if err != nil {
				return nil, err
			}
			out = append(out, indexPartDecl{column: s})
			continue
		}
		pairs, err := dc.mapping(it, what, indexPartKeys)
		if err != nil {
			return nil, err
		}
		var part indexPartDecl
		for _, p := range pairs {
			switch p.key {
			case "column":
				part.column, err = dc.name(p.value, what+": column")
			case "expr":
				part.expr, err = dc.name(p.value, what+": expr")
			case "order":
				var o string
				if o, err = dc.name(p.value, what+": order"); err == nil {
					switch strings.ToLower(o) {
					case "asc":
					case "desc":
						part.desc = true
					default:
						err = dc.errorf(p.value, "%s: order: want asc or desc, found %q", what, o)
					}
				}
			}
			if err != nil {
				return nil, err
			}
		}
		if (part.column == "") == (part.expr == "") {
			return nil, dc.errorf(it, "%s: give exactly one of column and expr", what)
		}
		out = append(out, part)
	}
	if len(out) == 0 {
		return nil, dc.errorf(n, "%s: the list is empty", what)
	}
	return out, nil
}

func (dc *decoder) action(n *yaml.Node, what string) (string, error) {
	s, err := dc.name(n, what)
	if err != nil {
		return "", err
	}
	a, ok := referentialOps[strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", " "))]
	if !ok {
		return "", dc.errorf(n, "%s: want cascade, restrict, set null, set default or no action, found %q", what, s)
	}
	return a, nil
}

func (dc *decoder) foreignKey(n *yaml.Node, what string) (*foreignKeyDecl, error) {
	fk := &foreignKeyDecl{line: n.Line}
	pairs, err := dc.mapping(n, what, foreignKeys)
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		w := what + ": " + p.key
		switch p.key {
		case "name":
			fk.name, err = dc.name(p.value, w)
		case "columns":
			fk.columns, err = dc.names(p.value, w)
		case "on_delete":
			fk.onDelete, err = dc.action(p.value, w)
		case "on_update":
			fk.onUpdate, err = dc.action(p.value, w)
		case "references":
			var tp []pair
			if tp, err = dc.mapping(p.value, w, fkTargetKeys); err == nil {
				for _, q := range tp {
					if q.key == "table" {
						fk.refTable, err = dc.name(q.value, w+": table")
					} else {
						fk.refColumns, err = dc.names(q.value, w+": columns")
					}
					if err != nil {
						return nil, err
					}
				}
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if len(fk.columns) == 0 || fk.refTable == "" || len(fk.refColumns) == 0 {
		return nil, dc.errorf(n, "%s: columns, references.table and references.columns are required", what)
	}
	return fk, nil
}

// columnReference reads a column's references: "table.column", or
// {table, column, name, on_delete, on_update}.
func (dc *decoder) columnReference(n *yaml.Node, what string) (*foreignKeyDecl, error) {
	fk := &foreignKeyDecl{line: n.Line}
	if n.Kind == yaml.ScalarNode {
		s, err := dc.name(n, what)
		if err != nil {
			return nil, err
		}
		i := strings.LastIndex(s, ".")
		if i <= 0 || i == len(s)-1 {
			return nil, dc.errorf(n, "%s: want \"table.column\", found %q", what, s)
		}
		fk.refTable, fk.refColumns = s[:i], []string{s[i+1:]}
		return fk, nil
	}
	pairs, err := dc.mapping(n, what, columnRefKeys)
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		w := what + ": " + p.key
		switch p.key {
		case "table":
			fk.refTable, err = dc.name(p.value, w)
		case "column":
			var c string
			c, err = dc.name(p.value, w)
			fk.refColumns = []string{c}
		case "name":
			fk.name, err = dc.name(p.value, w)
		case "on_delete":
			fk.onDelete, err = dc.action(p.value, w)
		case "on_update":
			fk.onUpdate, err = dc.action(p.value, w)
		}
		if err != nil {
			return nil, err
		}
	}
	if fk.refTable == "" || len(fk.refColumns) == 0 {
		return nil, dc.errorf(n, "%s: table and column are required", what)
	}
	return fk, nil
}

func (dc *decoder) check(n *yaml.Node, what string) (*checkDecl, error) {
	ck := &checkDecl{line: n.Line}
	if n.Kind == yaml.ScalarNode {
		var err error
		ck.expr, err = dc.name(n, what)
		return ck, err
	}
	pairs, err := dc.mapping(n, what, checkKeys)
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		if p.key == "name" {
			ck.name, err = dc.name(p.value, what+": name")
		} else {
			ck.expr, err = dc.name(p.value, what+": expr")
		}
		if err != nil {
			return nil, err
		}
	}
	if ck.expr == "" {
		return nil, dc.errorf(n, "%s: expr is required", what)
	}
	return ck, nil
}
