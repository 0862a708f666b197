package sqlddl

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

	"github.com/migrate-bot/migrate-bot/internal/engine/pgexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// tableConstraints are a statement's constraints sorted into the order in
// which PostgreSQL names them: CHECKs when the table is created, then the
// primary key's index, then UNIQUE indexes, then foreign keys.
type tableConstraints struct {
	checks  []*pg.Constraint
	pkey    *pg.Constraint
	uniques []*pg.Constraint
	fks     []*pg.Constraint
	// columns holds, for constraints written on a column, that column.
	columns map[*pg.Constraint]string
}

func (tc *tableConstraints) add(st stmt, con *pg.Constraint, column string) error {
	if column != "" {
		if tc.columns == nil {
			tc.columns = map[*pg.Constraint]string{}
		}
		tc.columns[con] = column
	}
	switch con.Contype {
	case pg.ConstrType_CONSTR_CHECK:
		tc.checks = append(tc.checks, con)
	case pg.ConstrType_CONSTR_PRIMARY:
		if tc.pkey != nil {
			return st.errorf(con.Location, "multiple primary keys are not allowed")
		}
		tc.pkey = con
	case pg.ConstrType_CONSTR_UNIQUE:
		tc.uniques = append(tc.uniques, con)
	case pg.ConstrType_CONSTR_FOREIGN:
		tc.fks = append(tc.fks, con)
	case pg.ConstrType_CONSTR_EXCLUSION:
		return st.errorf(con.Location, "EXCLUDE constraints are not supported")
	default:
		return st.errorf(con.Location, "constraint type %s is not supported here", constrName(con.Contype))
	}
	return nil
}

func constrName(t pg.ConstrType) string {
	return strings.TrimPrefix(t.String(), "CONSTR_")
}

// createTable reads CREATE TABLE.
func (r *pgReader) createTable(st stmt, cs *pg.CreateStmt) error {
	switch {
	case len(cs.InhRelations) > 0 && cs.Partbound != nil:
		return st.errorf(cs.Relation.GetLocation(), "CREATE TABLE ... PARTITION OF is not supported")
	case len(cs.InhRelations) > 0:
		return st.errorf(cs.Relation.GetLocation(), "CREATE TABLE ... INHERITS is not supported")
	case cs.Partspec != nil:
		return st.errorf(cs.Relation.GetLocation(), "partitioned tables (PARTITION BY) are not supported")
	case cs.OfTypename != nil:
		return st.errorf(cs.Relation.GetLocation(), "typed tables (CREATE TABLE ... OF type) are not supported")
	case cs.Relation.GetRelpersistence() == "t":
		return st.errorf(cs.Relation.GetLocation(), "temporary tables are not part of a schema")
	case cs.AccessMethod != "" && cs.AccessMethod != "heap":
		return st.errorf(cs.Relation.GetLocation(), "table access method %q is not supported", cs.AccessMethod)
	}
	q := r.qname(cs.Relation)
	if r.tables[q] != nil {
		if cs.IfNotExists {
			return nil
		}
		return st.errorf(cs.Relation.GetLocation(), "table %s is already defined", q)
	}
	t := &pgTable{t: &schema.Table{Name: q, Pos: st.start()}, cols: make(map[string]*schema.Column, len(cs.TableElts))}
	t.t.Columns = make([]*schema.Column, 0, len(cs.TableElts))
	opts, err := r.tableOptions(st, cs)
	if err != nil {
		return err
	}
	t.t.Options = opts

	// Lines where a table or a column starts, for rename hints.
	taken := map[int]bool{st.file.line(st.loc): true}
	for _, e := range cs.TableElts {
		if cd := e.GetColumnDef(); cd != nil {
			taken[st.at(cd.Location).Line] = true
		}
	}
	t.t.RenamedFrom = st.file.hintFor(st.at(cs.Relation.GetLocation()).Line, map[int]bool{})
	if t.t.RenamedFrom == "" {
		t.t.RenamedFrom = st.file.hintFor(st.start().Line, map[int]bool{})
	}

	var cons tableConstraints
	var defaults []columnDefault
	for _, e := range cs.TableElts {
		switch x := e.GetNode().(type) {
		case *pg.Node_ColumnDef:
			d, err := r.column(st, t, x.ColumnDef, &cons, taken)
			if err != nil {
				return err
			}
			defaults = append(defaults, d...)
		case *pg.Node_Constraint:
			if err := cons.add(st, x.Constraint, ""); err != nil {
				return err
			}
		case *pg.Node_TableLikeClause:
			return st.errorf(x.TableLikeClause.GetRelation().GetLocation(), "CREATE TABLE ... (LIKE ...) is not supported")
		default:
			return st.errorf(cs.Relation.GetLocation(), "unsupported table element")
		}
	}
	r.names.takeRel(q.Schema, q.Name)
	r.tables[q] = t
	r.s.Tables = append(r.s.Tables, t.t)
	for _, d := range defaults {
		if err := r.applyDefault(st, t, d); err != nil {
			return err
		}
	}
	return r.addConstraints(st, t, &cons, true)
}

