package prisma

import (
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// provider is what the reader knows about one datasource provider, as data:
// its type map, native types, naming rules and default rendering. Each
// provider is one value (postgres, mysql, sqlite); the builder asks it and
// never tests the provider's name.
type provider struct {
	// dialect is Schema.Dialect for this provider ("postgres").
	dialect string
	// restrictIsNoAction: the database treats ON DELETE/UPDATE RESTRICT
	// exactly as NO ACTION and reports both the same way (InnoDB: "RESTRICT
	// ... is the same as omitting the ON DELETE or ON UPDATE clause"), so
	// the model spells both as NO ACTION, as MySQL introspection does.
	restrictIsNoAction bool
	// tableOptions are the options Prisma writes on every CREATE TABLE
	// (MySQL: DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci).
	tableOptions map[string]string
	// defaultSchema is the namespace of models without @@schema ("" for
	// dialects without namespaces).
	defaultSchema string
	// maxIdentLen is the identifier limit in bytes that Prisma's
	// ConstraintNames cuts default names to.
	maxIdentLen int
	// scalars maps a Prisma scalar type to its column type (Norm) when the
	// field has no native type attribute.
	scalars map[string]string
	// native maps a native type attribute name (VarChar for @db.VarChar) to
	// its definition; nil when the provider has no native types.
	native map[string]nativeType
	// unsupportedType spells the type of Unsupported("...") canonically.
	unsupportedType func(raw string) string
	// listType renders the column type of a scalar list from the element
	// type; nil when the provider has no scalar lists.
	listType func(elem string) string
	// nativeEnums is true when enums are database types (PostgreSQL's
	// CREATE TYPE): they are listed in Schema.Enums and columns refer to
	// them. Otherwise an enum only shapes its columns' type.
	nativeEnums bool
	// enumType renders the column type of an enum-typed column.
	enumType func(e *schema.Enum) string
	// serial returns the Default of an autoincrement() column of the
	// table; nil when the column gets no database default.
	serial func(table schema.QName, col *schema.Column, maxIdent int) *schema.Default
	// autoincrementNeeds says where autoincrement() is allowed:
	// "" anywhere, "id" on the primary key only, "key" on the first
	// column of the primary key or of an index.
	autoincrementNeeds string
	// intIDAutoincrement: a single-column primary key of type Int is
	// autoincrementing even without @default(autoincrement()) (SQLite's
	// INTEGER PRIMARY KEY AUTOINCREMENT, as Prisma's engine writes it).
	intIDAutoincrement bool
	// literals renders literal defaults.
	literals literals
	// dbgenerated, when set, canonicalizes the expression of
	// dbgenerated("e") as the database reports it, and says whether it is
	// a literal.
	dbgenerated func(e string) (expr string, literal bool)
	// castLiterals: dbgenerated("'x'::T") is the literal 'x' when T is
	// the column's type (PostgreSQL prints defaults with such casts).
	castLiterals bool
	// primaryKeyName names a primary key without map:; "" leaves it
	// unnamed (SQLite).
	primaryKeyName func(table string, limit int) string
	// namedPrimaryKeys says whether @id and @@id take map:.
	namedPrimaryKeys bool
	// namedForeignKeys says whether @relation takes map:.
	namedForeignKeys bool
	// joinTablePrimaryKey: the join table of an implicit many-to-many
	// relation has the primary key _<T>_AB_pkey (Prisma 6+ on
	// PostgreSQL); otherwise the unique index _<T>_AB_unique.
	joinTablePrimaryKey bool
	// indexNamesPerTable: index names need only be unique within their
	// table (MySQL); otherwise within the schema.
	indexNamesPerTable bool
	// foreignKeyNamesGlobal: foreign key names must be unique in the
	// whole database (MySQL); otherwise within their table.
	foreignKeyNamesGlobal bool
	// foreignKeyIndexes: the database creates an index named after a
	// foreign key whose columns no index starts with (InnoDB).
	foreignKeyIndexes bool
	// indexMethods maps a Prisma index type (BTree, Gin) to Index.Method.
	indexMethods map[string]string
	// opClasses maps a Prisma operator class (JsonbPathOps) to its SQL
	// name; nil when the provider has none.
	opClasses map[string]string
	// indexLengths says whether index fields take length: (MySQL prefix
	// indexes); keyNeedsLength reports a column type that can only be a
	// key with one.
	indexLengths   bool
	keyNeedsLength func(norm string) bool
	// partialIndexes says whether @@index takes where:.
	partialIndexes bool
	// foreignKeys is false when the provider cannot have foreign keys.
	foreignKeys bool
	// fullText says whether @@fulltext indexes exist.
	fullText bool
}

// literals are a provider's spellings of literal defaults, as the
// database reports them back.
type literals struct {
	// str quotes a string (also an enum's database value).
	str func(s string) string
	// boolean spells true and false.
	boolean func(v bool) string
	// number spells a number written in the schema for a column type.
	number func(text, colNorm string) string
	// bytes spells a Bytes default; false means the column gets none.
	bytes func(raw []byte) (string, bool)
	// json spells a Json default; false means the column gets none.
	json func(s string) (string, bool)
	// dateTime spells an RFC 3339 default for a date/time column type.
	dateTime func(t time.Time, colNorm string) string
	// now is the expression of @default(now()) for a column type.
	now func(colNorm string) string
}

// providers is the table of datasource providers by the name used in the
// datasource block.
var providers = map[string]*provider{
	"postgresql": postgres,
	"postgres":   postgres,
	"mysql":      mysql,
	"sqlite":     sqlite,
}

// nativeType is one @db.* native type: the Prisma scalar types it may be
// used with, its arguments and how it renders as a column type.
type nativeType struct {
	// scalars are the Prisma types the native type fits.
	scalars []string
	// minArgs and maxArgs bound the number of integer arguments.
	minArgs, maxArgs int
	// render returns the column type (Norm) for the scalar and arguments.
	render func(scalar string, args []int) string
	// check, when set, returns why the arguments are out of range ("").
	check func(scalar string, args []int) string
}

// fits reports whether the native type may be used with a Prisma scalar.
func (n nativeType) fits(scalar string) bool {
	for _, s := range n.scalars {
		if s == scalar {
			return true
		}
	}
	return false
}
