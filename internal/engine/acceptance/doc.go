// Package acceptance holds the engine's acceptance suite: named cases under
// testdata/postgres, each a base and a head schema (Prisma or PostgreSQL SQL),
// run end to end against a real PostgreSQL server.
//
// For every case the suite creates the base and the head databases directly
// (SQL cases run their files as written; Prisma cases run the SQL Prisma's
// own engine generates, and separately migrate-bot's own plan from an empty
// database, and require the two to be identical), plans base -> head with
// migration.Generate, applies the up migration to the base database and
// requires it to equal the head database, applies the down migration and
// requires it to equal the base database again, then applies the up
// migration once more. Seeded rows must survive when the plan claims no data
// loss. See acceptance_test.go for the case format.
//
// The package has no code outside its tests.
package acceptance
