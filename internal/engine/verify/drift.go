package verify

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// DriftError says that a migration history, replayed, does not build the
// schema the project declares. Changes are what it would take to bring the
// replayed database to the declared schema ("AddColumn public.users.email"),
// in the differ's order.
type DriftError struct {
	// History and Declared name the two sides in the message
	// ("prisma/migrations", "prisma/schema.prisma at a1b2c3d4e5f6").
	History, Declared string
	Changes           []string
}

func (e *DriftError) Error() string {
	const shown = 10
	list := e.Changes
	more := ""
	if len(list) > shown {
		more = fmt.Sprintf("; and %d more", len(list)-shown)
		list = list[:shown]
	}
	return fmt.Sprintf("the migration history %s has drifted from %s: replayed on an empty database it lacks %d change(s): %s%s. "+
		"A migration generated on top of it would be wrong; bring the history in line with the schema first (a migration for the missing changes, or fix the schema)",
		e.History, e.Declared, len(e.Changes), strings.Join(list, ", "), more)
}

// Drift compares the schema a replayed history built with the declared
// schema and returns a *DriftError when they differ, nil when the history
// builds exactly the declared schema. Views are compared by name and kind
// only: the server stores them rewritten (see the acceptance suite), so their
// text can never match a file.
func Drift(replayed, declared *schema.Schema, historyLabel, declaredLabel string) error {
	declared = withServerViews(declared, replayed)
	r, err := diff.Diff(replayed, declared, diff.Options{})
	if err != nil {
		return fmt.Errorf("comparing the replayed history with %s: %w", declaredLabel, err)
	}
	if len(r.Changes) == 0 {
		return nil
	}
	out := &DriftError{History: historyLabel, Declared: declaredLabel}
	for _, c := range r.Changes {
		out.Changes = append(out.Changes, c.Kind()+" "+plan.ObjectName(c))
	}
	return out
}

// withServerViews returns declared with each view's definition taken from
// the same view in live.
func withServerViews(declared, live *schema.Schema) *schema.Schema {
	defs := map[string]string{}
	for _, o := range live.Objects {
		if o.Kind == schema.ObjectView || o.Kind == schema.ObjectMaterializedView {
			defs[o.Key()] = o.Definition
		}
	}
	if len(defs) == 0 {
		return declared
	}
	out := declared.Clone()
	for _, o := range out.Objects {
		if def, ok := defs[o.Key()]; ok && (o.Kind == schema.ObjectView || o.Kind == schema.ObjectMaterializedView) {
			o.Definition = def
		}
	}
	return out
}
