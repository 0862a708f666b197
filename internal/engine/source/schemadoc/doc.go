// Package schemadoc reads a declarative schema document, written in YAML or
// JSON, into a schema.Schema for one dialect. It is the desired-schema file
// of projects that keep no schema in an ORM (Knex projects above all); the
// format is specified in docs/schema-document.md.
//
// A document names tables, their columns (type, nullable, default, primary,
// unique, index, references), primary keys, UNIQUE constraints, indexes
// (unique, partial, with a method), foreign keys with their actions, CHECK
// constraints and, on PostgreSQL, enum types. Types are the dialect's own
// names (aliases resolved by the dialect's reader) or portable names
// (string(n), integer, bigint, boolean, text, timestamp, timestamptz,
// decimal(p,s), json, uuid, increments ...) spelled per dialect the way
// Knex's column builders spell them (types.go).
//
// # How it reads
//
// The document is decoded with gopkg.in/yaml.v3's node API (JSON is YAML,
// so one decoder reads both), strictly: an unknown key, a value of the
// wrong kind, a duplicate name, or a column, table or enum reference that
// does not exist is a *schema.PosError at the document's file:line.
//
// The checked document is then written as DDL in the dialect's own SQL,
// one document line per DDL line, and read by the dialect's DDL reader
// (sqlddl, mysqlddl or sqliteddl). So a document means exactly what the
// equivalent DDL file means: the same type normalization, default and
// expression canonicalization and server naming rules. Every position the
// DDL reader records, and every error it reports, is mapped back to the
// document line the DDL line came from. Expressions (defaults given as
// {sql: ...}, checks, partial index predicates) are copied into the DDL
// only after a scan proves each is one balanced expression: no statement
// separator, no comment, no unbalanced parenthesis or quote.
//
// Names left out follow Knex's conventions (what `table.index()`,
// `table.unique()` and `table.foreign()` name their objects):
// <table>_<columns>_index, <table>_<columns>_unique, <table>_<columns>_foreign.
package schemadoc
