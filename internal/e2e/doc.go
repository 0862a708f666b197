// Package e2e is the end-to-end suite of the GitHub App: it builds the real
// migrate-bot binary, runs `migrate-bot serve` as its own process
// (configured only through the environment, as in production) on
// PostgreSQL and on the embedded SQLite store, and drives it with signed
// webhook deliveries against internal/githubfake, a GitHub stand-in whose
// git endpoints and Git Data API work on real bare repositories. The
// scenarios are those of issue #6: a Prisma change committed back with its
// check run and comment, the bot's own synchronize, a person's edit of a
// generated file, /migrate regenerate, a command without write access, a
// fork without push access, a hand-written migration missing a column, a
// redelivery, a forged signature, a crash in the middle of a job followed by
// a restart, GitHub answering 502 and then 200, and a 400-file pull request.
//
// The package holds tests only; `go test ./internal/e2e/` runs them.
package e2e
