package report

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// FormatVersion is the version of the JSON document. It changes only when a
// field is removed or changes meaning; new fields may appear without a bump.
// Version 2: findings come from the lint rules (MBnnn codes, notices,
// accepted findings, migration lines, evidence) instead of step hazards.
const FormatVersion = 2

// Input is what one plan run produced, handed to Build.
type Input struct {
	// Project and Schema name the project in --repo mode (empty otherwise).
	Project string
	Schema  string
	Dialect *dialect.Dialect
	Plan    *plan.Plan
	Changes []schema.Change
	// LikelyRenames are drop+add pairs the differ suspects are renames.
	LikelyRenames []LikelyRename
	// Files are the migration files, written or not.
	Files []File
	// Findings are the lint findings of the plan (lint.Run), with their
	// migration lines set.
	Findings []lint.Finding
	// FailOn is the severity at or above which the run fails.
	FailOn Severity
}

// Document is the rendered-independent report of one plan run; it is also
// exactly the JSON document (docs/report-json.md).
type Document struct {
	Version        int            `json:"version"`
	Project        string         `json:"project,omitempty"`
	Schema         string         `json:"schema,omitempty"`
	Dialect        string         `json:"dialect"`
	DialectVersion string         `json:"dialect_version"`
	Verdict        Verdict        `json:"verdict"`
	Steps          []Step         `json:"steps"`
	Changes        []Change       `json:"changes"`
	LikelyRenames  []LikelyRename `json:"likely_renames"`
	Findings       []Finding      `json:"findings"`
	// Rules documents each rule that has a finding here, in code order.
	Rules []RuleDoc `json:"rules"`
	Files []File    `json:"files"`
}

// Verdict sums the run up.
type Verdict struct {
	// Status is "no-changes", "clean" (steps, no findings counted),
	// "notices", "warnings" or "errors" (the highest severity among the
	// findings that are not accepted).
	Status string `json:"status"`
	// FailOn is the --fail-on threshold: "error", "warning", "notice" or
	// "never".
	FailOn string `json:"fail_on"`
	// Failed is true when a finding that is not accepted is at or above
	// FailOn (exit status 2).
	Failed bool `json:"failed"`
	// Errors, Warnings and Notices count the findings that are not
	// accepted; Accepted counts the accepted ones.
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Notices  int `json:"notices"`
	Accepted int `json:"accepted"`
	// Summary is the one-line verdict the text and Markdown reports lead with.
	Summary string `json:"summary"`
}

// The verdict statuses.
const (
	StatusNoChanges = "no-changes"
	StatusClean     = "clean"
	StatusNotices   = "notices"
	StatusWarnings  = "warnings"
	StatusErrors    = "errors"
)

// NoChanges is the verdict line of an empty plan.
const NoChanges = "No changes: the schemas are equivalent."

// Step is one plan step.
type Step struct {
	// Index is the 1-based position of the step in the up migration.
	Index         int      `json:"index"`
	Up            []string `json:"up"`
	Down          []string `json:"down"`
	Transactional bool     `json:"transactional"`
	Lock          Lock     `json:"lock"`
	Rewrite       bool     `json:"rewrite"`
	Scan          bool     `json:"scan"`
	DownLosesData bool     `json:"down_loses_data"`
	Hazards       []Hazard `json:"hazards"`
	Change        Change   `json:"change"`
	// Folded are the other changes this step's statements carry out (the
	// clauses of one merged MySQL ALTER TABLE, the changes of one SQLite
	// table rebuild), in plan order; empty when the step carries out its
	// Change alone.
	Folded []Change `json:"folded"`
	// FoldedInto is, for a step with no statements of its own because
	// another step's statements carry out its change, that step's Index;
	// 0 otherwise.
	FoldedInto int `json:"folded_into,omitempty"`
	// Source is file:line of the schema object the step comes from, or "".
	Source string `json:"source"`
}

// Lock is the lock a step takes.
type Lock struct {
	Level        string   `json:"level"`
	Tables       []string `json:"tables"`
	BlocksReads  bool     `json:"blocks_reads"`
	BlocksWrites bool     `json:"blocks_writes"`
}

