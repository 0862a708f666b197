package bot

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/pipeline"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// SummaryMarker is the hidden line that identifies the bot's summary
// comment on a pull request, so each run edits it instead of adding one.
const SummaryMarker = "<!-- migrate-bot:summary -->"

// CheckRunName is the name of the bot's check run.
const CheckRunName = "migrate-bot"

// RegenerateAction is the check run's button that regenerates the files.
var RegenerateAction = ghapi.CheckAction{Label: "Regenerate", Description: "Generate the migration files again", Identifier: "regenerate"}

// maxCommentChars is GitHub's limit on a comment body (65,536); one less
// keeps the same cut as check run summaries.
const maxCommentChars = ghapi.MaxSummaryChars

// summary renders the Markdown report. The first paragraph is the verdict
// (kept whole when the text is cut to GitHub's limit). forComment adds the
// hidden marker and, for a fork the bot cannot push to, the files to copy.
func (o *outcome) summary(forComment bool) string {
	var b strings.Builder
	if forComment {
		b.WriteString(SummaryMarker + "\n")
	}
	fmt.Fprintf(&b, "### %s migrate-bot: %s\n", icon(o.conclusion()), o.title())
	for _, l := range o.verdictLines() {
		b.WriteString(l + "\n")
	}
	for _, note := range o.notes(forComment) {
		b.WriteString("\n" + note + "\n")
	}
	for _, p := range o.result.Projects {
		if h := p.HandWritten; h != nil {
			b.WriteString("\n" + handWrittenSection(p.Project.Name, h))
		}
		if p.Doc == nil {
			continue
		}
		var md bytes.Buffer
		if err := report.Markdown(&md, p.Doc); err != nil {
			// report.Markdown fails only when its writer does; a buffer never does.
			md.WriteString("The report could not be rendered: " + err.Error() + "\n")
		}
		fmt.Fprintf(&b, "\n<details open><summary>Project <code>%s</code></summary>\n\n%s\n</details>\n", p.Project.Name, md.String())
	}
	for _, e := range o.result.Errors {
		fmt.Fprintf(&b, "\n**`%s` could not be planned.** Fix this and push again:\n\n%s", e.Project, codeBlock("", e.Error))
	}
	if len(o.result.Unchanged) > 0 {
		fmt.Fprintf(&b, "\nSchema unchanged: %s.\n", quoteList(o.result.Unchanged))
	}
	if forComment {
		b.WriteString("\n<sub>Commands: comment with `" + CommandPrefix + " help` to list them (regenerate, rename, accept).</sub>\n")
	}
	return ghapi.CutSummary(b.String(), maxCommentChars)
}

// notes are the paragraphs about what the bot did with the files.
func (o *outcome) notes(forComment bool) []string {
	var notes []string
	switch {
	case o.botHead && o.lastCommit != nil && len(o.lastCommit.Written) > 0:
		notes = append(notes, fmt.Sprintf("migrate-bot committed %s in %s, the latest commit: the report is refreshed and nothing more is generated.",
			quoteList(o.lastCommit.Written), short(o.lastCommit.SHA)))
	case o.botHead:
		notes = append(notes, "The latest commit is migrate-bot's own: the report is refreshed and nothing is generated.")
	case o.committed != "":
		n := fmt.Sprintf("migrate-bot committed %s in %s.", quoteList(o.written), short(o.committed))
		if len(o.written) == 0 {
			n = fmt.Sprintf("migrate-bot committed %s.", short(o.committed))
		}
		if len(o.deleted) > 0 {
			n += fmt.Sprintf(" It removed %s, generated for an earlier version of the schema.", quoteList(o.deleted))
		}
		notes = append(notes, n)
	case o.upToDate:
		notes = append(notes, "The migration files on the branch are up to date.")
	}
	if hints := o.renameHints(); len(hints) > 0 {
		notes = append(notes, "To plan a likely rename as a rename (the data is kept), comment with the rename command:\n\n"+strings.Join(hints, "\n"))
	}
	if edited := append(slices.Clone(o.stale), o.kept...); len(edited) > 0 {
		verb, it := " was", "it"
		if len(edited) > 1 {
			verb, it = " were", "them"
		}
		n := quoteList(edited) + verb + " changed by a person after migrate-bot wrote " + it +
			", so migrate-bot no longer overwrites " + it + " and checks " + it + " like a hand-written migration."
		if len(o.stale) > 0 {
			n += " The schema now calls for different content in " + quoteList(o.stale) + "."
		}
		n += " To have migrate-bot generate " + it + " again, comment with the regenerate command (`/migrate regenerate`) or press **Regenerate** on the check run."
		notes = append(notes, n)
	}
	if len(o.copyFiles) > 0 {
		n := fmt.Sprintf("migrate-bot cannot push to this pull request's branch: %s.", o.copyReason)
		if !forComment {
			notes = append(notes, n+" Add the generated files, given in full in the pull request's migrate-bot summary comment, to the branch.")
			return notes
		}
		var b strings.Builder
		b.WriteString(n + " Add these files to the branch, with exactly this content:\n")
		for _, f := range o.copyFiles {
			fmt.Fprintf(&b, "\n`%s`\n\n%s", f.Path, codeBlock(language(f.Path), f.Content))
		}
		notes = append(notes, strings.TrimRight(b.String(), "\n"))
	}
	return notes
}

