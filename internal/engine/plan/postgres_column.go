package plan

import (
	"regexp"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Columns: add, drop, rename. ALTER TABLE takes ACCESS EXCLUSIVE; adding a
// column is a catalog change unless it must fill every row (a volatile
// default, a serial or identity column, a stored generated column, or any
// default before PostgreSQL 11), which rewrites the table under the lock.

// stableFuncs are functions a default may call without making ADD COLUMN
// rewrite the table (they are not VOLATILE, so the value is computed once
// and stored in the catalog). Any other call is assumed volatile.
// Source: pg_proc.provolatile of these built-ins ('s' or 'i').
var stableFuncs = map[string]bool{
	"now": true, "statement_timestamp": true, "transaction_timestamp": true,
	"current_setting": true, "current_database": true, "current_schema": true,
	"lower": true, "upper": true, "btrim": true, "trim": true, "concat": true, "length": true,
	"coalesce": true, "nullif": true, "greatest": true, "least": true,
	"date_trunc": true, "make_interval": true, "make_date": true, "to_char": true,
	"to_timestamp": true, "to_date": true, "to_jsonb": true, "to_json": true,
	"jsonb_build_object": true, "json_build_object": true, "jsonb_build_array": true,
	"json_build_array": true, "array_fill": true, "timezone": true, "md5": true, "abs": true,
	"round": true, "floor": true, "ceil": true, "interval": true, "array": true,
}

// callRE finds function calls: a name followed by an opening parenthesis.
var callRE = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_]*)\s*\(`)

// castRE finds casts (::character varying(20)[]), which are not calls.
var castRE = regexp.MustCompile(`::\s*[A-Za-z_][A-Za-z0-9_ ."]*(\([0-9, ]*\))?(\[\])*`)

// volatileExpr reports whether an expression may be volatile: it calls a
// function not known to be stable.
func volatileExpr(expr string) bool {
	expr = castRE.ReplaceAllString(expr, "")
	for _, m := range callRE.FindAllStringSubmatchIndex(expr, -1) {
		if !stableFuncs[strings.ToLower(expr[m[2]:m[3]])] {
			return true
		}
	}
	return false
}

// fillsRows reports why adding the column writes every row, or "".
func (p *pg) fillsRows(c *schema.Column) string {
	switch {
	case isSerial(c):
		return "serial column"
	case c.Identity != nil:
		return "identity column"
	case c.Generated != nil && c.Generated.Stored:
		return "stored generated column"
	case c.Default == nil || c.Default.Expr == "" || strings.EqualFold(c.Default.Expr, "NULL"):
		return ""
	case !p.d.Caps.ConstantDefaultNoRewrite:
		return "default"
	case c.Default.Kind == schema.DefaultSequence || volatileExpr(c.Default.Expr):
		return "volatile default"
	}
	return ""
}

// addColumnStmts renders ADD COLUMN (IF NOT EXISTS for a rollback) and the
// column's comment.
func (p *pg) addColumnStmts(t schema.QName, c *schema.Column, ifNotExists bool) ([]string, error) {
	def, err := p.columnDef(c)
	if err != nil {
		return nil, err
	}
	add := "ADD COLUMN "
	if ifNotExists {
		add += "IF NOT EXISTS "
	}
	out := []string{p.alter(t) + add + def}
	if c.Comment != "" {
		out = append(out, p.comment("COLUMN "+p.col(t, c.Name), c.Comment))
	}
	return out, nil
}

func (p *pg) addColumn(c *schema.AddColumn) ([]*item, error) {
	col := c.Column
	if col == nil || c.Table.Name == "" {
		return nil, errMissing("column")
	}
	t := p.afterRename(c.Table)
	up, err := p.addColumnStmts(t, col, false)
	if err != nil {
		return nil, err
	}
	down := []string{"ALTER TABLE IF EXISTS " + p.qn(t) + " DROP COLUMN IF EXISTS " + p.q(col.Name)}
	s := step(up, down, p.lock(LockAccessExclusive, t), col.Pos)
	if why := p.fillsRows(col); why != "" && !p.isNew(t) {
		s.Rewrite = true
		s.Hazards = append(s.Hazards, hazard(HazardRewrite, t, col.Name, why),
			hazard(HazardBlockingLock, t, col.Name, why))
	}
	if col.NotNull && col.Default == nil && col.Identity == nil && col.Generated == nil && !p.isNew(t) {
		s.Hazards = append(s.Hazards, hazard(HazardMayFail, t, col.Name, "not null without default"),
			hazard(HazardBreaking, t, col.Name, "not null without default"))
	}
	return []*item{at(phaseColumn, t.String()+"."+col.Name, s)}, nil
}

// readdColumn renders the rollback of a dropped column: added back empty,
// with its type, default and generation. A NOT NULL column that nothing
// fills (no default, identity or generation) is added with a temporary
// default of its type's zero value, dropped at once, or else comes back
// nullable: see zeroFill for the rule.
func (p *pg) readdColumn(t schema.QName, col *schema.Column) ([]string, error) {
	back := col.Clone()
	zero := ""
	if needsFill(back) {
		if zero = p.zeroFill(t, col); zero != "" {
			back.Default = &schema.Default{Kind: schema.DefaultLiteral, Expr: zero}
		} else {
			back.NotNull = false
		}
	}
	out, err := p.addColumnStmts(t, back, true)
	if err != nil {
		return nil, err
	}
	if zero != "" {
		out = append(out, p.alter(t)+"ALTER COLUMN "+p.q(col.Name)+" DROP DEFAULT")
	}
	return out, nil
}

// readdHazards are the hazards of a rollback that re-adds col: its rows
// get the zero value, or NOT NULL is not restored.
func (p *pg) readdHazards(t schema.QName, col *schema.Column) []Hazard {
	if !needsFill(col) {
		return nil
	}
	if zero := p.zeroFill(t, col); zero != "" {
		return []Hazard{hazard(HazardIrreversible, t, col.Name, "rollback fills rows with "+zero)}
	}
	return []Hazard{hazard(HazardIrreversible, t, col.Name, "not null not restored")}
}

func (p *pg) dropColumn(c *schema.DropColumn) ([]*item, error) {
	col := c.Column
	if col == nil || col.Name == "" || c.Table.Name == "" {
		return nil, errMissing("column")
	}
	t := p.afterRename(c.Table)
	down, err := p.readdColumn(t, col)
	if err != nil {
		return nil, err
	}
	parts, err := p.columnParts(t, col.Name, p.zeroFill(t, col) != "")
	if err != nil {
		return nil, err
	}
	down = append(down, parts...)
	s := step([]string{p.alter(t) + "DROP COLUMN " + p.q(col.Name)}, down, p.lock(LockAccessExclusive, t), col.Pos)
	s.DownLosesData = true
	s.Hazards = []Hazard{hazard(HazardDataLoss, t, col.Name, "drop column"),
		hazard(HazardBreaking, t, col.Name, "drop column")}
	s.Hazards = append(s.Hazards, p.readdHazards(t, col)...)
	return []*item{at(phaseDropColumn, t.String()+"."+col.Name, s)}, nil
}

func (p *pg) renameColumn(c *schema.RenameColumn) ([]*item, error) {
	if c.Table.Name == "" || c.From == "" || c.To == "" {
		return nil, errMissing("column name")
	}
	t := p.afterRename(c.Table)
	rn := func(a, b string) []string {
		return []string{p.alter(t) + "RENAME COLUMN " + p.q(a) + " TO " + p.q(b)}
	}
	pos := schema.Pos{}
	if col := p.column(false, t, c.To); col != nil {
		pos = col.Pos
	}
	s := step(rn(c.From, c.To), rn(c.To, c.From), p.lock(LockAccessExclusive, t), pos)
	s.Hazards = []Hazard{hazard(HazardBreaking, t, c.From, "rename column")}
	it := at(phaseRenamePart, "", s)
	it.inputOrder = true
	return []*item{it}, nil
}

// identRE matches an identifier-like word, for finding column references
// in expressions.
var identRE = regexp.MustCompile(`"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*`)

// exprUses reports whether an expression refers to a column by name.
func exprUses(expr, column string) bool {
	for _, w := range identRE.FindAllString(expr, -1) {
		if strings.HasPrefix(w, `"`) {
			w = strings.ReplaceAll(w[1:len(w)-1], `""`, `"`)
		}
		if w == column {
			return true
		}
	}
	return false
}

// columnParts renders, for the rollback of a dropped column, the source
// table's indexes and constraints that use the column: PostgreSQL drops
// them with it, so they come back with it (all re-runnable). When the
// rollback zero-fills the column (zeroFilled), its foreign keys and checks
// come back NOT VALID: the zero value need not satisfy them.
func (p *pg) columnParts(t schema.QName, column string, zeroFilled bool) ([]string, error) {
	tb := p.fromTable(t)
	if tb == nil {
		return nil, nil
	}
	notValid := ""
	if zeroFilled && p.d.Caps.NotValidConstraints {
		notValid = " NOT VALID"
	}
	var out []string
	for _, ix := range tb.Indexes {
		uses := exprUses(ix.Where, column) || contains(ix.Include, column)
		for _, part := range ix.Parts {
			uses = uses || part.Column == column || exprUses(part.Expr, column)
		}
		if uses {
			stmt, err := p.createIndex(t, ix, false, true)
			if err != nil {
				return nil, err
			}
			out = append(out, stmt)
		}
	}
	for _, u := range tb.Uniques {
		if contains(u.Columns, column) {
			def, err := p.uniqueDef(u)
			if err != nil {
				return nil, err
			}
			out = append(out, p.readdConstraint(t, u.Name, def)...)
		}
	}
	for _, c := range tb.Checks {
		if exprUses(c.Expr, column) {
			out = append(out, p.readdConstraint(t, c.Name, p.checkDef(c)+notValid)...)
		}
	}
	for _, fk := range tb.ForeignKeys {
		if contains(fk.Columns, column) {
			out = append(out, p.readdConstraint(t, fk.Name, p.fkDef(fk, p.afterRename(fk.RefTable))+notValid)...)
		}
	}
	return out, nil
}
