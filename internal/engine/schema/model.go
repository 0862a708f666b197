package schema

import "fmt"

// Pos is where an object was read from: a file and a 1-based line and column.
// The zero Pos means "unknown" (for example an object created by a planner).
type Pos struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

// String renders the position as file:line:col, leaving out what is unknown.
func (p Pos) String() string {
	switch {
	case p.File == "" && p.Line == 0:
		return "-"
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// IsZero reports whether the position is unknown.
func (p Pos) IsZero() bool { return p == Pos{} }

// QName is a schema-qualified name. Schema is the namespace ("public" on
// PostgreSQL); dialects without namespaces leave it empty.
type QName struct {
	Schema string `json:"schema,omitempty"`
	Name   string `json:"name"`
}

// String renders the name as schema.name without quoting; for messages only.
func (q QName) String() string {
	if q.Schema == "" {
		return q.Name
	}
	return q.Schema + "." + q.Name
}

// Less orders names by schema, then name.
func (q QName) Less(o QName) bool {
	if q.Schema != o.Schema {
		return q.Schema < o.Schema
	}
	return q.Name < o.Name
}

// File is one source file handed to a reader: its path (used in positions
// and error messages) and its content.
type File struct {
	Path string
	Data []byte
}

// Schema is a whole database schema as one dialect sees it.
type Schema struct {
	// Dialect is the dialect the types and expressions are spelled for
	// ("postgres", "mysql", "mariadb", "sqlite"); set by readers.
	Dialect    string       `json:"dialect,omitempty"`
	Namespaces []*Namespace `json:"namespaces,omitempty"`
	Extensions []*Extension `json:"extensions,omitempty"`
	Enums      []*Enum      `json:"enums,omitempty"`
	Sequences  []*Sequence  `json:"sequences,omitempty"`
	Tables     []*Table     `json:"tables,omitempty"`
	// Objects are views, functions, procedures and triggers, carried as
	// named objects with their normalized definition.
	Objects []*Object `json:"objects,omitempty"`
}

// Namespace is a PostgreSQL schema (CREATE SCHEMA). The default namespace
// ("public") is implicit and not listed unless a source creates it.
type Namespace struct {
	Name    string `json:"name"`
	Comment string `json:"comment,omitempty"`
	Pos     Pos    `json:"pos"`
}

// Extension is an installed extension (CREATE EXTENSION).
type Extension struct {
	Name   string `json:"name"`
	Schema string `json:"schema,omitempty"`
	Pos    Pos    `json:"pos"`
}

// Enum is an enumerated type with its values in order. On MySQL enums are
// inline column types and this list stays empty.
type Enum struct {
	Name    QName    `json:"name"`
	Values  []string `json:"values"`
	Comment string   `json:"comment,omitempty"`
	// RenamedFrom is a rename hint read from the source ("@renamed from=").
	RenamedFrom string `json:"renamed_from,omitempty"`
	Pos         Pos    `json:"pos"`
}

// Sequence is a standalone sequence. Sequences owned by a serial column are
// not listed here: they belong to the column's Default (DefaultSequence).
type Sequence struct {
	Name      QName  `json:"name"`
	Type      string `json:"type,omitempty"` // "bigint" unless stated
	Start     int64  `json:"start"`
	Increment int64  `json:"increment"`
	Min       int64  `json:"min"`
	Max       int64  `json:"max"`
	Cache     int64  `json:"cache"`
	Cycle     bool   `json:"cycle,omitempty"`
	// OwnedBy is "table.column" when the sequence is OWNED BY a column
	// without being that column's serial default.
	OwnedBy string `json:"owned_by,omitempty"`
	Comment string `json:"comment,omitempty"`
	Pos     Pos    `json:"pos"`
}

// Table is a table with its columns and constraints.
type Table struct {
	Name        QName         `json:"name"`
	Columns     []*Column     `json:"columns"`
	PrimaryKey  *PrimaryKey   `json:"primary_key,omitempty"`
	Uniques     []*Unique     `json:"uniques,omitempty"`
	Indexes     []*Index      `json:"indexes,omitempty"`
	ForeignKeys []*ForeignKey `json:"foreign_keys,omitempty"`
	Checks      []*Check      `json:"checks,omitempty"`
	Comment     string        `json:"comment,omitempty"`
	// Options are dialect table options (MySQL ENGINE, CHARSET...), by key.
	Options map[string]string `json:"options,omitempty"`
	// RenamedFrom is a rename hint read from the source ("@renamed from=").
	RenamedFrom string `json:"renamed_from,omitempty"`
	Pos         Pos    `json:"pos"`
}

// Column is one column of a table.
type Column struct {
	Name string `json:"name"`
	Type Type   `json:"type"`
	// NotNull is true for NOT NULL columns (primary key columns included).
	NotNull   bool       `json:"not_null"`
	Default   *Default   `json:"default,omitempty"`
	Identity  *Identity  `json:"identity,omitempty"`
	Generated *Generated `json:"generated,omitempty"`
	Collation string     `json:"collation,omitempty"`
	Comment   string     `json:"comment,omitempty"`
	// OnUpdate is the canonical expression of a MySQL ON UPDATE clause
	// ("current_timestamp(3)"): the value the column takes when its row is
	// updated. Empty elsewhere.
	OnUpdate string `json:"on_update,omitempty"`
	// RenamedFrom is a rename hint read from the source ("@renamed from=").
	RenamedFrom string `json:"renamed_from,omitempty"`
	Pos         Pos    `json:"pos"`
}

// Type is a column type: as written, and normalized for the dialect.
type Type struct {
	// Raw is the spelling in the source ("varchar(20)", "Int", "SERIAL").
	Raw string `json:"raw,omitempty"`
	// Norm is the canonical spelling for the dialect, the one the database
	// reports back (PostgreSQL: format_type, e.g. "character varying(20)",
	// "timestamp(3) without time zone", "integer[]", "\"Role\"").
	// Norm is what comparisons use and what planners write.
	Norm string `json:"norm"`
	// Ref names a user-defined type (enum, domain) the column uses, so
	// changes can be ordered after the type exists.
	Ref *QName `json:"ref,omitempty"`
}

// DefaultKind says what sort of expression a column default is.
type DefaultKind int

// The kinds of defaults.
const (
	// DefaultLiteral is a constant: a string, number, boolean or NULL.
	DefaultLiteral DefaultKind = iota
	// DefaultFunction is any other expression (now(), gen_random_uuid(),
	// CURRENT_TIMESTAMP, an arithmetic expression).
	DefaultFunction
	// DefaultSequence is nextval() of a sequence owned by the column: a
	// PostgreSQL serial column or a MySQL AUTO_INCREMENT / SQLite
	// AUTOINCREMENT column. Sequence names the sequence where there is one.
	DefaultSequence
)

// String names the kind.
func (k DefaultKind) String() string {
	switch k {
	case DefaultLiteral:
		return "literal"
	case DefaultFunction:
		return "function"
	case DefaultSequence:
		return "sequence"
	}
	return fmt.Sprintf("DefaultKind(%d)", int(k))
}

// MarshalText implements encoding.TextMarshaler for stable JSON.
func (k DefaultKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Default is a column default.
type Default struct {
	Kind DefaultKind `json:"kind"`
	// Expr is the canonical SQL text of the expression as it follows the
	// DEFAULT keyword, with casts of a literal to the column's own type
	// removed ('x', 0, true, now(), CURRENT_TIMESTAMP). For DefaultSequence
	// on PostgreSQL it is nextval('"t_id_seq"'::regclass).
	Expr string `json:"expr"`
	// Sequence names the owned sequence of a DefaultSequence default.
	Sequence *QName `json:"sequence,omitempty"`
	Pos      Pos    `json:"pos"`
}

// Identity marks a GENERATED ... AS IDENTITY column.
type Identity struct {
	Always    bool  `json:"always"`
	Start     int64 `json:"start,omitempty"`
	Increment int64 `json:"increment,omitempty"`
}

// Generated marks a generated (computed) column.
type Generated struct {
	Expr   string `json:"expr"`
	Stored bool   `json:"stored"`
}

// PrimaryKey is a table's primary key constraint.
type PrimaryKey struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns"`
	Pos     Pos      `json:"pos"`
}

// Unique is a UNIQUE constraint (as opposed to a unique index, which is an
// Index with Unique set). PostgreSQL backs it by an index of the same name.
type Unique struct {
	Name             string   `json:"name"`
	Columns          []string `json:"columns"`
	NullsNotDistinct bool     `json:"nulls_not_distinct,omitempty"`
	Deferrable       bool     `json:"deferrable,omitempty"`
	Deferred         bool     `json:"initially_deferred,omitempty"`
	Pos              Pos      `json:"pos"`
}

// Index is an index, unique or not, that is not the backing index of a
// primary key or UNIQUE constraint.
type Index struct {
	Name   string      `json:"name"`
	Unique bool        `json:"unique,omitempty"`
	Parts  []IndexPart `json:"parts"`
	// Method is the access method ("btree", "gin", "gist", "hash", "brin",
	// MySQL "FULLTEXT", "SPATIAL"). Empty means the dialect's default.
	Method string `json:"method,omitempty"`
	// Where is the predicate of a partial index, canonical SQL text.
	Where            string   `json:"where,omitempty"`
	Include          []string `json:"include,omitempty"`
	NullsNotDistinct bool     `json:"nulls_not_distinct,omitempty"`
	Pos              Pos      `json:"pos"`
}

// IndexPart is one key of an index: a column or an expression.
type IndexPart struct {
	Column string `json:"column,omitempty"`
	Expr   string `json:"expr,omitempty"`
	Desc   bool   `json:"desc,omitempty"`
	// NullsFirst / NullsLast are set only when they differ from the
	// default for the direction (ASC: nulls last, DESC: nulls first).
	NullsFirst bool   `json:"nulls_first,omitempty"`
	NullsLast  bool   `json:"nulls_last,omitempty"`
	OpClass    string `json:"opclass,omitempty"`
	Collation  string `json:"collation,omitempty"`
	// Length is a MySQL prefix length.
	Length int `json:"length,omitempty"`
}

// Referential actions, canonical spelling.
const (
	NoAction   = "NO ACTION"
	Restrict   = "RESTRICT"
	Cascade    = "CASCADE"
	SetNull    = "SET NULL"
	SetDefault = "SET DEFAULT"
)

// ForeignKey is a FOREIGN KEY constraint.
type ForeignKey struct {
	Name       string   `json:"name"`
	Columns    []string `json:"columns"`
	RefTable   QName    `json:"ref_table"`
	RefColumns []string `json:"ref_columns"`
	// OnDelete and OnUpdate use the canonical spellings above; empty is
	// NO ACTION.
	OnDelete   string `json:"on_delete,omitempty"`
	OnUpdate   string `json:"on_update,omitempty"`
	Deferrable bool   `json:"deferrable,omitempty"`
	Deferred   bool   `json:"initially_deferred,omitempty"`
	Pos        Pos    `json:"pos"`
}

// Check is a CHECK constraint.
type Check struct {
	Name string `json:"name"`
	// Expr is the canonical SQL text of the condition, without the
	// surrounding CHECK ( ).
	Expr      string `json:"expr"`
	NoInherit bool   `json:"no_inherit,omitempty"`
	Pos       Pos    `json:"pos"`
}

// ObjectKind is the kind of an opaque named object.
type ObjectKind string

// The kinds of opaque objects.
const (
	ObjectView             ObjectKind = "view"
	ObjectMaterializedView ObjectKind = "materialized view"
	ObjectFunction         ObjectKind = "function"
	ObjectProcedure        ObjectKind = "procedure"
	ObjectTrigger          ObjectKind = "trigger"
)

// Object is a view, function, procedure or trigger, carried as a named
// object with its normalized definition: the engine does not look inside
// it, but never drops or loses it silently.
type Object struct {
	Kind ObjectKind `json:"kind"`
	Name QName      `json:"name"`
	// Signature distinguishes overloaded functions: the identity argument
	// types, e.g. "(integer, text)".
	Signature string `json:"signature,omitempty"`
	// Table is the table a trigger is on.
	Table *QName `json:"table,omitempty"`
	// Definition is the full normalized CREATE statement that creates it.
	Definition string `json:"definition"`
	// DependsOn lists tables and objects the definition refers to, when
	// known, so drops and creates can be ordered.
	DependsOn []QName `json:"depends_on,omitempty"`
	Comment   string  `json:"comment,omitempty"`
	Pos       Pos     `json:"pos"`
}

// Key identifies the object among others of its schema.
func (o *Object) Key() string {
	k := string(o.Kind) + " " + o.Name.String() + o.Signature
	if o.Table != nil {
		k += " on " + o.Table.String()
	}
	return k
}

// PosError is an error in a source at a position: every reader reports bad
// input this way, so the user sees file:line:col and what is wrong.
type PosError struct {
	Pos Pos
	Msg string
}

// Error renders "file:line:col: message".
func (e *PosError) Error() string { return e.Pos.String() + ": " + e.Msg }

// Errorf returns a *PosError at pos.
func Errorf(pos Pos, format string, args ...any) error {
	return &PosError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}
