package facts

import (
	"context"
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// collector is one Collect run.
type collector struct {
	s     *session
	d     *dialect.Dialect
	from  *schema.Schema
	plan  *plan.Plan
	opts  Options
	m     *Measured
	sizes map[schema.QName]size

	tableRenames  map[schema.QName]schema.QName // target name -> source name
	columnRenames map[schema.ColumnRef]string   // target table.column -> source column
	newTables     map[schema.QName]bool         // created by the plan
	newEnums      map[schema.QName]*schema.Enum // created by the plan
}

// run reads what the plan needs: sizes of the touched tables, then the
// checks of each change, then the step durations.
func (c *collector) run(ctx context.Context) {
	if c.plan == nil {
		return
	}
	c.indexPlan()
	for _, t := range c.touched() {
		c.size(ctx, t)
	}
	seen := map[schema.Change]bool{}
	for _, st := range c.plan.Steps {
		if st.Change == nil || seen[st.Change] {
			continue
		}
		seen[st.Change] = true
		c.check(ctx, st.Change)
	}
	c.durations()
}

// indexPlan notes the renames and creations the plan makes, so names of
// the target can be found in the source.
func (c *collector) indexPlan() {
	c.tableRenames = map[schema.QName]schema.QName{}
	c.columnRenames = map[schema.ColumnRef]string{}
	c.newTables = map[schema.QName]bool{}
	c.newEnums = map[schema.QName]*schema.Enum{}
	for _, st := range c.plan.Steps {
		switch ch := st.Change.(type) {
		case *schema.RenameTable:
			c.tableRenames[ch.To] = ch.From
		case *schema.RenameColumn:
			c.columnRenames[schema.ColumnRef{Table: ch.Table, Column: ch.To}] = ch.From
		case *schema.AddTable:
			if ch.Table != nil {
				c.newTables[ch.Table.Name] = true
			}
		case *schema.AddEnum:
			if ch.Enum != nil {
				c.newEnums[ch.Enum.Name] = ch.Enum
			}
		}
	}
}

// table is the source table a change names (by its source or target
// name), or nil when it does not exist before the migration.
func (c *collector) table(t schema.QName) *schema.Table {
	if c.from == nil {
		return nil
	}
	if tb := c.from.Table(t); tb != nil && !c.newTables[t] {
		return tb
	}
	if src, ok := c.tableRenames[t]; ok {
		return c.from.Table(src)
	}
	return nil
}

// column is the source column a change names in table t (a source table),
// or nil.
func (c *collector) column(changeTable schema.QName, t *schema.Table, name string) *schema.Column {
	if col := t.Column(name); col != nil {
		return col
	}
	if src, ok := c.columnRenames[schema.ColumnRef{Table: changeTable, Column: name}]; ok {
		return t.Column(src)
	}
	return nil
}

// touched lists the existing tables the plan's steps lock or change, in
// plan order.
func (c *collector) touched() []schema.QName {
	var out []schema.QName
	seen := map[schema.QName]bool{}
	add := func(t schema.QName) {
		if tb := c.table(t); tb != nil && !seen[tb.Name] {
			seen[tb.Name] = true
			out = append(out, tb.Name)
		}
	}
	for _, st := range c.plan.Steps {
		for _, t := range st.Lock.Tables {
			add(t)
		}
		for _, t := range changeTables(st.Change) {
			add(t)
		}
	}
	return out
}

// changeTables are the tables a change reads or alters.
func changeTables(ch schema.Change) []schema.QName {
	switch ch := ch.(type) {
	case *schema.DropTable:
		if ch.Table != nil {
			return []schema.QName{ch.Table.Name}
		}
	case *schema.RenameTable:
		return []schema.QName{ch.From}
	case *schema.AddColumn:
		return []schema.QName{ch.Table}
	case *schema.DropColumn:
		return []schema.QName{ch.Table}
	case *schema.RenameColumn:
		return []schema.QName{ch.Table}
	case *schema.AlterColumn:
		return []schema.QName{ch.Table}
	case *schema.AddPrimaryKey:
		return []schema.QName{ch.Table}
	case *schema.AddUnique:
		return []schema.QName{ch.Table}
	case *schema.AddIndex:
		return []schema.QName{ch.Table}
	case *schema.AddForeignKey:
		if ch.ForeignKey != nil {
			return []schema.QName{ch.Table, ch.ForeignKey.RefTable}
		}
	case *schema.AddCheck:
		return []schema.QName{ch.Table}
	case *schema.DropEnumValue:
		var out []schema.QName
		for _, col := range ch.Columns {
			out = append(out, col.Table)
		}
		return out
	case *schema.ReorderEnum:
		var out []schema.QName
		for _, col := range ch.Columns {
			out = append(out, col.Table)
		}
		return out
	}
	return nil
}

// unknown records a fact that could not be read.
func (c *collector) unknown(fact string, err error) {
	c.m.Unknown = append(c.m.Unknown, Unknown{Fact: fact, Reason: c.s.reason(err), Err: err})
}

// skip records a fact that is not measured, with the reason.
func (c *collector) skip(fact, reason string) {
	c.m.Unknown = append(c.m.Unknown, Unknown{Fact: fact, Reason: reason})
}

// qt quotes a source table name for the dialect.
func (c *collector) qt(t schema.QName) string { return c.d.QuoteName(t) }

// qc quotes a column name.
func (c *collector) qc(col string) string { return c.d.Quote(col) }

// key renders a table(col1,col2) key as MapFacts does.
func dupKey(t schema.QName, cols []string) string {
	return fmt.Sprintf("%s(%s)", t, strings.Join(cols, ","))
}
