package report

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
)

// SeverityNotice is the severity of lint notices: below warning, so no
// --fail-on threshold (error, warning) counts it.
const SeverityNotice Severity = -1

// LintFindings turns lint findings (lint.Run, rules.Run) into report
// findings: Code is the rule's MBnnn code, Object its table[.column],
// Step the 1-based step, Source the schema position. The message leads
// with the rule's title; an accepted finding says so and why.
//
// It replaces the interim mapping from step hazards (findings) once the
// caller runs the rules; accepted findings should then be left out of the
// verdict (lint.Fails), which this function cannot express in the
// current Finding shape.
func LintFindings(fs []lint.Finding) []Finding {
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		msg := f.Message
		if f.Title != "" {
			msg = f.Title + ": " + msg
		}
		if f.Accepted {
			msg += " [accepted"
			if f.AcceptReason != "" {
				msg += ": " + f.AcceptReason
			}
			msg += "]"
		}
		out = append(out, Finding{
			Severity: f.Severity.String(),
			Code:     f.Code,
			Message:  msg,
			Object:   f.Object(),
			Step:     f.StepIndex,
			Source:   Source(f.SourcePos),
		})
	}
	return out
}
