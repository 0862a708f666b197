package schema

// Change is one difference between two schemas, as a verb and a noun. The
// set is closed: every type that implements Change is listed in
// AllChangeKinds, and the planner and every emitter must handle each one (a
// test enforces it), so a new change can never be skipped silently.
type Change interface {
	// Kind is the change's stable name ("AddTable", "AlterColumn" ...).
	Kind() string
	change()
}

// AddNamespace creates a namespace (CREATE SCHEMA).
type AddNamespace struct{ Namespace *Namespace }

// DropNamespace drops an empty namespace.
type DropNamespace struct{ Namespace *Namespace }

// AddExtension installs an extension.
type AddExtension struct{ Extension *Extension }

// DropExtension removes an extension.
type DropExtension struct{ Extension *Extension }

// AddEnum creates an enum type.
type AddEnum struct{ Enum *Enum }

// DropEnum drops an enum type.
type DropEnum struct{ Enum *Enum }

// RenameEnum renames an enum type.
type RenameEnum struct{ From, To QName }

// AddEnumValue adds one value to an enum, placed before Before or after
// After (both empty: appended at the end).
type AddEnumValue struct {
	Enum   QName
	Value  string
	Before string
	After  string
}

// DropEnumValue removes values from an enum. No database removes an enum
// value in place: the type is recreated with the values of To, and the
// columns that use it are converted.
type DropEnumValue struct {
	From, To *Enum
	Values   []string
	// Columns are the columns that use the enum, "schema.table.column".
	Columns []ColumnRef
}

// ReorderEnum changes the order of an enum's values without adding or
// removing any; like DropEnumValue it recreates the type.
type ReorderEnum struct {
	From, To *Enum
	Columns  []ColumnRef
}

// ColumnRef names one column of one table.
type ColumnRef struct {
	Table  QName
	Column string
}

// AddSequence creates a standalone sequence.
type AddSequence struct{ Sequence *Sequence }

// DropSequence drops a standalone sequence.
type DropSequence struct{ Sequence *Sequence }

// AlterSequence changes a sequence's options.
type AlterSequence struct{ From, To *Sequence }

// RenameSequence renames a sequence: a standalone one, or the sequence
// owned by a serial column (whose default then calls nextval() of the new
// name). The differ emits it when a serial column's owned sequence is named
// differently in the target, typically after a table rename, since
// renaming a table does not rename the sequences it owns.
type RenameSequence struct{ From, To QName }

// AddTable creates a table with its columns, primary key, unique and check
// constraints. Its indexes and foreign keys are separate AddIndex and
// AddForeignKey changes, so they can be ordered after every table exists.
type AddTable struct{ Table *Table }

// DropTable drops a table (with its indexes and constraints).
type DropTable struct{ Table *Table }

// RenameTable renames a table.
type RenameTable struct{ From, To QName }

// SetTableComment sets (or with To == "" removes) a table's comment.
type SetTableComment struct {
	Table    QName
	From, To string
}

// SetTableOptions changes a table's dialect options (MySQL ENGINE, CHARSET
// and COLLATE; SQLite WITHOUT ROWID and STRICT; PostgreSQL UNLOGGED and
// storage parameters) from From to To, both complete maps of the table's
// options as Table.Options holds them.
type SetTableOptions struct {
	Table    QName
	From, To map[string]string
}

// AddColumn adds a column to an existing table.
type AddColumn struct {
	Table  QName
	Column *Column
}

// DropColumn drops a column; its data cannot come back.
type DropColumn struct {
	Table  QName
	Column *Column
}

// RenameColumn renames a column, keeping its data.
type RenameColumn struct {
	Table    QName
	From, To string
}

// ColumnChange is a set of the properties an AlterColumn changes.
type ColumnChange uint

// The properties of a column that can change in place.
const (
	ChangeType ColumnChange = 1 << iota
	ChangeNull
	ChangeDefault
	ChangeIdentity
	ChangeGenerated
	ChangeCollation
	ChangeComment
	// ChangeOnUpdate: MySQL's ON UPDATE CURRENT_TIMESTAMP clause.
	ChangeOnUpdate
)

