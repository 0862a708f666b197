package alembic

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// operation returns the Alembic operation for a step's statements in one
// direction, when the statements are exactly the plain DDL that operation
// runs. A rollback statement the planner guards with IF [NOT] EXISTS
// never matches: the guard is what lets two undone steps recreate or drop
// the same object (an index dropped with its column and by itself), and
// Alembic 1.8's operations have no such guard. Each matcher rebuilds the
// statement the planner writes for the plain form of the change and
// compares it with the step's SQL, so a step
// that carries a safety clause (ALGORITHM=INSTANT, NOT VALID, USING, a
// merged ALTER holding several changes, a table rebuild) never matches
// and keeps its SQL.
func (e *emitter) operation(s *plan.Step, stmts []string, up bool) ([]string, bool) {
	if len(stmts) != 1 || s.Change == nil || len(s.Folded) > 0 {
		// Several statements, or one carrying other changes too (a
		// merged MySQL ALTER TABLE, a folded SQLite rebuild): SQL.
		return nil, false
	}
	stmt := stmts[0]
	switch c := s.Change.(type) {
	case *schema.AddTable:
		if up {
			return e.createTable(c.Table, stmt)
		}
		return e.dropTable(c.Table.Name, stmt)
	case *schema.DropTable:
		if up {
			return e.dropTable(c.Table.Name, stmt)
		}
		return e.createTable(c.Table, stmt)
	case *schema.AddColumn:
		if up {
			return e.addColumn(c.Table, c.Column, stmt)
		}
		return e.dropColumn(c.Table, c.Column.Name, stmt)
	case *schema.DropColumn:
		if up {
			return e.dropColumn(c.Table, c.Column.Name, stmt)
		}
		return e.addColumn(c.Table, c.Column, stmt)
	case *schema.AddIndex:
		if up {
			return e.createIndex(c.Table, c.Index, stmt)
		}
		return e.dropIndex(c.Table, c.Index.Name, stmt)
	case *schema.DropIndex:
		if up {
			return e.dropIndex(c.Table, c.Index.Name, stmt)
		}
		return e.createIndex(c.Table, c.Index, stmt)
	case *schema.AddForeignKey:
		if up {
			return e.createForeignKey(c.Table, c.ForeignKey, stmt)
		}
		return e.dropConstraint(c.Table, c.ForeignKey.Name, "foreignkey", stmt)
	case *schema.DropForeignKey:
		if up {
			return e.dropConstraint(c.Table, c.ForeignKey.Name, "foreignkey", stmt)
		}
		return e.createForeignKey(c.Table, c.ForeignKey, stmt)
	case *schema.AddUnique:
		if up {
			return e.createUnique(c.Table, c.Unique, stmt)
		}
		return e.dropConstraint(c.Table, c.Unique.Name, "unique", stmt)
	case *schema.DropUnique:
		if up {
			return e.dropConstraint(c.Table, c.Unique.Name, "unique", stmt)
		}
		return e.createUnique(c.Table, c.Unique, stmt)
	case *schema.AddCheck:
		if up {
			return e.createCheck(c.Table, c.Check, stmt)
		}
		return e.dropConstraint(c.Table, c.Check.Name, "check", stmt)
	case *schema.DropCheck:
		if up {
			return e.dropConstraint(c.Table, c.Check.Name, "check", stmt)
		}
		return e.createCheck(c.Table, c.Check, stmt)
	case *schema.AlterColumn:
		if up {
			return e.alterColumn(c.Table, c.From, c.To, c.What, stmt)
		}
		return e.alterColumn(c.Table, c.To, c.From, c.What, stmt)
	case *schema.RenameTable:
		if up {
			return e.renameTable(c.From, c.To, stmt)
		}
		return e.renameTable(c.To, c.From, stmt)
	case *schema.RenameColumn:
		if up {
			return e.renameColumn(c.Table, c.From, c.To, stmt)
		}
		return e.renameColumn(c.Table, c.To, c.From, stmt)
	case *schema.AddEnum:
		if up {
			return e.createEnum(c.Enum, stmt)
		}
		return e.dropEnum(c.Enum.Name, stmt)
	case *schema.DropEnum:
		if up {
			return e.dropEnum(c.Enum.Name, stmt)
		}
		return e.createEnum(c.Enum, stmt)
	}
	return nil, false
}

// isPostgres, isSQLite and isMySQL choose the statement forms to match.
func (e *emitter) isPostgres() bool { return e.d.Name == "postgres" }
func (e *emitter) isSQLite() bool   { return e.d.Name == "sqlite" }
func (e *emitter) isMySQL() bool    { return e.d.MySQL != nil }

