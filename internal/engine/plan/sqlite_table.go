package plan

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// SQLite tables. CREATE TABLE carries everything a table has but its
// indexes: columns, primary key, UNIQUE, CHECK and FOREIGN KEY
// constraints, and the table options (WITHOUT ROWID, STRICT). A new
// table's foreign keys, which the differ gives as AddForeignKey changes,
// are written inline (SQLite cannot add one later) and recorded by empty
// steps after it.

// Table options as the SQLite introspection reports them in
// schema.Table.Options (introspect/sqlite OptionWithoutRowid,
// OptionStrict); the planner may not import the introspection.
const (
	sqliteWithoutRowid = "without_rowid"
	sqliteStrict       = "strict"
)

// autoincrement reports whether a column is an INTEGER PRIMARY KEY
// AUTOINCREMENT column (its DefaultSequence default).
func autoincrement(c *schema.Column) bool {
	return c.Default != nil && c.Default.Kind == schema.DefaultSequence
}

// inlinePK reports whether the table's primary key is written on its one
// column (the way Prisma writes it, and the only place AUTOINCREMENT may go).
func inlinePK(t *schema.Table, c *schema.Column) bool {
	return t.PrimaryKey != nil && len(t.PrimaryKey.Columns) == 1 && strings.EqualFold(t.PrimaryKey.Columns[0], c.Name)
}

// columnDef renders a column of table t as CREATE TABLE and ADD COLUMN
// write it.
func (p *sqlite) columnDef(t *schema.Table, c *schema.Column) (string, error) {
	if c.Name == "" {
		return "", fmt.Errorf("column without a name: %w", ErrUnsupported)
	}
	b := []string{p.q(c.Name)}
	if c.Type.Norm != "" {
		b = append(b, c.Type.Norm)
	}
	if c.NotNull {
		b = append(b, "NOT NULL")
	}
	if t != nil && inlinePK(t, c) {
		b = append(b, p.constraintPrefix(t.PrimaryKey.Name)+"PRIMARY KEY")
		if autoincrement(c) {
			b = append(b, dialect.SqliteAutoincrement)
		}
	} else if autoincrement(c) {
		return "", fmt.Errorf("column %s: AUTOINCREMENT needs a one-column INTEGER PRIMARY KEY: %w", c.Name, ErrUnsupported)
	}
	if c.Default != nil && c.Default.Kind != schema.DefaultSequence && c.Default.Expr != "" {
		b = append(b, "DEFAULT "+c.Default.Expr)
	}
	if c.Collation != "" {
		b = append(b, "COLLATE "+p.collation(c.Collation))
	}
	if g := c.Generated; g != nil {
		kind := " VIRTUAL"
		if g.Stored {
			kind = " STORED"
		}
		b = append(b, "GENERATED ALWAYS AS ("+g.Expr+")"+kind)
	}
	return strings.Join(b, " "), nil
}

// collation writes a collation name: the built-in ones (BINARY, NOCASE,
// RTRIM) bare, others quoted.
func (p *sqlite) collation(name string) string {
	switch strings.ToUpper(name) {
	case "BINARY", "NOCASE", "RTRIM":
		return strings.ToUpper(name)
	}
	return p.q(name)
}

// constraintPrefix is "CONSTRAINT name " or nothing for an unnamed one.
func (p *sqlite) constraintPrefix(name string) string {
	if name == "" {
		return ""
	}
	return "CONSTRAINT " + p.q(name) + " "
}

// fkDef renders a FOREIGN KEY table constraint.
func (p *sqlite) fkDef(fk *schema.ForeignKey) string {
	s := p.constraintPrefix(fk.Name) + "FOREIGN KEY (" + p.idents(fk.Columns) + ") REFERENCES " + p.qn(fk.RefTable)
	if len(fk.RefColumns) > 0 {
		s += " (" + p.idents(fk.RefColumns) + ")"
	}
	if fk.OnDelete != "" && fk.OnDelete != schema.NoAction {
		s += " ON DELETE " + fk.OnDelete
	}
	if fk.OnUpdate != "" && fk.OnUpdate != schema.NoAction {
		s += " ON UPDATE " + fk.OnUpdate
	}
	if fk.Deferrable || fk.Deferred {
		s += " DEFERRABLE INITIALLY DEFERRED"
	}
	return s
}

