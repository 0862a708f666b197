package plan

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// The SQLite table rebuild (sqlite.org/lang_altertable.html, "Making Other
// Kinds Of Table Schema Changes", the 12 steps), in Prisma's shape:
//
//	DROP VIEW / DROP TRIGGER IF EXISTS ...   views and triggers naming T
//	CREATE TABLE "new_T" (...)               the table as the plan leaves it
//	INSERT INTO "new_T" (cols) SELECT cols FROM "T"
//	DROP TABLE "T"
//	ALTER TABLE "new_T" RENAME TO "T"
//	CREATE INDEX ...                         T's indexes
//	CREATE VIEW / CREATE TRIGGER ...         what was dropped above
//
// The copy takes every column both tables have (a renamed column from its
// old name). No CAST is written: SQLite converts a value to the new
// column's affinity as it stores it (datatype3.html 3.4), which is what a
// CAST would do where it can without loss and keeps the value as it is
// where it cannot. A column that becomes NOT NULL with a default gets the
// default for its NULLs (coalesce, as Prisma writes it). The rollback is
// the same procedure back to the exact source table. Foreign keys are
// switched off around it and checked at its end (sqlite_fk.go).

// rebuild is the rebuild of one table, named as after the plan's renames.
type rebuild struct {
	table   schema.QName
	changes []schema.Change
	group   *group
}

// groupRebuilds finds the tables that need a rebuild and folds every
// change to such a table into it.
func (p *sqlite) groupRebuilds() error {
	p.after = p.to
	if p.from != nil {
		after := p.from.Clone()
		if err := schema.Apply(after, p.changes...); err == nil {
			p.after = after
		}
	}
	var order []schema.QName
	byTable := map[schema.QName][]schema.Change{}
	for _, c := range p.changes {
		t := changeTable(c)
		if _, ok := c.(*schema.AddTable); ok || t.Name == "" || p.newTables[t] {
			continue
		}
		key := p.afterRename(t)
		if byTable[key] == nil {
			order = append(order, key)
		}
		byTable[key] = append(byTable[key], c)
	}
	for _, key := range order {
		need := false
		for _, c := range byTable[key] {
			need = need || p.needsRebuild(key, c)
		}
		if !need {
			continue
		}
		if p.fromTable(key) == nil || p.afterTable(key) == nil {
			return fmt.Errorf("rebuild of table %s needs the source and target schemas: %w", key, ErrUnsupported)
		}
		g := &group{first: byTable[key][0]}
		p.rebuilds[key] = &rebuild{table: key, changes: byTable[key], group: g}
		for _, c := range byTable[key] {
			p.folded[c] = g
		}
	}
	return nil
}

// needsRebuild reports whether a change to the table key cannot be made
// (or rolled back) in place.
func (p *sqlite) needsRebuild(key schema.QName, c schema.Change) bool {
	switch c := c.(type) {
	case *schema.AddColumn:
		return !p.nativeAdd(p.afterTable(key), c.Column) || !p.facts.DropColumn
	case *schema.DropColumn:
		src := p.fromTable(key)
		return c.Column == nil || !p.nativeDrop(src, c.Column.Name) || !p.nativeAdd(src, c.Column)
	case *schema.RenameColumn:
		return !p.facts.RenameColumn
	case *schema.AddIndex, *schema.DropIndex, *schema.RenameIndex:
		return false
	case *schema.AlterColumn:
		return c.What != schema.ChangeComment
	}
	return true
}

// tempName is the name of the new table of a rebuild: "new_T", as Prisma
// names it, made unique among the tables of both schemas.
func (p *sqlite) tempName(t schema.QName) schema.QName {
	taken := func(n string) bool {
		for _, s := range []*schema.Schema{p.from, p.after, p.to} {
			if s == nil {
				continue
			}
			for _, tb := range s.Tables {
				if strings.EqualFold(tb.Name.Name, n) {
					return true
				}
			}
		}
		return false
	}
	name := "new_" + t.Name
	for i := 2; taken(name); i++ {
		name = fmt.Sprintf("new_%s_%d", t.Name, i)
	}
	return schema.QName{Schema: t.Schema, Name: name}
}

