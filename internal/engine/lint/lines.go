package lint

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
)

// StepLines maps each step of p to the 1-based line of the rendered up
// migration where its first statement starts: lines[i] is the line of
// p.Steps[i], 0 when the step has no statement or the statement is not in
// up. Statements are found in step order, each search starting after the
// previous match, so a statement repeated by two steps maps to two lines.
// Any emitter that writes the plan's statements verbatim (the plain SQL
// files, a Prisma migration.sql) can be mapped this way.
func StepLines(p *plan.Plan, up string) []int {
	if p == nil {
		return nil
	}
	lines := make([]int, len(p.Steps))
	offset := 0
	for i, s := range p.Steps {
		if len(s.Up) == 0 || s.Up[0] == "" {
			continue
		}
		at := strings.Index(up[offset:], s.Up[0])
		if at < 0 {
			continue
		}
		at += offset
		lines[i] = strings.Count(up[:at], "\n") + 1
		offset = at + len(s.Up[0])
	}
	return lines
}

// SetMigrationLines fills MigrationLine of each finding tied to a step from
// lines, as StepLines returns them.
func SetMigrationLines(fs []Finding, lines []int) {
	for i := range fs {
		if s := fs[i].StepIndex; s >= 1 && s <= len(lines) {
			fs[i].MigrationLine = lines[s-1]
		}
	}
}