// renameHints are the rename commands that confirm each likely rename,
// as list items (a list item never parses as a command).
func (o *outcome) renameHints() []string {
	var hints []string
	for _, p := range o.result.Projects {
		if p.Doc == nil {
			continue
		}
		for _, r := range p.Doc.LikelyRenames {
			old, nu, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(r.Flag, "--rename")), "=")
			if !ok {
				continue
			}
			target := old
			if len(o.result.Projects) > 1 || len(o.result.Unchanged) > 0 {
				target = p.Project.Name + ":" + old
			}
			hints = append(hints, fmt.Sprintf("- %s `%s` → `%s`: `%s %s %s -> %s`", r.Kind, old, nu, CommandPrefix, VerbRename, target, nu))
		}
	}
	return hints
}

// handWrittenSection reports the check of a migration the pull request
// adds itself.
func handWrittenSection(project string, h *pipeline.HandWrittenCheck) string {
	files, missing, extra := h.Files, h.Missing, h.Extra
	var b strings.Builder
	if h.Unchecked != "" {
		fmt.Fprintf(&b, "**`%s`**: the pull request adds its own migration (%s), so migrate-bot does not generate one. It was not checked: %s.\n",
			project, quoteList(files), h.Unchecked)
		return b.String()
	}
	fmt.Fprintf(&b, "**`%s`**: the pull request adds its own migration (%s), so migrate-bot does not generate one; it checks that it takes the schema at the merge base to the schema at head.\n",
		project, quoteList(files))
	if len(missing) == 0 && len(extra) == 0 {
		b.WriteString("\nIt does.\n")
		return b.String()
	}
	if len(missing) > 0 {
		fmt.Fprintf(&b, "\nMissing from the migration (%s):\n\n%s", plural(len(missing), "statement"), codeBlock("sql", statements(missing)))
	}
	if len(extra) > 0 {
		fmt.Fprintf(&b, "\nIn the migration but not in the schema at head (%s):\n\n", plural(len(extra), "change"))
		for _, e := range extra {
			b.WriteString("- " + oneLine(e) + "\n")
		}
	}
	return b.String()
}

// statements renders SQL statements one per line, each ending with ";".
func statements(stmts []string) string {
	var b strings.Builder
	for _, s := range stmts {
		s = strings.TrimRight(strings.TrimSpace(s), ";")
		b.WriteString(s + ";\n")
	}
	return b.String()
}

func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// short abbreviates a commit SHA.
func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

// language picks the fenced block's language from a file name.
func language(path string) string {
	switch {
	case strings.HasSuffix(path, ".sql"):
		return "sql"
	case strings.HasSuffix(path, ".toml"):
		return "toml"
	case strings.HasSuffix(path, ".py"):
		return "python"
	case strings.HasSuffix(path, ".js"), strings.HasSuffix(path, ".ts"):
		return "javascript"
	}
	return ""
}

// codeBlock fences code so it is shown, and copied, exactly.
func codeBlock(lang, code string) string { return report.Fence(lang, code) }
