// Package knex writes a plan as a Knex migration that continues a project's
// existing history:
//
//	<migrations>/<YYYYMMDDHHMMSS>_<name>.js   (CommonJS: exports.up / exports.down)
//	<migrations>/<YYYYMMDDHHMMSS>_<name>.js   (ES module projects: export async function up)
//	<migrations>/<YYYYMMDDHHMMSS>_<name>.ts   (TypeScript: up(knex: Knex): Promise<void>)
//
// The style follows the newest existing migration (ReadHistory): a .ts file
// gives TypeScript, a .js file with ES module exports gives an ES module,
// anything else CommonJS. Knex runs migrations in name order, so the
// timestamp is the later of Options.Now and one second after the newest
// existing timestamp; an existing name that would still sort after the new
// one is an error rather than a migration that would run out of order.
//
// # What is written with builders and what with knex.raw
//
// The plan is proven (the engine applies it to the source model and must
// reach the target, and the acceptance suite runs it on real servers), so
// the emitter never re-derives SQL. A step is written with a knex.schema
// builder (createTable, dropTable, renameTable, alterTable with a column
// builder, dropColumn, renameColumn, index, unique, dropIndex,
// foreign().references().inTable().onDelete(), dropForeign) only when its
// statements of that direction are exactly one statement, and that
// statement is word for word the plain form of one change that the builder
// produces the same effect for on the dialect. Every other step (CREATE
// INDEX CONCURRENTLY, NOT VALID and VALIDATE, MySQL ALGORITHM= and LOCK=
// clauses and merged ALTER TABLEs, SQLite table rebuilds, enum types,
// sequences, views, several changes folded into one statement) is written as
// its statements, each through knex.raw, in order.
//
// On PostgreSQL knex.raw turns every "?" of a query into a parameter, so a
// "?" of the SQL is written escaped ("\\?"); the other drivers leave it.
//
// # Transactions
//
// Knex runs a migration inside a transaction unless the module exports
// config = { transaction: false }. When every step can share one
// transaction, the module leaves Knex's transaction on and starts it with
// SET LOCAL lock_timeout (PostgreSQL) or PRAGMA busy_timeout (SQLite).
// Otherwise (a step that refuses a transaction block, a VALIDATE that must
// not run under the lock of the ADD before it, MySQL whose DDL commits on
// its own) the module turns Knex's transaction off and opens its own with
// knex.transaction() around each run of transactional steps, so a
// non-transactional statement runs alone, as the plan requires.
//
// down undoes the steps in reverse order, with each step's own rollback.
//
// # Proof
//
// The tests run the generated migrations with Knex itself against
// PostgreSQL, MariaDB and SQLite (better-sqlite3): a base migration, then
// the generated one (migrate:latest), compared with the head schema;
// migrate:rollback, compared with the base; migrate:latest again.
package knex