// rebuildItems plans the rebuild of a table and its rollback.
func (p *sqlite) rebuildItems(rb *rebuild) ([]*item, error) {
	src, dst := p.fromTable(rb.table), p.afterTable(rb.table)
	renames := map[string]string{} // new column name -> old
	for _, c := range rb.changes {
		if r, ok := c.(*schema.RenameColumn); ok {
			old := r.From
			if o, ok := renames[strings.ToLower(r.From)]; ok {
				old = o
			}
			renames[strings.ToLower(r.To)] = old
		}
	}
	back := map[string]string{} // old column name -> new
	for nw, old := range renames {
		if c := dst.Column(nw); c != nil {
			back[strings.ToLower(old)] = c.Name
		}
	}
	objs := p.dependentObjects(rb.table)
	up, err := p.rebuildStmts(rb.table, src, dst, renames, objs)
	if err != nil {
		return nil, err
	}
	// The rollback creates the source table under the name the table has
	// after the renames (they are undone after it), with foreign keys to
	// renamed tables as SQLite rewrote them.
	old := *src
	old.Name = rb.table
	old.ForeignKeys = nil
	for _, fk := range src.ForeignKeys {
		f := *fk
		f.RefTable = p.afterRename(fk.RefTable)
		old.ForeignKeys = append(old.ForeignKeys, &f)
	}
	down, err := p.rebuildStmts(rb.table, dst, &old, back, objs)
	if err != nil {
		return nil, err
	}
	s := step(up, down, p.lock(rb.table), p.tablePos(rb.table))
	s.Rewrite, s.Scan = true, true
	s.Hazards = []Hazard{
		hazard(HazardRewrite, rb.table, "", "table rebuild"),
		hazard(HazardBlockingLock, rb.table, "", "table rebuild"),
	}
	for _, c := range rb.changes {
		h, losesData := p.rebuildHazards(rb.table, src, c)
		s.Hazards = append(s.Hazards, h...)
		s.DownLosesData = s.DownLosesData || losesData
	}
	p.rebuildSteps[s] = true
	it := at(phaseColumn, rb.table.String(), s)
	it.inputOrder = true
	return []*item{it}, nil
}

// rebuildStmts renders the rebuild of the live table name, whose columns
// are those of cur, into the table next. from maps a column of next
// (lower-cased) to the column of cur it is copied from when the names
// differ. objs are the views and triggers dropped and re-created.
func (p *sqlite) rebuildStmts(name schema.QName, cur, next *schema.Table, from map[string]string, objs []*schema.Object) ([]string, error) {
	tmp := p.tempName(name)
	var out []string
	for _, o := range objs {
		out = append(out, p.dropObjectStmt(o))
	}
	create, err := p.createTable(tmp, next, next.ForeignKeys, false)
	if err != nil {
		return nil, err
	}
	out = append(out, create)
	var cols, exprs []string
	for _, c := range next.Columns {
		if c.Generated != nil {
			continue
		}
		srcName := c.Name
		if old, ok := from[strings.ToLower(c.Name)]; ok {
			srcName = old
		}
		sc := cur.Column(srcName)
		if sc == nil {
			continue
		}
		expr := p.q(sc.Name)
		if c.NotNull && !sc.NotNull && c.Default != nil && c.Default.Kind != schema.DefaultSequence && c.Default.Expr != "" {
			expr = "coalesce(" + p.q(sc.Name) + ", " + c.Default.Expr + ") AS " + p.q(c.Name)
		}
		cols = append(cols, p.q(c.Name))
		exprs = append(exprs, expr)
	}
	if len(cols) > 0 {
		out = append(out, "INSERT INTO "+p.qn(tmp)+" ("+strings.Join(cols, ", ")+") SELECT "+
			strings.Join(exprs, ", ")+" FROM "+p.qn(name))
	}
	if hasAutoincrement(cur) && hasAutoincrement(next) {
		// Keep the AUTOINCREMENT high-water mark: the new table's counter
		// is the largest copied key, the old one may be larger (deleted
		// rows). RENAME carries the sqlite_sequence row to the new name.
		out = append(out, "UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = "+
			p.lit(name.Name)+") WHERE name = "+p.lit(tmp.Name)+" AND seq < (SELECT seq FROM sqlite_sequence WHERE name = "+
			p.lit(name.Name)+")")
	}
	out = append(out, "DROP TABLE "+p.qn(name), "ALTER TABLE "+p.qn(tmp)+" RENAME TO "+p.qn(name))
	for _, ix := range next.Indexes {
		stmt, err := p.createIndex(name, ix, false)
		if err != nil {
			return nil, err
		}
		out = append(out, stmt)
	}
	for _, kind := range []schema.ObjectKind{schema.ObjectView, schema.ObjectTrigger} {
		for _, o := range objs {
			if o.Kind == kind {
				out = append(out, definition(o))
			}
		}
	}
	return out, nil
}