// Has reports whether all properties of o are in c.
func (c ColumnChange) Has(o ColumnChange) bool { return c&o == o }

// String lists the changed properties ("type,null").
func (c ColumnChange) String() string {
	names := []string{"type", "null", "default", "identity", "generated", "collation", "comment", "on-update"}
	s := ""
	for i, n := range names {
		if c&(1<<i) != 0 {
			if s != "" {
				s += ","
			}
			s += n
		}
	}
	return s
}

// AlterColumn changes a column in place: From and To are the whole column
// before and after, What says which properties differ.
type AlterColumn struct {
	Table    QName
	From, To *Column
	What     ColumnChange
}

// AddPrimaryKey adds a primary key to an existing table.
type AddPrimaryKey struct {
	Table      QName
	PrimaryKey *PrimaryKey
}

// DropPrimaryKey drops a table's primary key.
type DropPrimaryKey struct {
	Table      QName
	PrimaryKey *PrimaryKey
}

// AddUnique adds a UNIQUE constraint to an existing table.
type AddUnique struct {
	Table  QName
	Unique *Unique
}

// DropUnique drops a UNIQUE constraint.
type DropUnique struct {
	Table  QName
	Unique *Unique
}

// AddIndex creates an index. NewTable is set when the table is created by
// the same migration (so the index can be built without CONCURRENTLY).
type AddIndex struct {
	Table    QName
	Index    *Index
	NewTable bool
}

// DropIndex drops an index.
type DropIndex struct {
	Table QName
	Index *Index
}

// RenameIndex renames an index, keeping it.
type RenameIndex struct {
	Table    QName
	From, To string
}

// AddForeignKey adds a foreign key. NewTable is set when the referencing
// table is created by the same migration (nothing to validate).
type AddForeignKey struct {
	Table      QName
	ForeignKey *ForeignKey
	NewTable   bool
}

// DropForeignKey drops a foreign key.
type DropForeignKey struct {
	Table      QName
	ForeignKey *ForeignKey
}

// AddCheck adds a CHECK constraint to an existing table.
type AddCheck struct {
	Table QName
	Check *Check
}

// DropCheck drops a CHECK constraint.
type DropCheck struct {
	Table QName
	Check *Check
}

// RenameConstraint renames a primary key, unique, foreign key or check
// constraint, keeping it.
type RenameConstraint struct {
	Table    QName
	From, To string
}

// AddObject creates a view, function, procedure or trigger.
type AddObject struct{ Object *Object }

// DropObject drops a view, function, procedure or trigger.
type DropObject struct{ Object *Object }

// ReplaceObject replaces an object's definition.
type ReplaceObject struct{ From, To *Object }

