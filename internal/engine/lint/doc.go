// Package lint checks a migration plan against safety rules: it defines
// what a rule is (Rule: a stable code, a default severity, a title, its
// documentation and a Check), what it reports (Finding, with the table,
// column, schema line, step and migration line it is about, and numbers
// from the data when they are known), what it may look at (Context: the
// plan, both schemas, the dialect with its capabilities, and optional
// data Facts), and how a repository tunes it (Config: per-rule enablement
// and severity, findings accepted for one migration).
//
// The rules themselves live in package lint/rules, one file per rule,
// listed in rules.All. Run applies a list of rules to a Context under a
// Config and returns the findings in a stable order.
//
// Rules read only the values of the plan: the step envelope (lock,
// rewrite, scan, transactional, down) and the change it carries, and the
// dialect's Caps. They never compare a dialect's name, so the same rule
// serves a PostgreSQL plan, a MySQL plan and a hand-written migration read
// into steps.
//
// Data-aware checks plug in through Facts: when Context.Facts is nil the
// rules judge from the schema alone; when it is set, they put row counts
// into their messages and scale severity (the same change on an empty
// table is a notice, on a table with offending rows an error).
package lint
