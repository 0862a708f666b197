// Package report renders the result of one plan run (the plan's steps, the
// schema changes, likely renames, lint findings and the migration files)
// as text for a terminal, Markdown for a pull request comment, a stable,
// versioned JSON document for machines (docs/report-json.md), or a SARIF
// 2.1.0 log for code scanning.
//
// Build turns the engine's values into a Document; the renderers only
// format a Document, so every output says the same thing. Findings are the
// lint rules' (lint.Run with their migration lines set); the Document
// carries each fired rule's documentation, and the verdict counts errors,
// warnings and notices that are not accepted against the --fail-on
// threshold.
package report
