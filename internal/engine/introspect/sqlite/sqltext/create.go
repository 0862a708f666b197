package sqltext

import "strings"

// Table is what a CREATE TABLE statement says beyond what SQLite's pragmas
// report: constraint names, CHECK and generated expressions, AUTOINCREMENT,
// collations, deferrable foreign keys, and where each part starts.
type Table struct {
	// Schema is the schema qualifier written before the name ("main",
	// "temp"), or "".
	Schema  string
	Name    string
	Temp    bool
	Virtual bool
	// AsSelect is set for CREATE TABLE ... AS SELECT, which has no column
	// definitions to read.
	AsSelect     bool
	Columns      []*Column
	Constraints  []*Constraint
	WithoutRowid bool
	Strict       bool
	// Off is the offset of the table name's token.
	Off int
}

// Column is a column definition.
type Column struct {
	Name string
	// Type is the declared type as written, tokens joined by one space.
	Type        string
	Constraints []*Constraint
	// Off is the offset of the column name's token.
	Off int
}

// ConstraintKind says what a constraint is.
type ConstraintKind int

// The kinds of constraints.
const (
	PrimaryKey ConstraintKind = iota
	Unique
	Check
	ForeignKey
	NotNull
	Null
	Default
	Collate
	Generated
)

// Constraint is a column or table constraint.
type Constraint struct {
	Kind ConstraintKind
	// Name is the name given with CONSTRAINT, or "".
	Name string
	// Columns are the key columns of a table PRIMARY KEY, UNIQUE or
	// FOREIGN KEY constraint.
	Columns []string
	// Expr is the canonical CHECK or generated expression (CanonExpr), the
	// DEFAULT text as written, or the COLLATE name upper-cased.
	Expr string
	// Stored marks a STORED generated column.
	Stored bool
	// Autoincrement marks PRIMARY KEY AUTOINCREMENT.
	Autoincrement bool
	// Ref is the REFERENCES clause of a foreign key.
	Ref *Reference
	// Off is the offset of the constraint's first token (CONSTRAINT when
	// named).
	Off int
}

// Reference is the REFERENCES clause of a foreign key.
type Reference struct {
	Table    string
	Columns  []string
	OnDelete string
	OnUpdate string
	// Deferred is DEFERRABLE INITIALLY DEFERRED, the only combination that
	// defers the check in SQLite (foreignkeys.html 4.2).
	Deferred bool
}

// Column returns the column definition named name (case-insensitive, as
// SQLite compares names), or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if strings.EqualFold(c.Name, name) {
			return c
		}
	}
	return nil
}

// Find returns the column's first constraint of kind k, or nil.
func (c *Column) Find(k ConstraintKind) *Constraint {
	for _, x := range c.Constraints {
		if x.Kind == k {
			return x
		}
	}
	return nil
}

// ParseCreateTable reads a CREATE TABLE statement. It returns nil when the
// text is not one. Offsets are those of the text's tokens.
func ParseCreateTable(text string) *Table {
	return CreateTable(SignificantTokens(text))
}

// CreateTable reads the significant tokens of a CREATE TABLE statement, or
// returns nil when they are not one.
func CreateTable(toks []Token) *Table {
	p := &cursor{toks: toks}
	if !p.word("CREATE") {
		return nil
	}
	t := &Table{}
	t.Temp = p.word("TEMP") || p.word("TEMPORARY")
	t.Virtual = p.word("VIRTUAL")
	if !p.word("TABLE") {
		return nil
	}
	if p.word("IF") {
		p.word("NOT")
		p.word("EXISTS")
	}
	t.Schema, t.Name, t.Off = p.qualifiedName()
	if t.Virtual {
		return t
	}
	if p.word("AS") {
		t.AsSelect = true
		return t
	}
	if !p.at().IsPunct("(") {
		return t
	}
	end := Close(p.toks, p.i)
	if end < 0 {
		end = len(p.toks)
	}
	body := p.toks[p.i+1 : end]
	tableConstraints := false
	for _, def := range SplitTop(body) {
		if len(def) == 0 {
			continue
		}
		if tableConstraints || startsTableConstraint(def[0]) {
			tableConstraints = true
			t.Constraints = append(t.Constraints, tableConstraintList(def)...)
			continue
		}
		t.Columns = append(t.Columns, columnDef(def))
	}
	for _, o := range SplitTop(p.toks[min(end+1, len(p.toks)):]) {
		switch {
		case len(o) >= 2 && o[0].Is("WITHOUT") && o[1].Is("ROWID"):
			t.WithoutRowid = true
		case len(o) >= 1 && o[0].Is("STRICT"):
			t.Strict = true
		}
	}
	return t
}

func startsTableConstraint(t Token) bool {
	return t.Is("CONSTRAINT") || t.Is("PRIMARY") || t.Is("UNIQUE") || t.Is("CHECK") || t.Is("FOREIGN")
}

// columnDef reads "name [type] [constraints]".
func columnDef(def []Token) *Column {
	c := &Column{Name: def[0].Name(), Off: def[0].Off}
	i := 1
	var typ []string
	for ; i < len(def) && !startsColumnConstraint(def[i]); i++ {
		if def[i].IsPunct("(") {
			end := Close(def, i)
			if end < 0 {
				end = len(def) - 1
			}
			typ = append(typ, Canon(def[i:end+1]))
			i = end
			continue
		}
		typ = append(typ, def[i].Text)
	}
	c.Type = strings.Join(typ, " ")
	p := &cursor{toks: def, i: i}
	for !p.done() {
		if x := p.constraint(false); x != nil {
			c.Constraints = append(c.Constraints, x)
		}
	}
	return c
}

func startsColumnConstraint(t Token) bool {
	for _, w := range []string{"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT",
		"COLLATE", "REFERENCES", "GENERATED", "AS"} {
		if t.Is(w) {
			return true
		}
	}
	return false
}

// tableConstraintList reads one or more table constraints (SQLite allows
// them without commas between).
func tableConstraintList(def []Token) []*Constraint {
	var out []*Constraint
	p := &cursor{toks: def}
	for !p.done() {
		if x := p.constraint(true); x != nil {
			out = append(out, x)
		}
	}
	return out
}
