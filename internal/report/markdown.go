package report

import (
	"fmt"
	"io"
	"strings"
)

// Markdown writes the pull-request flavour of the report: the verdict line
// first, a table of findings with each rule's documentation collapsed
// under it, the steps, likely renames, and the SQL of the
// migration files in collapsed <details> sections.
func Markdown(w io.Writer, doc *Document) error {
	p := &printer{w: w}
	icon := "✅"
	switch {
	case doc.Verdict.Failed:
		icon = "❌"
	case doc.Verdict.Status == StatusWarnings || doc.Verdict.Status == StatusErrors:
		icon = "⚠️"
	}
	if doc.Project != "" {
		p.f("%s **%s** (`%s`): %s\n", icon, cell(doc.Project), doc.Schema, doc.Verdict.Summary)
	} else {
		p.f("%s %s\n", icon, doc.Verdict.Summary)
	}
	if len(doc.Findings) > 0 {
		p.f("\n| Severity | Code | Finding | Object | Schema | Migration |\n|---|---|---|---|---|---|\n")
		for _, f := range doc.Findings {
			sev := f.Severity
			if f.Accepted {
				sev = "~~" + f.Severity + "~~ accepted"
			}
			// The rules put the numbers from the data into the message;
			// the JSON and text reports list the evidence separately.
			msg := "**" + cell(f.Title) + "**: " + cell(f.Message)
			if f.Accepted {
				reason := f.AcceptReason
				if reason == "" {
					reason = "no reason given"
				}
				msg += " _Accepted: " + cell(reason) + "_"
			}
			mig := ""
			switch {
			case f.MigrationFile != "":
				mig = fmt.Sprintf("`%s:%d`", cell(f.MigrationFile), f.MigrationLine)
			case f.Step > 0:
				mig = fmt.Sprintf("step %d", f.Step)
			}
			object := ""
			if f.Object != "" {
				object = "`" + cell(f.Object) + "`"
			}
			p.f("| %s | `%s` | %s | %s | %s | %s |\n", sev, f.Code, msg, object, sourceCell(f.Source, 0), mig)
		}
		for _, r := range doc.Rules {
			p.f("\n<details><summary><code>%s</code> %s: why it matters and the safe alternative</summary>\n\n%s\n</details>\n",
				r.Code, html(r.Title), r.Doc)
		}
	}
	if len(doc.Steps) > 0 {
		p.f("\n**Plan** for %s %s:\n\n| # | Change | Lock | Rewrite | Scan | Transactional | Source |\n|---|---|---|---|---|---|---|\n",
			doc.Dialect, doc.DialectVersion)
		for _, s := range doc.Steps {
			change := s.Change.Kind + " `" + cell(s.Change.Object) + "`"
			if s.Change.Detail != "" {
				change += " (" + cell(s.Change.Detail) + ")"
			}
			if s.FoldedInto != 0 {
				change += fmt.Sprintf(", carried out by step %d", s.FoldedInto)
			}
			if len(s.Folded) > 0 {
				change += fmt.Sprintf(", with %s", plural(len(s.Folded), "more change"))
			}
			lock := "none"
			if s.Lock.Level != "" {
				lock = s.Lock.Level
			}
			p.f("| %d | %s | %s | %s | %s | %s | %s |\n", s.Index, change, lock,
				yesNo(s.Rewrite, "yes", "no"), yesNo(s.Scan, "yes", "no"),
				yesNo(s.Transactional, "yes", "**no**"), sourceCell(s.Source, 0))
		}
	}
	if len(doc.LikelyRenames) > 0 {
		p.f("\n**Likely renames**: without confirmation they are planned as a drop and an add, which loses the data.\n\n")
		for _, r := range doc.LikelyRenames {
			p.f("- %s `%s` → `%s`: confirm with `%s`\n", r.Kind, renameFrom(r), r.To, r.Flag)
		}
	}
	for _, f := range doc.Files {
		name := f.Name
		if f.RepoPath != "" {
			name = f.RepoPath
		}
		p.f("\n<details><summary>%s migration: <code>%s</code></summary>\n\n%s\n</details>\n",
			strings.ToUpper(f.Kind[:1])+f.Kind[1:], name, Fence("sql", f.Content))
	}
	return p.err
}

// html escapes text for an HTML element such as <summary>.
func html(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}

func sourceCell(src string, step int) string {
	switch {
	case src != "":
		return "`" + cell(src) + "`"
	case step > 0:
		return fmt.Sprintf("step %d", step)
	}
	return ""
}

// Fence wraps code in a Markdown code fence longer than any backtick run
// inside it, so the content is shown, and copied, exactly.
func Fence(lang, code string) string {
	longest, run := 0, 0
	for _, r := range code {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	f := strings.Repeat("`", max(3, longest+1))
	if !strings.HasSuffix(code, "\n") {
		code += "\n"
	}
	return f + lang + "\n" + code + f + "\n"
}
