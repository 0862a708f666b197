package facts

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// check reads the facts one change needs.
func (c *collector) check(ctx context.Context, ch schema.Change) {
	switch ch := ch.(type) {
	case *schema.DropColumn:
		if t := c.table(ch.Table); t != nil && ch.Column != nil && t.Column(ch.Column.Name) != nil {
			c.count(ctx, t.Name, c.qc(ch.Column.Name)+" IS NULL", "nulls", ch.Table.String()+"."+ch.Column.Name, c.m.Nulls)
		}
	case *schema.AlterColumn:
		c.alterColumn(ctx, ch)
	case *schema.AddPrimaryKey:
		if ch.PrimaryKey != nil {
			c.duplicates(ctx, ch.Table, ch.PrimaryKey.Columns, "")
		}
	case *schema.AddUnique:
		if ch.Unique != nil {
			c.duplicates(ctx, ch.Table, ch.Unique.Columns, "")
		}
	case *schema.AddIndex:
		if ch.Index == nil || !ch.Index.Unique || ch.NewTable {
			return
		}
		var cols []string
		for _, p := range ch.Index.Parts {
			if p.Column == "" {
				return // an expression: the rule cannot ask by columns
			}
			cols = append(cols, p.Column)
		}
		c.duplicates(ctx, ch.Table, cols, ch.Index.Where)
	case *schema.AddForeignKey:
		if ch.ForeignKey != nil && !ch.NewTable {
			c.orphans(ctx, ch.Table, ch.ForeignKey)
		}
	case *schema.AddCheck:
		if ch.Check != nil {
			c.violations(ctx, ch.Table, ch.Check)
		}
	case *schema.DropEnumValue:
		for _, ref := range ch.Columns {
			t := c.table(ref.Table)
			if t == nil || c.column(ref.Table, t, ref.Column) == nil {
				continue
			}
			col := c.column(ref.Table, t, ref.Column)
			for _, v := range ch.Values {
				c.enumUse(ctx, t.Name, col.Name, ref.Table.String()+"."+ref.Column+"="+v, v)
			}
		}
	}
}

func (c *collector) enumUse(ctx context.Context, t schema.QName, col, key, value string) {
	text := c.qc(col)
	if c.d.Name == "postgres" {
		text = "CAST(" + text + " AS text)"
	}
	c.count(ctx, t, text+" = "+c.d.QuoteString(value), "enum-uses", key, c.m.EnumUses)
}