// createTable renders CREATE TABLE name (...) for t under the name given,
// with the foreign keys fks (a new table's come as separate changes).
func (p *sqlite) createTable(name schema.QName, t *schema.Table, fks []*schema.ForeignKey, ifNotExists bool) (string, error) {
	var defs []string
	for _, c := range t.Columns {
		d, err := p.columnDef(t, c)
		if err != nil {
			return "", fmt.Errorf("table %s: %w", t.Name, err)
		}
		defs = append(defs, d)
	}
	if pk := t.PrimaryKey; pk != nil && len(pk.Columns) > 1 {
		defs = append(defs, p.constraintPrefix(pk.Name)+"PRIMARY KEY ("+p.idents(pk.Columns)+")")
	} else if pk != nil && (len(pk.Columns) == 0 || t.Column(pk.Columns[0]) == nil) {
		return "", fmt.Errorf("table %s: primary key on a missing column: %w", t.Name, ErrUnsupported)
	}
	for _, u := range t.Uniques {
		defs = append(defs, p.constraintPrefix(u.Name)+"UNIQUE ("+p.idents(u.Columns)+")")
	}
	for _, c := range t.Checks {
		defs = append(defs, p.constraintPrefix(c.Name)+"CHECK ("+c.Expr+")")
	}
	for _, fk := range fks {
		defs = append(defs, p.fkDef(fk))
	}
	head := "CREATE TABLE "
	if ifNotExists {
		head += "IF NOT EXISTS "
	}
	s := head + p.qn(name) + " (\n    " + strings.Join(defs, ",\n    ") + "\n)"
	var opts []string
	if t.Options[sqliteWithoutRowid] == "true" {
		opts = append(opts, "WITHOUT ROWID")
	}
	if t.Options[sqliteStrict] == "true" {
		opts = append(opts, "STRICT")
	}
	if len(opts) > 0 {
		s += " " + strings.Join(opts, ", ")
	}
	return s, nil
}

// groupNewTables folds each new table's foreign keys into its AddTable.
func (p *sqlite) groupNewTables() {
	for _, c := range p.changes {
		if a, ok := c.(*schema.AddTable); ok && a.Table != nil {
			p.folded[c] = &group{first: c}
		}
	}
	for _, c := range p.changes {
		if a, ok := c.(*schema.AddForeignKey); ok && a.ForeignKey != nil && p.newTables[a.Table] {
			for _, o := range p.changes {
				if t, ok := o.(*schema.AddTable); ok && t.Table != nil && t.Table.Name == a.Table {
					p.folded[c] = p.folded[o]
				}
			}
			p.newFKs[a.Table] = append(p.newFKs[a.Table], a.ForeignKey)
		}
	}
}

func (p *sqlite) addTable(c *schema.AddTable) ([]*item, error) {
	t := c.Table
	if t == nil || t.Name.Name == "" {
		return nil, errMissing("table")
	}
	up, err := p.createTable(t.Name, t, p.newFKs[t.Name], false)
	if err != nil {
		return nil, err
	}
	s := step([]string{up}, []string{"DROP TABLE IF EXISTS " + p.qn(t.Name)}, Lock{}, t.Pos)
	it := at(phaseCreateTable, t.Name.String(), s)
	it.inputOrder = true
	return []*item{it}, nil
}

func (p *sqlite) dropTable(c *schema.DropTable) ([]*item, error) {
	t := c.Table
	if t == nil || t.Name.Name == "" {
		return nil, errMissing("table")
	}
	create, err := p.createTable(t.Name, t, t.ForeignKeys, true)
	if err != nil {
		return nil, err
	}
	down := []string{create}
	for _, ix := range t.Indexes {
		stmt, err := p.createIndex(t.Name, ix, true)
		if err != nil {
			return nil, err
		}
		down = append(down, stmt)
	}
	s := step([]string{"DROP TABLE " + p.qn(t.Name)}, down, p.lock(t.Name), t.Pos)
	s.DownLosesData = true
	s.Hazards = []Hazard{
		hazard(HazardDataLoss, t.Name, "", "drop table"),
		hazard(HazardBreaking, t.Name, "", "drop table"),
	}
	it := at(phaseDropTable, t.Name.String(), s)
	// A table that references another dropped table goes first (with
	// foreign keys on, dropping the referenced one deletes its rows and
	// fails while references remain), and the rollback re-creates the
	// referenced one first.
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

func (p *sqlite) renameTable(c *schema.RenameTable) ([]*item, error) {
	if c.From.Name == "" || c.To.Name == "" {
		return nil, errMissing("table name")
	}
	rename := func(a, b schema.QName) string { return "ALTER TABLE " + p.qn(a) + " RENAME TO " + p.qn(b) }
	up, down := []string{rename(c.From, c.To)}, []string{rename(c.To, c.From)}
	// SQLite rewrites the triggers on a renamed table (quoting the new
	// name), so a trigger the plan replaces is dropped before the rename
	// and, in the rollback, created again as it was after the table has
	// its old name back (see replaceObject).
	for _, o := range p.replacedTriggers(c.To) {
		up = append([]string{p.dropObjectStmt(o)}, up...)
		down = append(down, p.dropObjectStmt(o), definition(o))
	}
	s := step(up, down, p.lock(c.From), p.tablePos(c.To))
	s.Hazards = []Hazard{hazard(HazardBreaking, c.From, "", "rename table")}
	it := at(phaseRename, "", s)
	it.inputOrder = true
	return []*item{it}, nil
}

// replacedTriggers are the source's triggers on the table renamed to to
// that the plan replaces (ReplaceObject), as the source has them.
func (p *sqlite) replacedTriggers(to schema.QName) []*schema.Object {
	var out []*schema.Object
	for _, c := range p.changes {
		r, ok := c.(*schema.ReplaceObject)
		if !ok || r.From == nil || r.From.Kind != schema.ObjectTrigger || r.From.Table == nil || *r.From.Table != to {
			continue
		}
		o := r.From
		if p.from != nil {
			for _, x := range p.from.Objects {
				if x.Kind == schema.ObjectTrigger && x.Name == o.Name {
					o = x
				}
			}
		}
		out = append(out, o)
	}
	return out
}