// tableArgs are the positional table name and, outside the default
// namespace, the schema keyword ("users" / "users", schema="audit").
func (e *emitter) schemaKw(q schema.QName, kw string) string {
	if q.Schema == "" || q.Schema == e.d.DefaultNamespace || !e.d.Caps.Namespaces {
		return ""
	}
	return ", " + kw + "=" + pyStr(q.Schema)
}

func (e *emitter) quoteCols(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = e.d.Quote(c)
	}
	return strings.Join(q, ", ")
}

func pyList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = pyStr(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func (e *emitter) dropTable(t schema.QName, stmt string) ([]string, bool) {
	if stmt != "DROP TABLE "+e.d.QuoteName(t) {
		return nil, false
	}
	return []string{"op.drop_table(" + pyStr(t.Name) + e.schemaKw(t, "schema") + ")"}, true
}

// columnDDL is the column definition the planners write in ADD COLUMN:
// PostgreSQL and MySQL put DEFAULT before NOT NULL and spell a nullable
// MySQL column NULL; SQLite puts NOT NULL first.
func (e *emitter) columnDDL(c *schema.Column) string {
	s := e.d.Quote(c.Name) + " " + c.Type.Norm
	def := ""
	if c.Default != nil {
		def = " DEFAULT " + c.Default.Expr
	}
	switch {
	case e.isSQLite():
		if c.NotNull {
			s += " NOT NULL"
		}
		s += def
	case e.isMySQL():
		if c.NotNull {
			s += " NOT NULL"
		} else {
			s += " NULL"
		}
		s += def
	default:
		s += def
		if c.NotNull {
			s += " NOT NULL"
		}
	}
	return s
}

func (e *emitter) addColumn(t schema.QName, c *schema.Column, stmt string) ([]string, bool) {
	if e.isMySQL() || c.Default != nil && c.Default.Kind == schema.DefaultSequence {
		return nil, false
	}
	if stmt != "ALTER TABLE "+e.d.QuoteName(t)+" ADD COLUMN "+e.columnDDL(c) {
		return nil, false
	}
	col, ok := e.column(c, false)
	if !ok {
		return nil, false
	}
	if e.isSQLite() {
		return e.batch(t, "batch_op.add_column("+col+")"), true
	}
	return []string{"op.add_column(" + pyStr(t.Name) + ", " + col + e.schemaKw(t, "schema") + ")"}, true
}

func (e *emitter) dropColumn(t schema.QName, name, stmt string) ([]string, bool) {
	if e.isMySQL() || stmt != "ALTER TABLE "+e.d.QuoteName(t)+" DROP COLUMN "+e.d.Quote(name) {
		return nil, false
	}
	if e.isSQLite() {
		return e.batch(t, "batch_op.drop_column("+pyStr(name)+")"), true
	}
	return []string{"op.drop_column(" + pyStr(t.Name) + ", " + pyStr(name) + e.schemaKw(t, "schema") + ")"}, true
}

// batch wraps SQLite operations in op.batch_alter_table. recreate="never"
// keeps them the plain ALTER TABLE statements SQLite runs in place; a
// change SQLite cannot make in place is a table rebuild the plan spells
// out (and this file runs as SQL), not one batch mode would reflect and
// re-create.
func (e *emitter) batch(t schema.QName, ops ...string) []string {
	out := []string{"with op.batch_alter_table(" + pyStr(t.Name) + e.schemaKw(t, "schema") + `, recreate="never") as batch_op:`}
	for _, o := range ops {
		out = append(out, "    "+o)
	}
	return out
}

// simpleIndex reports whether an index is plain columns in ascending
// order, with no predicate, method, included columns or options.
func simpleIndex(ix *schema.Index) bool {
	if ix.Where != "" || ix.Method != "" || len(ix.Include) > 0 || ix.NullsNotDistinct || ix.Name == "" {
		return false
	}
	for _, p := range ix.Parts {
		if p.Column == "" || p.Expr != "" || p.Desc || p.NullsFirst || p.NullsLast || p.OpClass != "" || p.Collation != "" || p.Length != 0 {
			return false
		}
	}
	return len(ix.Parts) > 0
}

func (e *emitter) createIndex(t schema.QName, ix *schema.Index, stmt string) ([]string, bool) {
	if e.isMySQL() || !simpleIndex(ix) {
		return nil, false
	}
	cols := make([]string, len(ix.Parts))
	for i, p := range ix.Parts {
		cols[i] = p.Column
	}
	head := "CREATE INDEX "
	if ix.Unique {
		head = "CREATE UNIQUE INDEX "
	}
	concurrently := false
	if e.isPostgres() && strings.HasPrefix(stmt, head+"CONCURRENTLY ") {
		head += "CONCURRENTLY "
		concurrently = true
	}
	if stmt != head+e.d.Quote(ix.Name)+" ON "+e.d.QuoteName(t)+" ("+e.quoteCols(cols)+")" {
		return nil, false
	}
	call := "op.create_index(" + pyStr(ix.Name) + ", " + pyStr(t.Name) + ", " + pyList(cols)
	if ix.Unique {
		call += ", unique=True"
	}
	call += e.schemaKw(t, "schema")
	if concurrently {
		call += ", postgresql_concurrently=True"
	}
	return []string{call + ")"}, true
}

func (e *emitter) dropIndex(t schema.QName, name, stmt string) ([]string, bool) {
	if e.isMySQL() || name == "" {
		return nil, false
	}
	head := "DROP INDEX "
	concurrently := false
	if e.isPostgres() && strings.HasPrefix(stmt, head+"CONCURRENTLY ") {
		head += "CONCURRENTLY "
		concurrently = true
	}
	// The index lives in its table's schema.
	if stmt != head+e.d.QuoteName(schema.QName{Schema: t.Schema, Name: name}) {
		return nil, false
	}
	call := "op.drop_index(" + pyStr(name) + ", table_name=" + pyStr(t.Name) + e.schemaKw(t, "schema")
	if concurrently {
		call += ", postgresql_concurrently=True"
	}
	return []string{call + ")"}, true
}

// actions renders ON DELETE / ON UPDATE as the planners do (NO ACTION,
// the default, is left out) and as SQLAlchemy does.
func (e *emitter) actions(fk *schema.ForeignKey) (sql string, kw []string) {
	for _, a := range []struct{ clause, kw, v string }{{"ON DELETE", "ondelete", fk.OnDelete}, {"ON UPDATE", "onupdate", fk.OnUpdate}} {
		if a.v == "" || a.v == schema.NoAction {
			continue
		}
		sql += " " + a.clause + " " + a.v
		kw = append(kw, a.kw+"="+pyStr(a.v))
	}
	return sql, kw
}

func (e *emitter) createForeignKey(t schema.QName, fk *schema.ForeignKey, stmt string) ([]string, bool) {
	if e.isMySQL() || e.isSQLite() || fk.Name == "" || fk.Deferrable || fk.Deferred {
		return nil, false
	}
	sql, kw := e.actions(fk)
	want := "ALTER TABLE " + e.d.QuoteName(t) + " ADD CONSTRAINT " + e.d.Quote(fk.Name) + " FOREIGN KEY (" + e.quoteCols(fk.Columns) +
		") REFERENCES " + e.d.QuoteName(fk.RefTable) + " (" + e.quoteCols(fk.RefColumns) + ")" + sql
	if stmt != want {
		return nil, false
	}
	args := append([]string{pyStr(fk.Name), pyStr(t.Name), pyStr(fk.RefTable.Name), pyList(fk.Columns), pyList(fk.RefColumns)}, kw...)
	for _, extra := range []string{e.schemaKw(t, "source_schema"), e.schemaKw(fk.RefTable, "referent_schema")} {
		if extra != "" {
			args = append(args, strings.TrimPrefix(extra, ", "))
		}
	}
	return []string{"op.create_foreign_key(\n    " + strings.Join(args, ",\n    ") + ",\n)"}, true
}

func (e *emitter) createUnique(t schema.QName, u *schema.Unique, stmt string) ([]string, bool) {
	if e.isMySQL() || e.isSQLite() || u.Name == "" || u.Deferrable || u.NullsNotDistinct {
		return nil, false
	}
	if stmt != "ALTER TABLE "+e.d.QuoteName(t)+" ADD CONSTRAINT "+e.d.Quote(u.Name)+" UNIQUE ("+e.quoteCols(u.Columns)+")" {
		return nil, false
	}
	return []string{"op.create_unique_constraint(" + pyStr(u.Name) + ", " + pyStr(t.Name) + ", " + pyList(u.Columns) + e.schemaKw(t, "schema") + ")"}, true
}

func (e *emitter) createCheck(t schema.QName, c *schema.Check, stmt string) ([]string, bool) {
	if e.isMySQL() || e.isSQLite() || c.Name == "" || c.NoInherit || !plainText(c.Expr) {
		return nil, false
	}
	if stmt != "ALTER TABLE "+e.d.QuoteName(t)+" ADD CONSTRAINT "+e.d.Quote(c.Name)+" CHECK ("+c.Expr+")" {
		return nil, false
	}
	return []string{"op.create_check_constraint(" + pyStr(c.Name) + ", " + pyStr(t.Name) + ", sa.text(" + pyText(c.Expr) + ")" + e.schemaKw(t, "schema") + ")"}, true
}

// plainText reports whether SQL text can be handed to SQLAlchemy inside
// DDL unchanged: no "%" (doubled for pyformat drivers) and no ":" (bind
// parameters).
func plainText(s string) bool { return !strings.ContainsAny(s, "%:\\") }

func (e *emitter) dropConstraint(t schema.QName, name, kind, stmt string) ([]string, bool) {
	if e.isMySQL() || e.isSQLite() || name == "" {
		return nil, false
	}
	if stmt != "ALTER TABLE "+e.d.QuoteName(t)+" DROP CONSTRAINT "+e.d.Quote(name) {
		return nil, false
	}
	return []string{"op.drop_constraint(" + pyStr(name) + ", " + pyStr(t.Name) + e.schemaKw(t, "schema") + ", type_=" + pyStr(kind) + ")"}, true
}

// alterColumn covers the one-property PostgreSQL forms: SET/DROP DEFAULT
// and DROP NOT NULL (SET NOT NULL only when the plan sets it alone).
func (e *emitter) alterColumn(t schema.QName, from, to *schema.Column, what schema.ColumnChange, stmt string) ([]string, bool) {
	if !e.isPostgres() {
		return nil, false
	}
	head := "ALTER TABLE " + e.d.QuoteName(t) + " ALTER COLUMN " + e.d.Quote(to.Name) + " "
	rest, ok := strings.CutPrefix(stmt, head)
	if !ok || from.Name != to.Name {
		return nil, false
	}
	var kw string
	switch {
	case what == schema.ChangeDefault && to.Default == nil && rest == "DROP DEFAULT":
		kw = "server_default=None"
	case what == schema.ChangeDefault && to.Default != nil && to.Default.Kind != schema.DefaultSequence &&
		rest == "SET DEFAULT "+to.Default.Expr && plainText(to.Default.Expr):
		kw = "server_default=sa.text(" + pyText(to.Default.Expr) + ")"
	case what == schema.ChangeNull && !to.NotNull && rest == "DROP NOT NULL":
		kw = "nullable=True"
	case what == schema.ChangeNull && to.NotNull && rest == "SET NOT NULL":
		kw = "nullable=False"
	default:
		return nil, false
	}
	return []string{"op.alter_column(" + pyStr(t.Name) + ", " + pyStr(to.Name) + ", " + kw + e.schemaKw(t, "schema") + ")"}, true
}

// createEnum creates a PostgreSQL enum type explicitly; the columns that
// use it name it with create_type=False.
func (e *emitter) createEnum(en *schema.Enum, stmt string) ([]string, bool) {
	if !e.isPostgres() || len(en.Values) == 0 {
		return nil, false
	}
	vals := make([]string, len(en.Values))
	pyVals := make([]string, len(en.Values))
	for i, v := range en.Values {
		vals[i] = e.d.QuoteString(v)
		pyVals[i] = pyStr(v)
		if !plainText(v) {
			return nil, false
		}
	}
	if stmt != "CREATE TYPE "+e.d.QuoteName(en.Name)+" AS ENUM ("+strings.Join(vals, ", ")+")" {
		return nil, false
	}
	e.imports["from sqlalchemy.dialects import postgresql"] = true
	return []string{"postgresql.ENUM(" + strings.Join(pyVals, ", ") + ", name=" + pyStr(en.Name.Name) + e.schemaKw(en.Name, "schema") +
		").create(op.get_bind(), checkfirst=False)"}, true
}

func (e *emitter) dropEnum(name schema.QName, stmt string) ([]string, bool) {
	if !e.isPostgres() || stmt != "DROP TYPE "+e.d.QuoteName(name) {
		return nil, false
	}
	e.imports[importPostgres] = true
	return []string{"postgresql.ENUM(name=" + pyStr(name.Name) + e.schemaKw(name, "schema") + ").drop(op.get_bind(), checkfirst=False)"}, true
}

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// renameTable renames a table within its schema (op.rename_table).
func (e *emitter) renameTable(from, to schema.QName, stmt string) ([]string, bool) {
	if e.isMySQL() || from.Schema != to.Schema {
		return nil, false
	}
	if stmt != "ALTER TABLE "+e.d.QuoteName(from)+" RENAME TO "+e.d.Quote(to.Name) {
		return nil, false
	}
	return []string{"op.rename_table(" + pyStr(from.Name) + ", " + pyStr(to.Name) + e.schemaKw(from, "schema") + ")"}, true
}

// renameColumn renames a PostgreSQL column (op.alter_column with
// new_column_name runs ALTER TABLE ... RENAME COLUMN ... TO ...).
func (e *emitter) renameColumn(t schema.QName, from, to, stmt string) ([]string, bool) {
	if !e.isPostgres() || stmt != "ALTER TABLE "+e.d.QuoteName(t)+" RENAME COLUMN "+e.d.Quote(from)+" TO "+e.d.Quote(to) {
		return nil, false
	}
	return []string{"op.alter_column(" + pyStr(t.Name) + ", " + pyStr(from) + ", new_column_name=" + pyStr(to) + e.schemaKw(t, "schema") + ")"}, true
}
