package plan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Tables. A new table is created with its columns, primary key, unique
// constraints, checks, options and comment (its indexes and foreign keys
// come as their own changes); a dropped table's rollback re-creates all of
// it, indexes and foreign keys inline, but not its rows.

// autoIncrement reports whether a column is AUTO_INCREMENT.
func autoIncrement(c *schema.Column) bool {
	return c.Default != nil && c.Default.Kind == schema.DefaultSequence
}

// myDefault renders a DEFAULT value: literals as they are, the current
// timestamp family bare, any other expression in parentheses (MySQL
// 8.0.13+ and MariaDB 10.2.1+ expression defaults).
func myDefault(d *schema.Default) string {
	e := strings.TrimSpace(d.Expr)
	if d.Kind == schema.DefaultLiteral || strings.HasPrefix(e, "(") {
		return e
	}
	l := strings.ToLower(e)
	for _, bare := range []string{"current_timestamp", "now(", "localtimestamp", "localtime"} {
		if strings.HasPrefix(l, bare) {
			return e
		}
	}
	return "(" + e + ")"
}

// columnDef renders a full column definition, as CREATE TABLE, ADD COLUMN
// and MODIFY COLUMN write it: name, type, collation, generation, NULL or
// NOT NULL, default, ON UPDATE, AUTO_INCREMENT, comment.
func (p *my) columnDef(c *schema.Column) (string, error) {
	if c == nil || c.Name == "" || c.Type.Norm == "" {
		return "", fmt.Errorf("column without name or type: %w", ErrUnsupported)
	}
	if c.Identity != nil {
		return "", fmt.Errorf("column %s: identity columns do not exist on %s (use AUTO_INCREMENT): %w", c.Name, p.d.Name, ErrUnsupported)
	}
	b := []string{p.q(c.Name), c.Type.Norm}
	if c.Collation != "" {
		b = append(b, "COLLATE "+c.Collation)
	}
	if g := c.Generated; g != nil {
		kind := "VIRTUAL"
		if g.Stored {
			kind = "STORED"
		}
		b = append(b, "GENERATED ALWAYS AS ("+g.Expr+") "+kind)
	}
	switch {
	case c.NotNull:
		b = append(b, "NOT NULL")
	case c.Generated == nil: // MariaDB takes no NULL after a generated column
		b = append(b, "NULL")
	}
	switch {
	case autoIncrement(c):
		b = append(b, "AUTO_INCREMENT")
	case c.Default != nil && c.Default.Expr != "" && c.Generated == nil:
		b = append(b, "DEFAULT "+myDefault(c.Default))
	}
	if c.OnUpdate != "" {
		b = append(b, "ON UPDATE "+c.OnUpdate)
	}
	if c.Comment != "" {
		b = append(b, "COMMENT "+p.lit(c.Comment))
	}
	return strings.Join(b, " "), nil
}

// tableOptions renders the table options and comment after CREATE TABLE.
func (p *my) tableOptions(t *schema.Table) string {
	keys := make([]string, 0, len(t.Options))
	for k := range t.Options {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		v := t.Options[k]
		switch strings.ToLower(k) {
		case "engine":
			out = append(out, "ENGINE="+v)
		case "charset":
			out = append(out, "DEFAULT CHARSET="+v)
		case "collate":
			out = append(out, "COLLATE="+v)
		case "row_format":
			out = append(out, "ROW_FORMAT="+v)
		default:
			out = append(out, strings.ToUpper(k)+"="+v)
		}
	}
	if t.Comment != "" {
		out = append(out, "COMMENT="+p.lit(t.Comment))
	}
	if len(out) == 0 {
		return ""
	}
	return " " + strings.Join(out, " ")
}

