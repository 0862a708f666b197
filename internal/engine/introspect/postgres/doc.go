// Package postgres reads the schema of a live PostgreSQL database (10 or
// later; proven on 15) from its system catalogs into the engine's model,
// schema.Schema.
//
// The engine never opens connections: Inspect takes a Querier, which
// *sql.DB, *sql.Tx and *sql.Conn all satisfy. Every statement is a SELECT
// on the catalogs; nothing is set, created or locked beyond what a catalog
// read takes. There is one query per object kind for the whole database
// (not one per table), so large databases inspect in a fixed number of
// round trips. The queries are separate statements: for one consistent
// snapshot, pass a *sql.Tx opened with REPEATABLE READ (read only).
//
// # What is read
//
//   - Namespaces: every non-system schema except "public", which is the
//     implicit default namespace of the model and is never listed (not even
//     when it carries a comment). System schemas are pg_catalog,
//     information_schema, pg_toast* and pg_temp_*.
//   - Extensions: every installed extension but plpgsql, whatever
//     Options.Schemas says (extensions are database-wide objects). Schema
//     is empty for "public", as for CREATE EXTENSION without SCHEMA.
//   - Enums, with their labels in enumsortorder.
//   - Standalone sequences with all options. A sequence owned by a column
//     whose default calls it (serial, bigserial) is not listed: the column
//     gets a DefaultSequence default naming it. Identity sequences are not
//     listed either: the column gets an Identity with the sequence's start
//     and increment. A sequence merely OWNED BY a column is listed with
//     OwnedBy "table.column".
//   - Tables (ordinary and partitioned) with columns in attnum order,
//     primary keys, unique, foreign key and check constraints, indexes that
//     do not back a constraint, and comments.
//   - Views and materialized views, functions and procedures, and triggers,
//     as schema.Object values with a full CREATE statement as Definition.
//
// Objects that belong to an extension (pg_depend deptype 'e') are left out:
// the extension brings them.
//
// # Spelling
//
// Column types are format_type(atttypid, atttypmod), except that a type
// outside pg_catalog (an enum, a domain, a composite, an extension's type)
// is spelled `"schema"."name"` (with "[]" for an array of it) and named in
// Type.Ref, whatever the session's search_path: this is the readers'
// canonical rule. Expression text (defaults, checks, generated columns,
// index expressions and predicates) comes from pg_get_expr and
// pg_get_indexdef and is canonicalized by package pgexpr, with the table's
// column types, so that it matches what the SQL reader derives from source
// text. The btree access method is spelled "" (the default); operator
// classes and collations are bare names (jsonb_path_ops, C) reported only
// when not the default. View, function and trigger definitions are parsed
// and printed again by pg_query, as the SQL reader prints the statements it
// reads (see canonDefinition). Catalog deparsing qualifies names that are not
// visible on the session's search_path, so view, function and trigger text
// depends on it: inspect with the default search_path.
//
// # What is refused
//
// Objects the model cannot represent are an error wrapping ErrUnsupported,
// never a silent omission: partitions, exclusion constraints, foreign
// keys with MATCH FULL / PARTIAL or an ON DELETE SET NULL column list,
// foreign tables, and user-defined aggregates and window functions.
package postgres
