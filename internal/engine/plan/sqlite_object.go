package plan

import (
	"fmt"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// SQLite views and triggers are created by running their definition and
// dropped by name (DROP VIEW / DROP TRIGGER IF EXISTS): views are dropped
// before table changes and created after them, triggers likewise. SQLite
// has no functions, procedures or materialized views.

func (p *sqlite) objectOK(o *schema.Object) error {
	if o == nil || o.Name.Name == "" || definition(o) == "" {
		return errMissing("object definition")
	}
	switch o.Kind {
	case schema.ObjectView, schema.ObjectTrigger:
		return nil
	}
	return sqliteLacks(string(o.Kind) + "s")
}

// dropObjectStmt is DROP VIEW|TRIGGER IF EXISTS name.
func (p *sqlite) dropObjectStmt(o *schema.Object) string {
	kind := "VIEW"
	if o.Kind == schema.ObjectTrigger {
		kind = "TRIGGER"
	}
	return "DROP " + kind + " IF EXISTS " + p.q(o.Name.Name)
}

// objectItem places an object step: views before triggers when created
// (a trigger may read a view), after them when dropped; among views, by
// name (a view using another is created after it: SQLite checks a view's
// tables only when it is used, so the order is not load-bearing).
func (p *sqlite) objectItem(o *schema.Object, s *Step, create bool) *item {
	rank := "0"
	if o.Kind == schema.ObjectTrigger {
		rank = "1"
	}
	ph := phaseCreateObject
	if !create {
		ph = phaseDropObject
		rank = map[string]string{"0": "1", "1": "0"}[rank]
	}
	it := at(ph, rank+" "+o.Key(), s)
	it.id = o.Name.String()
	return it
}

func (p *sqlite) objectLock(o *schema.Object) Lock {
	if o.Kind == schema.ObjectTrigger && o.Table != nil {
		return p.lock(p.afterRename(*o.Table))
	}
	return Lock{}
}

func (p *sqlite) addObject(c *schema.AddObject) ([]*item, error) {
	if err := p.objectOK(c.Object); err != nil {
		return nil, err
	}
	o := c.Object
	s := step([]string{definition(o)}, []string{p.dropObjectStmt(o)}, p.objectLock(o), o.Pos)
	return []*item{p.objectItem(o, s, true)}, nil
}

func (p *sqlite) dropObject(c *schema.DropObject) ([]*item, error) {
	if err := p.objectOK(c.Object); err != nil {
		return nil, err
	}
	o := c.Object
	s := step([]string{p.dropObjectStmt(o)}, []string{p.dropObjectStmt(o), definition(o)}, p.objectLock(o), o.Pos)
	s.Hazards = []Hazard{hazard(HazardBreaking, o.Name, "", "drop "+string(o.Kind))}
	return []*item{p.objectItem(o, s, false)}, nil
}

func (p *sqlite) replaceObject(c *schema.ReplaceObject) ([]*item, error) {
	for _, o := range []*schema.Object{c.From, c.To} {
		if err := p.objectOK(o); err != nil {
			return nil, err
		}
	}
	if c.From.Kind != c.To.Kind {
		return nil, fmt.Errorf("object %s changes kind: %w", c.To.Name, ErrUnsupported)
	}
	if c.From.Kind == schema.ObjectTrigger && c.From.Table != nil {
		if _, renamed := p.renamedBack[*c.From.Table]; renamed {
			// The trigger's table is renamed by this plan: the rename's
			// step drops the old trigger and restores it in the rollback
			// (renameTable); this step creates the new one after it.
			s := step([]string{p.dropObjectStmt(c.To), definition(c.To)}, []string{p.dropObjectStmt(c.To)}, p.objectLock(c.To), c.To.Pos)
			return []*item{p.objectItem(c.To, s, true)}, nil
		}
	}
	drop := step([]string{p.dropObjectStmt(c.From)}, []string{p.dropObjectStmt(c.From), definition(c.From)}, p.objectLock(c.From), c.From.Pos)
	create := step([]string{definition(c.To)}, []string{p.dropObjectStmt(c.To)}, p.objectLock(c.To), c.To.Pos)
	return []*item{p.objectItem(c.From, drop, false), p.objectItem(c.To, create, true)}, nil
}

// keptObjects are the source's views and triggers the plan leaves as they
// are: neither dropped nor replaced. A rebuild re-creates those that
// depend on its table.
func (p *sqlite) keptObjects() []*schema.Object {
	if p.from == nil {
		return nil
	}
	// Keys, and trigger names: a trigger on a renamed table is named by
	// the change on the table's new name (SQLite's trigger names are
	// unique in a database).
	gone := map[string]bool{}
	mark := func(o *schema.Object) {
		if o == nil {
			return
		}
		gone[o.Key()] = true
		if o.Kind == schema.ObjectTrigger {
			gone["trigger\x00"+o.Name.Name] = true
		}
	}
	for _, c := range p.changes {
		switch c := c.(type) {
		case *schema.DropObject:
			mark(c.Object)
		case *schema.ReplaceObject:
			mark(c.From)
		}
	}
	var out []*schema.Object
	for _, o := range p.from.Objects {
		if o.Kind == schema.ObjectTrigger && gone["trigger\x00"+o.Name.Name] {
			continue
		}
		if !gone[o.Key()] && (o.Kind == schema.ObjectView || o.Kind == schema.ObjectTrigger) {
			out = append(out, o)
		}
	}
	return out
}
