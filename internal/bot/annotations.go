package bot

import (
	"fmt"
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// Annotation levels (GitHub's annotation_level).
const (
	levelNotice  = "notice"
	levelWarning = "warning"
	levelFailure = "failure"
)

// annotationLevel maps a finding's severity; an accepted finding is only a
// notice.
func annotationLevel(f report.Finding) string {
	switch {
	case f.Accepted:
		return levelNotice
	case f.Severity == "error":
		return levelFailure
	case f.Severity == "warning":
		return levelWarning
	}
	return levelNotice
}

// findingAnnotations puts each finding on the schema line it comes from
// and on the migration line of its statement. present reports whether a
// migration file exists at the check run's head (a file the bot has only
// just committed, or one a fork must add, is not there yet).
func findingAnnotations(docs []*report.Document, present func(path string) bool) []ghapi.Annotation {
	var out []ghapi.Annotation
	seen := map[string]bool{}
	add := func(a ghapi.Annotation) {
		key := fmt.Sprintf("%s:%d:%s", a.Path, a.StartLine, a.Title)
		if !seen[key] {
			seen[key] = true
			out = append(out, a)
		}
	}
	for _, doc := range docs {
		if doc == nil {
			continue
		}
		for _, f := range doc.Findings {
			title := f.Code + " " + f.Title
			msg := f.Message
			if f.Accepted {
				title += " (accepted)"
				if f.AcceptReason != "" {
					msg += " Accepted: " + f.AcceptReason
				}
			}
			if f.Object != "" {
				msg = "`" + f.Object + "`: " + msg
			}
			if f.SourceFile != "" && f.SourceLine > 0 {
				add(ghapi.Annotation{Path: f.SourceFile, StartLine: f.SourceLine, EndLine: f.SourceLine,
					Level: annotationLevel(f), Title: title, Message: msg})
			}
			if f.MigrationFile != "" && f.MigrationLine > 0 && present(f.MigrationFile) {
				add(ghapi.Annotation{Path: f.MigrationFile, StartLine: f.MigrationLine, EndLine: f.MigrationLine,
					Level: annotationLevel(f), Title: title, Message: msg})
			}
		}
	}
	return out
}

// handWrittenAnnotation marks the last line of a hand-written migration
// that does not match the schema change.
func handWrittenAnnotation(file string, lastLine int, missing, extra []string) ghapi.Annotation {
	var msg strings.Builder
	if len(missing) > 0 {
		fmt.Fprintf(&msg, "Missing from the migration:\n%s", statements(missing))
	}
	if len(extra) > 0 {
		fmt.Fprintf(&msg, "In the migration but not in the schema at head:\n%s\n", strings.Join(extra, "\n"))
	}
	return ghapi.Annotation{Path: file, StartLine: max(lastLine, 1), EndLine: max(lastLine, 1), Level: levelFailure,
		Title: "The migration does not match the schema change", Message: strings.TrimSpace(msg.String())}
}

// sortAnnotations orders annotations by path and line for stable output.
func sortAnnotations(as []ghapi.Annotation) {
	slices.SortStableFunc(as, func(a, b ghapi.Annotation) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return a.StartLine - b.StartLine
	})
}
