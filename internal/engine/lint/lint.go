package lint

import (
	"fmt"
	"strings"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Severity ranks a finding. The zero value is Notice.
type Severity int

// The severities, lowest first.
const (
	// Notice is worth knowing: a policy preference, or a risky change on
	// a table the data says is empty.
	Notice Severity = iota
	// Warning needs a reviewer's judgement before merging.
	Warning
	// Error loses data, breaks running code or fails on the data.
	Error
)

// String names the severity: "notice", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case Notice:
		return "notice"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// MarshalText implements encoding.TextMarshaler, for JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads "notice", "warning" or "error".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "notice", "info":
		return Notice, nil
	case "warning", "warn":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or notice)", s)
}

// Rule is one safety rule. Its code never changes once released; its
// documentation is the doc comment of its type, which Doc returns.
type Rule interface {
	// Code is the stable identifier, "MB" and three digits ("MB101").
	Code() string
	// Severity is the default severity of the rule's findings; a rule may
	// lower or raise it for one finding when the data says so.
	Severity() Severity
	// Title is a short name for the rule ("Table dropped").
	Title() string
	// Doc explains why the change is dangerous on a live database and
	// what the safe alternative is.
	Doc() string
	// Check returns the rule's findings for the plan in ctx.
	Check(ctx *Context) []Finding
}

// Context is what a rule may look at.
type Context struct {
	// Plan is the migration being checked.
	Plan *plan.Plan
	// From and To are the schemas before and after; either may be nil.
	From, To *schema.Schema
	// Dialect is the target database and version with its capabilities.
	Dialect *dialect.Dialect
	// Facts are numbers from the target's data; nil when no database was
	// given, and then rules judge from the schema alone.
	Facts Facts
	// Options say how the migration is run.
	Options Options
}

// Options describe how the migration will be executed, which the plan
// itself does not record.
type Options struct {
	// LockTimeout is true when the migration runs with a lock timeout
	// (PostgreSQL lock_timeout, MySQL lock_wait_timeout): the plain SQL
	// emitter writes one at the top of its files, a runner may set one.
	LockTimeout bool
	// StatementTimeout is true when the migration's statements run with a
	// statement timeout.
	StatementTimeout bool
	// MaxBlockingLock is the longest a step may hold a lock that blocks
	// reads or writes before MB419 warns (zero: 5 seconds).
	MaxBlockingLock time.Duration
	// MaxStepDuration is the longest any step may run before MB419 warns
	// (zero: 5 minutes).
	MaxStepDuration time.Duration
}

// Finding is one thing a rule reports.
type Finding struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Title    string   `json:"title"`
	// Message says specifically what happens: which table and column,
	// which lock, how many rows and for how long when known.
	Message string `json:"message"`
	// Table and Column name the object, unquoted ("public.users",
	// "email"); both empty for a plan-wide finding.
	Table  string `json:"table,omitempty"`
	Column string `json:"column,omitempty"`
	// SourcePos is where in the schema source the change comes from (the
	// step's Pos).
	SourcePos schema.Pos `json:"source_pos"`
	// StepIndex is the 1-based index of the step in the plan; 0 when the
	// finding is about the plan as a whole.
	StepIndex int `json:"step,omitempty"`
	// MigrationLine is the 1-based line of the step's first statement in
	// the generated up file; 0 until SetMigrationLines fills it.
	MigrationLine int `json:"migration_line,omitempty"`
	// Evidence are the numbers from the data behind the finding.
	Evidence Evidence `json:"evidence"`
	// Accepted is true when the configuration accepts this code for this
	// migration; an accepted finding is shown but does not fail a run.
	Accepted     bool   `json:"accepted,omitempty"`
	AcceptReason string `json:"accept_reason,omitempty"`
}

// Object renders the finding's table and column as table.column, the table
// alone, or "" for a plan-wide finding.
func (f Finding) Object() string {
	if f.Column != "" {
		return f.Table + "." + f.Column
	}
	return f.Table
}

// Evidence are numbers measured on the data, each nil (or zero) when
// unknown.
type Evidence struct {
	// Rows is the number of rows in the table (possibly an estimate).
	Rows *int64 `json:"rows,omitempty"`
	// Offending is the number of rows (or groups) that make the step fail
	// or lose data: NULLs, duplicate groups, orphans, values that do not
	// fit.
	Offending *int64 `json:"offending,omitempty"`
	// Bytes is the table's size on disk.
	Bytes *int64 `json:"bytes,omitempty"`
	// Duration is the estimated time the step runs (and holds its lock).
	Duration time.Duration `json:"duration,omitempty"`
}

// Count returns a pointer to n, for filling Evidence.
func Count(n int64) *int64 { return &n }
