// Package sqliteddl reads SQLite DDL files into the engine's model by
// having SQLite itself read them: every statement is executed, in file
// order, in a private in-memory database of the embedded
// modernc.org/sqlite engine (pure Go), which is then inspected with
// package introspect/sqlite. Every statement SQLite accepts is understood
// exactly as SQLite understands it, and the result has the same canonical
// forms as an inspection of a live database (see that package).
//
// Statements are cut the way sqlite3_complete decides where one ends
// (package sqltext), so semicolons inside quotes, comments and trigger
// bodies are handled. CREATE, ALTER TABLE, DROP, transaction control and a
// list of harmless PRAGMAs (foreign_keys, user_version, ...) are executed;
// ANALYZE and REINDEX are skipped. Refused with an error: data statements
// (INSERT, UPDATE, DELETE, SELECT, WITH ...), ATTACH, DETACH, VACUUM,
// EXPLAIN, other PRAGMAs, and CREATE VIRTUAL TABLE. Nothing a file says can
// touch the file system: the database lives in memory and no statement
// that opens or writes a file is run. Temporary objects (CREATE TEMP ...)
// are executed but, like in a real database, not part of the schema.
//
// Large files made only of CREATE statements with distinct names (and
// transaction control, PRAGMA foreign_keys) are executed in several small
// in-memory databases in parallel, a table with the indexes, views and
// triggers that name it in one, and read back as one schema: SQLite
// rescans its catalog after each CREATE, so one database costs O(n²).
// Any other file, or any failure, takes the one-database path, which
// gives the errors. Those databases are thrown away after reading, so
// they run without a journal or syncing, each in one transaction (unless
// the file controls transactions itself).
//
// A Reader (NewReader) remembers, for one plan, the inspected objects of
// every group it executed, keyed by the group's statement texts: reading
// the head after the base executes only the head's new and changed
// groups. Parse uses a fresh Reader each time.
//
// Errors are *schema.PosError: SQLite's own message (without the driver's
// decoration) at file:line:col of the token it names ("near \"x\"") or of
// the failing statement's start.
//
// Positions: a table is at its CREATE TABLE keyword, a column at its name
// in the CREATE TABLE (or in the ALTER TABLE ... ADD COLUMN that added it),
// an index, view or trigger at its CREATE keyword. Primary keys, unique
// and foreign key constraints and checks point at their table. Renames
// carry positions over.
//
// Rename hints: a comment "-- @renamed from=old" on the line of a CREATE
// TABLE (or on the line right before it) sets Table.RenamedFrom; on the
// line of a column definition (or the line before it) sets
// Column.RenamedFrom. The old name may be double-quoted.
package sqliteddl
