package alembic

import (
	"regexp"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// typeRule maps a canonical type spelling (schema.Type.Norm) to the
// SQLAlchemy type that renders the same type in DDL. Only exact, known
// spellings are mapped; a column of any other type keeps its table or
// column in SQL.
type typeRule struct {
	re      *regexp.Regexp
	expr    string // with $1, $2 for the captured arguments
	import_ string
}

const (
	importPostgres = "from sqlalchemy.dialects import postgresql"
	importMySQL    = "from sqlalchemy.dialects import mysql"
)

func rule(pattern, expr, imp string) typeRule {
	return typeRule{re: regexp.MustCompile(`^` + pattern + `$`), expr: expr, import_: imp}
}

// typeRules are the mappings per dialect family (SQLAlchemy 1.4 and 2.0
// render each of these the same way).
var typeRules = map[string][]typeRule{
	dialect.FamilyPostgres: {
		rule(`integer`, "sa.Integer()", ""),
		rule(`bigint`, "sa.BigInteger()", ""),
		rule(`smallint`, "sa.SmallInteger()", ""),
		rule(`text`, "sa.Text()", ""),
		rule(`boolean`, "sa.Boolean()", ""),
		rule(`character varying\((\d+)\)`, "sa.String($1)", ""),
		rule(`character varying`, "sa.String()", ""),
		rule(`character\((\d+)\)`, "sa.CHAR($1)", ""),
		rule(`numeric\((\d+),(\d+)\)`, "sa.Numeric($1, $2)", ""),
		rule(`numeric`, "sa.Numeric()", ""),
		rule(`double precision`, "postgresql.DOUBLE_PRECISION()", importPostgres),
		rule(`real`, "sa.REAL()", ""),
		rule(`date`, "sa.Date()", ""),
		rule(`timestamp without time zone`, "sa.DateTime()", ""),
		rule(`timestamp with time zone`, "sa.DateTime(timezone=True)", ""),
		rule(`timestamp\((\d)\) without time zone`, "postgresql.TIMESTAMP(precision=$1)", importPostgres),
		rule(`timestamp\((\d)\) with time zone`, "postgresql.TIMESTAMP(timezone=True, precision=$1)", importPostgres),
		rule(`time without time zone`, "sa.Time()", ""),
		rule(`uuid`, "postgresql.UUID()", importPostgres),
		rule(`jsonb`, "postgresql.JSONB()", importPostgres),
		rule(`json`, "postgresql.JSON()", importPostgres),
		rule(`bytea`, "postgresql.BYTEA()", importPostgres),
	},
	dialect.FamilySQLite: {
		rule(`INTEGER`, "sa.Integer()", ""),
		rule(`BIGINT`, "sa.BigInteger()", ""),
		rule(`TEXT`, "sa.Text()", ""),
		rule(`BOOLEAN`, "sa.Boolean()", ""),
		rule(`DATETIME`, "sa.DateTime()", ""),
		rule(`DATE`, "sa.Date()", ""),
		rule(`REAL`, "sa.REAL()", ""),
		rule(`BLOB`, "sa.LargeBinary()", ""),
		rule(`DECIMAL`, "sa.DECIMAL()", ""),
		rule(`VARCHAR\((\d+)\)`, "sa.String($1)", ""),
	},
	dialect.FamilyMySQL: {
		rule(`int`, "sa.Integer()", ""),
		rule(`bigint`, "sa.BigInteger()", ""),
		rule(`smallint`, "sa.SmallInteger()", ""),
		rule(`tinyint\(1\)`, "mysql.TINYINT(display_width=1)", importMySQL),
		rule(`varchar\((\d+)\)`, "sa.String($1)", ""),
		rule(`text`, "sa.Text()", ""),
		rule(`datetime`, "sa.DateTime()", ""),
		rule(`datetime\((\d)\)`, "mysql.DATETIME(fsp=$1)", importMySQL),
		rule(`date`, "sa.Date()", ""),
		rule(`decimal\((\d+),(\d+)\)`, "sa.Numeric($1, $2)", ""),
		rule(`double`, "mysql.DOUBLE()", importMySQL),
	},
}

// saType returns the SQLAlchemy type of a column, or false.
func (e *emitter) saType(c *schema.Column) (string, bool) {
	norm := c.Type.Norm
	if c.Type.Ref != nil && e.isPostgres() {
		// An enum type: created by its own step, named here only.
		if norm != e.d.QuoteName(*c.Type.Ref) && norm != c.Type.Ref.Name && norm != e.d.Quote(c.Type.Ref.Name) {
			return "", false
		}
		e.imports[importPostgres] = true
		return "postgresql.ENUM(name=" + pyStr(c.Type.Ref.Name) + e.schemaKw(*c.Type.Ref, "schema") + ", create_type=False)", true
	}
	if c.Type.Ref != nil {
		return "", false
	}
	if e.isMySQL() {
		if vals, ok := dialect.MySQLTypeValues(norm); ok && strings.HasPrefix(norm, "enum(") {
			py := make([]string, len(vals))
			for i, v := range vals {
				if !plainText(v) {
					return "", false
				}
				py[i] = pyStr(v)
			}
			e.imports[importMySQL] = true
			return "mysql.ENUM(" + strings.Join(py, ", ") + ")", true
		}
	}
	for _, r := range typeRules[e.d.Family()] {
		if m := r.re.FindStringSubmatchIndex(norm); m != nil {
			if r.import_ != "" {
				e.imports[r.import_] = true
			}
			return string(r.re.ExpandString(nil, r.expr, norm, m)), true
		}
	}
	return "", false
}

// column renders sa.Column(...) for a column Alembic can create as the
// plan does: a mapped type, a default that is a plain expression, no
// identity, generated expression, collation, comment or ON UPDATE.
// autoincrement is the table's serial / AUTO_INCREMENT / AUTOINCREMENT
// key column; pk is set for a one-column integer primary key that is not,
// which SQLAlchemy would otherwise make autoincrementing.
func (e *emitter) column(c *schema.Column, pk bool) (string, bool) {
	if c.Identity != nil || c.Generated != nil || c.Collation != "" || c.Comment != "" || c.OnUpdate != "" {
		return "", false
	}
	typ, ok := e.saType(c)
	if !ok {
		return "", false
	}
	s := "sa.Column(" + pyStr(c.Name) + ", " + typ
	switch {
	case c.Default != nil && c.Default.Kind == schema.DefaultSequence:
		if !pk {
			return "", false
		}
		s += ", autoincrement=True"
	case pk:
		s += ", autoincrement=False"
	}
	if c.Default != nil && c.Default.Kind != schema.DefaultSequence {
		if !plainText(c.Default.Expr) {
			return "", false
		}
		s += ", server_default=sa.text(" + pyText(c.Default.Expr) + ")"
	}
	s += ", nullable=" + pyBool(!c.NotNull) + ")"
	return s, true
}

var mysqlTableTrailer = regexp.MustCompile(`^ DEFAULT CHARSET=(\w+) COLLATE=(\w+)$`)

// createTable renders op.create_table for a CREATE TABLE statement made of
// the table's columns, primary key, unique and check constraints (foreign
// keys and indexes are steps of their own), when every column can be
// written as sa.Column.
func (e *emitter) createTable(t *schema.Table, stmt string) ([]string, bool) {
	head := "CREATE TABLE " + e.d.QuoteName(t.Name) + " ("
	body, ok := strings.CutPrefix(stmt, head)
	end := strings.LastIndex(body, ")")
	if !ok || end < 0 || t.Comment != "" {
		return nil, false
	}
	body, trailer := body[:end], body[end+1:]
	var kwargs []string
	switch {
	case e.isMySQL():
		m := mysqlTableTrailer.FindStringSubmatch(trailer)
		if m == nil {
			return nil, false
		}
		kwargs = append(kwargs, "mysql_charset="+pyStr(m[1]), "mysql_collate="+pyStr(m[2]))
	case trailer != "":
		return nil, false
	}
	items := splitTopLevel(body)
	if strings.Contains(body, "REFERENCES") || strings.Contains(body, "FOREIGN KEY") {
		return nil, false
	}
	pkCols := []string(nil)
	if t.PrimaryKey != nil {
		pkCols = t.PrimaryKey.Columns
	}
	want := len(t.Columns)
	auto := "" // the autoincrementing key column
	if len(pkCols) == 1 {
		for _, c := range t.Columns {
			if c.Name == pkCols[0] && c.Default != nil && c.Default.Kind == schema.DefaultSequence {
				auto = c.Name
			}
		}
	}
	sqliteInlinePK := e.isSQLite() && auto != ""
	if t.PrimaryKey != nil && !sqliteInlinePK {
		want++
	}
	want += len(t.Uniques) + len(t.Checks)
	if len(items) != want {
		return nil, false
	}
	for i, c := range t.Columns {
		if !strings.HasPrefix(items[i], e.d.Quote(c.Name)+" ") {
			return nil, false
		}
	}
	if e.isPostgres() && auto != "" {
		col := t.Columns[indexOfColumn(t, auto)]
		if col.Default.Sequence != nil && col.Default.Sequence.Name != t.Name.Name+"_"+auto+"_seq" {
			return nil, false
		}
	}
	lines := []string{"op.create_table(", "    " + pyStr(t.Name.Name) + ","}
	for _, c := range t.Columns {
		isIntPK := len(pkCols) == 1 && pkCols[0] == c.Name
		col, ok := e.column(c, isIntPK)
		if !ok || (c.Default != nil && c.Default.Kind == schema.DefaultSequence && c.Name != auto) {
			return nil, false
		}
		lines = append(lines, "    "+col+",")
	}
	if t.PrimaryKey != nil {
		pk := "sa.PrimaryKeyConstraint(" + strings.TrimSuffix(strings.TrimPrefix(pyList(pkCols), "["), "]")
		if t.PrimaryKey.Name != "" && !e.isMySQL() && !e.isSQLite() {
			pk += ", name=" + pyStr(t.PrimaryKey.Name)
		}
		lines = append(lines, "    "+pk+"),")
	}
	for _, u := range t.Uniques {
		if u.Name == "" || u.Deferrable || u.NullsNotDistinct || !hasItem(items, "CONSTRAINT "+e.d.Quote(u.Name)+" UNIQUE") {
			return nil, false
		}
		lines = append(lines, "    sa.UniqueConstraint("+strings.TrimSuffix(strings.TrimPrefix(pyList(u.Columns), "["), "]")+", name="+pyStr(u.Name)+"),")
	}
	for _, c := range t.Checks {
		if c.Name == "" || c.NoInherit || !plainText(c.Expr) || !hasItem(items, "CONSTRAINT "+e.d.Quote(c.Name)+" CHECK") {
			return nil, false
		}
		lines = append(lines, "    sa.CheckConstraint("+pyText(c.Expr)+", name="+pyStr(c.Name)+"),")
	}
	if kw := e.schemaKw(t.Name, "schema"); kw != "" {
		lines = append(lines, "    "+strings.TrimPrefix(kw, ", ")+",")
	}
	if sqliteInlinePK {
		kwargs = append(kwargs, "sqlite_autoincrement=True")
	}
	for _, kw := range kwargs {
		lines = append(lines, "    "+kw+",")
	}
	lines = append(lines, ")")
	return []string{strings.Join(lines, "\n")}, true
}

func indexOfColumn(t *schema.Table, name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

func hasItem(items []string, prefix string) bool {
	for _, it := range items {
		if strings.HasPrefix(it, prefix) {
			return true
		}
	}
	return false
}

// splitTopLevel splits a CREATE TABLE body at the commas outside
// parentheses and quotes, trimming each item.
func splitTopLevel(body string) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(body[start:i]))
			start = i + 1
		}
	}
	if s := strings.TrimSpace(body[start:]); s != "" {
		out = append(out, s)
	}
	return out
}
