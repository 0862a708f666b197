package sqlalchemy

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// family is the dialect family the DDL is compiled for, as SQLAlchemy's
// dialects name them.
type family string

const (
	famPG     family = "postgresql"
	famMySQL  family = "mysql"
	famSQLite family = "sqlite"
)

// ddlNames gives each known type class its DDL base spelling per family
// ("" = the type does not exist on that family). Lengths, precisions and
// time zones are added by typeDDL.
var ddlNames = map[string][3]string{
	// generic types: SQLAlchemy's GenericTypeCompiler and each dialect's
	// overrides (1.4 and 2.0 agree on these).
	"sa.Integer":      {"INTEGER", "INTEGER", "INTEGER"},
	"sa.BigInteger":   {"BIGINT", "BIGINT", "BIGINT"},
	"sa.SmallInteger": {"SMALLINT", "SMALLINT", "SMALLINT"},
	"sa.String":       {"VARCHAR", "VARCHAR", "VARCHAR"},
	"sa.Unicode":      {"VARCHAR", "VARCHAR", "VARCHAR"},
	"sa.Text":         {"TEXT", "TEXT", "TEXT"},
	"sa.UnicodeText":  {"TEXT", "TEXT", "TEXT"},
	"sa.Boolean":      {"BOOLEAN", "BOOL", "BOOLEAN"},
	"sa.DateTime":     {"TIMESTAMP", "DATETIME", "DATETIME"},
	"sa.Date":         {"DATE", "DATE", "DATE"},
	"sa.Time":         {"TIME", "TIME", "TIME"},
	"sa.Interval":     {"INTERVAL", "DATETIME", "DATETIME"},
	"sa.Float":        {"FLOAT", "FLOAT", "FLOAT"},
	"sa.Numeric":      {"NUMERIC", "NUMERIC", "NUMERIC"},
	"sa.LargeBinary":  {"BYTEA", "BLOB", "BLOB"},
	"sa.JSON":         {"JSON", "JSON", "JSON"},
	"sa.Uuid":         {"UUID", "CHAR(32)", "CHAR(32)"},
	// upper-case SQL standard types.
	"sa.INTEGER": {"INTEGER", "INTEGER", "INTEGER"}, "sa.INT": {"INTEGER", "INTEGER", "INTEGER"},
	"sa.BIGINT": {"BIGINT", "BIGINT", "BIGINT"}, "sa.SMALLINT": {"SMALLINT", "SMALLINT", "SMALLINT"},
	"sa.VARCHAR": {"VARCHAR", "VARCHAR", "VARCHAR"}, "sa.NVARCHAR": {"VARCHAR", "NATIONAL VARCHAR", "NVARCHAR"},
	"sa.CHAR": {"CHAR", "CHAR", "CHAR"}, "sa.NCHAR": {"CHAR", "NATIONAL CHAR", "NCHAR"},
	"sa.TEXT": {"TEXT", "TEXT", "TEXT"}, "sa.CLOB": {"", "", "CLOB"},
	"sa.BOOLEAN": {"BOOLEAN", "BOOL", "BOOLEAN"}, "sa.DATETIME": {"", "DATETIME", "DATETIME"},
	"sa.TIMESTAMP": {"TIMESTAMP", "TIMESTAMP", "TIMESTAMP"}, "sa.DATE": {"DATE", "DATE", "DATE"},
	"sa.TIME": {"TIME", "TIME", "TIME"}, "sa.FLOAT": {"FLOAT", "FLOAT", "FLOAT"}, "sa.REAL": {"REAL", "REAL", "REAL"},
	"sa.NUMERIC": {"NUMERIC", "NUMERIC", "NUMERIC"}, "sa.DECIMAL": {"DECIMAL", "DECIMAL", "DECIMAL"},
	"sa.BLOB": {"", "BLOB", "BLOB"}, "sa.BINARY": {"", "BINARY", "BINARY"}, "sa.VARBINARY": {"", "VARBINARY", "VARBINARY"},
	"sa.JSON_UPPER": {"JSON", "JSON", "JSON"},
	// PostgreSQL dialect types.
	"pg.JSONB": {"JSONB", "", ""}, "pg.JSON": {"JSON", "", ""}, "pg.UUID": {"UUID", "", ""},
	"pg.INET": {"INET", "", ""}, "pg.CIDR": {"CIDR", "", ""}, "pg.MACADDR": {"MACADDR", "", ""},
	"pg.TSVECTOR": {"TSVECTOR", "", ""}, "pg.BYTEA": {"BYTEA", "", ""}, "pg.MONEY": {"MONEY", "", ""},
	"pg.DOUBLE_PRECISION": {"DOUBLE PRECISION", "", ""}, "pg.REAL": {"REAL", "", ""},
	"pg.TIMESTAMP": {"TIMESTAMP", "", ""}, "pg.TIME": {"TIME", "", ""}, "pg.INTERVAL": {"INTERVAL", "", ""},
	"pg.INTEGER": {"INTEGER", "", ""}, "pg.BIGINT": {"BIGINT", "", ""}, "pg.SMALLINT": {"SMALLINT", "", ""},
	"pg.TEXT": {"TEXT", "", ""}, "pg.VARCHAR": {"VARCHAR", "", ""}, "pg.BOOLEAN": {"BOOLEAN", "", ""},
	"pg.DATE": {"DATE", "", ""}, "pg.CHAR": {"CHAR", "", ""}, "pg.NUMERIC": {"NUMERIC", "", ""},
	// MySQL dialect types.
	"mysql.TINYINT": {"", "TINYINT", ""}, "mysql.MEDIUMINT": {"", "MEDIUMINT", ""},
	"mysql.INTEGER": {"", "INTEGER", ""}, "mysql.BIGINT": {"", "BIGINT", ""}, "mysql.SMALLINT": {"", "SMALLINT", ""},
	"mysql.TINYTEXT": {"", "TINYTEXT", ""}, "mysql.MEDIUMTEXT": {"", "MEDIUMTEXT", ""}, "mysql.LONGTEXT": {"", "LONGTEXT", ""},
	"mysql.TEXT": {"", "TEXT", ""}, "mysql.TINYBLOB": {"", "TINYBLOB", ""}, "mysql.MEDIUMBLOB": {"", "MEDIUMBLOB", ""},
	"mysql.LONGBLOB": {"", "LONGBLOB", ""}, "mysql.DOUBLE": {"", "DOUBLE", ""}, "mysql.JSON": {"", "JSON", ""},
	"mysql.DATETIME": {"", "DATETIME", ""}, "mysql.TIMESTAMP": {"", "TIMESTAMP", ""}, "mysql.VARCHAR": {"", "VARCHAR", ""},
	"mysql.CHAR": {"", "CHAR", ""}, "mysql.YEAR": {"", "YEAR", ""},
	// SQLite dialect types.
	"sqlite.JSON": {"", "", "JSON"}, "sqlite.DATETIME": {"", "", "DATETIME"}, "sqlite.DATE": {"", "", "DATE"}, "sqlite.TIME": {"", "", "TIME"},
}

