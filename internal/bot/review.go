package bot

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// maxReviewComments bounds one review: GitHub's guidance on content
// creation limits, and readability.
const maxReviewComments = 30

// findingMarker tags a review comment with its finding's key, so a later
// run recognises it even without the state.
const findingMarkerFormat = "<!-- migrate-bot:finding %s -->"

var findingMarkerPattern = regexp.MustCompile(`<!-- migrate-bot:finding ([^ ]+) -->`)

// reviewDraft is one review comment the bot would post, with its key.
type reviewDraft struct {
	key     string
	comment ghapi.ReviewComment
}

// handWritten is what the review needs of a hand-written migration that
// misses statements: the file, its last line and that line's text.
type handWritten struct {
	file     string
	lastLine int
	lastText string
	missing  []string
	extra    []string
}

// reviewDrafts lists review comments for the findings on lines the pull
// request's diff shows (GitHub refuses others), and a suggestion that
// appends the missing statements to a hand-written migration.
func reviewDrafts(docs []*report.Document, hand []handWritten, diff map[string]DiffLines) []reviewDraft {
	var out []reviewDraft
	seen := map[string]bool{}
	add := func(d reviewDraft) {
		if !seen[d.key] {
			seen[d.key] = true
			out = append(out, d)
		}
	}
	for _, doc := range docs {
		if doc == nil {
			continue
		}
		rules := map[string]report.RuleDoc{}
		for _, r := range doc.Rules {
			rules[r.Code] = r
		}
		for _, f := range doc.Findings {
			if f.Accepted || f.Severity == "notice" {
				continue
			}
			for _, loc := range []struct {
				path string
				line int
			}{{f.SourceFile, f.SourceLine}, {f.MigrationFile, f.MigrationLine}} {
				if loc.path == "" || !diff[loc.path].Contains(loc.line) {
					continue
				}
				key := findingKey(f.Code, project(doc), f.Object, f.Title)
				add(reviewDraft{key: key, comment: ghapi.ReviewComment{Path: loc.path, Line: loc.line, Side: "RIGHT",
					Body: findingBody(f, rules[f.Code], key)}})
				break
			}
		}
	}
	for _, h := range hand {
		if len(h.missing) == 0 || !diff[h.file].Contains(h.lastLine) {
			continue
		}
		key := findingKey("missing", h.file, strings.Join(h.missing, "\n"), "")
		body := fmt.Sprintf("**This migration does not reach the schema at head.** It lacks %s; this suggestion appends %s:\n\n%s\n%s",
			plural(len(h.missing), "statement"), pronoun(len(h.missing)),
			suggestion(h.lastText+"\n"+statements(h.missing)), fmt.Sprintf(findingMarkerFormat, key))
		add(reviewDraft{key: key, comment: ghapi.ReviewComment{Path: h.file, Line: h.lastLine, Side: "RIGHT", Body: body}})
	}
	return out
}

// newDrafts drops the drafts already commented: remembered in the state or
// found by their marker among the pull request's review comments.
func newDrafts(drafts []reviewDraft, st *State, existing []ghapi.ReviewComment) []reviewDraft {
	posted := map[string]bool{}
	for _, c := range existing {
		for _, m := range findingMarkerPattern.FindAllStringSubmatch(c.Body, -1) {
			posted[m[1]] = true
		}
	}
	var out []reviewDraft
	for _, d := range drafts {
		if st.reviewed(d.key) || posted[d.key] {
			continue
		}
		out = append(out, d)
		if len(out) == maxReviewComments {
			break
		}
	}
	return out
}

// findingKey identifies a finding across runs: the rule, the project and
// the object, not the place (a push that moves the line, or a finding
// first shown on the schema and later on the migration, is the same
// finding).
func findingKey(code, scope, object, title string) string {
	sum := sha256.Sum256([]byte(code + "\x00" + scope + "\x00" + object + "\x00" + title))
	return code + "-" + hex.EncodeToString(sum[:8])
}

// findingBody is the review comment of one finding.
func findingBody(f report.Finding, rule report.RuleDoc, key string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s %s** (%s)", f.Code, f.Title, f.Severity)
	if f.Object != "" {
		fmt.Fprintf(&b, " on `%s`", f.Object)
	}
	fmt.Fprintf(&b, ": %s\n", f.Message)
	if ev := report.EvidenceText(f.Evidence); ev != "" {
		fmt.Fprintf(&b, "\nMeasured: %s.\n", ev)
	}
	if rule.Doc != "" {
		fmt.Fprintf(&b, "\n<details><summary>Why it matters and the safe alternative</summary>\n\n%s\n</details>\n", rule.Doc)
	}
	fmt.Fprintf(&b, "\nIf this is intended, accept it for this pull request with the accept command (`%s %s %s <reason>`).\n%s",
		CommandPrefix, VerbAccept, f.Code, fmt.Sprintf(findingMarkerFormat, key))
	return b.String()
}

// project names a report's project for keys ("" outside --repo mode).
func project(doc *report.Document) string { return doc.Project }

// suggestion is a GitHub suggestion block replacing the commented line.
func suggestion(text string) string {
	fence := "```"
	for strings.Contains(text, fence) {
		fence += "`"
	}
	return fence + "suggestion\n" + strings.TrimRight(text, "\n") + "\n" + fence
}