// Hazard is one hazard of a step.
type Hazard struct {
	Kind   string `json:"kind"`
	Table  string `json:"table"`
	Column string `json:"column,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// Change is one schema change, named by kind and object.
type Change struct {
	Kind   string `json:"kind"`
	Object string `json:"object"`
	// Detail qualifies the change: the new name of a rename, the
	// properties an AlterColumn changes, an added enum value.
	Detail string `json:"detail,omitempty"`
}

// LikelyRename is a dropped and an added object of the same shape in the
// same table, which the user may confirm as a rename with Flag.
type LikelyRename struct {
	// Kind is "table" or "column" (or another object kind the differ
	// detects).
	Kind  string `json:"kind"`
	Table string `json:"table,omitempty"`
	From  string `json:"from"`
	To    string `json:"to"`
	// Flag is the exact command-line flag that confirms the rename
	// ("--rename users.phone=users.phone_number").
	Flag string `json:"flag"`
}

// Finding is one lint finding: something the user should look at before
// merging.
type Finding struct {
	// Code is the rule's stable code ("MB102"); MB000 is an accepted code
	// that no longer fires.
	Code string `json:"code"`
	// Severity is "error", "warning" or "notice".
	Severity string `json:"severity"`
	// Title is the rule's short name ("Column dropped").
	Title string `json:"title"`
	// Message says specifically what happens, with numbers from the data
	// when they are known.
	Message string `json:"message"`
	// Object is table[.column], "" for a plan-wide finding.
	Object string `json:"object"`
	// Step is the 1-based index of the step concerned, 0 for the plan.
	Step int `json:"step"`
	// Source is file:line of the schema object, or "".
	Source string `json:"source"`
	// SourceFile and SourceLine are Source's parts.
	SourceFile string `json:"source_file,omitempty"`
	SourceLine int    `json:"source_line,omitempty"`
	// MigrationFile and MigrationLine locate the step's first statement in
	// the up migration file.
	MigrationFile string `json:"migration_file,omitempty"`
	MigrationLine int    `json:"migration_line,omitempty"`
	// Evidence are the numbers from the data behind the finding; nil when
	// no target database was read or nothing was measured.
	Evidence *Evidence `json:"evidence,omitempty"`
	// Accepted is true when --accept covers the code: shown, not counted.
	Accepted     bool   `json:"accepted"`
	AcceptReason string `json:"accept_reason,omitempty"`
}

// Evidence are numbers measured on the target database's data.
type Evidence struct {
	// Rows is the table's row count (an estimate on large tables).
	Rows *int64 `json:"rows,omitempty"`
	// Offending is the number of rows (or duplicate groups) that make the
	// step fail or lose data.
	Offending *int64 `json:"offending,omitempty"`
	// Bytes is the table's size on disk, indexes included.
	Bytes *int64 `json:"bytes,omitempty"`
	// DurationSeconds is the estimated time the step runs and holds its
	// lock.
	DurationSeconds float64 `json:"duration_seconds,omitempty"`
}

// RuleDoc documents one rule.
type RuleDoc struct {
	Code string `json:"code"`
	// Severity is the rule's default severity.
	Severity string `json:"severity"`
	Title    string `json:"title"`
	// Doc explains why the change is dangerous on a live database and the
	// safe alternative (Markdown-safe plain text, paragraphs separated by
	// blank lines).
	Doc string `json:"doc"`
}

// File is one migration file.
type File struct {
	// Name is the file name ("20250101120000_add_users_email.up.sql").
	Name string `json:"name"`
	// Kind is "up" or "down".
	Kind string `json:"kind"`
	// Path is where the file was written; empty when it was printed.
	Path string `json:"path,omitempty"`
	// RepoPath is where the file belongs in the repository (--repo mode:
	// the project's migrations directory).
	RepoPath string `json:"repo_path,omitempty"`
	// Content is the file's text; the JSON document leaves it out (the
	// steps carry the same statements).
	Content string `json:"-"`
}

// Written reports whether the file was written to disk.
func (f File) Written() bool { return f.Path != "" }

// Location is where a reader finds the file: its repository path in
// --repo mode, else the path it was written to, else its name.
func (f File) Location() string {
	switch {
	case f.RepoPath != "":
		return f.RepoPath
	case f.Path != "":
		return f.Path
	}
	return f.Name
}
