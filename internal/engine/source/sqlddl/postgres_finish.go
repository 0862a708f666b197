package sqlddl

import (
	"slices"

	"github.com/migrate-bot/migrate-bot/internal/engine/pgexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// finish resolves what needs every file read: foreign keys written
// without referenced columns, and sequences owned by the column whose
// default draws from them (pg_dump's spelling of a serial column).
func (r *pgReader) finish() error {
	for _, p := range r.pendingFK {
		ref := r.tables[p.fk.RefTable]
		if ref == nil {
			return &schema.PosError{Pos: p.pos, Msg: "foreign key " + p.fk.Name + " references table " + p.fk.RefTable.String() + ", which is not defined"}
		}
		if ref.t.PrimaryKey == nil {
			return &schema.PosError{Pos: p.pos, Msg: "there is no primary key for referenced table " + p.fk.RefTable.String()}
		}
		if len(ref.t.PrimaryKey.Columns) != len(p.fk.Columns) {
			return &schema.PosError{Pos: p.pos, Msg: "number of referencing and referenced columns for foreign key " + p.fk.Name + " disagree"}
		}
		p.fk.RefColumns = slices.Clone(ref.t.PrimaryKey.Columns)
	}
	var keep []*schema.Sequence
	for _, seq := range r.s.Sequences {
		owner, ok := r.seqOwner[seq.Name]
		if !ok || !r.serialOf(seq, owner) {
			keep = append(keep, seq)
		}
	}
	r.s.Sequences = keep
	return nil
}

// serialOf reports whether the owning column draws its default from seq;
// if so the column's default becomes a DefaultSequence naming it. A
// nextval() default of a sequence the column does not own stays a
// DefaultFunction, as Inspect reads it.
func (r *pgReader) serialOf(seq *schema.Sequence, owner ownerRef) bool {
	t := r.tables[owner.table]
	if t == nil {
		return false
	}
	col := t.cols[owner.column]
	if col == nil || col.Default == nil {
		return false
	}
	if col.Default.Kind == schema.DefaultSequence {
		return col.Default.Sequence != nil && *col.Default.Sequence == seq.Name
	}
	q, ok := pgexpr.NextvalSequence(col.Default.Expr)
	if !ok || q != seq.Name {
		return false
	}
	col.Default.Kind = schema.DefaultSequence
	col.Default.Sequence = &q
	return true
}
