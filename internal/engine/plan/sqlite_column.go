package plan

import (
	"regexp"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// SQLite columns in place: ADD COLUMN, DROP COLUMN (3.35+) and RENAME
// COLUMN (3.25+), each only where sqlite.org/lang_altertable.html allows
// it and where its rollback can be done in place too; any other column
// change rebuilds the table (sqlite_rebuild.go).

// nativeAdd reports whether ALTER TABLE ... ADD COLUMN can add c to the
// table t (as the plan leaves it): not part of the primary key or of a
// UNIQUE constraint, no AUTOINCREMENT, NOT NULL only with a default other
// than NULL, no CURRENT_* or expression default, no stored generated
// column (lang_altertable.html, "ALTER TABLE ADD COLUMN").
func (p *sqlite) nativeAdd(t *schema.Table, c *schema.Column) bool {
	if c == nil {
		return false
	}
	if t != nil {
		if t.PrimaryKey != nil && containsName(t.PrimaryKey.Columns, c.Name) {
			return false
		}
		for _, u := range t.Uniques {
			if containsName(u.Columns, c.Name) {
				return false
			}
		}
	}
	if g := c.Generated; g != nil {
		return p.facts.GeneratedColumns && !g.Stored && !c.NotNull
	}
	if d := c.Default; d != nil {
		if d.Kind == schema.DefaultSequence {
			return false
		}
		if d.Kind != schema.DefaultLiteral && !p.facts.AddColumnExpressionDefault {
			return false
		}
	}
	if c.NotNull && (c.Default == nil || strings.EqualFold(c.Default.Expr, "NULL")) {
		return false
	}
	return true
}

// nativeDrop reports whether ALTER TABLE ... DROP COLUMN can drop the
// column name from the source table t: the version has it, and nothing
// else names the column (the primary key, a UNIQUE constraint, a foreign
// key, a CHECK, an index that stays, a generated column, a trigger or
// view that stays), which SQLite refuses (lang_altertable.html, "ALTER
// TABLE DROP COLUMN").
func (p *sqlite) nativeDrop(t *schema.Table, name string) bool {
	if !p.facts.DropColumn || t == nil {
		return false
	}
	if t.PrimaryKey != nil && containsName(t.PrimaryKey.Columns, name) {
		return false
	}
	for _, u := range t.Uniques {
		if containsName(u.Columns, name) {
			return false
		}
	}
	for _, fk := range t.ForeignKeys {
		if containsName(fk.Columns, name) {
			return false
		}
	}
	for _, c := range t.Checks {
		if mentions(c.Expr, name) {
			return false
		}
	}
	for _, c := range t.Columns {
		if c.Generated != nil && mentions(c.Generated.Expr, name) {
			return false
		}
	}
	for _, ix := range t.Indexes {
		if p.indexDropped(t.Name, ix.Name) {
			continue
		}
		if mentions(ix.Where, name) {
			return false
		}
		for _, part := range ix.Parts {
			if strings.EqualFold(part.Column, name) || mentions(part.Expr, name) {
				return false
			}
		}
	}
	for _, o := range p.keptObjects() {
		if mentions(o.Definition, name) {
			return false
		}
	}
	return true
}

// indexDropped reports whether the plan drops (or renames away) the index
// of a source table.
func (p *sqlite) indexDropped(t schema.QName, name string) bool {
	for _, c := range p.changes {
		switch c := c.(type) {
		case *schema.DropIndex:
			if c.Index != nil && c.Index.Name == name && p.beforeRename(p.afterRename(c.Table)) == t {
				return true
			}
		}
	}
	return false
}

func containsName(names []string, name string) bool {
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// mentions reports whether SQL text names ident as a whole word (bare or
// quoted, any case). It errs towards yes: a string literal with the word
// counts, which only makes the planner choose the safer rebuild.
func mentions(text, ident string) bool {
	if text == "" || ident == "" {
		return false
	}
	re := regexp.MustCompile(`(?i)(^|[^A-Za-z0-9_$])` + regexp.QuoteMeta(ident) + `($|[^A-Za-z0-9_$])`)
	return re.MatchString(text)
}

func (p *sqlite) addColumn(c *schema.AddColumn) ([]*item, error) {
	if c.Column == nil {
		return nil, errMissing("column")
	}
	t := p.afterRename(c.Table)
	def, err := p.columnDef(nil, c.Column)
	if err != nil {
		return nil, err
	}
	s := step([]string{"ALTER TABLE " + p.qn(t) + " ADD COLUMN " + def},
		[]string{"ALTER TABLE " + p.qn(t) + " DROP COLUMN " + p.q(c.Column.Name)}, p.lock(t), c.Column.Pos)
	s.DownLosesData = true
	return []*item{at(phaseColumn, t.String()+"."+c.Column.Name, s)}, nil
}

func (p *sqlite) dropColumn(c *schema.DropColumn) ([]*item, error) {
	if c.Column == nil {
		return nil, errMissing("column")
	}
	t := p.afterRename(c.Table)
	def, err := p.columnDef(nil, c.Column)
	if err != nil {
		return nil, err
	}
	s := step([]string{"ALTER TABLE " + p.qn(t) + " DROP COLUMN " + p.q(c.Column.Name)},
		[]string{"ALTER TABLE " + p.qn(t) + " ADD COLUMN " + def}, p.lock(t), c.Column.Pos)
	// DROP COLUMN rewrites the table's content to remove the values
	// (lang_altertable.html: "the content of the table is rewritten").
	s.Rewrite = true
	s.DownLosesData = true
	s.Hazards = []Hazard{
		hazard(HazardDataLoss, t, c.Column.Name, "drop column"),
		hazard(HazardBreaking, t, c.Column.Name, "drop column"),
		hazard(HazardRewrite, t, c.Column.Name, "drop column"),
	}
	return []*item{at(phaseDropColumn, t.String()+"."+c.Column.Name, s)}, nil
}

func (p *sqlite) renameColumn(c *schema.RenameColumn) ([]*item, error) {
	if c.From == "" || c.To == "" {
		return nil, errMissing("column name")
	}
	t := p.afterRename(c.Table)
	rename := func(a, b string) string {
		return "ALTER TABLE " + p.qn(t) + " RENAME COLUMN " + p.q(a) + " TO " + p.q(b)
	}
	s := step([]string{rename(c.From, c.To)}, []string{rename(c.To, c.From)}, p.lock(t), p.tablePos(t))
	s.Hazards = []Hazard{hazard(HazardBreaking, t, c.From, "rename column")}
	it := at(phaseRenamePart, t.String(), s)
	it.inputOrder = true
	return []*item{it}, nil
}
