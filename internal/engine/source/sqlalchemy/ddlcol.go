package sqlalchemy

import (
	"strconv"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// column spells one column as the dialect's DDL compiler does
// (get_column_specification).
func (g *ddl) column(t *tableDef, c *colDef, autoinc, inlinePK bool) (string, error) {
	var typ string
	var err error
	if g.f == famPG && autoinc && !c.pyDefault {
		typ = c.typ.forFamily(g.f).serialName()
	} else {
		typ, err = c.typ.typeDDL(g.f, g.q)
		if err != nil {
			return "", err
		}
	}
	def := ""
	if c.serverDef != nil {
		def, err = g.defaultSQL(c.serverDef)
		if err != nil {
			return "", err
		}
	}
	parts := []string{g.q(c.name), typ}
	switch g.f {
	case famMySQL:
		ft := c.typ.forFamily(g.f)
		isTimestamp := ft.class == "sa.TIMESTAMP" || ft.class == "mysql.TIMESTAMP"
		if c.notNull() {
			parts = append(parts, "NOT NULL")
		} else if isTimestamp {
			parts = append(parts, "NULL")
		}
		if def != "" {
			parts = append(parts, "DEFAULT "+def)
		}
		if autoinc && c.serverDef == nil {
			parts = append(parts, "AUTO_INCREMENT")
		}
		if c.comment != "" {
			parts = append(parts, "COMMENT "+g.d.QuoteString(c.comment))
		}
	case famSQLite:
		if def != "" {
			parts = append(parts, "DEFAULT "+def)
		}
		if c.notNull() {
			parts = append(parts, "NOT NULL")
		}
		if inlinePK {
			parts = append(parts, "PRIMARY KEY AUTOINCREMENT")
		}
	default:
		if def != "" {
			parts = append(parts, "DEFAULT "+def)
		}
		if c.notNull() {
			parts = append(parts, "NOT NULL")
		}
	}
	return strings.Join(parts, " "), nil
}

// ansiFunctions render without parentheses (sqlalchemy.sql.functions
// AnsiFunction) when called without arguments.
var ansiFunctions = map[string]string{"current_timestamp": "CURRENT_TIMESTAMP", "current_date": "CURRENT_DATE",
	"current_time": "CURRENT_TIME", "localtimestamp": "LOCALTIMESTAMP", "localtime": "LOCALTIME",
	"current_user": "CURRENT_USER", "session_user": "SESSION_USER", "user": "USER"}

// defaultSQL renders a server_default as get_column_default_string does;
// SQLite puts expressions (not text()) in parentheses.
func (g *ddl) defaultSQL(d *defaultDef) (string, error) {
	switch {
	case d.literal != nil:
		return g.d.QuoteString(*d.literal), nil
	case d.text != "" || (d.fn == nil && d.boolean == nil):
		if strings.TrimSpace(d.text) == "" {
			return "", schema.Errorf(d.pos, "server_default text is empty")
		}
		return d.text, nil
	case d.boolean != nil:
		s := strconv.FormatBool(*d.boolean)
		if g.f == famSQLite {
			s = map[bool]string{true: "(1)", false: "(0)"}[*d.boolean]
		}
		return s, nil
	}
	fn := d.fn
	lower := strings.ToLower(fn.name)
	var s string
	switch {
	case lower == "now" && g.f == famSQLite && len(fn.args) == 0:
		s = "CURRENT_TIMESTAMP"
	case ansiFunctions[lower] != "" && len(fn.args) == 0:
		s = ansiFunctions[lower]
	default:
		if strings.Contains(fn.name, ".") {
			return "", schema.Errorf(fn.pos, "server_default func.%s: package-qualified functions are not supported", fn.name)
		}
		args := make([]string, len(fn.args))
		for i, a := range fn.args {
			switch x := a.(type) {
			case pyStr:
				args[i] = g.d.QuoteString(x.s)
			case pyInt:
				args[i] = strconv.FormatInt(x.i, 10)
			case pyFlt:
				args[i] = x.text
			}
		}
		s = fn.name + "(" + strings.Join(args, ", ") + ")"
	}
	if g.f == famSQLite {
		s = "(" + s + ")"
	}
	return s, nil
}