// tableOptions reads UNLOGGED and WITH (storage parameters) into options.
func (r *pgReader) tableOptions(st stmt, cs *pg.CreateStmt) (map[string]string, error) {
	opts := map[string]string{}
	if cs.Relation.GetRelpersistence() == "u" {
		opts["persistence"] = "unlogged"
	}
	for _, o := range cs.Options {
		de := o.GetDefElem()
		if de == nil {
			continue
		}
		v, err := defElemText(de)
		if err != nil {
			return nil, st.errorf(de.Location, "table option %s: %v", de.Defname, err)
		}
		key := de.Defname
		if de.Defnamespace != "" {
			key = de.Defnamespace + "." + key
		}
		opts[key] = v
	}
	if len(opts) == 0 {
		return nil, nil
	}
	return opts, nil
}

// defElemText renders a storage parameter's value.
func defElemText(de *pg.DefElem) (string, error) {
	if de.Arg == nil {
		return "true", nil
	}
	switch x := de.Arg.GetNode().(type) {
	case *pg.Node_Integer:
		return fmt.Sprint(x.Integer.Ival), nil
	case *pg.Node_Float:
		return x.Float.Fval, nil
	case *pg.Node_String_:
		return x.String_.Sval, nil
	case *pg.Node_Boolean:
		return fmt.Sprint(x.Boolean.Boolval), nil
	case *pg.Node_TypeName:
		return strings.Join(strs(x.TypeName.Names), "."), nil
	}
	return "", fmt.Errorf("unsupported value")
}

// columnDefault is a default to canonicalize once the table's columns are
// known.
type columnDefault struct {
	col *schema.Column
	raw *pg.Node
	loc int32
	// generated marks a GENERATED ALWAYS AS (...) STORED expression.
	generated bool
}

// column reads one column definition and sorts its constraints.
func (r *pgReader) column(st stmt, t *pgTable, cd *pg.ColumnDef, cons *tableConstraints, taken map[int]bool) ([]columnDefault, error) {
	if t.cols[cd.Colname] != nil {
		return nil, st.errorf(cd.Location, "column %q specified more than once", cd.Colname)
	}
	typ, serial, err := r.columnType(st, cd.TypeName)
	if err != nil {
		return nil, err
	}
	col := &schema.Column{Name: cd.Colname, Type: typ, NotNull: cd.IsNotNull, Pos: st.at(cd.Location)}
	col.RenamedFrom = st.file.hintFor(col.Pos.Line, taken)
	if cd.CollClause != nil {
		col.Collation = collation(cd.CollClause.Collname)
	}
	if cd.Compression != "" || cd.StorageName != "" {
		return nil, st.errorf(cd.Location, "column %s: COMPRESSION and STORAGE are not supported", cd.Colname)
	}
	t.cols[col.Name] = col
	t.t.Columns = append(t.t.Columns, col)
	var defaults []columnDefault
	var last *pg.Constraint
	for _, cn := range cd.Constraints {
		con := cn.GetConstraint()
		if con == nil {
			continue
		}
		switch con.Contype {
		case pg.ConstrType_CONSTR_NULL:
			col.NotNull = false
		case pg.ConstrType_CONSTR_NOTNULL:
			col.NotNull = true
		case pg.ConstrType_CONSTR_DEFAULT:
			if serial || len(defaults) > 0 {
				return nil, st.errorf(con.Location, "multiple default values specified for column %q", cd.Colname)
			}
			defaults = append(defaults, columnDefault{col: col, raw: con.RawExpr, loc: con.Location})
		case pg.ConstrType_CONSTR_IDENTITY:
			if err := r.identity(st, t, col, con); err != nil {
				return nil, err
			}
		case pg.ConstrType_CONSTR_GENERATED:
			defaults = append(defaults, columnDefault{col: col, raw: con.RawExpr, loc: con.Location, generated: true})
		case pg.ConstrType_CONSTR_ATTR_DEFERRABLE, pg.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE,
			pg.ConstrType_CONSTR_ATTR_DEFERRED, pg.ConstrType_CONSTR_ATTR_IMMEDIATE:
			if last == nil || last.Contype != pg.ConstrType_CONSTR_FOREIGN && last.Contype != pg.ConstrType_CONSTR_UNIQUE &&
				last.Contype != pg.ConstrType_CONSTR_PRIMARY {
				return nil, st.errorf(con.Location, "misplaced DEFERRABLE clause")
			}
			switch con.Contype {
			case pg.ConstrType_CONSTR_ATTR_DEFERRABLE:
				last.Deferrable = true
			case pg.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE:
				last.Deferrable = false
			case pg.ConstrType_CONSTR_ATTR_DEFERRED:
				last.Initdeferred = true
				last.Deferrable = true
			case pg.ConstrType_CONSTR_ATTR_IMMEDIATE:
				last.Initdeferred = false
			}
		default:
			// The tree is shared (Parser): the column is set on a copy.
			switch con.Contype {
			case pg.ConstrType_CONSTR_PRIMARY, pg.ConstrType_CONSTR_UNIQUE:
				con = proto.Clone(con).(*pg.Constraint)
				con.Keys = []*pg.Node{strNode(cd.Colname)}
			case pg.ConstrType_CONSTR_FOREIGN:
				con = proto.Clone(con).(*pg.Constraint)
				con.FkAttrs = []*pg.Node{strNode(cd.Colname)}
			}
			if err := cons.add(st, con, cd.Colname); err != nil {
				return nil, err
			}
		}
		if con.Contype != pg.ConstrType_CONSTR_ATTR_DEFERRABLE && con.Contype != pg.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE &&
			con.Contype != pg.ConstrType_CONSTR_ATTR_DEFERRED && con.Contype != pg.ConstrType_CONSTR_ATTR_IMMEDIATE {
			last = con
		}
	}
	if serial {
		seq := r.names.relation(t.t.Name.Schema, t.t.Name.Name, col.Name, "seq", false)
		q := schema.QName{Schema: t.t.Name.Schema, Name: seq}
		col.NotNull = true
		col.Default = &schema.Default{Kind: schema.DefaultSequence, Expr: r.nextval(q), Sequence: &q, Pos: col.Pos}
	}
	return defaults, nil
}

