package bench

import (
	"fmt"
	"strings"
)

const enumValues = 4

// prisma renders the model as one Prisma schema file. Models are named
// T0001 and mapped to tables t0001, so the default constraint and index
// names are the ones the SQL rendering writes.
func (m *model) prisma() string {
	var b strings.Builder
	b.Grow(len(m.tables) * 900)
	b.WriteString("datasource db {\n  provider = \"postgresql\"\n}\n")
	for e := range m.enums {
		fmt.Fprintf(&b, "\nenum %s {\n", enumName(e))
		for v := range enumValues {
			fmt.Fprintf(&b, "  v%d\n", v)
		}
		b.WriteString("}\n")
	}
	// back[n] are the relation fields model n needs for foreign keys that
	// point at it.
	back := map[int][]string{}
	for _, t := range m.tables {
		for _, c := range t.cols {
			if c.ref >= 0 {
				rel := tableName(t.n) + "_" + c.name
				back[c.ref] = append(back[c.ref], fmt.Sprintf("  in_%s %s[] @relation(%q)\n", rel, modelName(t.n), rel))
			}
		}
	}
	for _, t := range m.tables {
		fmt.Fprintf(&b, "\nmodel %s {\n", modelName(t.n))
		for _, c := range t.cols {
			b.WriteString("  " + c.name + " " + prismaType(c) + "\n")
			if c.ref >= 0 {
				opt := ""
				if c.optional {
					opt = "?"
				}
				rel := tableName(t.n) + "_" + c.name
				fmt.Fprintf(&b, "  %s_rel %s%s @relation(%q, fields: [%s], references: [id])\n", c.name, modelName(c.ref), opt, rel, c.name)
			}
		}
		for _, f := range back[t.n] {
			b.WriteString(f)
		}
		for _, ix := range t.indexes {
			attr := "@@index"
			if ix.unique {
				attr = "@@unique"
			}
			fmt.Fprintf(&b, "\n  %s([%s])", attr, strings.Join(ix.cols, ", "))
		}
		fmt.Fprintf(&b, "\n  @@map(%q)\n}\n", tableName(t.n))
	}
	return b.String()
}

func prismaType(c *column) string {
	opt := ""
	if c.optional {
		opt = "?"
	}
	switch {
	case c.name == "id":
		return "Int @id @default(autoincrement())"
	case c.kind == kText:
		return "String" + opt
	case c.kind == kVarchar:
		return fmt.Sprintf("String%s @db.VarChar(%d)", opt, c.width)
	case c.kind == kInt:
		return "Int" + opt
	case c.kind == kBigInt:
		return "BigInt" + opt
	case c.kind == kBool:
		return "Boolean" + opt + " @default(false)"
	case c.kind == kTime:
		return "DateTime" + opt + " @default(now())"
	case c.kind == kDecimal:
		return "Decimal" + opt + " @db.Decimal(12, 2)"
	case c.kind == kFloat:
		return "Float" + opt
	case c.kind == kJSON:
		return "Json" + opt
	case c.kind == kEnum:
		return enumName(c.enum) + opt + " @default(v0)"
	}
	panic(fmt.Sprintf("bench: unknown kind %d", c.kind))
}

// sql renders the model as PostgreSQL DDL for the database the Prisma
// rendering describes (Prisma's types, defaults, names and referential
// actions).
func (m *model) sql() string {
	var b strings.Builder
	b.Grow(len(m.tables) * 1100)
	for e := range m.enums {
		vals := make([]string, enumValues)
		for v := range vals {
			vals[v] = fmt.Sprintf("'v%d'", v)
		}
		fmt.Fprintf(&b, "CREATE TYPE %s AS ENUM (%s);\n", enumName(e), strings.Join(vals, ", "))
	}
	for _, t := range m.tables {
		name := tableName(t.n)
		fmt.Fprintf(&b, "\nCREATE TABLE %s (\n", name)
		for _, c := range t.cols {
			b.WriteString("    " + c.name + " " + sqlType(c) + ",\n")
		}
		fmt.Fprintf(&b, "    CONSTRAINT %s_pkey PRIMARY KEY (id)\n);\n", name)
		for _, ix := range t.indexes {
			unique := ""
			if ix.unique {
				unique = "UNIQUE "
			}
			fmt.Fprintf(&b, "CREATE %sINDEX %s ON %s (%s);\n", unique, indexName(t, ix), name, strings.Join(ix.cols, ", "))
		}
	}
	b.WriteString("\n")
	for _, t := range m.tables {
		for _, c := range t.cols {
			if c.ref < 0 {
				continue
			}
			onDelete := "RESTRICT"
			if c.optional {
				onDelete = "SET NULL"
			}
			fmt.Fprintf(&b, "ALTER TABLE %s ADD CONSTRAINT %s_%s_fkey FOREIGN KEY (%s) REFERENCES %s (id) ON DELETE %s ON UPDATE CASCADE;\n",
				tableName(t.n), tableName(t.n), c.name, c.name, tableName(c.ref), onDelete)
		}
	}
	return b.String()
}

func sqlType(c *column) string {
	notNull := " NOT NULL"
	if c.optional {
		notNull = ""
	}
	switch {
	case c.name == "id":
		return "serial NOT NULL"
	case c.kind == kText:
		return "text" + notNull
	case c.kind == kVarchar:
		return fmt.Sprintf("varchar(%d)%s", c.width, notNull)
	case c.kind == kInt:
		return "integer" + notNull
	case c.kind == kBigInt:
		return "bigint" + notNull
	case c.kind == kBool:
		return "boolean" + notNull + " DEFAULT false"
	case c.kind == kTime:
		return "timestamp(3)" + notNull + " DEFAULT CURRENT_TIMESTAMP"
	case c.kind == kDecimal:
		return "decimal(12,2)" + notNull
	case c.kind == kFloat:
		return "double precision" + notNull
	case c.kind == kJSON:
		return "jsonb" + notNull
	case c.kind == kEnum:
		return enumName(c.enum) + notNull + " DEFAULT 'v0'"
	}
	panic(fmt.Sprintf("bench: unknown kind %d", c.kind))
}
