package report

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
)

// Severity ranks findings. The zero value is SeverityWarning so an unknown
// kind is never silently ignored.
type Severity int

// The severities, lowest first. SeverityNever is only a --fail-on value:
// no finding has it, and a run with --fail-on never never fails.
const (
	SeverityWarning Severity = iota
	SeverityError
	SeverityNever
)

// String names the severity as the flag and the JSON spell it.
func (s Severity) String() string {
	switch s {
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	case SeverityNever:
		return "never"
	case SeverityNotice:
		return "notice"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// ParseSeverity reads "error", "warning" or "never" (the --fail-on values),
// and "notice" (the severity of lint notices, which never fail a run).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "notice":
		return SeverityNotice, nil
	case "error":
		return SeverityError, nil
	case "warning":
		return SeverityWarning, nil
	case "never":
		return SeverityNever, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or never)", s)
}

// SeverityOf is the documented mapping from a step hazard to a finding
// severity (README, docs/report-json.md): losing data is an error; every
// other hazard (breaking, may-fail, rewrite, blocking-lock, irreversible)
// is a warning that a reviewer should weigh.
func SeverityOf(k plan.HazardKind) Severity {
	if k == plan.HazardDataLoss {
		return SeverityError
	}
	return SeverityWarning
}

// hazardText says in words what each hazard kind means for a live database.
var hazardText = map[plan.HazardKind]string{
	plan.HazardDataLoss:     "destroys data",
	plan.HazardBreaking:     "breaks code still running against the old schema",
	plan.HazardMayFail:      "fails if existing rows violate it",
	plan.HazardRewrite:      "rewrites the whole table under its lock",
	plan.HazardBlockingLock: "holds a lock that blocks other sessions while it scans or rewrites",
	plan.HazardIrreversible: "cannot be fully undone by the rollback",
}

// findings turns one step's hazards into findings, one per hazard.
func findings(s Step) []Finding {
	var out []Finding
	for _, h := range s.Hazards {
		kind := plan.HazardKind(h.Kind)
		text, ok := hazardText[kind]
		if !ok {
			text = "has hazard " + h.Kind
		}
		object := h.Table
		if h.Column != "" {
			object += "." + h.Column
		}
		if object == "" {
			object = s.Change.Object
		}
		msg := fmt.Sprintf("%s %s %s", s.Change.Kind, s.Change.Object, text)
		if h.Detail != "" {
			msg += " (" + h.Detail + ")"
		}
		out = append(out, Finding{
			Severity: SeverityOf(kind).String(),
			Code:     h.Kind,
			Message:  msg,
			Object:   object,
			Step:     s.Index,
			Source:   s.Source,
		})
	}
	return out
}
