package plan

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Objects (views, functions, procedures, triggers) are opaque: created by
// running their definition, dropped by name with IF EXISTS (both servers
// have it), dropped before the table changes they may depend on and
// created after them, ordered among themselves by DependsOn. MySQL has no
// materialized views. A changed object is dropped and created again.

// myObjectRank orders kinds for creation; drops use the reverse.
var myObjectRank = map[schema.ObjectKind]int{
	schema.ObjectFunction: 0, schema.ObjectProcedure: 1, schema.ObjectView: 2, schema.ObjectTrigger: 3,
}

func (p *my) objectOK(o *schema.Object) bool {
	if o == nil || o.Name.Name == "" || strings.TrimSpace(o.Definition) == "" {
		return false
	}
	_, known := myObjectRank[o.Kind]
	return known
}

// dropObjectStmt renders DROP <kind> IF EXISTS name; a trigger is named
// without its table on MySQL.
func (p *my) dropObjectStmt(o *schema.Object) string {
	return "DROP " + strings.ToUpper(string(o.Kind)) + " IF EXISTS " + p.qn(o.Name)
}

// objectItem places an object step: drops early (dependents first),
// creates last (dependencies first).
func (p *my) objectItem(o *schema.Object, s *Step, create bool) *item {
	rank := myObjectRank[o.Kind]
	ph := phaseCreateObject
	if !create {
		rank = len(myObjectRank) - rank
		ph = phaseDropObject
	}
	it := at(ph, string(rune('0'+rank))+" "+o.Key(), s)
	it.id = o.Name.String()
	if create {
		for _, d := range o.DependsOn {
			it.deps = append(it.deps, d.String())
		}
		return it
	}
	for _, other := range p.changes {
		var od *schema.Object
		switch c := other.(type) {
		case *schema.DropObject:
			od = c.Object
		case *schema.ReplaceObject:
			od = c.From
		}
		if od != nil && od != o {
			for _, d := range od.DependsOn {
				if d == o.Name {
					it.deps = append(it.deps, od.Name.String())
				}
			}
		}
	}
	return it
}

// objectLock: a trigger locks its table briefly; views and routines lock
// no table.
func (p *my) objectLock(o *schema.Object) Lock {
	if o.Kind == schema.ObjectTrigger && o.Table != nil {
		return p.lock(LockMetadata, p.afterRename(*o.Table))
	}
	return Lock{}
}

// recreate is the rollback of a drop, runnable twice: drop if there,
// create.
func (p *my) recreate(o *schema.Object) []string {
	def := myDefinition(o)
	if o.Kind == schema.ObjectView {
		if rest, ok := cutPrefixFold(def, "CREATE VIEW "); ok {
			return []string{"CREATE OR REPLACE VIEW " + rest}
		}
	}
	return []string{p.dropObjectStmt(o), def}
}

// myDefinition is the object's CREATE statement without a trailing
// semicolon.
func myDefinition(o *schema.Object) string {
	return strings.TrimRight(strings.TrimSpace(o.Definition), "; \n\t")
}

// cutPrefixFold is strings.CutPrefix ignoring ASCII case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

func (p *my) addObject(c *schema.AddObject) ([]*item, error) {
	o := c.Object
	if !p.objectOK(o) {
		return nil, p.objectError(o)
	}
	s := p.plainStep([]string{myDefinition(o)}, []string{p.dropObjectStmt(o)}, p.objectLock(o), o.Pos)
	return []*item{p.objectItem(o, s, true)}, nil
}

func (p *my) objectError(o *schema.Object) error {
	if o != nil && o.Kind == schema.ObjectMaterializedView {
		return p.unsupported(&schema.AddObject{Object: o}, "MySQL has no materialized views")
	}
	return errMissing("object definition")
}

func (p *my) dropObject(c *schema.DropObject) ([]*item, error) {
	o := c.Object
	if !p.objectOK(o) {
		return nil, p.objectError(o)
	}
	s := p.plainStep([]string{p.dropObjectStmt(o)}, p.recreate(o), p.objectLock(o), o.Pos)
	s.Hazards = []Hazard{hazard(HazardBreaking, o.Name, "", "drop "+string(o.Kind))}
	return []*item{p.objectItem(o, s, false)}, nil
}

func (p *my) replaceObject(c *schema.ReplaceObject) ([]*item, error) {
	from, to := c.From, c.To
	if !p.objectOK(from) {
		return nil, p.objectError(from)
	}
	if !p.objectOK(to) {
		return nil, p.objectError(to)
	}
	if old, ok := p.triggerTableRenamed(from); ok {
		// RENAME TABLE carries the table's triggers along: the trigger is
		// replaced after the rename, on the new name, and the rollback
		// creates the old one on the new name too, before the table is
		// renamed back.
		def := onTable(myDefinition(from), p.qn(old), p.qn(*from.Table))
		drop := p.plainStep([]string{p.dropObjectStmt(from)}, []string{p.dropObjectStmt(from), def}, p.objectLock(from), from.Pos)
		create := p.plainStep([]string{myDefinition(to)}, []string{p.dropObjectStmt(to)}, p.objectLock(to), to.Pos)
		return []*item{p.objectItem(from, drop, true), p.objectItem(to, create, true)}, nil
	}
	drop := p.plainStep([]string{p.dropObjectStmt(from)}, p.recreate(from), p.objectLock(from), from.Pos)
	create := p.plainStep([]string{myDefinition(to)}, []string{p.dropObjectStmt(to)}, p.objectLock(to), to.Pos)
	return []*item{p.objectItem(from, drop, false), p.objectItem(to, create, true)}, nil
}

// triggerTableRenamed reports whether o is a trigger on a table this plan
// renames (o.Table is the new name, as the differ maps it), and the
// table's old name.
func (p *my) triggerTableRenamed(o *schema.Object) (schema.QName, bool) {
	if o.Kind != schema.ObjectTrigger || o.Table == nil {
		return schema.QName{}, false
	}
	old, ok := p.renamedBack[*o.Table]
	return old, ok
}

// onTable rewrites the table a trigger definition names, in the form the
// readers and introspection spell ("CREATE TRIGGER name TIMING EVENT ON
// table FOR EACH ROW body"), from old to nw (both quoted); other
// definitions are returned as they are.
func onTable(def, old, nw string) string {
	head, body, ok := strings.Cut(def, " FOR EACH ROW ")
	if !ok || !strings.HasSuffix(head, " ON "+old) {
		return def
	}
	return strings.TrimSuffix(head, old) + nw + " FOR EACH ROW " + body
}
