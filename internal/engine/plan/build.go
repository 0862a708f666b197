package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Build plans changes, which take from to to, for the dialect d. Each change
// gives one or more steps; the steps are ordered by dependency (namespaces
// and extensions first, then types, tables, columns, constraints, indexes,
// foreign keys, drops of what is no longer referenced, and dependent
// objects last) and, within that, by object name, so the same changes always
// give the same plan whatever order they come in.
//
// from and to are used for what a change does not carry itself (the
// columns that use an enum, the definition a rollback restores, positions)
// and may be nil. A change the dialect cannot express is an error wrapping
// ErrUnsupported; so is any dialect other than PostgreSQL for now.
func Build(changes []schema.Change, from, to *schema.Schema, d *dialect.Dialect) (*Plan, error) {
	if d == nil {
		return nil, fmt.Errorf("plan: no dialect: %w", ErrUnsupported)
	}
	var pl planner
	switch d.Name {
	case "postgres":
		pl = newPostgres(d, changes, from, to)
	case "sqlite":
		pl = newSqlite(d, changes, from, to)
	case "mysql", "mariadb":
		if d.MySQL == nil {
			return nil, fmt.Errorf("plan for dialect %q: no MySQL facts (use dialect.Mysql or dialect.Mariadb): %w", d.Name, ErrUnsupported)
		}
		pl = newMysql(d, changes, from, to)
	default:
		return nil, fmt.Errorf("plan for dialect %q: %w", d.Name, ErrUnsupported)
	}
	var items []*item
	for i, c := range changes {
		if c == nil {
			return nil, fmt.Errorf("plan: change %d is nil: %w", i, ErrUnsupported)
		}
		got, err := pl.plan(c)
		if err != nil {
			return nil, fmt.Errorf("plan %s %s: %w", c.Kind(), ObjectName(c), err)
		}
		if len(got) == 0 {
			return nil, fmt.Errorf("plan %s %s: no statements: %w", c.Kind(), ObjectName(c), ErrUnsupported)
		}
		sig := c.Kind()
		for _, it := range got {
			sig += "\x00" + strings.Join(it.step.Up, "\x00")
		}
		if got[0].inputOrder {
			sig = fmt.Sprintf("%08d", i)
		}
		for j, it := range got {
			it.ci, it.seq, it.sig = i, j, sig
			it.step.Change = c
			if it.change != nil {
				it.step.Change = it.change
			}
		}
		items = append(items, got...)
	}
	items = order(items)
	p := &Plan{Dialect: d.Name, Version: d.Version}
	for _, it := range items {
		p.Steps = append(p.Steps, it.step)
	}
	pl.finish(p)
	return p, nil
}

// planner is one dialect's planner: plan turns one change into ordered
// items, finish adjusts the ordered plan as a whole (properties that depend
// on other steps).
type planner interface {
	plan(c schema.Change) ([]*item, error)
	finish(p *Plan)
}

// item is a step with what orders it: its phase, its dependencies inside
// the phase, and a sort key for determinism.
type item struct {
	step  *Step
	phase phase
	// change, when set, is the change the step carries out as it runs,
	// which differs from the input change: a foreign key dropped before
	// the plan's renames is dropped from the table under its old name, so
	// applying the plan's changes in step order meets the table as it is.
	change schema.Change
	// key sorts items of a phase; id names the object for deps.
	key, id string
	// deps are ids of items of the same phase that must come first.
	deps []string
	// sig is the change's kind and statements, which orders two changes
	// on the same object whatever order they came in.
	sig string
	// inputOrder keeps the change where the input put it among changes
	// of the same phase and key: renames (a swap goes through a temporary
	// name) and enum value additions (a value placed after another added
	// one) mean something only in their order.
	inputOrder bool
	// ci and seq are the change's index and the step's index in it.
	ci, seq int
}

// phase is the coarse dependency order of the plan.
type phase int