func strNode(s string) *pg.Node {
	return &pg.Node{Node: &pg.Node_String_{String_: &pg.String{Sval: s}}}
}

// collation spells a COLLATE clause's name (the last part, unquoted).
func collation(names []*pg.Node) string {
	parts := strs(names)
	if len(parts) == 0 {
		return ""
	}
	return parts[len(parts)-1]
}

// nextval is the default expression of a serial column as pg_get_expr
// prints it: the sequence qualified only outside the default namespace.
func (r *pgReader) nextval(seq schema.QName) string {
	name := pgexpr.QuoteIdent(seq.Name)
	if seq.Schema != r.d.DefaultNamespace {
		name = pgexpr.QuoteIdent(seq.Schema) + "." + name
	}
	return "nextval('" + strings.ReplaceAll(name, "'", "''") + "'::regclass)"
}

// applyDefault canonicalizes a column default or a generated column's
// expression.
func (r *pgReader) applyDefault(st stmt, t *pgTable, d columnDefault) error {
	if d.generated {
		expr, err := pgexpr.DeparseNode(d.raw, t.columnTypes())
		if err != nil {
			return st.errorf(d.loc, "column %s: generated expression: %v", d.col.Name, err)
		}
		d.col.Generated = &schema.Generated{Expr: expr, Stored: true}
		return nil
	}
	def, err := r.columnDefault(d.raw, d.col.Type.Norm)
	if err != nil {
		return st.errorf(d.loc, "column %s: default: %v", d.col.Name, err)
	}
	if def.Kind == schema.DefaultLiteral && def.Expr == "NULL" {
		// The server stores no default for DEFAULT NULL.
		d.col.Default = nil
		return nil
	}
	def.Pos = st.at(d.loc)
	d.col.Default = &def
	return nil
}

// identity reads GENERATED {ALWAYS|BY DEFAULT} AS IDENTITY [(options)].
func (r *pgReader) identity(st stmt, t *pgTable, col *schema.Column, con *pg.Constraint) error {
	if col.Identity != nil {
		return st.errorf(con.Location, "multiple identity specifications for column %q", col.Name)
	}
	id := &schema.Identity{Always: con.GeneratedWhen == "a", Start: 1, Increment: 1}
	seqName := ""
	startSet := false
	for _, o := range con.Options {
		de := o.GetDefElem()
		if de == nil {
			continue
		}
		switch de.Defname {
		case "start":
			v, ok := constInt(de.Arg)
			if !ok {
				return st.errorf(de.Location, "START WITH needs an integer")
			}
			id.Start, startSet = v, true
		case "increment":
			v, ok := constInt(de.Arg)
			if !ok || v == 0 {
				return st.errorf(de.Location, "INCREMENT BY needs a non-zero integer")
			}
			id.Increment = v
		case "sequence_name":
			if l := de.Arg.GetList(); l != nil {
				if parts := strs(l.Items); len(parts) > 0 {
					seqName = parts[len(parts)-1]
				}
			}
		}
	}
	if id.Increment < 0 && !startSet {
		id.Start = -1
	}
	if seqName == "" {
		seqName = r.names.relation(t.t.Name.Schema, t.t.Name.Name, col.Name, "seq", false)
	} else {
		r.names.takeRel(t.t.Name.Schema, seqName)
	}
	col.Identity = id
	col.NotNull = true
	return nil
}
