// Package alembic writes a plan as an Alembic revision that continues a
// project's existing revision history:
//
//	<migrations>/versions/<rev>_<slug>.py
//
// # The history
//
// ReadHistory reads the revision files of an Alembic environment without
// running them (the bot never runs code from the repository it reviews):
// the module-level `revision` and `down_revision` assignments, as
// literals, with or without type annotations, including the tuples of a
// merge revision. History.Head is the single head the new revision
// revises. Several heads (*HeadsError, ErrMultipleHeads), a parent no file
// defines, a cycle or a duplicate id (*HistoryError) are errors the caller
// reports as findings: Alembic itself refuses `upgrade head` on such a
// history until someone merges or repairs it. A revision file whose
// identifiers are not literals is an error with its file and line.
//
// # The revision
//
// The file follows Alembic's script.py.mako: a docstring with the message,
// Revision ID, Revises and Create Date; the identifiers (a fresh 12-hex
// revision id like `alembic revision` makes, or Options.RevisionID);
// upgrade() and downgrade(). Each step of the plan becomes a commented
// block naming the change, the lock it takes and its hazards; downgrade()
// undoes the steps in reverse order.
//
// The plan is the proven part: a step is written as an Alembic operation
// (op.create_table with sa.Column, sa.PrimaryKeyConstraint,
// sa.UniqueConstraint and sa.CheckConstraint; op.drop_table,
// op.add_column, op.drop_column, op.alter_column, op.rename_table,
// op.create_index / op.drop_index, op.create_foreign_key,
// op.create_unique_constraint, op.create_check_constraint,
// op.drop_constraint, postgresql.ENUM(...).create / .drop for PostgreSQL
// enum types, op.batch_alter_table on SQLite) only when its whole SQL is
// the one statement that operation runs. The emitter rebuilds the plain
// statement the planner writes for the change and compares it with the
// step's SQL (for CREATE TABLE: the same columns and constraints, item by
// item, and no table options but MySQL's charset and collation), and it
// knows an exact SQLAlchemy type for every column involved; anything else (a safety clause such as MySQL's
// ALGORITHM=INSTANT, ADD ... NOT VALID then VALIDATE, USING casts, a
// merged ALTER carrying several changes, a SQLite table rebuild with its
// PRAGMA foreign_keys and foreign key check) is the step's exact SQL run
// with op.execute. Colons that SQLAlchemy's text() would take for bind
// parameters are escaped.
//
// Both functions start with the lock timeout the plain SQL files start
// with (package sqlfile). On PostgreSQL a step that cannot run in a
// transaction (CREATE INDEX CONCURRENTLY, with postgresql_concurrently=True
// when it is an op) runs inside op.get_context().autocommit_block(), and a
// step that must start a new transaction (VALIDATE CONSTRAINT after ADD
// ... NOT VALID) commits what ran before through an empty autocommit
// block. On SQLite the PRAGMA steps around a table rebuild run in an
// autocommit block too, where the pragma takes effect. SQLite's batch mode
// is used with recreate="never" for the changes SQLite makes in place:
// the table rebuilds the plan spells out keep AUTOINCREMENT, sqlite_sequence
// and the foreign key check that a reflected batch rebuild would not.
//
// # Proof
//
// The tests (TestProveWithAlembic) write an Alembic project whose env.py
// reads the URL from MIGRATE_BOT_ALEMBIC_URL, emit an initial revision
// (empty -> base) and the change revision (base -> head, continuing the
// history read back from disk), and for acceptance cases of PostgreSQL,
// MariaDB and SQLite run `python3 -m alembic upgrade head`, `downgrade -1`
// and `upgrade head` again on a fresh database,
// comparing it each time with a database built from the plan's SQL. They
// run on Debian's Alembic 1.8 with SQLAlchemy 1.4, and on Alembic 1.13
// with SQLAlchemy 2.0 from tools/alembic/install.sh.
package alembic
