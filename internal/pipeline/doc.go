// Package pipeline is the engine run of one change, shared by the bot and
// `migrate-bot plan --repo`: for every configured project the change
// touches, it reads the schema at the merge base and at head from git,
// settles the dialect, plans, writes the migration in the project's format
// continuing its migrations directory, lints it and builds the report.
//
// When the change brings its own migration files (added under the
// project's migrations directory), nothing is generated: the base schema
// plus those statements (up sections only) is read with the dialect's SQL
// reader and compared with the head schema (HandWrittenCheck: Missing
// statements, Extra changes, lint findings). A statement the reader does
// not model (PostgreSQL's refuses DROP COLUMN) is run on shadow databases
// instead when the caller configured them (Input.Shadow, ShadowServers).
//
// The format dispatch is EmitFiles (with CheckFormat): the one place that
// knows every migration format.
package pipeline
