package report

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Build turns one run's values into a Document: steps, changes, findings
// derived from the hazards, and the verdict against in.FailOn.
func Build(in Input) *Document {
	doc := &Document{
		Version:       FormatVersion,
		Project:       in.Project,
		Schema:        in.Schema,
		Steps:         []Step{},
		Changes:       []Change{},
		LikelyRenames: []LikelyRename{},
		Findings:      []Finding{},
		Files:         []File{},
	}
	if in.Dialect != nil {
		doc.Dialect = in.Dialect.Name
		doc.DialectVersion = versionString(in.Dialect.Version.Major, in.Dialect.Version.Minor)
	}
	if in.Plan != nil {
		for i, s := range in.Plan.Steps {
			doc.Steps = append(doc.Steps, buildStep(i+1, s))
		}
	}
	for _, c := range in.Changes {
		doc.Changes = append(doc.Changes, Describe(c))
	}
	doc.LikelyRenames = append(doc.LikelyRenames, in.LikelyRenames...)
	doc.Files = append(doc.Files, in.Files...)
	for _, s := range doc.Steps {
		doc.Findings = append(doc.Findings, findings(s)...)
	}
	doc.Verdict = verdict(doc, in.FailOn)
	return doc
}

func versionString(major, minor int) string {
	if minor == 0 {
		return fmt.Sprint(major)
	}
	return fmt.Sprintf("%d.%d", major, minor)
}

func buildStep(index int, s *plan.Step) Step {
	out := Step{
		Index:         index,
		Up:            nonNil(s.Up),
		Down:          nonNil(s.Down),
		Transactional: s.Transactional,
		Lock: Lock{
			Level:        s.Lock.Level,
			Tables:       []string{},
			BlocksReads:  s.Lock.BlocksReads,
			BlocksWrites: s.Lock.BlocksWrites,
		},
		Rewrite:       s.Rewrite,
		Scan:          s.Scan,
		DownLosesData: s.DownLosesData,
		Hazards:       []Hazard{},
		Change:        Describe(s.Change),
		Source:        Source(s.Pos),
	}
	for _, t := range s.Lock.Tables {
		out.Lock.Tables = append(out.Lock.Tables, t.String())
	}
	for _, h := range s.Hazards {
		out.Hazards = append(out.Hazards, Hazard{Kind: string(h.Kind), Table: h.Table.String(), Column: h.Column, Detail: h.Detail})
	}
	return out
}

// Source renders a position as file:line, the form findings and
// annotations use; "" when unknown.
func Source(p schema.Pos) string {
	switch {
	case p.File == "":
		return ""
	case p.Line == 0:
		return p.File
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func verdict(doc *Document, failOn Severity) Verdict {
	v := Verdict{FailOn: failOn.String()}
	if len(doc.Steps) == 0 && len(doc.Findings) == 0 {
		v.Status, v.Summary = StatusNoChanges, NoChanges
		return v
	}
	errs, warns := 0, 0
	for _, f := range doc.Findings {
		sev, _ := ParseSeverity(f.Severity)
		if sev == SeverityError {
			errs++
		} else {
			warns++
		}
		if failOn != SeverityNever && sev >= failOn {
			v.Failed = true
		}
	}
	switch {
	case errs > 0:
		v.Status = StatusErrors
	case warns > 0:
		v.Status = StatusWarnings
	default:
		v.Status = StatusClean
	}
	word := "PASS"
	if v.Failed {
		word = "FAIL"
	}
	counts := plural(len(doc.Steps), "step")
	if errs+warns == 0 {
		v.Summary = fmt.Sprintf("%s: %s, no findings.", word, counts)
		return v
	}
	var parts []string
	if errs > 0 {
		parts = append(parts, plural(errs, "error"))
	}
	if warns > 0 {
		parts = append(parts, plural(warns, "warning"))
	}
	v.Summary = fmt.Sprintf("%s: %s, %s (--fail-on %s).", word, counts, strings.Join(parts, ", "), failOn)
	return v
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