func hasAutoincrement(t *schema.Table) bool {
	for _, c := range t.Columns {
		if autoincrement(c) && inlinePK(t, c) {
			return true
		}
	}
	return false
}

// dependentObjects are the kept views and triggers a rebuild of the table
// must drop and re-create: the triggers on it (DROP TABLE drops them), and
// views and triggers whose text names it, or names a view that does
// (ALTER TABLE ... RENAME checks every view and trigger of the schema
// and fails on one that names a missing table, lang_altertable.html).
func (p *sqlite) dependentObjects(t schema.QName) []*schema.Object {
	names := []string{t.Name, p.beforeRename(t).Name}
	kept := p.keptObjects()
	in := map[*schema.Object]bool{}
	for changed := true; changed; {
		changed = false
		for _, o := range kept {
			if in[o] {
				continue
			}
			hit := o.Table != nil && containsName(names, o.Table.Name)
			for _, n := range names {
				hit = hit || mentions(o.Definition, n)
			}
			if hit {
				in[o], changed = true, true
				if o.Kind == schema.ObjectView {
					names = append(names, o.Name.Name)
				}
			}
		}
	}
	var out []*schema.Object
	for _, o := range kept {
		if in[o] {
			out = append(out, o)
		}
	}
	return out
}

// rebuildHazards are the hazards a change brings into a rebuild, and
// whether its rollback loses data.
func (p *sqlite) rebuildHazards(t schema.QName, src *schema.Table, c schema.Change) ([]Hazard, bool) {
	switch c := c.(type) {
	case *schema.AddColumn:
		if c.Column == nil {
			return nil, true
		}
		if c.Column.NotNull && c.Column.Default == nil && c.Column.Generated == nil {
			return []Hazard{hazard(HazardMayFail, t, c.Column.Name, "not null without default"),
				hazard(HazardBreaking, t, c.Column.Name, "not null without default")}, true
		}
		return nil, true
	case *schema.DropColumn:
		name := ""
		if c.Column != nil {
			name = c.Column.Name
		}
		return []Hazard{hazard(HazardDataLoss, t, name, "drop column"),
			hazard(HazardBreaking, t, name, "drop column")}, true
	case *schema.RenameColumn:
		return []Hazard{hazard(HazardBreaking, t, c.From, "rename column")}, false
	case *schema.AlterColumn:
		if c.From == nil || c.To == nil {
			return nil, false
		}
		var h []Hazard
		if c.What.Has(schema.ChangeNull) && c.To.NotNull && (c.To.Default == nil || c.From.NotNull) {
			h = append(h, hazard(HazardMayFail, t, c.To.Name, "set not null"))
		}
		if c.What.Has(schema.ChangeType) && src != nil && src.Options[sqliteStrict] == "true" {
			h = append(h, hazard(HazardMayFail, t, c.To.Name, "type "+c.From.Type.Norm+" -> "+c.To.Type.Norm+" in a STRICT table"))
		}
		return h, false
	case *schema.AddUnique:
		return []Hazard{hazard(HazardMayFail, t, "", "unique")}, false
	case *schema.AddPrimaryKey:
		return []Hazard{hazard(HazardMayFail, t, "", "primary key")}, false
	case *schema.AddCheck:
		return []Hazard{hazard(HazardMayFail, t, "", "check")}, false
	case *schema.AddForeignKey:
		return []Hazard{hazard(HazardMayFail, t, "", "foreign key")}, false
	case *schema.SetTableOptions:
		// Copying rows into a STRICT table fails on a value of the wrong
		// type; a WITHOUT ROWID table needs a primary key without NULLs.
		var h []Hazard
		if c.To[sqliteStrict] == "true" && c.From[sqliteStrict] != "true" {
			h = append(h, hazard(HazardMayFail, t, "", "STRICT refuses values of the wrong type"))
		}
		if c.To[sqliteWithoutRowid] == "true" && c.From[sqliteWithoutRowid] != "true" {
			h = append(h, hazard(HazardMayFail, t, "", "WITHOUT ROWID needs a non-null primary key"))
		}
		return h, false
	case *schema.AddIndex:
		if c.Index != nil && c.Index.Unique {
			return []Hazard{hazard(HazardMayFail, t, "", "unique index "+c.Index.Name)}, false
		}
	}
	return nil, false
}
