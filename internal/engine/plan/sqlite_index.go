package plan

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// SQLite indexes: CREATE INDEX and DROP INDEX run in place (an index build
// reads the table under the write lock). SQLite cannot rename an index:
// RenameIndex drops it and builds it again under the new name. On a table
// that is rebuilt, index changes are folded into the rebuild, which
// creates the table's indexes anyway.

// createIndex renders CREATE [UNIQUE] INDEX for an index of table t.
func (p *sqlite) createIndex(t schema.QName, ix *schema.Index, ifNotExists bool) (string, error) {
	if ix == nil || ix.Name == "" || len(ix.Parts) == 0 {
		return "", errMissing("index")
	}
	if ix.Method != "" || len(ix.Include) > 0 || ix.NullsNotDistinct {
		return "", fmt.Errorf("index %s: SQLite has no index methods, INCLUDE or NULLS NOT DISTINCT: %w", ix.Name, ErrUnsupported)
	}
	parts := make([]string, len(ix.Parts))
	for i, part := range ix.Parts {
		s := part.Expr
		if part.Column != "" {
			s = p.q(part.Column)
		}
		if s == "" {
			return "", fmt.Errorf("index %s: empty key part: %w", ix.Name, ErrUnsupported)
		}
		if part.Collation != "" {
			s += " COLLATE " + p.collation(part.Collation)
		}
		if part.Desc {
			s += " DESC"
		}
		parts[i] = s
	}
	head := "CREATE "
	if ix.Unique {
		head += "UNIQUE "
	}
	head += "INDEX "
	if ifNotExists {
		head += "IF NOT EXISTS "
	}
	s := head + p.q(ix.Name) + " ON " + p.qn(t) + " (" + strings.Join(parts, ", ") + ")"
	if ix.Where != "" {
		s += " WHERE " + ix.Where
	}
	return s, nil
}

func (p *sqlite) dropIndexStmt(name string) string { return "DROP INDEX IF EXISTS " + p.q(name) }

func (p *sqlite) addIndex(c *schema.AddIndex) ([]*item, error) {
	t := p.afterRename(c.Table)
	up, err := p.createIndex(t, c.Index, false)
	if err != nil {
		return nil, err
	}
	s := step([]string{up}, []string{p.dropIndexStmt(c.Index.Name)}, p.lock(t), c.Index.Pos)
	if !p.newTables[t] {
		s.Scan = true
		if c.Index.Unique {
			s.Hazards = []Hazard{hazard(HazardMayFail, t, "", "unique index "+c.Index.Name)}
		}
	}
	return []*item{at(phaseTableParts, t.String()+"."+c.Index.Name, s)}, nil
}

func (p *sqlite) dropIndex(c *schema.DropIndex) ([]*item, error) {
	if c.Index == nil || c.Index.Name == "" {
		return nil, errMissing("index")
	}
	// The index is dropped after the renames and before the column
	// changes (a column it names may be dropped next); its rollback runs
	// after theirs, before the renames are undone.
	t := p.afterRename(c.Table)
	down, err := p.createIndex(t, c.Index, true)
	if err != nil {
		return nil, err
	}
	s := step([]string{"DROP INDEX " + p.q(c.Index.Name)}, []string{down}, p.lock(t), c.Index.Pos)
	return []*item{at(phaseDropTableParts, t.String()+"."+c.Index.Name, s)}, nil
}

func (p *sqlite) renameIndex(c *schema.RenameIndex) ([]*item, error) {
	if c.From == "" || c.To == "" {
		return nil, errMissing("index name")
	}
	t := p.afterRename(c.Table)
	var ix *schema.Index
	if tb := p.afterTable(t); tb != nil {
		ix = tb.Index(c.To)
	}
	if ix == nil {
		return nil, fmt.Errorf("index %s of %s is not in the target: %w", c.To, t, ErrUnsupported)
	}
	old := *ix
	old.Name = c.From
	up, err := p.createIndex(t, ix, false)
	if err != nil {
		return nil, err
	}
	down, err := p.createIndex(t, &old, true)
	if err != nil {
		return nil, err
	}
	s := step([]string{"DROP INDEX " + p.q(c.From), up}, []string{p.dropIndexStmt(c.To), down}, p.lock(t), ix.Pos)
	s.Scan = true
	return []*item{at(phaseTableParts, t.String()+"."+c.To, s)}, nil
}
