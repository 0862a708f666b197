// Package store is migrate-bot's state: webhook deliveries already seen,
// one opaque state blob per pull request (owned by internal/bot), and the
// head SHAs that got a completed check run.
//
// One database serves both the store and the job queue (internal/queue,
// River): PostgreSQL through pgx (pgxpool) when a DATABASE_URL is given,
// otherwise an embedded SQLite file (modernc.org/sqlite, WAL, busy
// timeout), so a single instance needs nothing else. Open creates the
// store's tables from the embedded migrations of the backend and River's
// tables with rivermigrate.
package store