func (c *collector) alterColumn(ctx context.Context, ch *schema.AlterColumn) {
	if ch.From == nil || ch.To == nil {
		return
	}
	t := c.table(ch.Table)
	if t == nil {
		return
	}
	col := c.column(ch.Table, t, ch.From.Name)
	if col == nil {
		return
	}
	key := ch.Table.String() + "." + ch.From.Name
	q := c.qc(col.Name)
	if ch.What.Has(schema.ChangeNull) && ch.To.NotNull {
		c.count(ctx, t.Name, q+" IS NULL", "nulls", key, c.m.Nulls)
	}
	if !ch.What.Has(schema.ChangeType) {
		return
	}
	pred, reason := c.notFitting(q, col, ch.To)
	switch {
	case pred != "":
		c.count(ctx, t.Name, q+" IS NOT NULL AND ("+pred+")", "not-fitting", key, c.m.NotFitting)
	case reason != "":
		c.skip("not-fitting "+key, reason)
	default:
		c.m.NotFitting[key] = 0 // every value converts
	}
	// A MySQL inline enum losing labels: count the rows of each.
	if old, ok := inlineEnum(col.Type.Norm); ok {
		if now, ok := inlineEnum(ch.To.Type.Norm); ok {
			for _, v := range old {
				if !contains(now, v) {
					c.enumUse(ctx, t.Name, col.Name, key+"="+v, v)
				}
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// duplicates counts the groups of non-NULL values of cols (rows matching
// where, for a partial index) that occur more than once. There is no
// sampling for this: the statement timeout bounds it.
func (c *collector) duplicates(ctx context.Context, table schema.QName, cols []string, where string) {
	key := dupKey(table, cols)
	t := c.table(table)
	if t == nil || len(cols) == 0 {
		return
	}
	var quoted, notNull []string
	for _, name := range cols {
		col := c.column(table, t, name)
		if col == nil {
			c.skip("duplicates "+key, "a column is added by the migration")
			return
		}
		quoted = append(quoted, c.qc(col.Name))
		notNull = append(notNull, c.qc(col.Name)+" IS NOT NULL")
	}
	if where != "" {
		if why := unsafeExpr(where); why != "" {
			c.skip("duplicates "+key, why)
			return
		}
		notNull = append(notNull, "("+where+")")
	}
	q := fmt.Sprintf("SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s GROUP BY %s HAVING count(*) > 1) d",
		c.qt(t.Name), strings.Join(notNull, " AND "), strings.Join(quoted, ", "))
	var n int64
	if err := c.s.row(ctx, q, &n); err != nil {
		c.unknown("duplicates "+key, err)
		return
	}
	c.m.Duplicates[key] = n
}

// orphans counts rows whose non-NULL key columns match no parent row,
// stopping at CountLimit. A parent the plan creates has no rows yet.
func (c *collector) orphans(ctx context.Context, table schema.QName, fk *schema.ForeignKey) {
	key := table.String() + "." + fk.Name
	fact := "orphans " + key
	t := c.table(table)
	if t == nil || len(fk.Columns) == 0 || len(fk.Columns) != len(fk.RefColumns) {
		return
	}
	var cols []string
	for _, name := range fk.Columns {
		col := c.column(table, t, name)
		if col == nil {
			c.skip(fact, "a column is added by the migration")
			return
		}
		cols = append(cols, col.Name)
	}
	var notNull []string
	for _, col := range cols {
		notNull = append(notNull, "c."+c.qc(col)+" IS NOT NULL")
	}
	parent := c.table(fk.RefTable)
	if parent == nil {
		if !c.newTables[fk.RefTable] {
			c.skip(fact, "the referenced table does not exist before the migration")
			return
		}
		c.count(ctx, t.Name, strings.ReplaceAll(strings.Join(notNull, " AND "), "c.", ""), "orphans", key, c.m.OrphanRows)
		return
	}
	var on []string
	for i, rc := range fk.RefColumns {
		col := c.column(fk.RefTable, parent, rc)
		if col == nil {
			c.skip(fact, "a referenced column is added by the migration")
			return
		}
		on = append(on, fmt.Sprintf("p.%s = c.%s", c.qc(col.Name), c.qc(cols[i])))
	}
	first := c.column(fk.RefTable, parent, fk.RefColumns[0])
	q := fmt.Sprintf("SELECT count(*) FROM (SELECT 1 FROM %s c LEFT JOIN %s p ON %s WHERE %s AND p.%s IS NULL LIMIT %d) o",
		c.qt(t.Name), c.qt(parent.Name), strings.Join(on, " AND "), strings.Join(notNull, " AND "), c.qc(first.Name), c.opts.CountLimit)
	var n int64
	if err := c.s.row(ctx, q, &n); err != nil {
		c.unknown(fact, err)
		return
	}
	c.m.OrphanRows[key] = n
	if n >= c.opts.CountLimit {
		c.m.Estimated[fact] = "at least: counting stopped"
	}
}

// violations counts rows for which the check's expression is false (NULL
// satisfies a check).
func (c *collector) violations(ctx context.Context, table schema.QName, ck *schema.Check) {
	key := table.String() + "." + ck.Name
	t := c.table(table)
	if t == nil {
		return
	}
	if why := unsafeExpr(ck.Expr); why != "" {
		c.skip("violating "+key, why)
		return
	}
	c.count(ctx, t.Name, "NOT ("+ck.Expr+")", "violating", key, c.m.Violating)
}

var subquery = regexp.MustCompile(`(?i)\bselect\b`)

// unsafeExpr says why an expression from the schema source is not run on
// the target, or "". Expressions come from the pull request: one with a
// subquery could read other tables into an error message, and a
// semicolon or comment could end the statement.
func unsafeExpr(e string) string {
	switch {
	case subquery.MatchString(e):
		return "not evaluated: the expression contains a subquery"
	case strings.Contains(e, ";"), strings.Contains(e, "--"), strings.Contains(e, "/*"):
		return "not evaluated: the expression contains a statement separator or comment"
	}
	return ""
}
