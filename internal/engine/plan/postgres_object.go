package plan

import (
	"regexp"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Objects (views, materialized views, functions, procedures, triggers) are
// opaque: created by running their definition, dropped by name. They are
// dropped before the table and column changes they may depend on and
// created after all of them; among themselves they are ordered by
// DependsOn (an object is dropped before what it uses and created after).
//
// A function that a column default, generated column, check or index
// expression calls is the exception: it is created before the tables
// (after namespaces, extensions and types, which its signature may use)
// and dropped after them, since those expressions cannot exist without it.
// Other routines stay with the views and triggers: a SQL-language body is
// checked against the catalog when it is created, and a signature may name
// a table's row type, so they need the tables first.

// objectRank orders kinds for creation (functions before the triggers and
// views that call them); drops use the reverse.
var objectRank = map[schema.ObjectKind]int{
	schema.ObjectFunction: 0, schema.ObjectProcedure: 1, schema.ObjectView: 2,
	schema.ObjectMaterializedView: 3, schema.ObjectTrigger: 4,
}

// dropObjectStmt renders DROP <kind> IF EXISTS name, with the signature
// of a routine and the table of a trigger.
func (p *pg) dropObjectStmt(o *schema.Object) string {
	switch o.Kind {
	case schema.ObjectTrigger:
		if o.Table != nil {
			return "DROP TRIGGER IF EXISTS " + p.q(o.Name.Name) + " ON " + p.qn(*o.Table)
		}
	case schema.ObjectFunction, schema.ObjectProcedure:
		return "DROP " + strings.ToUpper(string(o.Kind)) + " IF EXISTS " + p.qn(o.Name) + o.Signature
	}
	return "DROP " + strings.ToUpper(string(o.Kind)) + " IF EXISTS " + p.qn(o.Name)
}

// definition is the object's CREATE statement without a trailing semicolon.
func definition(o *schema.Object) string {
	return strings.TrimRight(strings.TrimSpace(o.Definition), "; \n\t")
}

func objectOK(o *schema.Object) bool {
	if o == nil || o.Name.Name == "" || strings.TrimSpace(o.Definition) == "" {
		return false
	}
	_, known := objectRank[o.Kind]
	return known && (o.Kind != schema.ObjectTrigger || o.Table != nil)
}

// objectLock is what creating or dropping the object locks: a trigger
// takes SHARE ROW EXCLUSIVE on its table; views and routines lock no
// table beyond a read.
func (p *pg) objectLock(o *schema.Object) Lock {
	if o.Kind == schema.ObjectTrigger && o.Table != nil {
		return p.lock(LockShareRowExclusive, p.afterRename(*o.Table))
	}
	return Lock{}
}

// objectItem places an object step: drops early (dependents first),
// creates last (dependencies first).
func (p *pg) objectItem(o *schema.Object, s *Step, create bool) *item {
	rank := objectRank[o.Kind]
	ph := phaseCreateObject
	if create && calledByExpressions(o, p.to) {
		ph = phaseCreateRoutine
	}
	if !create {
		rank = len(objectRank) - rank
		ph = phaseDropObject
		if calledByExpressions(o, p.from) {
			ph = phaseDropRoutine
		}
	}
	it := at(ph, string(rune('0'+rank))+" "+o.Key(), s)
	it.id = o.Name.String()
	if create {
		for _, d := range o.DependsOn {
			it.deps = append(it.deps, d.String())
		}
		return it
	}
	// Dropped before the objects it depends on: those wait for it.
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

func (p *pg) addObject(c *schema.AddObject) ([]*item, error) {
	o := c.Object
	if !objectOK(o) {
		return nil, errMissing("object definition")
	}
	s := step([]string{definition(o)}, []string{p.dropObjectStmt(o)}, p.objectLock(o), o.Pos)
	if o.Comment != "" {
		s.Up = append(s.Up, p.objectComment(o, o.Comment))
	}
	return []*item{p.objectItem(o, s, true)}, nil
}

// objectComment renders COMMENT ON for an object.
func (p *pg) objectComment(o *schema.Object, text string) string {
	what := strings.ToUpper(string(o.Kind)) + " " + p.qn(o.Name)
	switch o.Kind {
	case schema.ObjectTrigger:
		what = "TRIGGER " + p.q(o.Name.Name) + " ON " + p.qn(*o.Table)
	case schema.ObjectFunction, schema.ObjectProcedure:
		what += o.Signature
	}
	return p.comment(what, text)
}

// createKeywordRE finds the CREATE of a view, function or procedure
// definition, and whether OR REPLACE follows it.
var createKeywordRE = regexp.MustCompile(`(?is)^\s*CREATE\s+(OR\s+REPLACE\s+)?((?:TEMP|TEMPORARY|RECURSIVE)\s+)*(VIEW|FUNCTION|PROCEDURE)\b`)

// recreate is the rollback of a drop, runnable twice: a view, function or
// procedure with CREATE OR REPLACE (dropping it first would fail once
// something depends on it again), anything else dropped if it is there
// and created.
func (p *pg) recreate(o *schema.Object) []string {
	def := definition(o)
	var out []string
	switch m := createKeywordRE.FindStringSubmatchIndex(def); {
	case m != nil && m[2] >= 0:
		out = []string{def}
	case m != nil:
		i := strings.Index(strings.ToUpper(def), "CREATE") + len("CREATE")
		out = []string{def[:i] + " OR REPLACE" + def[i:]}
	default:
		out = []string{p.dropObjectStmt(o), def}
	}
	if o.Comment != "" {
		out = append(out, p.objectComment(o, o.Comment))
	}
	return out
}

func (p *pg) dropObject(c *schema.DropObject) ([]*item, error) {
	o := c.Object
	if !objectOK(o) {
		return nil, errMissing("object definition")
	}
	s := step([]string{p.dropObjectStmt(o)}, p.recreate(o), p.objectLock(o), o.Pos)
	s.Hazards = []Hazard{hazard(HazardBreaking, o.Name, "", "drop "+string(o.Kind))}
	return []*item{p.objectItem(o, s, false)}, nil
}

// replaceable reports whether CREATE OR REPLACE can swap from for to in
// place: a routine whose definitions both say CREATE OR REPLACE, under the
// same name and signature. Views are dropped and re-created instead, since
// CREATE OR REPLACE VIEW cannot drop or retype columns.
func replaceable(from, to *schema.Object) bool {
	orReplace := func(o *schema.Object) bool {
		f := strings.Fields(strings.ToUpper(o.Definition))
		return len(f) > 3 && f[0] == "CREATE" && f[1] == "OR" && f[2] == "REPLACE"
	}
	routine := to.Kind == schema.ObjectFunction || to.Kind == schema.ObjectProcedure
	return routine && from.Kind == to.Kind && from.Name == to.Name && from.Signature == to.Signature &&
		orReplace(from) && orReplace(to)
}

func (p *pg) replaceObject(c *schema.ReplaceObject) ([]*item, error) {
	from, to := c.From, c.To
	if !objectOK(from) || !objectOK(to) {
		return nil, errMissing("object definition")
	}
	if replaceable(from, to) {
		s := step([]string{definition(to)}, []string{definition(from)}, p.objectLock(to), to.Pos)
		return []*item{p.objectItem(to, s, true)}, nil
	}
	drop := step([]string{p.dropObjectStmt(from)}, p.recreate(from), p.objectLock(from), from.Pos)
	create := step([]string{definition(to)}, []string{p.dropObjectStmt(to)}, p.objectLock(to), to.Pos)
	if to.Comment != "" {
		create.Up = append(create.Up, p.objectComment(to, to.Comment))
	}
	return []*item{p.objectItem(from, drop, false), p.objectItem(to, create, true)}, nil
}

// calledByExpressions reports whether o is a function that an expression
// of a table of s calls: a column default or generation, a check, an index
// key or predicate. Calls are found by name (unqualified, case-insensitive
// for unquoted names), which may take a same-named function of another
// schema for it: that only moves the function earlier.
func calledByExpressions(o *schema.Object, s *schema.Schema) bool {
	if s == nil || o.Kind != schema.ObjectFunction {
		return false
	}
	calls := func(expr string) bool {
		expr = castRE.ReplaceAllString(expr, "")
		for _, m := range callRE.FindAllStringSubmatch(expr, -1) {
			if m[1] == o.Name.Name || strings.EqualFold(m[1], o.Name.Name) && o.Name.Name == strings.ToLower(o.Name.Name) {
				return true
			}
		}
		return false
	}
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			if c.Default != nil && calls(c.Default.Expr) || c.Generated != nil && calls(c.Generated.Expr) {
				return true
			}
		}
		for _, ck := range t.Checks {
			if calls(ck.Expr) {
				return true
			}
		}
		for _, ix := range t.Indexes {
			if calls(ix.Where) {
				return true
			}
			for _, part := range ix.Parts {
				if calls(part.Expr) {
					return true
				}
			}
		}
	}
	return false
}
