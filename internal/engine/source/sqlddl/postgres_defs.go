package sqlddl

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/migrate-bot/migrate-bot/internal/engine/pgexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// definition deparses a whole statement: the normalized text of a view,
// function or trigger definition.
func definition(st stmt) (string, error) {
	out, err := pg.Deparse(&pg.ParseResult{Version: pgexpr.TreeVersion(), Stmts: []*pg.RawStmt{{Stmt: st.node}}})
	if err != nil {
		return "", st.errorf(-1, "cannot normalize the definition: %v", err)
	}
	return out, nil
}

// qualify writes the resolved schema into a relation name before the
// statement is deparsed: the server prints an object's own name, and a
// trigger's table, schema-qualified (pg_get_functiondef,
// pg_get_triggerdef, and Inspect's CREATE VIEW), so the definition is
// spelled the same whatever search_path the file was written for.
func qualify(rv *pg.RangeVar, q schema.QName) {
	if rv != nil {
		rv.Schemaname = q.Schema
	}
}

// addObject adds a view, function or trigger; CREATE OR REPLACE replaces
// an earlier definition of the same object.
func (r *pgReader) addObject(st stmt, o *schema.Object, replace bool) error {
	key := o.Key()
	if old := r.objects[key]; old != nil {
		if !replace {
			return st.errorf(-1, "%s is already defined at %s", key, old.Pos)
		}
		*old = *o
		return nil
	}
	r.objects[key] = o
	r.s.Objects = append(r.s.Objects, o)
	return nil
}

// createView reads CREATE [OR REPLACE] VIEW.
func (r *pgReader) createView(st stmt, v *pg.ViewStmt) error {
	if v.View.GetRelpersistence() == "t" {
		return st.errorf(v.View.GetLocation(), "temporary views are not part of a schema")
	}
	replace := v.Replace
	v.Replace = false // OR REPLACE is how it was run, not what it is
	q := r.qname(v.View)
	qualify(v.View, q)
	def, err := definition(st)
	if err != nil {
		return err
	}
	r.names.takeRel(q.Schema, q.Name)
	o := &schema.Object{Kind: schema.ObjectView, Name: q, Definition: def, Pos: st.start(),
		DependsOn: r.rangeVars(v.Query, map[schema.QName]bool{q: true})}
	return r.addObject(st, o, replace)
}

// createTableAs reads CREATE MATERIALIZED VIEW; CREATE TABLE AS copies
// data and is not supported.
func (r *pgReader) createTableAs(st stmt, s *pg.CreateTableAsStmt) error {
	rel := s.GetInto().GetRel()
	if s.Objtype != pg.ObjectType_OBJECT_MATVIEW {
		return st.errorf(rel.GetLocation(), "CREATE TABLE ... AS is not supported; write the table's columns")
	}
	q := r.qname(rel)
	qualify(rel, q)
	def, err := definition(st)
	if err != nil {
		return err
	}
	if r.objects[(&schema.Object{Kind: schema.ObjectMaterializedView, Name: q}).Key()] != nil && s.IfNotExists {
		return nil
	}
	r.names.takeRel(q.Schema, q.Name)
	o := &schema.Object{Kind: schema.ObjectMaterializedView, Name: q, Definition: def, Pos: st.start(),
		DependsOn: r.rangeVars(s.Query, map[schema.QName]bool{q: true})}
	return r.addObject(st, o, false)
}

// createFunction reads CREATE [OR REPLACE] FUNCTION / PROCEDURE.
func (r *pgReader) createFunction(st stmt, f *pg.CreateFunctionStmt) error {
	q, ok := r.qnameOf(f.Funcname)
	if !ok {
		return st.errorf(-1, "invalid function name")
	}
	sig, err := r.signature(st, f.Parameters)
	if err != nil {
		return err
	}
	replace := f.Replace
	f.Replace = false
	f.Funcname = []*pg.Node{strNode(q.Schema), strNode(q.Name)}
	def, err := definition(st)
	if err != nil {
		return err
	}
	kind := schema.ObjectFunction
	if f.IsProcedure {
		kind = schema.ObjectProcedure
	}
	o := &schema.Object{Kind: kind, Name: q, Signature: sig, Definition: def, Pos: st.start()}
	return r.addObject(st, o, replace)
}

// signature spells the identity argument types of a function: IN, INOUT
// and VARIADIC parameters, in format_type spelling, "(integer, text)".
func (r *pgReader) signature(st stmt, params []*pg.Node) (string, error) {
	var types []string
	for _, p := range params {
		fp := p.GetFunctionParameter()
		if fp == nil {
			continue
		}
		switch fp.Mode {
		case pg.FunctionParameterMode_FUNC_PARAM_OUT, pg.FunctionParameterMode_FUNC_PARAM_TABLE:
			continue
		}
		if fp.ArgType.GetPctType() {
			return "", st.errorf(fp.ArgType.GetLocation(), "%%TYPE parameter types are not supported")
		}
		t, _, err := r.columnType(st, fp.ArgType)
		if err != nil {
			return "", err
		}
		types = append(types, t.Norm)
	}
	return "(" + strings.Join(types, ", ") + ")", nil
}

