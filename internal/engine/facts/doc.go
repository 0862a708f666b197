// Package facts measures the target database's data for the lint rules:
// row counts and sizes of the tables a plan touches, and for each risky
// step the rows that would make it fail (NULLs before NOT NULL, duplicate
// groups before a unique key, orphans before a foreign key, rows violating
// a new check, rows holding an enum value about to be removed, values that
// do not fit a new type), plus duration estimates from measured rates.
//
// Collect asks only what the plan's steps need, and every query is safe
// on a busy production database (a replica or staging copy):
//
//   - it runs in a READ ONLY transaction (PostgreSQL BEGIN READ ONLY,
//     MariaDB/MySQL START TRANSACTION READ ONLY, SQLite PRAGMA
//     query_only), with a statement timeout (PostgreSQL SET LOCAL
//     statement_timeout and lock_timeout, MariaDB SET STATEMENT
//     max_statement_time=N FOR ..., MySQL the MAX_EXECUTION_TIME hint,
//     SQLite an interrupt when the context expires);
//   - row counts and sizes come from statistics (pg_class.reltuples,
//     information_schema.TABLES) and only small tables are counted
//     exactly; on PostgreSQL, NULL and violation counts on big tables are
//     estimated from a TABLESAMPLE SYSTEM sample and marked estimated;
//   - orphan searches stop at a limit; identifiers are quoted with the
//     dialect's Quote and values passed as literals through QuoteString.
//
// A query that fails or times out does not fail the run: its fact stays
// unknown (the rule then judges from the schema alone) and the reason is
// kept in Measured.Unknown.
package facts
