package plan

import (
	"fmt"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Generated columns that change kind. Both vendors refuse MODIFY COLUMN
// from or to a VIRTUAL generated column when the other side is a plain or
// a STORED column (MariaDB error 1907 "This is not yet supported for
// generated columns"; MySQL manual, "ALTER TABLE and Generated Columns":
// "Virtual generated columns cannot be altered to or from nongenerated
// columns ... drop the column, then add it with the new definition").
// Plain and STORED convert in place with MODIFY. The column is therefore
// replaced: a new column next to it, the values copied when the new one
// is plain (so they survive), the old one dropped and the new one renamed.

// isVirtual reports whether a column is a VIRTUAL generated column.
func isVirtual(c *schema.Column) bool { return c.Generated != nil && !c.Generated.Stored }

// replacesColumn reports whether an AlterColumn must replace the column.
func replacesColumn(c *schema.AlterColumn) bool {
	return c.What.Has(schema.ChangeGenerated) && isVirtual(c.From) != isVirtual(c.To)
}

// replaceColumn plans the replacement of a column between a VIRTUAL
// generated column and a plain or STORED one, in both directions.
func (p *my) replaceColumn(c *schema.AlterColumn) ([]*item, error) {
	t := p.afterRename(c.Table)
	if p.indexedColumn(t, c.From.Name) {
		return nil, fmt.Errorf("column %s.%s: a VIRTUAL generated column changes kind while indexed (the index would be dropped with it): %w", t, c.To.Name, ErrUnsupported)
	}
	up, err := p.replaceColumnStmts(t, c.From, c.To)
	if err != nil {
		return nil, err
	}
	down, err := p.replaceColumnStmts(t, c.To, c.From)
	if err != nil {
		return nil, err
	}
	s := p.plainStep(up, down, p.lock(LockShared, t), c.To.Pos)
	if !p.isNew(t) {
		s.Rewrite, s.Scan = true, true
		s.Hazards = append(s.Hazards, hazard(HazardRewrite, t, c.To.Name, "generated column replaced"),
			hazard(HazardBlockingLock, t, "", "writes wait for the copy"))
		if c.To.Generated != nil && c.From.Generated == nil {
			s.Hazards = append(s.Hazards, hazard(HazardDataLoss, t, c.To.Name, "values replaced by generated"))
		}
	}
	return []*item{at(phaseColumn, t.String()+"\x00"+rankAlterColumn+"\x00"+c.To.Name, s)}, nil
}

// replaceColumnStmts turns column a of t into b (same name): b is added
// under a temporary name right after a, filled from a when b is plain,
// then a is dropped and the new column takes its name.
func (p *my) replaceColumnStmts(t schema.QName, a, b *schema.Column) ([]string, error) {
	tmp := b.Name + "_mb_new"
	if len(tmp) > 64 {
		tmp = b.Name[:64-len("_mb_new")] + "_mb_new"
	}
	staged := *b
	staged.Name = tmp
	def, err := p.columnDef(&staged)
	if err != nil {
		return nil, err
	}
	final, err := p.columnDef(b)
	if err != nil {
		return nil, err
	}
	alter := "ALTER TABLE " + p.qn(t) + " "
	out := []string{alter + "ADD COLUMN " + def + " AFTER " + p.q(a.Name)}
	if b.Generated == nil {
		out = append(out, "UPDATE "+p.qn(t)+" SET "+p.q(tmp)+" = "+p.q(a.Name))
	}
	return append(out, alter+"DROP COLUMN "+p.q(a.Name)+", CHANGE COLUMN "+p.q(tmp)+" "+final), nil
}