func (*AddNamespace) Kind() string     { return "AddNamespace" }
func (*DropNamespace) Kind() string    { return "DropNamespace" }
func (*AddExtension) Kind() string     { return "AddExtension" }
func (*DropExtension) Kind() string    { return "DropExtension" }
func (*AddEnum) Kind() string          { return "AddEnum" }
func (*DropEnum) Kind() string         { return "DropEnum" }
func (*RenameEnum) Kind() string       { return "RenameEnum" }
func (*AddEnumValue) Kind() string     { return "AddEnumValue" }
func (*DropEnumValue) Kind() string    { return "DropEnumValue" }
func (*ReorderEnum) Kind() string      { return "ReorderEnum" }
func (*AddSequence) Kind() string      { return "AddSequence" }
func (*DropSequence) Kind() string     { return "DropSequence" }
func (*AlterSequence) Kind() string    { return "AlterSequence" }
func (*RenameSequence) Kind() string   { return "RenameSequence" }
func (*AddTable) Kind() string         { return "AddTable" }
func (*DropTable) Kind() string        { return "DropTable" }
func (*RenameTable) Kind() string      { return "RenameTable" }
func (*SetTableComment) Kind() string  { return "SetTableComment" }
func (*SetTableOptions) Kind() string  { return "SetTableOptions" }
func (*AddColumn) Kind() string        { return "AddColumn" }
func (*DropColumn) Kind() string       { return "DropColumn" }
func (*RenameColumn) Kind() string     { return "RenameColumn" }
func (*AlterColumn) Kind() string      { return "AlterColumn" }
func (*AddPrimaryKey) Kind() string    { return "AddPrimaryKey" }
func (*DropPrimaryKey) Kind() string   { return "DropPrimaryKey" }
func (*AddUnique) Kind() string        { return "AddUnique" }
func (*DropUnique) Kind() string       { return "DropUnique" }
func (*AddIndex) Kind() string         { return "AddIndex" }
func (*DropIndex) Kind() string        { return "DropIndex" }
func (*RenameIndex) Kind() string      { return "RenameIndex" }
func (*AddForeignKey) Kind() string    { return "AddForeignKey" }
func (*DropForeignKey) Kind() string   { return "DropForeignKey" }
func (*AddCheck) Kind() string         { return "AddCheck" }
func (*DropCheck) Kind() string        { return "DropCheck" }
func (*RenameConstraint) Kind() string { return "RenameConstraint" }
func (*AddObject) Kind() string        { return "AddObject" }
func (*DropObject) Kind() string       { return "DropObject" }
func (*ReplaceObject) Kind() string    { return "ReplaceObject" }

func (*AddNamespace) change()     {}
func (*DropNamespace) change()    {}
func (*AddExtension) change()     {}
func (*DropExtension) change()    {}
func (*AddEnum) change()          {}
func (*DropEnum) change()         {}
func (*RenameEnum) change()       {}
func (*AddEnumValue) change()     {}
func (*DropEnumValue) change()    {}
func (*ReorderEnum) change()      {}
func (*AddSequence) change()      {}
func (*DropSequence) change()     {}
func (*AlterSequence) change()    {}
func (*RenameSequence) change()   {}
func (*AddTable) change()         {}
func (*DropTable) change()        {}
func (*RenameTable) change()      {}
func (*SetTableComment) change()  {}
func (*SetTableOptions) change()  {}
func (*AddColumn) change()        {}
func (*DropColumn) change()       {}
func (*RenameColumn) change()     {}
func (*AlterColumn) change()      {}
func (*AddPrimaryKey) change()    {}
func (*DropPrimaryKey) change()   {}
func (*AddUnique) change()        {}
func (*DropUnique) change()       {}
func (*AddIndex) change()         {}
func (*DropIndex) change()        {}
func (*RenameIndex) change()      {}
func (*AddForeignKey) change()    {}
func (*DropForeignKey) change()   {}
func (*AddCheck) change()         {}
func (*DropCheck) change()        {}
func (*RenameConstraint) change() {}
func (*AddObject) change()        {}
func (*DropObject) change()       {}
func (*ReplaceObject) change()    {}

// AllChangeKinds returns one zero value of every change type, in a stable
// order. Tests use it to prove that planners and emitters handle them all.
func AllChangeKinds() []Change {
	return []Change{
		&AddNamespace{}, &DropNamespace{}, &AddExtension{}, &DropExtension{},
		&AddEnum{}, &DropEnum{}, &RenameEnum{}, &AddEnumValue{}, &DropEnumValue{}, &ReorderEnum{},
		&AddSequence{}, &DropSequence{}, &AlterSequence{}, &RenameSequence{},
		&AddTable{}, &DropTable{}, &RenameTable{}, &SetTableComment{}, &SetTableOptions{},
		&AddColumn{}, &DropColumn{}, &RenameColumn{}, &AlterColumn{},
		&AddPrimaryKey{}, &DropPrimaryKey{}, &AddUnique{}, &DropUnique{},
		&AddIndex{}, &DropIndex{}, &RenameIndex{},
		&AddForeignKey{}, &DropForeignKey{}, &AddCheck{}, &DropCheck{}, &RenameConstraint{},
		&AddObject{}, &DropObject{}, &ReplaceObject{},
	}
}
