package prisma

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// checkKeyLengths rejects, where the provider needs it (MySQL), an index
// or unique key on a text or blob column without a prefix length: the
// server refuses it ("BLOB/TEXT column used in key specification without a
// key length"), and Prisma's validator refuses the text and blob native
// types there. Full-text indexes take whole columns.
func (b *builder) checkKeyLengths(m *model) error {
	if b.prov.keyNeedsLength == nil {
		return nil
	}
	t := m.table
	needs := func(col string) bool {
		c := t.Column(col)
		return c != nil && b.prov.keyNeedsLength(c.Type.Norm)
	}
	if pk := t.PrimaryKey; pk != nil {
		for _, c := range pk.Columns {
			if needs(c) {
				return schema.Errorf(pk.Pos, "column %s of type %s cannot be in the primary key of model %s: choose a type with a length (e.g. @db.VarChar(191))", c, t.Column(c).Type.Norm, m.b.name)
			}
		}
	}
	for _, ix := range t.Indexes {
		if ix.Method == "FULLTEXT" {
			continue
		}
		for _, p := range ix.Parts {
			if p.Length == 0 && needs(p.Column) {
				return schema.Errorf(ix.Pos, "column %s of type %s needs a prefix length in index %s: write %s(length: n)", p.Column, t.Column(p.Column).Type.Norm, ix.Name, p.Column)
			}
		}
	}
	return nil
}

// checkAutoincrement checks where autoincrement() is used, as Prisma's
// validator does for providers that restrict it: SQLite only on the
// primary key, MySQL only on the first column of a key or index (the
// server requires an AUTO_INCREMENT column to lead an index).
func (b *builder) checkAutoincrement(m *model) error {
	t := m.table
	for _, u := range m.autoincrement {
		ok := true
		switch b.prov.autoincrementNeeds {
		case "id":
			ok = t.PrimaryKey != nil && len(t.PrimaryKey.Columns) == 1 && t.PrimaryKey.Columns[0] == u.col.Name
			if !ok {
				return schema.Errorf(u.pos, "autoincrement() is only allowed on the single-field @id on %s, and %s is not", b.prov.dialect, u.col.Name)
			}
		case "key":
			ok = t.PrimaryKey != nil && t.PrimaryKey.Columns[0] == u.col.Name
			for _, ix := range t.Indexes {
				ok = ok || ix.Parts[0].Column == u.col.Name
			}
			if !ok {
				return schema.Errorf(u.pos, "autoincrement() on %s needs the column %s to be indexed: make it the @id, @unique, or the first field of an @@index", b.prov.dialect, u.col.Name)
			}
		}
	}
	return nil
}

// foreignKeyIndexes adds the indexes InnoDB creates for foreign keys: a
// foreign key whose columns are not the leading columns of an index (or of
// the primary key) gets one, named after the constraint (MySQL 8.0
// reference manual, "FOREIGN KEY Constraints": "MySQL implicitly creates a
// foreign key index that is named according to ... the CONSTRAINT symbol
// value"). Prisma's engine adds foreign keys after creating the tables
// and their indexes, so only the foreign keys' own indexes come later.
func (b *builder) foreignKeyIndexes() {
	for _, t := range b.out.Tables {
		for _, fk := range t.ForeignKeys {
			if leadsKey(t, fk.Columns) {
				continue
			}
			ix := &schema.Index{Name: fk.Name, Pos: fk.Pos}
			for _, c := range fk.Columns {
				ix.Parts = append(ix.Parts, schema.IndexPart{Column: c})
			}
			t.Indexes = append(t.Indexes, ix)
		}
	}
}

// leadsKey reports whether cols are the leading columns, in order, of the
// table's primary key or of one of its indexes usable by a foreign key
// (not full-text, no prefix lengths on those columns).
func leadsKey(t *schema.Table, cols []string) bool {
	if pk := t.PrimaryKey; pk != nil && len(pk.Columns) >= len(cols) {
		ok := true
		for i, c := range cols {
			ok = ok && pk.Columns[i] == c
		}
		if ok {
			return true
		}
	}
	for _, ix := range t.Indexes {
		if ix.Method == "FULLTEXT" || len(ix.Parts) < len(cols) {
			continue
		}
		ok := true
		for i, c := range cols {
			p := ix.Parts[i]
			ok = ok && p.Column == c && p.Expr == "" && p.Length == 0
		}
		if ok {
			return true
		}
	}
	return false
}
