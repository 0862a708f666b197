// Package prisma reads Prisma schema files (schema.prisma, or the files of a
// prismaSchemaFolder) into the engine's schema model, as the database that
// Prisma's own schema engine would create from them.
//
// The reader parses the Prisma schema language itself (no Prisma CLI, no
// Node): datasource and generator blocks, models, enums, views, composite
// types, field and block attributes, comments and doc comments. It then maps
// the models to tables for the datasource's provider, following what Prisma's
// schema engine does, as observed with its WebAssembly build (see
// shared/notes/prisma.md):
//
//   - Types: String is text, Int integer, DateTime timestamp(3) without time
//     zone, Decimal numeric(65,30), Json jsonb, scalar lists are arrays
//     ("text[]", nullable even when the field is required), @db.* native types
//     map to PostgreSQL's format_type spelling. A column of an enum type has
//     Type.Norm `"schema"."Name"` (always quoted and schema-qualified) and
//     Type.Ref set to the enum's name.
//   - Names: the primary key is <Table>_pkey, @unique and @@unique are unique
//     indexes <Table>_<cols>_key, @@index is <Table>_<cols>_idx, a foreign key
//     is <Table>_<cols>_fkey, each cut to 63 bytes by Prisma's ConstraintNames
//     rule (the base is cut at a UTF-8 boundary so that base and suffix fit).
//   - Defaults: literals are SQL literals ('x', 1, true), now() is
//     CURRENT_TIMESTAMP, dbgenerated("e") is e, autoincrement() is a serial
//     column whose default is nextval() of its owned sequence; uuid(), cuid(),
//     nanoid(), ulid() and @updatedAt are filled in by Prisma Client and leave
//     no database default.
//   - Relations: the side with fields/references owns a foreign key
//     (ON DELETE RESTRICT, or SET NULL when optional; ON UPDATE CASCADE);
//     relationMode = "prisma" creates none. An implicit many-to-many relation
//     is a join table _<A>To<B> with columns A and B.
//   - @ignore and @@ignore only hide a field or model from Prisma Client: the
//     engine still creates the column or table, and so does this reader.
//   - Doc comments (///) are not written to the database (Prisma emits no
//     COMMENT ON); a "/// @renamed from=old" doc comment is a rename hint
//     (Table, Column or Enum RenamedFrom).
//
// The list above is the PostgreSQL provider. Providers are data (see
// provider and providers): each is one table of types, native types,
// naming limit, key naming, default spellings, index types and operator
// classes, and the builder asks the table rather than the provider's name.
//
//   - "mysql" (mysql.go), after Prisma's MySQL connector and renderer:
//     types as information_schema COLUMN_TYPE through
//     dialect.NormalizeMySQLType (varchar(191), datetime(3), tinyint(1),
//     decimal(65,30), longblob, inline enum('A','B') with no Schema.Enums);
//     the primary key is PRIMARY, index names are per table and cut to 64
//     bytes, foreign key names are global; a foreign key no index starts
//     with gets InnoDB's index named after it; defaults as MariaDB prints
//     them (1 for true, decimals padded to their scale, current_timestamp(3),
//     none for Json and Bytes); autoincrement() is AUTO_INCREMENT.
//   - "sqlite" (sqlite.go), as Prisma's engine writes SQLite DDL: declared
//     types upper case (TEXT, INTEGER, DATETIME, JSONB...), enum columns
//     TEXT, unnamed primary keys, a single Int key INTEGER PRIMARY KEY
//     AUTOINCREMENT, no native types, defaults as SQLite keeps them.
//   - Implicit many-to-many tables have the primary key _<T>_AB_pkey on
//     PostgreSQL and the unique index _<T>_AB_unique on MySQL and SQLite.
//
// Other providers are errors.
// Every error in the input is a *schema.PosError with file:line:col.
package prisma
