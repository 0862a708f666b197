package plan

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Indexes. On an existing table an index is built and dropped
// CONCURRENTLY: SHARE UPDATE EXCLUSIVE instead of SHARE (build) or ACCESS
// EXCLUSIVE (drop), so reads and writes go on; such a statement cannot run
// in a transaction block, so the step is not transactional. On a table
// created by the same plan the plain forms are used.

// createIndex renders CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS].
func (p *pg) createIndex(t schema.QName, ix *schema.Index, concurrently, ifNotExists bool) (string, error) {
	if ix.Name == "" || len(ix.Parts) == 0 {
		return "", fmt.Errorf("index %q on %s without name or keys: %w", ix.Name, t, ErrUnsupported)
	}
	var b strings.Builder
	b.WriteString("CREATE ")
	if ix.Unique {
		b.WriteString("UNIQUE ")
	}
	b.WriteString("INDEX ")
	if concurrently {
		b.WriteString("CONCURRENTLY ")
	}
	if ifNotExists {
		b.WriteString("IF NOT EXISTS ")
	}
	b.WriteString(p.q(ix.Name) + " ON " + p.qn(t))
	if ix.Method != "" {
		b.WriteString(" USING " + p.q(strings.ToLower(ix.Method)))
	}
	parts := make([]string, len(ix.Parts))
	for i, part := range ix.Parts {
		s, err := p.indexPart(part)
		if err != nil {
			return "", fmt.Errorf("index %s: %w", ix.Name, err)
		}
		parts[i] = s
	}
	b.WriteString(" (" + strings.Join(parts, ", ") + ")")
	if len(ix.Include) > 0 {
		b.WriteString(" INCLUDE (" + p.idents(ix.Include) + ")")
	}
	if ix.NullsNotDistinct {
		if !p.d.Caps.NullsNotDistinct {
			return "", fmt.Errorf("index %s: NULLS NOT DISTINCT needs PostgreSQL 15: %w", ix.Name, ErrUnsupported)
		}
		b.WriteString(" NULLS NOT DISTINCT")
	}
	if ix.Where != "" {
		b.WriteString(" WHERE " + ix.Where)
	}
	return b.String(), nil
}

// indexPart renders one key: a column or a parenthesized expression, then
// collation, operator class, direction and null order.
func (p *pg) indexPart(part schema.IndexPart) (string, error) {
	if part.Length != 0 {
		return "", fmt.Errorf("prefix length on %q: %w", part.Column, ErrUnsupported)
	}
	var s string
	switch {
	case part.Expr != "":
		s = "(" + part.Expr + ")"
	case part.Column != "":
		s = p.q(part.Column)
	default:
		return "", fmt.Errorf("index key without column or expression: %w", ErrUnsupported)
	}
	if part.Collation != "" {
		s += " COLLATE " + p.collation(part.Collation)
	}
	if part.OpClass != "" {
		s += " " + p.qualifiedIdent(part.OpClass)
	}
	if part.Desc {
		s += " DESC"
	}
	switch {
	case part.NullsFirst:
		s += " NULLS FIRST"
	case part.NullsLast:
		s += " NULLS LAST"
	}
	return s, nil
}

// qualifiedIdent quotes a possibly schema-qualified name written as
// "schema.name" (operator classes).
func (p *pg) qualifiedIdent(s string) string {
	if strings.HasPrefix(s, `"`) {
		return s
	}
	parts := strings.Split(s, ".")
	for i, x := range parts {
		parts[i] = p.q(x)
	}
	return strings.Join(parts, ".")
}

func (p *pg) indexQName(t schema.QName, name string) schema.QName {
	return schema.QName{Schema: t.Schema, Name: name}
}

func (p *pg) addIndex(c *schema.AddIndex) ([]*item, error) {
	ix := c.Index
	if ix == nil || c.Table.Name == "" {
		return nil, errMissing("index")
	}
	t := p.afterRename(c.Table)
	key := t.String() + "." + ix.Name
	idx := p.qn(p.indexQName(t, ix.Name))
	if c.NewTable || p.isNew(t) {
		up, err := p.createIndex(t, ix, false, false)
		if err != nil {
			return nil, err
		}
		return []*item{at(phaseTableParts, key, step([]string{up}, []string{"DROP INDEX IF EXISTS " + idx}, Lock{}, ix.Pos))}, nil
	}
	up, err := p.createIndex(t, ix, true, false)
	if err != nil {
		return nil, err
	}
	s := &Step{Up: []string{up}, Down: []string{"DROP INDEX CONCURRENTLY IF EXISTS " + idx},
		Lock: p.lock(LockShareUpdateExclusive, t), Scan: true, Pos: ix.Pos}
	if ix.Unique {
		s.Hazards = []Hazard{hazard(HazardMayFail, t, "", "duplicate values")}
	}
	return []*item{at(phaseTableParts, key, s)}, nil
}

func (p *pg) dropIndex(c *schema.DropIndex) ([]*item, error) {
	ix := c.Index
	if ix == nil || ix.Name == "" || c.Table.Name == "" {
		return nil, errMissing("index")
	}
	t := p.afterRename(c.Table)
	down, err := p.createIndex(t, ix, true, true)
	if err != nil {
		return nil, err
	}
	s := &Step{Up: []string{"DROP INDEX CONCURRENTLY " + p.qn(p.indexQName(t, ix.Name))}, Down: []string{down},
		Lock: p.lock(LockShareUpdateExclusive, t), Pos: ix.Pos}
	return []*item{at(phaseDropTableParts, t.String()+"."+ix.Name, s)}, nil
}

func (p *pg) renameIndex(c *schema.RenameIndex) ([]*item, error) {
	if c.Table.Name == "" || c.From == "" || c.To == "" {
		return nil, errMissing("index name")
	}
	t := p.afterRename(c.Table)
	rn := func(a, b, ifExists string) []string {
		return []string{"ALTER INDEX " + ifExists + p.qn(p.indexQName(t, a)) + " RENAME TO " + p.q(b)}
	}
	pos := schema.Pos{}
	if tb := p.toTable(t); tb != nil {
		if ix := tb.Index(c.To); ix != nil {
			pos = ix.Pos
		}
	}
	// The manual's lock for renaming an index is at most ACCESS EXCLUSIVE
	// (SHARE UPDATE EXCLUSIVE on recent servers); the plan states the
	// stronger, held only for the catalog update.
	s := step(rn(c.From, c.To, ""), rn(c.To, c.From, "IF EXISTS "), p.lock(LockAccessExclusive, t), pos)
	it := at(phaseRenamePart, "", s)
	it.inputOrder = true
	return []*item{it}, nil
}
