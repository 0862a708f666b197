package diff

import "github.com/migrate-bot/migrate-bot/internal/engine/schema"

// copyForRenames returns a copy of s that schema.Apply can rename in place
// without touching s: the tables the renames can reach (the renamed tables,
// the tables whose foreign keys reference them, the tables with columns of
// a renamed enum or owning a renamed sequence) and the small lists (enums,
// sequences, objects) are deep copies; every other table is shared, since
// neither the renames nor the differ modify it. On a large schema with a
// few renames this costs a fraction of a full Clone.
func copyForRenames(s *schema.Schema, renames []schema.Change) *schema.Schema {
	tables := map[schema.QName]bool{}
	enums := map[schema.QName]bool{}
	seqs := map[schema.QName]bool{}
	// Column renames name the table by its new name; map it back.
	oldName := map[schema.QName]schema.QName{}
	for _, c := range renames {
		switch c := c.(type) {
		case *schema.RenameTable:
			tables[c.From] = true
			oldName[c.To] = c.From
		case *schema.RenameColumn:
			if old, ok := oldName[c.Table]; ok {
				tables[old] = true
			} else {
				tables[c.Table] = true
			}
		case *schema.RenameEnum:
			enums[c.From] = true
		case *schema.RenameSequence:
			seqs[c.From] = true
		}
	}
	reached := func(t *schema.Table) bool {
		if tables[t.Name] {
			return true
		}
		for _, f := range t.ForeignKeys {
			if tables[f.RefTable] {
				return true
			}
		}
		if len(enums) == 0 && len(seqs) == 0 {
			return false
		}
		for _, c := range t.Columns {
			if c.Type.Ref != nil && enums[*c.Type.Ref] || c.Default != nil && c.Default.Sequence != nil && seqs[*c.Default.Sequence] {
				return true
			}
		}
		return false
	}
	w := &schema.Schema{Dialect: s.Dialect, Namespaces: s.Namespaces, Extensions: s.Extensions}
	for _, e := range s.Enums {
		w.Enums = append(w.Enums, e.Clone())
	}
	for _, q := range s.Sequences {
		v := *q
		w.Sequences = append(w.Sequences, &v)
	}
	for _, o := range s.Objects {
		w.Objects = append(w.Objects, o.Clone())
	}
	w.Tables = make([]*schema.Table, len(s.Tables))
	for i, t := range s.Tables {
		if reached(t) {
			w.Tables[i] = t.Clone()
		} else {
			w.Tables[i] = t
		}
	}
	return w
}
