package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint/rules"
)

// Severity is a --fail-on threshold: a finding severity (notice, warning,
// error) or SeverityNever, which no finding reaches.
type Severity int

// The thresholds, lowest first. The zero value is SeverityNotice.
const (
	SeverityNotice Severity = iota
	SeverityWarning
	SeverityError
	SeverityNever
)

// String names the threshold as the flag and the JSON spell it.
func (s Severity) String() string {
	switch s {
	case SeverityNotice:
		return "notice"
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	case SeverityNever:
		return "never"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// ParseSeverity reads a --fail-on value: "error", "warning", "notice" or
// "never".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "notice":
		return SeverityNotice, nil
	case "warning":
		return SeverityWarning, nil
	case "error":
		return SeverityError, nil
	case "never":
		return SeverityNever, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning, notice or never)", s)
}

// fails reports whether the findings fail a run at this threshold.
func (s Severity) fails(fs []lint.Finding) bool {
	if s == SeverityNever {
		return false
	}
	return lint.Fails(fs, lint.Severity(s))
}

// staleAcceptDoc documents lint.StaleAcceptCode, which has no rule.
const staleAcceptDoc = "An --accept names a code that no longer fires for this migration. " +
	"An acceptance that outlives its finding would silently cover a different problem the " +
	"next time that code fires, so it is reported until it is removed.\n\n" +
	"Safe alternative: remove the --accept for that code (or the comment command that gave it)."

// ruleDoc documents a code: its rule's title, default severity and doc.
func ruleDoc(code string) RuleDoc {
	if code == lint.StaleAcceptCode {
		return RuleDoc{Code: code, Severity: lint.Warning.String(), Title: "Accepted finding no longer fires", Doc: staleAcceptDoc}
	}
	r := rules.ByCode(code)
	if r == nil {
		return RuleDoc{Code: code, Severity: lint.Warning.String(), Title: code}
	}
	return RuleDoc{Code: code, Severity: r.Severity().String(), Title: r.Title(), Doc: r.Doc()}
}

// RuleDocs documents every rule in code order (rules.All, then
// lint.StaleAcceptCode): the catalogue `migrate-bot rules` and SARIF show.
func RuleDocs() []RuleDoc {
	out := []RuleDoc{ruleDoc(lint.StaleAcceptCode)}
	for _, r := range rules.All {
		out = append(out, ruleDoc(r.Code()))
	}
	return out
}

// convert turns one lint finding into the report's form; upFile names the
// up migration its MigrationLine is in.
func convert(f lint.Finding, upFile string) Finding {
	out := Finding{
		Code: f.Code, Severity: f.Severity.String(), Title: f.Title, Message: f.Message,
		Object: f.Object(), Step: f.StepIndex, Source: Source(f.SourcePos),
		SourceFile: f.SourcePos.File, SourceLine: f.SourcePos.Line,
		Accepted: f.Accepted, AcceptReason: f.AcceptReason,
	}
	if f.MigrationLine > 0 && upFile != "" {
		out.MigrationFile, out.MigrationLine = upFile, f.MigrationLine
	}
	if e := f.Evidence; e.Rows != nil || e.Offending != nil || e.Bytes != nil || e.Duration > 0 {
		out.Evidence = &Evidence{Rows: e.Rows, Offending: e.Offending, Bytes: e.Bytes, DurationSeconds: e.Duration.Seconds()}
	}
	return out
}

// EvidenceText renders evidence for people: "2,047 rows, 12 offending,
// 1.5 MiB, about 3s"; "" when there is none.
func EvidenceText(e *Evidence) string {
	if e == nil {
		return ""
	}
	var parts []string
	if e.Rows != nil {
		parts = append(parts, plural64(*e.Rows, "row"))
	}
	if e.Offending != nil {
		parts = append(parts, group(*e.Offending)+" offending")
	}
	if e.Bytes != nil {
		parts = append(parts, bytesText(*e.Bytes))
	}
	switch d := time.Duration(e.DurationSeconds * float64(time.Second)); {
	case d <= 0:
	case d < time.Second:
		parts = append(parts, "under 1s")
	default:
		parts = append(parts, "about "+d.Round(time.Second).String())
	}
	return strings.Join(parts, ", ")
}

// group writes n with thousands separators: 2,047.
func group(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

func plural64(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return group(n) + " " + noun + "s"
}

func bytesText(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, suffix := float64(n), "B"
	for _, s := range []string{"KiB", "MiB", "GiB", "TiB"} {
		if v < unit {
			break
		}
		v, suffix = v/unit, s
	}
	return fmt.Sprintf("%.1f %s", v, suffix)
}
