package mysqlddl

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	driver "github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/myexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// tableState is a table being built, with what the server would remember
// about it beyond the model: its effective collation (for column
// collations), the indexes it created for foreign keys, and its counters
// for generated constraint names.
type tableState struct {
	t         *schema.Table
	collation string
	// implicit names indexes InnoDB created for a foreign key; a later
	// index that covers the key's columns replaces them.
	implicit map[string]bool
	// checks counts unnamed table-level checks (MariaDB CONSTRAINT_<n>,
	// MySQL <table>_chk_<n> counts column-level ones too).
	checks int
}

// createTable reads CREATE TABLE.
func (r *reader) createTable(n *ast.CreateTableStmt) error {
	name := n.Table.Name.O
	if old := r.tables[strings.ToLower(name)]; old != nil {
		if n.IfNotExists {
			return nil
		}
		return r.errorf(0, "table %s is created twice (first at %s)", name, old.t.Pos)
	}
	switch {
	case n.Select != nil:
		return r.errorf(0, "CREATE TABLE %s ... SELECT is not supported: write the columns", name)
	case n.Partition != nil:
		return r.errorf(0, "table %s: partitioning is not supported by the MySQL reader", name)
	case n.ReferTable != nil:
		return r.createTableLike(n)
	}
	t := &schema.Table{Name: schema.QName{Name: name}, Pos: r.at(0), RenamedFrom: r.src.renameHint(r.stmt.offset)}
	ts := &tableState{t: t, implicit: map[string]bool{}}
	if err := r.tableOptions(ts, n.Options); err != nil {
		return err
	}
	items := tableItems(r.stmt.text)
	var colOffs, consOffs []int
	for _, it := range items {
		if it.constraint {
			consOffs = append(consOffs, it.offset)
		} else {
			colOffs = append(colOffs, it.offset)
		}
	}
	offAt := func(offs []int, i int) int {
		if i < len(offs) {
			return offs[i]
		}
		return 0
	}
	var keys []pendingKey
	for i, cd := range n.Cols {
		off := offAt(colOffs, i)
		c, ks, err := r.column(ts, cd, off)
		if err != nil {
			return err
		}
		if column(ts.t, c.Name) != nil {
			return r.errorf(off, "table %s: column %s is defined twice", name, c.Name)
		}
		t.Columns = append(t.Columns, c)
		keys = append(keys, ks...)
	}
	for i, c := range n.Constraints {
		keys = append(keys, pendingKey{c: c, off: offAt(consOffs, i)})
	}
	if err := r.addKeys(ts, keys); err != nil {
		return err
	}
	r.tables[strings.ToLower(name)] = ts
	r.order = append(r.order, ts)
	return nil
}

// createTableLike reads CREATE TABLE t LIKE other: a copy of the other
// table's columns, keys and checks, without its foreign keys (as MySQL
// copies it).
func (r *reader) createTableLike(n *ast.CreateTableStmt) error {
	src, err := r.table(n.ReferTable.Name, n.ReferTable.Schema, 0)
	if err != nil {
		return err
	}
	t := src.t.Clone()
	t.Name = schema.QName{Name: n.Table.Name.O}
	t.Pos, t.RenamedFrom = r.at(0), r.src.renameHint(r.stmt.offset)
	t.ForeignKeys = nil
	ts := &tableState{t: t, collation: src.collation, implicit: map[string]bool{}, checks: src.checks}
	r.tables[strings.ToLower(t.Name.Name)] = ts
	r.order = append(r.order, ts)
	return nil
}

// tableOptions reads ENGINE, CHARSET, COLLATE and COMMENT into the table.
// Options equal to the dialect's defaults are left out, as introspection
// leaves them out.
func (r *reader) tableOptions(ts *tableState, opts []*ast.TableOption) error {
	f := r.d.MySQL
	charset, collate := "", ""
	if ts.collation != "" {
		collate = ts.collation
	}
	for _, o := range opts {
		switch o.Tp {
		case ast.TableOptionEngine:
			if e := dialect.CanonicalEngine(o.StrValue); e != "" && e != f.DefaultEngine {
				setOption(ts.t, "engine", e)
			} else {
				delete(ts.t.Options, "engine")
			}
		case ast.TableOptionCharset:
			charset, collate = o.StrValue, ""
		case ast.TableOptionCollate:
			collate = o.StrValue
		case ast.TableOptionComment:
			ts.t.Comment = o.StrValue
		}
	}
	coll := f.CollationOf(charset, collate)
	if coll == "" {
		if charset != "" {
			return r.errorf(0, "table %s: unknown character set %s: give its collation too", ts.t.Name.Name, charset)
		}
		coll = f.DefaultCollation
		if ts.collation != "" {
			coll = ts.collation
		}
	}
	ts.collation = coll
	delete(ts.t.Options, "charset")
	delete(ts.t.Options, "collate")
	if coll != f.DefaultCollation {
		setOption(ts.t, "charset", dialect.CharsetOfCollation(coll))
		setOption(ts.t, "collate", coll)
	}
	return nil
}