// The phases, in the order they run.
const (
	phaseCreateNamespace phase = iota
	phaseCreateExtension
	phaseDropObject
	phaseDropForeignKey
	phaseRename
	phaseRenamePart
	phaseCreateType
	// phaseEnumDefault changes the defaults of columns whose enum is
	// recreated next, while the old type still holds the old default.
	phaseEnumDefault
	phaseRecreateEnum
	// phaseCreateRoutine creates the functions that defaults, checks and
	// indexes call, before the tables that use them.
	phaseCreateRoutine
	phaseCreateTable
	// phaseDetachForeignKey drops the kept foreign keys that a change of
	// their keys or columns cannot pass; they are re-added with the
	// other foreign keys.
	phaseDetachForeignKey
	phaseDropTableParts
	phaseDropColumn
	phaseColumn
	phaseTableParts
	phaseForeignKey
	phaseValidate
	phaseComment
	phaseDropTable
	// phaseDropRoutine drops the functions the source's defaults, checks
	// and indexes called, once those are gone.
	phaseDropRoutine
	phaseDropType
	phaseDropExtension
	phaseDropNamespace
	phaseCreateObject
)

// order sorts items by phase; within a phase, by dependencies first and
// then by key, change signature, change index and step index. A dependency cycle (which a
// valid schema cannot have) falls back to key order.
func order(items []*item) []*item {
	slices.SortStableFunc(items, func(a, b *item) int {
		if a.phase != b.phase {
			return int(a.phase) - int(b.phase)
		}
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		if c := strings.Compare(a.sig, b.sig); c != 0 {
			return c
		}
		if a.ci != b.ci {
			return a.ci - b.ci
		}
		return a.seq - b.seq
	})
	out := make([]*item, 0, len(items))
	for start := 0; start < len(items); {
		end := start
		for end < len(items) && items[end].phase == items[start].phase {
			end++
		}
		out = append(out, topo(items[start:end])...)
		start = end
	}
	return out
}

// topo orders one phase's sorted items so that each comes after the items
// whose id it lists in deps, keeping the sorted order otherwise.
func topo(items []*item) []*item {
	hasDeps := false
	for _, it := range items {
		hasDeps = hasDeps || len(it.deps) > 0
	}
	if !hasDeps {
		return items
	}
	pending := map[string]int{}
	for _, it := range items {
		pending[it.id]++
	}
	done := make([]bool, len(items))
	out := make([]*item, 0, len(items))
	for len(out) < len(items) {
		pick := -1
		for i, it := range items {
			if done[i] {
				continue
			}
			if pick < 0 {
				pick = i // fallback on a cycle: the first pending item
			}
			ready := true
			for _, d := range it.deps {
				if d != it.id && pending[d] > 0 {
					ready = false
					break
				}
			}
			if ready {
				pick = i
				break
			}
		}
		done[pick] = true
		pending[items[pick].id]--
		out = append(out, items[pick])
	}
	return out
}

// Statements returns every statement of the plan in the order it runs:
// the Up statements of the steps in order, or (up false) the Down
// statements of the steps in reverse order. Transaction boundaries are not
// included; emitters add them from Step.Transactional.
func (p *Plan) Statements(up bool) []string {
	var out []string
	if up {
		for _, s := range p.Steps {
			out = append(out, s.Up...)
		}
		return out
	}
	for i := len(p.Steps) - 1; i >= 0; i-- {
		out = append(out, p.Steps[i].Down...)
	}
	return out
}

