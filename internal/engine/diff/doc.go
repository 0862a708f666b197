// Package diff compares two schemas and returns the changes that take the
// first to the second: the closed vocabulary of schema.Change values, in a
// deterministic order that schema.Apply can replay (renames, then drops,
// then adds).
//
// Objects are matched by name. A rename keeps data, so the differ makes
// one only when told: by a confirmed Rename (the --rename flag, parsed by
// ParseRename) or by a RenamedFrom hint in the target schema. A drop and an
// add that merely look alike stay a drop and an add, and are reported as a
// LikelyRename with the exact flag that would confirm it.
//
// Some renames follow from others: after a table rename, the primary key,
// indexes and constraints keep their old names on the server, so a target
// that names them after the new table gets RenameIndex and
// RenameConstraint changes (an index or constraint whose definition is
// unchanged but whose name differs), and a serial column's owned sequence
// gets a RenameSequence.
//
// The differ indexes everything by name; its cost is linear in the size
// of the schemas (a 2,000-table schema diffs in a few milliseconds).
package diff
