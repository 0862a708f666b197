package schemadoc

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// document is one decoded file: what it declares, each element with the
// line it was written on.
type document struct {
	file    string
	dialect string
	enums   []*enumDecl
	tables  []*tableDecl
}

// enumDecl is a PostgreSQL enum type.
type enumDecl struct {
	name   string
	values []string
	line   int
}

// tableDecl is one table.
type tableDecl struct {
	name        string
	renamedFrom string
	comment     string
	columns     []*columnDecl
	primaryKey  *keyDecl
	uniques     []*keyDecl
	indexes     []*indexDecl
	foreignKeys []*foreignKeyDecl
	checks      []*checkDecl
	file        string
	line        int
}

// columnDecl is one column.
type columnDecl struct {
	name        string
	typ         string
	typeLine    int
	values      []string // enum values (type: enum)
	nullable    *bool
	def         *defaultDecl
	primary     bool
	unsigned    bool // MySQL UNSIGNED (Knex .unsigned(); nothing elsewhere)
	increments  bool // the type is increments / bigincrements
	comment     string
	renamedFrom string
	line        int
}

// defaultDecl is a column default: a literal, or SQL text (sql: ...).
type defaultDecl struct {
	// kind is "string", "number", "bool", "null" or "sql".
	kind string
	text string
	line int
}

// keyDecl is a primary key or a UNIQUE constraint.
type keyDecl struct {
	name    string
	columns []string
	line    int
}

// indexPartDecl is one key of an index.
type indexPartDecl struct {
	column string
	expr   string
	desc   bool
}

// indexDecl is an index.
type indexDecl struct {
	name   string
	parts  []indexPartDecl
	unique bool
	using  string
	where  string
	line   int
}

// foreignKeyDecl is a foreign key.
type foreignKeyDecl struct {
	name       string
	columns    []string
	refTable   string
	refColumns []string
	onDelete   string
	onUpdate   string
	line       int
}

// checkDecl is a CHECK constraint.
type checkDecl struct {
	name string
	expr string
	line int
}

func (d *document) pos(line int) schema.Pos { return schema.Pos{File: d.file, Line: line} }

func (t *tableDecl) column(name string) *columnDecl {
	for _, c := range t.columns {
		if c.name == name {
			return c
		}
	}
	return nil
}
