package mysqlddl

import (
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// foreignKey adds a FOREIGN KEY, named <table>_ibfk_<n> when unnamed, and
// returns the generated index it brings (named after the constraint, when
// named), which addKeys keeps only when no other index serves the key.
func (r *reader) foreignKey(ts *tableState, c *ast.Constraint, off int) (*keyEntry, error) {
	t := ts.t
	if c.Refer == nil || c.Refer.Table == nil {
		return nil, r.errorf(off, "table %s: foreign key without REFERENCES", t.Name.Name)
	}
	parts, err := r.parts(t, c.Keys, off)
	if err != nil {
		return nil, err
	}
	cols := make([]string, len(parts))
	for i, p := range parts {
		if p.Column == "" || p.Length != 0 {
			return nil, r.errorf(off, "table %s: foreign key parts must be plain columns", t.Name.Name)
		}
		cols[i] = p.Column
	}
	var refCols []string
	for _, k := range c.Refer.IndexPartSpecifications {
		if k.Column == nil {
			return nil, r.errorf(off, "table %s: foreign key references an expression", t.Name.Name)
		}
		refCols = append(refCols, k.Column.Name.O)
	}
	if len(refCols) != len(cols) {
		return nil, r.errorf(off, "table %s: foreign key has %d columns but references %d", t.Name.Name, len(cols), len(refCols))
	}
	fk := &schema.ForeignKey{Name: c.Name, Columns: cols, RefTable: schema.QName{Name: c.Refer.Table.Name.O},
		RefColumns: refCols, Pos: r.at(off)}
	if c.Refer.OnDelete != nil {
		fk.OnDelete = action(c.Refer.OnDelete.ReferOpt.String())
	}
	if c.Refer.OnUpdate != nil {
		fk.OnUpdate = action(c.Refer.OnUpdate.ReferOpt.String())
	}
	if fk.Name == "" {
		fk.Name = r.d.MySQL.ForeignKeyName(t.Name.Name, nextForeignKeyNumber(t))
	}
	for _, other := range t.ForeignKeys {
		if strings.EqualFold(other.Name, fk.Name) {
			return nil, r.errorf(off, "table %s: duplicate foreign key name %s", t.Name.Name, fk.Name)
		}
	}
	t.ForeignKeys = append(t.ForeignKeys, fk)
	ixParts := make([]schema.IndexPart, len(cols))
	for i, col := range cols {
		ixParts[i] = schema.IndexPart{Column: col}
	}
	return &keyEntry{index: &schema.Index{Name: c.Name, Parts: ixParts, Pos: r.at(off)}, generated: true, off: off}, nil
}

// action spells a referential action canonically: RESTRICT and NO ACTION
// behave the same in InnoDB (both are checked immediately) and both are
// the model's "" (NO ACTION); information_schema reports RESTRICT for an
// action not written.
func action(a string) string {
	a = strings.ToUpper(strings.TrimSpace(a))
	if a == schema.Restrict || a == schema.NoAction {
		return ""
	}
	return a
}

// nextForeignKeyNumber is one more than the highest n of the table's
// <table>_ibfk_<n> names, as InnoDB numbers generated names.
func nextForeignKeyNumber(t *schema.Table) int {
	prefix := strings.ToLower(t.Name.Name) + "_ibfk_"
	n := 0
	for _, fk := range t.ForeignKeys {
		if rest, ok := strings.CutPrefix(strings.ToLower(fk.Name), prefix); ok {
			if k, err := strconv.Atoi(rest); err == nil && k > n {
				n = k
			}
		}
	}
	return n + 1
}

// served reports whether the primary key or an index starts with cols, in
// order, as plain columns: InnoDB then needs no extra index for a foreign
// key on them.
func served(t *schema.Table, cols []string) bool {
	if pk := t.PrimaryKey; pk != nil && len(pk.Columns) >= len(cols) {
		ok := true
		for i, c := range cols {
			ok = ok && strings.EqualFold(pk.Columns[i], c)
		}
		if ok {
			return true
		}
	}
	for _, ix := range t.Indexes {
		if startsWith(ix, cols) {
			return true
		}
	}
	return false
}

// startsWith reports whether an index's first parts are the plain columns
// cols in order. FULLTEXT indexes and prefix parts do not count.
func startsWith(ix *schema.Index, cols []string) bool {
	if ix.Method != "" || len(ix.Parts) < len(cols) {
		return false
	}
	for i, c := range cols {
		p := ix.Parts[i]
		if p.Column == "" || p.Length != 0 || !strings.EqualFold(p.Column, c) {
			return false
		}
	}
	return true
}