// ObjectName names the object a change acts on, unquoted, for summaries and
// messages: "public.users", "public.users.email", "public.users.users_email_idx".
func ObjectName(c schema.Change) string {
	col := func(t schema.QName, name string) string { return t.String() + "." + name }
	switch c := c.(type) {
	case *schema.AddNamespace:
		return nsName(c.Namespace)
	case *schema.DropNamespace:
		return nsName(c.Namespace)
	case *schema.AddExtension:
		return extName(c.Extension)
	case *schema.DropExtension:
		return extName(c.Extension)
	case *schema.AddEnum:
		return enumName(c.Enum)
	case *schema.DropEnum:
		return enumName(c.Enum)
	case *schema.RenameEnum:
		return c.From.String() + " -> " + c.To.String()
	case *schema.AddEnumValue:
		return c.Enum.String() + " " + c.Value
	case *schema.DropEnumValue:
		return enumName(c.From)
	case *schema.ReorderEnum:
		return enumName(c.From)
	case *schema.AddSequence:
		return seqName(c.Sequence)
	case *schema.DropSequence:
		return seqName(c.Sequence)
	case *schema.AlterSequence:
		return seqName(c.To)
	case *schema.RenameSequence:
		return c.From.String() + " -> " + c.To.String()
	case *schema.AddTable:
		return tableName(c.Table)
	case *schema.DropTable:
		return tableName(c.Table)
	case *schema.RenameTable:
		return c.From.String() + " -> " + c.To.String()
	case *schema.SetTableComment:
		return c.Table.String()
	case *schema.SetTableOptions:
		return c.Table.String()
	case *schema.AddColumn:
		return col(c.Table, colName(c.Column))
	case *schema.DropColumn:
		return col(c.Table, colName(c.Column))
	case *schema.RenameColumn:
		return col(c.Table, c.From) + " -> " + c.To
	case *schema.AlterColumn:
		return col(c.Table, colName(c.To))
	case *schema.AddPrimaryKey:
		return c.Table.String()
	case *schema.DropPrimaryKey:
		return c.Table.String()
	case *schema.AddUnique:
		return col(c.Table, uniqueName(c.Unique))
	case *schema.DropUnique:
		return col(c.Table, uniqueName(c.Unique))
	case *schema.AddIndex:
		return col(c.Table, indexName(c.Index))
	case *schema.DropIndex:
		return col(c.Table, indexName(c.Index))
	case *schema.RenameIndex:
		return col(c.Table, c.From) + " -> " + c.To
	case *schema.AddForeignKey:
		return col(c.Table, fkName(c.ForeignKey))
	case *schema.DropForeignKey:
		return col(c.Table, fkName(c.ForeignKey))
	case *schema.AddCheck:
		return col(c.Table, checkName(c.Check))
	case *schema.DropCheck:
		return col(c.Table, checkName(c.Check))
	case *schema.RenameConstraint:
		return col(c.Table, c.From) + " -> " + c.To
	case *schema.AddObject:
		return objName(c.Object)
	case *schema.DropObject:
		return objName(c.Object)
	case *schema.ReplaceObject:
		return objName(c.To)
	}
	return "?"
}

func nsName(n *schema.Namespace) string {
	if n == nil {
		return "?"
	}
	return n.Name
}

func extName(e *schema.Extension) string {
	if e == nil {
		return "?"
	}
	return e.Name
}

func enumName(e *schema.Enum) string {
	if e == nil {
		return "?"
	}
	return e.Name.String()
}

func seqName(s *schema.Sequence) string {
	if s == nil {
		return "?"
	}
	return s.Name.String()
}

func tableName(t *schema.Table) string {
	if t == nil {
		return "?"
	}
	return t.Name.String()
}

func colName(c *schema.Column) string {
	if c == nil {
		return "?"
	}
	return c.Name
}

func uniqueName(u *schema.Unique) string {
	if u == nil {
		return "?"
	}
	return u.Name
}

func indexName(i *schema.Index) string {
	if i == nil {
		return "?"
	}
	return i.Name
}

func fkName(f *schema.ForeignKey) string {
	if f == nil {
		return "?"
	}
	return f.Name
}

func checkName(c *schema.Check) string {
	if c == nil {
		return "?"
	}
	return c.Name
}

func objName(o *schema.Object) string {
	if o == nil {
		return "?"
	}
	return string(o.Kind) + " " + o.Name.String() + o.Signature
}
