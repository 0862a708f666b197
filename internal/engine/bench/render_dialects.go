package bench

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// DialectPair is a generated base and head schema as MySQL/MariaDB DDL and
// as SQLite DDL: the same tables, columns, indexes and foreign keys as the
// Pair of the same size and seed, in each dialect's own types.
type DialectPair struct {
	BaseMySQL, HeadMySQL   string
	BaseSQLite, HeadSQLite string
	Stats                  Stats
}

// GenerateDialects returns the schema pair of Generate(tables, seed)
// rendered for MySQL/MariaDB and for SQLite.
func GenerateDialects(tables int, seed uint64) DialectPair {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	base := &model{enums: 20}
	for i := range tables {
		base.tables = append(base.tables, newTable(rng, i, base.enums))
	}
	head, changed, added := mutate(rng, base)
	st := base.stats()
	st.Changed, st.NewTables = changed, added
	return DialectPair{
		BaseMySQL: base.mysql(), HeadMySQL: head.mysql(),
		BaseSQLite: base.sqlite(), HeadSQLite: head.sqlite(),
		Stats: st,
	}
}

// enumList is the values of every generated enum as SQL literals.
func enumList() string {
	vals := make([]string, enumValues)
	for v := range vals {
		vals[v] = fmt.Sprintf("'v%d'", v)
	}
	return strings.Join(vals, ",")
}

// onDelete is the generated foreign keys' ON DELETE action, Prisma's.
func onDelete(c *column) string {
	if c.optional {
		return "SET NULL"
	}
	return "RESTRICT"
}

// mysql renders the model as MySQL/MariaDB DDL: inline enums, inline keys,
// foreign keys added after every table exists.
func (m *model) mysql() string {
	var b strings.Builder
	b.Grow(len(m.tables) * 1100)
	for _, t := range m.tables {
		name := tableName(t.n)
		fmt.Fprintf(&b, "\nCREATE TABLE `%s` (\n", name)
		for _, c := range t.cols {
			b.WriteString("  `" + c.name + "` " + mysqlType(c) + ",\n")
		}
		b.WriteString("  PRIMARY KEY (`id`)")
		for _, ix := range t.indexes {
			kind := "KEY"
			if ix.unique {
				kind = "UNIQUE KEY"
			}
			parts := make([]string, len(ix.cols))
			for i, name := range ix.cols {
				parts[i] = mysqlKeyPart(t, name)
			}
			fmt.Fprintf(&b, ",\n  %s `%s` (%s)", kind, indexName(t, ix), strings.Join(parts, ", "))
		}
		b.WriteString("\n);\n")
	}
	b.WriteString("\n")
	for _, t := range m.tables {
		for _, c := range t.cols {
			if c.ref < 0 {
				continue
			}
			fmt.Fprintf(&b, "ALTER TABLE `%s` ADD CONSTRAINT `%s_%s_fkey` FOREIGN KEY (`%s`) REFERENCES `%s` (`id`) ON DELETE %s ON UPDATE CASCADE;\n",
				tableName(t.n), tableName(t.n), c.name, c.name, tableName(c.ref), onDelete(c))
		}
	}
	return b.String()
}

// mysqlKeyPart is a column as an index key part: text and long varchar
// columns are indexed on their first 191 characters, so two of them fit
// InnoDB's 3072-byte key in utf8mb4 (text cannot be indexed whole).
func mysqlKeyPart(t *table, name string) string {
	for _, c := range t.cols {
		if c.name == name && (c.kind == kText || c.kind == kVarchar && c.width > 191) {
			return "`" + name + "`(191)"
		}
	}
	return "`" + name + "`"
}

func mysqlType(c *column) string {
	notNull := " NOT NULL"
	if c.optional {
		notNull = " NULL"
	}
	switch {
	case c.name == "id":
		return "int NOT NULL AUTO_INCREMENT"
	case c.kind == kText:
		return "text" + notNull
	case c.kind == kVarchar:
		return fmt.Sprintf("varchar(%d)%s", c.width, notNull)
	case c.kind == kInt:
		return "int" + notNull
	case c.kind == kBigInt:
		return "bigint" + notNull
	case c.kind == kBool:
		return "tinyint(1)" + notNull + " DEFAULT 0"
	case c.kind == kTime:
		return "datetime(3)" + notNull + " DEFAULT CURRENT_TIMESTAMP(3)"
	case c.kind == kDecimal:
		return "decimal(12,2)" + notNull
	case c.kind == kFloat:
		return "double" + notNull
	case c.kind == kJSON:
		return "json" + notNull
	case c.kind == kEnum:
		return "enum(" + enumList() + ")" + notNull + " DEFAULT 'v0'"
	}
	panic(fmt.Sprintf("bench: unknown kind %d", c.kind))
}

// sqlite renders the model as SQLite DDL: foreign keys inside CREATE
// TABLE (SQLite cannot add them later), indexes as CREATE INDEX.
func (m *model) sqlite() string {
	var b strings.Builder
	b.Grow(len(m.tables) * 1200)
	for _, t := range m.tables {
		name := tableName(t.n)
		fmt.Fprintf(&b, "\nCREATE TABLE \"%s\" (\n", name)
		for i, c := range t.cols {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString("  \"" + c.name + "\" " + sqliteType(c))
		}
		for _, c := range t.cols {
			if c.ref >= 0 {
				fmt.Fprintf(&b, ",\n  CONSTRAINT \"%s_%s_fkey\" FOREIGN KEY (\"%s\") REFERENCES \"%s\" (\"id\") ON DELETE %s ON UPDATE CASCADE",
					name, c.name, c.name, tableName(c.ref), onDelete(c))
			}
		}
		b.WriteString("\n);\n")
		for _, ix := range t.indexes {
			unique := ""
			if ix.unique {
				unique = "UNIQUE "
			}
			fmt.Fprintf(&b, "CREATE %sINDEX \"%s\" ON \"%s\" (\"%s\");\n", unique, indexName(t, ix), name, strings.Join(ix.cols, "\", \""))
		}
	}
	return b.String()
}

func sqliteType(c *column) string {
	notNull := " NOT NULL"
	if c.optional {
		notNull = ""
	}
	switch {
	case c.name == "id":
		return "INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT"
	case c.kind == kText:
		return "TEXT" + notNull
	case c.kind == kVarchar:
		return fmt.Sprintf("VARCHAR(%d)%s", c.width, notNull)
	case c.kind == kInt:
		return "INTEGER" + notNull
	case c.kind == kBigInt:
		return "BIGINT" + notNull
	case c.kind == kBool:
		return "BOOLEAN" + notNull + " DEFAULT false"
	case c.kind == kTime:
		return "DATETIME" + notNull + " DEFAULT CURRENT_TIMESTAMP"
	case c.kind == kDecimal:
		return "DECIMAL" + notNull
	case c.kind == kFloat:
		return "REAL" + notNull
	case c.kind == kJSON:
		return "JSONB" + notNull
	case c.kind == kEnum:
		return "TEXT" + notNull + " DEFAULT 'v0'"
	}
	panic(fmt.Sprintf("bench: unknown kind %d", c.kind))
}
