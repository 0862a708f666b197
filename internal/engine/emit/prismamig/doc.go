// Package prismamig writes a plan as a Prisma Migrate migration folder that
// continues a project's existing history:
//
//	<migrations>/<YYYYMMDDHHMMSS>_<name>/migration.sql
//	<migrations>/<YYYYMMDDHHMMSS>_<name>/down.sql
//	<migrations>/migration_lock.toml   (only when the history has none)
//
// # Layout
//
// migration.sql is laid out as Prisma's own engine lays it out (compare
// tools/prisma-oracle/observed/*.sql): every step is preceded by a
// "-- CreateTable"-style comment naming the kind of step in Prisma's
// vocabulary, each statement ends with ";" and a blank line follows each
// step. A first comment line says the file was generated and where its
// rollback is. down.sql (the place Prisma's documentation gives a down
// migration, run with `prisma db execute --file down.sql` followed by
// `prisma migrate resolve --rolled-back <folder>`) holds the steps' rollback
// statements in reverse order, laid out the same way.
//
// On PostgreSQL a transactional folder starts with SET LOCAL lock_timeout,
// scoped to the migration's own transaction so it does not leak into the
// later migrations `migrate deploy` runs on the same connection.
//
// # Names and order
//
// The folder is named like `prisma migrate dev --name` names it: a UTC
// timestamp, "_", and the name slugified as Prisma slugifies it (camelCase
// split into words, lowercase, every run of other characters one "_", at
// most 200 characters). Prisma applies folders in the lexical order of
// their names, so the timestamp is the later of Options.Now and one second
// after the newest existing timestamp; a history whose names would still
// sort after it (for example "2_add" next to "1_init") is an error rather
// than a migration that would run out of order.
//
// # Steps that cannot run in a transaction (PostgreSQL)
//
// `prisma migrate deploy` sends migration.sql to PostgreSQL as one
// simple-protocol query, and PostgreSQL runs a multi-statement query as one
// implicit transaction block; CREATE INDEX CONCURRENTLY, DROP INDEX
// CONCURRENTLY and ALTER TYPE ... ADD VALUE used later in the same
// migration then fail ("cannot run inside a transaction block",
// prisma/prisma#14456). A statement sent alone is not in a transaction
// block, which is what Prisma users do: they move such a statement into a
// migration folder of its own. Files does the same: the plan is split into
// several folders, one second apart, so that every non-transactional
// statement is alone in its folder (no lock timeout line there, which
// would be a second statement), and a step that must start a new
// transaction (VALIDATE CONSTRAINT after ADD ... NOT VALID) starts a new
// folder, so the validating scan does not run under the lock the ADD took.
// The first folder is <ts>_<name>, the next ones <ts+k>_<name>_<k+1>; each
// has the down.sql of its own steps. The plan keeps its safe form instead
// of falling back to a plain CREATE INDEX that blocks writes.
//
// On SQLite Prisma runs the script as a batch without a transaction (its
// own table redefinitions turn PRAGMA foreign_keys off inside the script),
// and on MySQL every DDL statement commits on its own, so one folder holds
// the whole plan there.
//
// # Proof
//
// The tests apply a history made of Prisma's own SQL for the base schema
// plus the generated folders with Prisma's schema engine (the way
// `migrate deploy` does), ask the engine for the drift between the database
// and the head schema (there must be none), run down.sql and compare the
// database with one built from the base, on PostgreSQL and SQLite.
package prismamig