// createTrigger reads CREATE [OR REPLACE] [CONSTRAINT] TRIGGER.
func (r *pgReader) createTrigger(st stmt, tr *pg.CreateTrigStmt) error {
	replace := tr.Replace
	tr.Replace = false
	table := r.qname(tr.Relation)
	qualify(tr.Relation, table)
	def, err := definition(st)
	if err != nil {
		return err
	}
	fn, ok := r.qnameOf(tr.Funcname)
	if !ok {
		return st.errorf(tr.Relation.GetLocation(), "invalid trigger function name")
	}
	o := &schema.Object{Kind: schema.ObjectTrigger, Name: schema.QName{Schema: table.Schema, Name: tr.Trigname},
		Table: &table, Definition: def, Pos: st.start(), DependsOn: []schema.QName{table, fn}}
	return r.addObject(st, o, replace)
}

// comment reads COMMENT ON TABLE, COLUMN, SCHEMA, TYPE, SEQUENCE, VIEW,
// MATERIALIZED VIEW, FUNCTION and PROCEDURE; COMMENT ON EXTENSION is
// ignored (the model keeps no extension comments).
func (r *pgReader) comment(st stmt, c *pg.CommentStmt) error {
	switch c.Objtype {
	case pg.ObjectType_OBJECT_EXTENSION:
		return nil
	case pg.ObjectType_OBJECT_TABLE:
		t, err := r.commentTable(st, c.Object.GetList().GetItems())
		if err != nil {
			return err
		}
		t.t.Comment = c.Comment
		return nil
	case pg.ObjectType_OBJECT_COLUMN:
		parts := c.Object.GetList().GetItems()
		if len(parts) < 2 {
			return st.errorf(-1, "COMMENT ON COLUMN needs table.column")
		}
		t, err := r.commentTable(st, parts[:len(parts)-1])
		if err != nil {
			return err
		}
		name := parts[len(parts)-1].GetString_().GetSval()
		col := t.cols[name]
		if col == nil {
			return st.errorf(-1, "column %q of table %s does not exist", name, t.t.Name)
		}
		col.Comment = c.Comment
		return nil
	case pg.ObjectType_OBJECT_SCHEMA:
		name := c.Object.GetString_().GetSval()
		if n := r.ns[name]; n != nil {
			n.Comment = c.Comment
			return nil
		}
		if name == r.d.DefaultNamespace {
			// pg_dump comments the implicit public schema; it is not listed.
			return nil
		}
		return st.errorf(-1, "schema %q is not defined before this statement", name)
	case pg.ObjectType_OBJECT_TYPE:
		q, _ := r.qnameOf(c.Object.GetTypeName().GetNames())
		if e := r.enums[q]; e != nil {
			e.Comment = c.Comment
			return nil
		}
		return st.errorf(-1, "type %s is not an enum defined before this statement", q)
	case pg.ObjectType_OBJECT_SEQUENCE:
		q, _ := r.qnameOf(c.Object.GetList().GetItems())
		if s := r.seqs[q]; s != nil {
			s.Comment = c.Comment
			return nil
		}
		return st.errorf(-1, "sequence %s is not defined before this statement", q)
	case pg.ObjectType_OBJECT_VIEW, pg.ObjectType_OBJECT_MATVIEW:
		q, _ := r.qnameOf(c.Object.GetList().GetItems())
		kind := schema.ObjectView
		if c.Objtype == pg.ObjectType_OBJECT_MATVIEW {
			kind = schema.ObjectMaterializedView
		}
		if o := r.objects[(&schema.Object{Kind: kind, Name: q}).Key()]; o != nil {
			o.Comment = c.Comment
			return nil
		}
		return st.errorf(-1, "%s %s is not defined before this statement", kind, q)
	case pg.ObjectType_OBJECT_FUNCTION, pg.ObjectType_OBJECT_PROCEDURE:
		return r.commentFunction(st, c)
	}
	return st.errorf(-1, "COMMENT ON %s is not supported", objectTypeName(c.Objtype))
}

func (r *pgReader) commentTable(st stmt, names []*pg.Node) (*pgTable, error) {
	q, ok := r.qnameOf(names)
	if !ok || r.tables[q] == nil {
		return nil, st.errorf(-1, "table %s is not defined before this statement", q)
	}
	return r.tables[q], nil
}

func (r *pgReader) commentFunction(st stmt, c *pg.CommentStmt) error {
	owa := c.Object.GetObjectWithArgs()
	if owa == nil {
		return st.errorf(-1, "COMMENT ON FUNCTION needs a function name")
	}
	q, _ := r.qnameOf(owa.Objname)
	kind := schema.ObjectFunction
	if c.Objtype == pg.ObjectType_OBJECT_PROCEDURE {
		kind = schema.ObjectProcedure
	}
	var match *schema.Object
	for _, o := range r.s.Objects {
		if o.Kind != kind || o.Name != q {
			continue
		}
		if !owa.ArgsUnspecified {
			var types []string
			for _, a := range owa.Objargs {
				t, _, err := r.columnType(st, a.GetTypeName())
				if err != nil {
					return err
				}
				types = append(types, t.Norm)
			}
			if o.Signature != "("+strings.Join(types, ", ")+")" {
				continue
			}
		}
		if match != nil {
			return st.errorf(-1, "%s name %s is not unique; give the argument types", kind, q)
		}
		match = o
	}
	if match == nil {
		return st.errorf(-1, "%s %s is not defined before this statement", kind, q)
	}
	match.Comment = c.Comment
	return nil
}
