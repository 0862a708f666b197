// Package sqlddl reads plain SQL DDL files (schema.sql, pg_dump output,
// hand-written migrations replayed in order) into a schema.Schema.
//
// The PostgreSQL reader parses with pg_query, PostgreSQL's own parser, so
// whatever PostgreSQL accepts parses the same way here. It cuts a file at
// statement-ending semicolons only to parse statements in small batches
// over all processors and to parse each distinct statement once (a Parser
// reading a base and a head parses the head's new statements only);
// pg_query must find exactly the cut statements, or the file is parsed
// whole. It understands the statements that define a schema's shape:
//
//   - CREATE TABLE with every column and table constraint form (NOT NULL,
//     DEFAULT, PRIMARY KEY, UNIQUE [NULLS NOT DISTINCT], REFERENCES with
//     actions and DEFERRABLE, CHECK [NO INHERIT], GENERATED ... STORED,
//     GENERATED ... AS IDENTITY, COLLATE), serial types, UNLOGGED and
//     storage parameters (as Table.Options);
//   - CREATE [UNIQUE] INDEX with expressions, ordering, operator classes,
//     collations, INCLUDE, WHERE and NULLS NOT DISTINCT;
//   - ALTER TABLE ... ADD COLUMN / ADD CONSTRAINT / ALTER COLUMN SET|DROP
//     DEFAULT, SET|DROP NOT NULL, ADD GENERATED AS IDENTITY;
//   - CREATE TYPE ... AS ENUM, ALTER TYPE ... ADD VALUE, CREATE SCHEMA,
//     CREATE SEQUENCE, ALTER SEQUENCE (OWNED BY and options), CREATE
//     EXTENSION, COMMENT ON TABLE|COLUMN|SCHEMA|TYPE|SEQUENCE|VIEW|FUNCTION;
//   - views, materialized views, functions, procedures and triggers, carried
//     as schema.Object with their deparsed definition.
//
// Names the server would choose for unnamed constraints and indexes are
// chosen here by the same rules (makeObjectName, ChooseRelationName,
// ChooseConstraintName in PostgreSQL's source), including numbering on
// conflicts and truncation to 63 bytes. Expressions (defaults, checks,
// index expressions and predicates, generated columns) are canonical text
// from package pgexpr, types are format_type spellings from
// dialect.NormalizePGType; an enum or other user type is spelled
// "schema"."Name" with Type.Ref set.
//
// Statements that do not change the schema's shape are ignored: SET,
// SELECT pg_catalog.set_config / setval (pg_dump preambles), BEGIN and
// COMMIT, GRANT and REVOKE, ALTER ... OWNER TO, ALTER DEFAULT PRIVILEGES,
// COMMENT ON EXTENSION. Every other statement, and every clause the model
// cannot carry (CREATE DOMAIN, PARTITION OF, INHERITS, CREATE POLICY, CREATE
// RULE, EXCLUDE constraints, MATCH FULL, data statements ...), is an error
// naming file:line:col and what is not supported: nothing is dropped
// silently.
//
// Rename hints: a comment "-- @renamed from=old" on the line of a CREATE
// TABLE (or on the line right before it) sets Table.RenamedFrom; on the
// line of a column definition (or the line before it) sets
// Column.RenamedFrom.
//
// Every error is a *schema.PosError.
package sqlddl