// createTable renders CREATE TABLE [IF NOT EXISTS] with the table's
// columns, keys and checks; with full, its indexes and foreign keys too
// (the rollback of a drop).
func (p *my) createTable(t *schema.Table, ifNotExists, full bool) (string, error) {
	var defs []string
	for _, c := range t.Columns {
		d, err := p.columnDef(c)
		if err != nil {
			return "", fmt.Errorf("table %s: %w", t.Name, err)
		}
		defs = append(defs, d)
	}
	if pk := t.PrimaryKey; pk != nil {
		defs = append(defs, "PRIMARY KEY ("+p.idents(pk.Columns)+")")
	}
	for _, u := range t.Uniques {
		defs = append(defs, p.uniqueDef(u))
	}
	if full {
		for _, ix := range t.Indexes {
			d, err := p.indexDef(ix)
			if err != nil {
				return "", fmt.Errorf("table %s: %w", t.Name, err)
			}
			defs = append(defs, d)
		}
	}
	for _, c := range t.Checks {
		defs = append(defs, p.checkDef(c))
	}
	if full {
		for _, fk := range t.ForeignKeys {
			defs = append(defs, p.fkDef(fk))
		}
	}
	head := "CREATE TABLE "
	if ifNotExists {
		head += "IF NOT EXISTS "
	}
	return head + p.qn(t.Name) + " (\n  " + strings.Join(defs, ",\n  ") + "\n)" + p.tableOptions(t), nil
}

func (p *my) addTable(c *schema.AddTable) ([]*item, error) {
	t := c.Table
	if t == nil || t.Name.Name == "" {
		return nil, errMissing("table")
	}
	up, err := p.createTable(t, false, false)
	if err != nil {
		return nil, err
	}
	s := p.plainStep([]string{up}, []string{"DROP TABLE IF EXISTS " + p.qn(t.Name)}, Lock{}, t.Pos)
	return []*item{at(phaseCreateTable, t.Name.String(), s)}, nil
}

func (p *my) dropTable(c *schema.DropTable) ([]*item, error) {
	t := c.Table
	if t == nil || t.Name.Name == "" {
		return nil, errMissing("table")
	}
	down, err := p.createTable(t, true, true)
	if err != nil {
		return nil, err
	}
	locked := []schema.QName{t.Name}
	for _, fk := range t.ForeignKeys {
		locked = append(locked, fk.RefTable)
	}
	s := p.plainStep([]string{"DROP TABLE " + p.qn(t.Name)}, []string{down}, p.lock(LockExclusive, locked...), t.Pos)
	s.DownLosesData = true
	s.Hazards = []Hazard{
		hazard(HazardDataLoss, t.Name, "", "drop table"),
		hazard(HazardBreaking, t.Name, "", "drop table"),
	}
	it := at(phaseDropTable, t.Name.String(), s)
	// A table that references another dropped table goes first, so the
	// rollback (in reverse order) re-creates the referenced one first.
	for _, o := range p.changes {
		if d, ok := o.(*schema.DropTable); ok && d.Table != nil && d.Table != t {
			for _, fk := range d.Table.ForeignKeys {
				if fk.RefTable == t.Name {
					it.deps = append(it.deps, d.Table.Name.String())
				}
			}
		}
	}
	return []*item{it}, nil
}

func (p *my) renameTable(c *schema.RenameTable) ([]*item, error) {
	if c.From.Name == "" || c.To.Name == "" {
		return nil, errMissing("table name")
	}
	// RENAME TABLE is atomic and takes only an exclusive metadata lock;
	// foreign keys of other tables follow the new name.
	pos := schema.Pos{}
	if tb := p.toTable(c.To); tb != nil {
		pos = tb.Pos
	}
	s := p.plainStep([]string{"RENAME TABLE " + p.qn(c.From) + " TO " + p.qn(c.To)},
		[]string{"RENAME TABLE " + p.qn(c.To) + " TO " + p.qn(c.From)}, p.lock(LockMetadata, c.From), pos)
	s.Hazards = []Hazard{hazard(HazardBreaking, c.From, "", "rename table")}
	it := at(phaseRename, "", s)
	it.inputOrder = true
	return []*item{it}, nil
}

func (p *my) setTableComment(c *schema.SetTableComment) ([]*item, error) {
	if c.Table.Name == "" {
		return nil, errMissing("table name")
	}
	t := p.afterRename(c.Table)
	a := algoInplace
	if p.f.InstantTableComment {
		a = algoInstant
	}
	cl := &clause{table: t, up: "COMMENT = " + p.lit(c.To), down: "COMMENT = " + p.lit(c.From), obj: "comment", algo: a}
	cl.downAgain = cl.down
	pos := schema.Pos{}
	if tb := p.toTable(t); tb != nil {
		pos = tb.Pos
	}
	return []*item{p.alterItem(cl, rankTable, "comment", pos)}, nil
}
