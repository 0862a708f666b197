// Package mysql reads the schema of a live MySQL (8.0, 8.4) or MariaDB
// (10.2 or later; proven on 10.11) database from information_schema into
// the engine's model, schema.Schema, spelled exactly as the SQL reader
// (source/mysqlddl) spells the DDL that made it.
//
// The engine never opens connections: Inspect takes a Querier, which
// *sql.DB, *sql.Tx and *sql.Conn all satisfy. Every statement is a SELECT
// on information_schema, one per object kind for the whole database (not
// one per table).
//
// # What is read
//
//   - Tables (TABLES): comment; options "engine" when it is not
//     @@default_storage_engine, "charset" and "collate" when the table's
//     collation is not the database's default (SCHEMATA).
//   - Columns (COLUMNS) in ordinal order: type (dialect.NormalizeMySQLType
//     of COLUMN_TYPE), nullability, default, AUTO_INCREMENT (a
//     DefaultSequence default), ON UPDATE (Column.OnUpdate), generated
//     expression, collation when it differs from the table's, comment.
//   - Indexes (STATISTICS): the primary key (always PRIMARY), unique and
//     plain indexes with prefix lengths and DESC, FULLTEXT and SPATIAL as
//     Index.Method; MySQL 8 functional key parts as IndexPart.Expr.
//   - Foreign keys (KEY_COLUMN_USAGE, REFERENTIAL_CONSTRAINTS); RESTRICT
//     and NO ACTION are both spelled "" as InnoDB treats them the same.
//   - Checks (TABLE_CONSTRAINTS, CHECK_CONSTRAINTS).
//   - Views (VIEWS), triggers (TRIGGERS), functions and procedures
//     (ROUTINES) as schema.Object values.
//
// # Where the servers differ
//
//   - COLUMN_DEFAULT: MariaDB 10.2.7+ reports SQL text (strings quoted,
//     the string NULL for an explicit DEFAULT NULL, functions as
//     current_timestamp()); MySQL 8 reports the bare value, and an
//     expression default with DEFAULT_GENERATED in EXTRA. Both become the
//     same canonical schema.Default (myexpr).
//   - MariaDB's json is longtext with a CHECK (json_valid(`col`)) named
//     after the column and collation utf8mb4_bin: that column is read as
//     json with no collation, and the check is not a user check.
//   - Check names: unnamed checks are named by the server (MariaDB
//     CONSTRAINT_<n> or the column's name, MySQL <table>_chk_<n>); the
//     reader names them the same way.
//
// # What is refused
//
// Objects the model cannot represent are an error wrapping
// ErrUnsupported, never a silent omission: partitioned tables, MariaDB
// sequences and system-versioned tables.
package mysql
