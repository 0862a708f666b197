// Package schema is the engine's model of a database schema: plain values
// (Schema, Table, Column, Index, ForeignKey, Check, Enum, Sequence ...) with
// no I/O, and the closed vocabulary of changes between two schemas.
//
// Every object carries the Pos it was read from, so a finding can point at
// the Prisma field, the SQL statement or the Python line it came from.
// Readers (source/...), introspection and the differ all speak this model;
// Normalize makes two equal schemas compare equal whatever their source.
//
// The package imports only the standard library.
package schema
