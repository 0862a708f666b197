// Package sqlite reads the schema of a live SQLite database (3.31 or
// later for generated columns; every fact is proven on the embedded
// modernc.org/sqlite engine) into the engine's model, schema.Schema.
//
// The engine never opens connections: Inspect takes a Querier, which
// *sql.DB, *sql.Tx and *sql.Conn all satisfy; the package imports no
// driver. Every statement is a SELECT on sqlite_schema and the
// table-valued pragmas pragma_table_xinfo, pragma_index_list,
// pragma_index_xinfo and pragma_foreign_key_list, joined with the table
// list so that each kind of object is read in one query for the whole
// database. Options.Schema selects an attached database ("main" by
// default).
//
// # What SQLite does not catalog
//
// SQLite keeps the text of each CREATE statement and nothing else about
// CHECK constraints, constraint names, generated column expressions,
// AUTOINCREMENT, column collations, DEFERRABLE foreign keys, index
// expressions and partial index predicates. Those are read from the stored
// CREATE TABLE and CREATE INDEX text by package sqltext, a tokenizer that
// follows SQLite's own (quotes, comments, nested parentheses); the text has
// already been accepted by SQLite.
//
// # Canonical forms
//
//   - Tables: every table of sqlite_schema but SQLite's internal sqlite_%
//     tables (sqlite_sequence, sqlite_stat1 ...). WITHOUT ROWID and STRICT
//     are Options OptionWithoutRowid and OptionStrict ("true"). Names have
//     no schema qualifier.
//   - Column types: SQLite keeps the declared type verbatim, so Type.Raw is
//     that text and Type.Norm is dialect.NormalizeSqliteType of it: words
//     upper-cased, whitespace normalized ("VARCHAR(20)"). A column declared
//     without a type has the type "".
//   - NOT NULL is what the column declares (pragma notnull). SQLite does
//     not make primary key columns NOT NULL (except the rowid alias
//     INTEGER PRIMARY KEY, which cannot hold NULL but is reported as
//     declared), so neither does the model.
//   - Defaults: sqltext.CanonDefault of pragma dflt_value: literals as
//     written ('x', -1.5, NULL, TRUE, X'00'), a bare name as the string it
//     stands for, CURRENT_TIMESTAMP / CURRENT_DATE / CURRENT_TIME as
//     DefaultFunction, any other expression as DefaultFunction in
//     parentheses in canonical spelling ("(1 + 2)"). A single-column
//     INTEGER PRIMARY KEY declared AUTOINCREMENT has the default
//     {DefaultSequence, dialect.SqliteAutoincrement} and no sequence name.
//   - Generated columns: pragma hidden 2 is VIRTUAL, 3 is STORED; the
//     expression comes from the CREATE TABLE text.
//   - Expressions (CHECK, generated, index keys, WHERE) are sqltext.Canon:
//     keywords upper-cased, function names lower-cased, identifiers as
//     written (quoted ones in double quotes), one space between tokens
//     except around parentheses, commas and dots.
//   - Constraint names: SQLite constraints are unnamed unless the text
//     says CONSTRAINT name; unnamed ones have the name "" and
//     schema.Differences matches them by definition. A UNIQUE constraint's
//     name comes from the constraint with the same columns in the text;
//     a foreign key's from the one with the same columns and parent. The
//     autoindex names SQLite makes (sqlite_autoindex_t_1) are not names.
//   - Foreign keys: REFERENCES parent without columns is spelled with the
//     parent's primary key columns. DEFERRABLE INITIALLY DEFERRED sets
//     both Deferrable and Deferred; any other form is immediate, which is
//     all SQLite distinguishes. MATCH is parsed and ignored by SQLite and
//     is not read.
//   - Collations are upper-cased names; BINARY, the default, is "".
//   - Views and triggers are schema.Object values whose Definition is the
//     stored CREATE text (trimmed); a trigger names its table.
//
// # Reading in parts
//
// ReadParts reads a database as Inspect does but splits what it holds
// into parts (a table with its indexes, views, triggers, the rows of the
// table's foreign keys), and Assemble builds one schema from parts of one
// or several databases, resolving foreign keys across them, without
// modifying the parts. Package source/sqliteddl executes the groups of a
// large DDL file in several small databases and keeps each group's part,
// so that the statements a plan's base and head share are executed once.
//
// # What is refused
//
// Virtual tables (CREATE VIRTUAL TABLE, e.g. FTS5) are an error wrapping
// ErrUnsupported: the model cannot represent them, and leaving them out
// could let a plan drop them.
//
// # Known gaps
//
// COLLATE and ASC/DESC on the columns of a PRIMARY KEY or UNIQUE
// constraint and ON CONFLICT clauses are not represented. An unnamed CHECK
// or foreign key written twice with the same definition (SQLite keeps
// both) is read once.
package sqlite
