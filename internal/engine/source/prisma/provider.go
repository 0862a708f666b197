package prisma

import "github.com/migrate-bot/migrate-bot/internal/engine/schema"

// provider is what the reader knows about one datasource provider, as data:
// adding a provider (MySQL, SQLite) means adding an entry to providers with
// its type map, native types, naming limits and default rendering.
type provider struct {
	// dialect is Schema.Dialect for this provider ("postgres").
	dialect string
	// unsupported, when set, is why the provider cannot be read yet.
	unsupported string
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
	// its definition.
	native map[string]nativeType
	// listType renders the column type of a scalar list from the element
	// type; empty when the provider has no scalar lists.
	listType func(elem string) string
	// enumType renders the column type of an enum-typed column.
	enumType func(q schema.QName) string
	// serial returns the Default of an autoincrement() column of the table.
	serial func(table schema.QName, column string, maxIdent int) *schema.Default
	// now is the expression of @default(now()).
	now string
	// indexMethods maps a Prisma index type (BTree, Gin) to Index.Method.
	indexMethods map[string]string
	// opClasses maps a Prisma operator class (JsonbPathOps) to its SQL name.
	opClasses map[string]string
	// foreignKeys is false when the provider cannot have foreign keys.
	foreignKeys bool
	// fullText says whether @@fulltext indexes exist.
	fullText bool
}

// providers is the table of datasource providers by the name used in the
// datasource block.
var providers = map[string]*provider{
	"postgresql": postgres,
	"postgres":   postgres,
	"mysql": {
		dialect:     "mysql",
		unsupported: `provider "mysql" is not supported yet: the Prisma reader supports "postgresql" for now`,
	},
	"sqlite": {
		dialect:     "sqlite",
		unsupported: `provider "sqlite" is not supported yet: the Prisma reader supports "postgresql" for now`,
	},
}

// nativeType is one @db.* native type: the Prisma scalar types it may be
// used with, its arguments and how it renders as a column type.
type nativeType struct {
	// scalars are the Prisma types the native type fits.
	scalars []string
	// minArgs and maxArgs bound the number of integer arguments.
	minArgs, maxArgs int
	// render returns the column type (Norm) for the arguments given.
	render func(args []int) string
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
