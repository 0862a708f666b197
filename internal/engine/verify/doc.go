// Package verify checks migrations against a real, throwaway database: a
// shadow database the caller creates and drops. It never connects on its
// own: it takes a database handle (DB) and reads the result with the
// dialect's introspection.
//
// Today it replays a project's migration history (Replay) and compares what
// the history builds with the schema file the project declares (Drift): a
// Prisma project whose migrations folder no longer builds the schema at the
// merge base must be told so, because a migration generated on top of a
// wrong base would be wrong on every database the history built.
package verify
