// Package report renders the result of one plan run (the plan's steps, the
// schema changes, likely renames, findings and the migration files) as
// text for a terminal, Markdown for a pull request comment, or a stable,
// versioned JSON document for machines (docs/report-json.md).
//
// Build turns the engine's values into a Document; the renderers only
// format a Document, so all three outputs say the same thing. Findings are
// derived here from the plan steps' hazards with a fixed severity mapping
// (SeverityOf) until the lint rule set of a later issue supplies its own.
package report
