package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
)

// RollbackMayFail notes a step whose rollback exists but stops working
// once the application uses what the step added (a hazard of kind
// irreversible on a step that loses no data itself): an enum value added
// with ALTER TYPE ... ADD VALUE can only be removed by recreating the type,
// which fails while a row holds the value; a dropped identity comes back
// with its sequence restarted. The down migration is safe right after the
// up, not after traffic. Safe alternative: plan a forward fix instead of a
// rollback once the release is live, or migrate the rows off the new
// value before rolling back.
type RollbackMayFail struct{}

// Code implements lint.Rule.
func (RollbackMayFail) Code() string { return "MB503" }

// Severity implements lint.Rule.
func (RollbackMayFail) Severity() lint.Severity { return lint.Notice }

// Title implements lint.Rule.
func (RollbackMayFail) Title() string { return "Rollback fails once the change is in use" }

// Doc implements lint.Rule.
func (RollbackMayFail) Doc() string { return docOf("RollbackMayFail") }

// Check implements lint.Rule.
func (r RollbackMayFail) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		if s.DownLosesData || len(s.Down) == 0 {
			continue // MB501, MB502
		}
		for _, h := range s.Hazards {
			if h.Kind != plan.HazardIrreversible {
				continue
			}
			out = append(out, finding(s, r.Severity(), h.Table, h.Column, "the rollback of %s (%s) fails or differs once the change is in use",
				s.Change.Kind(), h.Detail))
			break
		}
	}
	return out
}
