package plan

import (
	"strconv"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Widening a BINARY(n) column. BINARY values are right-padded with 0x00
// to the column's length (MySQL manual, "The BINARY and VARBINARY Types":
// "When BINARY values are stored, they are right-padded with the pad
// value to the specified length ... 0x00"), so widening pads every row
// and a plain MODIFY back to BINARY(n) refuses the longer values (error
// 1265, data truncated). The rollback goes through VARBINARY, strips the
// trailing 0x00 bytes (the narrower BINARY pads them back) and only then
// narrows: base rows come back byte for byte, longer rows written since
// still fail the narrowing, as a may-fail hazard says.

// binaryWidening reports whether an AlterColumn only widens BINARY(n).
func binaryWidening(c *schema.AlterColumn) bool {
	if c.What&^(schema.ChangeType|schema.ChangeNull) != 0 || c.From.NotNull != c.To.NotNull {
		return false
	}
	n, m := lengthOf(c.From.Type.Norm, "binary"), lengthOf(c.To.Type.Norm, "binary")
	return n >= 0 && m > n
}

// widenBinary plans a BINARY widening and its padding-aware rollback.
func (p *my) widenBinary(c *schema.AlterColumn) ([]*item, error) {
	t := p.afterRename(c.Table)
	defTo, err := p.columnDef(c.To)
	if err != nil {
		return nil, err
	}
	defFrom, err := p.columnDef(c.From)
	if err != nil {
		return nil, err
	}
	staged := *c.To
	staged.Type.Norm = "varbinary(" + strconv.Itoa(lengthOf(c.To.Type.Norm, "binary")) + ")"
	defStaged, err := p.columnDef(&staged)
	if err != nil {
		return nil, err
	}
	alter, col := "ALTER TABLE "+p.qn(t)+" ", p.q(c.To.Name)
	s := p.plainStep([]string{alter + "MODIFY COLUMN " + defTo + algoCopy.suffix()},
		[]string{alter + "MODIFY COLUMN " + defStaged,
			"UPDATE " + p.qn(t) + " SET " + col + " = TRIM(TRAILING 0x00 FROM " + col + ")",
			alter + "MODIFY COLUMN " + defFrom},
		p.lock(algoCopy.lockLevel(), t), c.To.Pos)
	if !p.isNew(t) {
		s.Rewrite, s.Scan = true, true
		s.Hazards = []Hazard{hazard(HazardRewrite, t, "", "table copy"),
			hazard(HazardBlockingLock, t, "", "writes wait for the copy"),
			hazard(HazardBreaking, t, c.To.Name, c.From.Type.Norm+" -> "+c.To.Type.Norm+": values padded with 0x00"),
			hazard(HazardMayFail, t, c.To.Name, "rollback narrows to "+c.From.Type.Norm)}
	}
	return []*item{at(phaseColumn, t.String()+"\x00"+rankAlterColumn+"\x00"+c.To.Name, s)}, nil
}
