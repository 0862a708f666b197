// Package mysqlddl reads MySQL and MariaDB DDL (CREATE TABLE files,
// mysqldump output, migration scripts) into the engine's model,
// schema.Schema, so that the result equals what introspection of a
// database that ran the same DDL returns (introspect/mysql).
//
// Statements are split by a small lexer that knows MySQL's quotes and
// comments (and the DELIMITER lines of mysqldump), and each statement is
// parsed by the TiDB parser, a pure Go MySQL grammar. Statements run in
// order: CREATE TABLE, ALTER TABLE (ADD/DROP column, index and constraint,
// RENAME), CREATE [UNIQUE|FULLTEXT] INDEX, DROP INDEX, DROP TABLE, RENAME
// TABLE, CREATE VIEW and CREATE/DROP TRIGGER change the schema; session
// and data statements (SET, USE, LOCK/UNLOCK TABLES, INSERT, transactions,
// CREATE DATABASE) are ignored; procedures, functions and events, spatial
// types and indexes, and partitioning are refused with a positioned error.
//
// Triggers (trigger.go): the header is read by a pattern (the TiDB grammar
// has no CREATE TRIGGER) and the body kept as written, as the server keeps
// it; the Definition is spelled as introspect/mysql spells it from
// information_schema.TRIGGERS. A trigger follows its table's renames and
// is dropped with its table. A BEGIN ... END body needs DELIMITER lines
// around it, as in mysqldump output and the mysql client.
//
// # What the server does, done here too
//
//   - Names: the primary key is PRIMARY; an unnamed index is named after
//     its first column, with _2, _3 ... on a clash; an unnamed foreign key
//     is <table>_ibfk_<n>; an unnamed CHECK is <table>_chk_<n> on MySQL,
//     CONSTRAINT_<n> (table level) or the column's name (column level) on
//     MariaDB (dialect.MySQLFacts).
//   - A foreign key whose columns no index starts with gets an index
//     named after the constraint (or its first column when unnamed), as
//     InnoDB creates it; a later index that covers the columns replaces it.
//   - UNIQUE keys are indexes (schema.Index with Unique), as MySQL has no
//     separate unique constraints; FULLTEXT is Index.Method "FULLTEXT".
//   - Primary key columns are NOT NULL; AUTO_INCREMENT is a
//     DefaultSequence default with Expr "auto_increment"; SERIAL is bigint
//     unsigned NOT NULL AUTO_INCREMENT UNIQUE.
//   - Types are canonical (dialect.NormalizeMySQLType), defaults and
//     expressions canonical (myexpr), ON UPDATE is Column.OnUpdate.
//   - Referential actions: RESTRICT and NO ACTION are the same in InnoDB
//     and are both spelled "" (the model's NO ACTION).
//   - Character sets: a column's Collation is set only when it differs
//     from its table's; a table's "charset" and "collate" options only when
//     they differ from the dialect's defaults (MySQLFacts.DefaultCollation);
//     "engine" only when it is not the default engine. Inline REFERENCES on
//     a column is ignored, as the servers ignore it.
//
// Positions are file:line:col of each statement, column and constraint.
// A "-- @renamed from=old" comment on the line of a CREATE TABLE or a
// column definition, or alone on the line before it, is a rename hint
// (RenamedFrom). Errors are *schema.PosError.
package mysqlddl
