package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Build turns one run's values into a Document: steps, changes, the lint
// findings with the documentation of their rules, and the verdict against
// in.FailOn (accepted findings are shown but not counted).
func Build(in Input) *Document {
	doc := &Document{
		Version:       FormatVersion,
		Project:       in.Project,
		Schema:        in.Schema,
		Steps:         []Step{},
		Changes:       []Change{},
		LikelyRenames: []LikelyRename{},
		Findings:      []Finding{},
		Rules:         []RuleDoc{},
		Files:         []File{},
	}
	if in.Dialect != nil {
		doc.Dialect = in.Dialect.Name
		doc.DialectVersion = versionString(in.Dialect.Version.Major, in.Dialect.Version.Minor)
	}
	if in.Plan != nil {
		index := make(map[*plan.Step]int, len(in.Plan.Steps))
		for i, s := range in.Plan.Steps {
			index[s] = i + 1
		}
		for i, s := range in.Plan.Steps {
			st := buildStep(i+1, s)
			st.FoldedInto = index[s.FoldedInto]
			doc.Steps = append(doc.Steps, st)
		}
	}
	for _, c := range in.Changes {
		doc.Changes = append(doc.Changes, Describe(c))
	}
	doc.LikelyRenames = append(doc.LikelyRenames, in.LikelyRenames...)
	doc.Files = append(doc.Files, in.Files...)
	upFile := ""
	for _, f := range in.Files {
		if f.Kind == "up" {
			upFile = f.Location()
			break
		}
	}
	seen := map[string]bool{}
	for _, f := range in.Findings {
		doc.Findings = append(doc.Findings, convert(f, upFile))
		if !seen[f.Code] {
			seen[f.Code] = true
			doc.Rules = append(doc.Rules, ruleDoc(f.Code))
		}
	}
	slices.SortFunc(doc.Rules, func(a, b RuleDoc) int { return strings.Compare(a.Code, b.Code) })
	doc.Verdict = verdict(doc, in.FailOn, in.FailOn.fails(in.Findings))
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
		Folded:        []Change{},
		Source:        Source(s.Pos),
	}
	for _, c := range s.Folded {
		out.Folded = append(out.Folded, Describe(c))
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

func verdict(doc *Document, failOn Severity, failed bool) Verdict {
	v := Verdict{FailOn: failOn.String(), Failed: failed}
	if len(doc.Steps) == 0 && len(doc.Findings) == 0 {
		v.Status, v.Summary = StatusNoChanges, NoChanges
		return v
	}
	for _, f := range doc.Findings {
		switch {
		case f.Accepted:
			v.Accepted++
		case f.Severity == "error":
			v.Errors++
		case f.Severity == "warning":
			v.Warnings++
		default:
			v.Notices++
		}
	}
	switch {
	case v.Errors > 0:
		v.Status = StatusErrors
	case v.Warnings > 0:
		v.Status = StatusWarnings
	case v.Notices > 0:
		v.Status = StatusNotices
	default:
		v.Status = StatusClean
	}
	word := "PASS"
	if v.Failed {
		word = "FAIL"
	}
	counts := plural(len(doc.Steps), "step")
	var parts []string
	for _, c := range []struct {
		n    int
		noun string
	}{{v.Errors, "error"}, {v.Warnings, "warning"}, {v.Notices, "notice"}} {
		if c.n > 0 {
			parts = append(parts, plural(c.n, c.noun))
		}
	}
	if v.Accepted > 0 {
		parts = append(parts, fmt.Sprintf("%d accepted", v.Accepted))
	}
	if len(parts) == 0 {
		v.Summary = fmt.Sprintf("%s: %s, no findings.", word, counts)
		return v
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