func setOption(t *schema.Table, k, v string) {
	if t.Options == nil {
		t.Options = map[string]string{}
	}
	t.Options[k] = v
}

// stringTypes have a character set and collation.
func isStringType(norm string) bool {
	for _, p := range []string{"char(", "varchar(", "tinytext", "text", "mediumtext", "longtext", "enum(", "set("} {
		if strings.HasPrefix(norm, p) {
			return true
		}
	}
	return false
}

// pendingKey is a key or constraint waiting for the table's columns: a
// table-level one (c), or one written on a column (col with opt).
type pendingKey struct {
	c   *ast.Constraint
	col string
	opt *ast.ColumnOption
	off int
}

// column reads one column definition. It returns the keys and checks
// written on the column, to be added with the table's.
func (r *reader) column(ts *tableState, cd *ast.ColumnDef, off int) (*schema.Column, []pendingKey, error) {
	name := cd.Name.Name.O
	// The parser marks an unspecified width as -1 (year(-1)).
	raw := strings.ReplaceAll(cd.Tp.InfoSchemaStr(), "(-1)", "")
	if mysql.HasZerofillFlag(cd.Tp.GetFlag()) && !strings.Contains(raw, "zerofill") {
		raw += " zerofill"
	}
	norm, err := r.d.NormalizeMySQLType(raw)
	if err != nil {
		return nil, nil, r.errorf(off, "column %s: %v", name, err)
	}
	c := &schema.Column{Name: name, Type: schema.Type{Raw: raw, Norm: norm}, Pos: r.at(off),
		RenamedFrom: r.src.renameHint(r.stmt.offset + off)}
	charset, collate := cd.Tp.GetCharset(), cd.Tp.GetCollate()
	var keys []pendingKey
	for _, o := range cd.Options {
		switch o.Tp {
		case ast.ColumnOptionNotNull:
			c.NotNull = true
		case ast.ColumnOptionNull:
			c.NotNull = false
		case ast.ColumnOptionPrimaryKey:
			c.NotNull = true
			keys = append(keys, pendingKey{col: name, opt: o, off: off})
		case ast.ColumnOptionUniqKey, ast.ColumnOptionCheck:
			keys = append(keys, pendingKey{col: name, opt: o, off: off})
		case ast.ColumnOptionAutoIncrement:
			c.Default = &schema.Default{Kind: schema.DefaultSequence, Expr: myexpr.AutoIncrement, Pos: c.Pos}
		case ast.ColumnOptionDefaultValue:
			dv, err := r.columnDefault(o.Expr, norm)
			if err != nil {
				return nil, nil, r.errorf(off, "column %s: default: %v", name, err)
			}
			if dv != nil {
				dv.Pos = c.Pos
			}
			c.Default = dv
		case ast.ColumnOptionOnUpdate:
			e, err := r.names().Node(o.Expr)
			if err != nil {
				return nil, nil, r.errorf(off, "column %s: ON UPDATE: %v", name, err)
			}
			c.OnUpdate = e
		case ast.ColumnOptionComment:
			if v, ok := o.Expr.(*driver.ValueExpr); ok {
				c.Comment = v.GetString()
			}
		case ast.ColumnOptionGenerated:
			e, err := r.names().Node(o.Expr)
			if err != nil {
				return nil, nil, r.errorf(off, "column %s: generated expression: %v", name, err)
			}
			c.Generated = &schema.Generated{Expr: e, Stored: o.Stored}
		case ast.ColumnOptionCollate:
			collate = o.StrValue
		case ast.ColumnOptionReference:
			// MySQL and MariaDB parse and ignore REFERENCES written on a
			// column ("inline REFERENCES specifications ... are ignored").
		case ast.ColumnOptionFulltext:
			return nil, nil, r.errorf(off, "column %s: FULLTEXT on a column is not supported: write FULLTEXT KEY", name)
		}
	}
	if isStringType(norm) && charset != "binary" {
		coll := r.d.MySQL.CollationOf(charset, collate)
		if charset == "" && collate == "" {
			coll = ts.collation
		}
		if coll == "" {
			return nil, nil, r.errorf(off, "column %s: unknown character set %s: give its collation too", name, charset)
		}
		if coll != ts.collation {
			c.Collation = coll
		}
	}
	return c, keys, nil
}