func famIndex(f family) int {
	switch f {
	case famMySQL:
		return 1
	case famSQLite:
		return 2
	}
	return 0
}

// typeDDL spells the type as SQLAlchemy's type compiler does for the
// family. Enums on PostgreSQL are spelled by their (quoted) type name.
func (t *saType) typeDDL(f family, quote func(string) string) (string, error) {
	t = t.forFamily(f)
	switch t.class {
	case "sa.Enum", "pg.ENUM":
		if f == famPG && t.native {
			if t.enumName == "" {
				return "", schema.Errorf(t.pos, "PostgreSQL ENUM type requires a name (Enum(..., name=...))")
			}
			return quote(t.enumName), nil
		}
		if f == famMySQL && t.native {
			vals := make([]string, len(t.enumValues))
			for i, v := range t.enumValues {
				vals[i] = "'" + strings.ReplaceAll(strings.ReplaceAll(v, `\`, `\\`), "'", "''") + "'"
			}
			return "ENUM(" + strings.Join(vals, ",") + ")", nil
		}
		n := int64(0)
		for _, v := range t.enumValues {
			if l := int64(len([]rune(v))); l > n {
				n = l
			}
		}
		if t.length != nil {
			n = *t.length
		}
		return fmt.Sprintf("VARCHAR(%d)", n), nil
	case "pg.ARRAY", "sa.ARRAY":
		if f != famPG {
			return "", schema.Errorf(t.pos, "ARRAY exists only on PostgreSQL")
		}
		inner, err := t.item.typeDDL(f, quote)
		if err != nil {
			return "", err
		}
		return inner + "[]", nil
	}
	names, ok := ddlNames[t.class]
	base := names[famIndex(f)]
	if !ok || base == "" {
		return "", schema.Errorf(t.pos, "type %s does not exist on %s", strings.SplitN(t.class, ".", 2)[1], f)
	}
	switch t.class {
	case "sa.String", "sa.Unicode", "sa.VARCHAR", "sa.NVARCHAR", "pg.VARCHAR", "mysql.VARCHAR":
		if t.length == nil {
			if f == famMySQL {
				return "", schema.Errorf(t.pos, "VARCHAR requires a length on dialect mysql: give String a length")
			}
			return base, nil
		}
		return fmt.Sprintf("%s(%d)", base, *t.length), nil
	case "sa.CHAR", "sa.NCHAR", "pg.CHAR", "mysql.CHAR", "sa.BINARY", "sa.VARBINARY":
		if t.length == nil {
			return base, nil
		}
		return fmt.Sprintf("%s(%d)", base, *t.length), nil
	case "sa.Text", "sa.UnicodeText", "sa.TEXT", "sa.LargeBinary", "sa.BLOB":
		if t.length != nil {
			if f != famMySQL {
				return "", schema.Errorf(t.pos, "%s with a length is only valid on MySQL", base)
			}
			return fmt.Sprintf("%s(%d)", base, *t.length), nil
		}
		return base, nil
	case "sa.Numeric", "sa.NUMERIC", "sa.DECIMAL", "pg.NUMERIC":
		switch {
		case t.precision == nil:
			return base, nil
		case t.scale == nil:
			return fmt.Sprintf("%s(%d)", base, *t.precision), nil
		}
		return fmt.Sprintf("%s(%d, %d)", base, *t.precision, *t.scale), nil
	case "sa.Float", "sa.FLOAT":
		if t.precision != nil && f != famSQLite {
			return fmt.Sprintf("%s(%d)", base, *t.precision), nil
		}
		return base, nil
	case "sa.DateTime", "sa.TIMESTAMP", "sa.Time", "sa.TIME", "pg.TIMESTAMP", "pg.TIME":
		if f != famPG {
			if t.class == "sa.TIMESTAMP" && f == famMySQL {
				return base, nil
			}
			return base, nil
		}
		p := ""
		if t.precision != nil {
			p = fmt.Sprintf("(%d)", *t.precision)
		}
		if t.timezone {
			return base + p + " WITH TIME ZONE", nil
		}
		return base + p + " WITHOUT TIME ZONE", nil
	case "mysql.TINYINT", "mysql.SMALLINT", "mysql.MEDIUMINT", "mysql.INTEGER", "mysql.BIGINT":
		if t.display != nil {
			return fmt.Sprintf("%s(%d)", base, *t.display), nil
		}
	case "mysql.DATETIME", "mysql.TIMESTAMP":
		if t.fsp != nil {
			return fmt.Sprintf("%s(%d)", base, *t.fsp), nil
		}
	}
	return base, nil
}

// isIntegerType reports whether SQLAlchemy gives the type integer
// affinity (autoincrement candidates).
func (t *saType) isIntegerType() bool {
	switch t.class {
	case "sa.Integer", "sa.BigInteger", "sa.SmallInteger", "sa.INTEGER", "sa.INT", "sa.BIGINT", "sa.SMALLINT",
		"pg.INTEGER", "pg.BIGINT", "pg.SMALLINT", "mysql.INTEGER", "mysql.BIGINT", "mysql.SMALLINT", "mysql.TINYINT", "mysql.MEDIUMINT",
		"sa.Numeric", "sa.NUMERIC", "sa.DECIMAL", "pg.NUMERIC":
		return true
	}
	return false
}

// serialName is the PostgreSQL serial pseudo-type of an autoincrement
// primary key of this type.
func (t *saType) serialName() string {
	switch t.class {
	case "sa.BigInteger", "sa.BIGINT", "pg.BIGINT":
		return "BIGSERIAL"
	case "sa.SmallInteger", "sa.SMALLINT", "pg.SMALLINT":
		return "SMALLSERIAL"
	}
	return "SERIAL"
}
