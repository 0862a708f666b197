package sqlalchemy

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// metaInfo is a MetaData object: its naming convention and default
// schema.
type metaInfo struct {
	conv   map[string]string // "ix", "uq", "ck", "fk", "pk" -> template
	schema string
	// annotationMap is a DeclarativeBase's type_annotation_map, by the
	// canonical name of the Python type ("builtins.str").
	annotationMap map[string]*saType
}

// defaultConvention is SQLAlchemy's DEFAULT_NAMING_CONVENTION, used when a
// MetaData is given none.
func defaultConvention() map[string]string {
	return map[string]string{"ix": "ix_%(column_0_label)s"}
}

// tableDef is a table as SQLAlchemy's MetaData holds it.
type tableDef struct {
	name, schema  string
	md            *metaInfo
	cols          []*colDef
	pk            *pkDef // an explicit PrimaryKeyConstraint
	uniques       []*uqDef
	indexes       []*ixDef
	checks        []*ckDef
	fks           []*fkDef
	options       [][2]string // mysql_engine ...
	comment       string
	sqliteAutoinc bool
	pos           schema.Pos
}

// colDef is a Column or mapped_column.
type colDef struct {
	key, name string
	typ       *saType // nil: copied from the foreign key's target
	nullable  *bool
	pk        bool
	index     *bool
	unique    *bool
	autoinc   string // "auto", "true", "false", "ignore_fk"
	serverDef *defaultDef
	pyDefault bool
	fks       []*fkDef
	comment   string
	seq       *seqDef // Sequence(...) argument
	computed  *computedDef
	checks    []*ckDef // column-level CheckConstraint(...)
	identity  *identityDef
	order     [2]int // creation order: (rank, line)
	pos       schema.Pos
}

// seqDef is a column's Sequence("name", start=, increment=, optional=).
type seqDef struct {
	name             string
	start, increment *int64
	optional         bool
	pos              schema.Pos
}

// computedDef is a column's Computed("expr", persisted=).
type computedDef struct {
	expr      string
	persisted *bool
	pos       schema.Pos
}

// identityDef is a column's Identity(always=, start=, increment=).
type identityDef struct {
	always           bool
	start, increment *int64
	pos              schema.Pos
}

// defaultDef is a server_default: a literal string, or an expression
// rendered per dialect.
type defaultDef struct {
	literal *string
	text    string // text("...") verbatim
	fn      *funcDef
	boolean *bool // sa.true() / sa.false()
	pos     schema.Pos
}

// funcDef is func.name(args...) with literal arguments.
type funcDef struct {
	name string
	args []value
	pos  schema.Pos
}

type pkDef struct {
	name string
	cols []string
	pos  schema.Pos
}

type uqDef struct {
	name       string
	cols       []string
	deferrable bool
	initially  string
	pos        schema.Pos
}

type ixDef struct {
	name   string
	cols   []string
	unique bool
	using  string
	// where is a partial index predicate per family (postgresql_where,
	// sqlite_where).
	where map[family]string
	// columnFlag marks the index of a Column(index=True), named by the
	// "ix" convention.
	columnFlag bool
	pos        schema.Pos
}

type ckDef struct {
	name string
	expr string
	pos  schema.Pos
}

// fkDef is a ForeignKey (one column) or a ForeignKeyConstraint.
type fkDef struct {
	name       string
	cols       []string
	refs       []string // "table.col" or "schema.table.col"
	refMember  []value  // memberRef / column attribute targets, resolved later
	onDelete   string
	onUpdate   string
	deferrable bool
	initially  string
	pos        schema.Pos
}

// saType is a SQLAlchemy type: its canonical class ("sa.String",
// "pg.JSONB") and its arguments.
type saType struct {
	class     string
	length    *int64
	precision *int64
	scale     *int64
	timezone  bool
	fsp       *int64
	display   *int64
	// Enum
	enumName   string
	enumValues []string
	native     bool
	// ARRAY
	item *saType
	// variants are with_variant() types by SQLAlchemy dialect family.
	variants map[family]*saType
	pos      schema.Pos
}
