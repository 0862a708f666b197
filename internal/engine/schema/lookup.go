package schema

// Table returns the table with the given name, or nil.
func (s *Schema) Table(name QName) *Table {
	for _, t := range s.Tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Enum returns the enum with the given name, or nil.
func (s *Schema) Enum(name QName) *Enum {
	for _, e := range s.Enums {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// Sequence returns the standalone sequence with the given name, or nil.
func (s *Schema) Sequence(name QName) *Sequence {
	for _, q := range s.Sequences {
		if q.Name == name {
			return q
		}
	}
	return nil
}

// Namespace returns the namespace with the given name, or nil.
func (s *Schema) Namespace(name string) *Namespace {
	for _, n := range s.Namespaces {
		if n.Name == name {
			return n
		}
	}
	return nil
}

// Column returns the column with the given name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Index returns the index with the given name, or nil.
func (t *Table) Index(name string) *Index {
	for _, i := range t.Indexes {
		if i.Name == name {
			return i
		}
	}
	return nil
}

// ForeignKey returns the foreign key with the given name, or nil.
func (t *Table) ForeignKey(name string) *ForeignKey {
	for _, f := range t.ForeignKeys {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Unique returns the unique constraint with the given name, or nil.
func (t *Table) Unique(name string) *Unique {
	for _, u := range t.Uniques {
		if u.Name == name {
			return u
		}
	}
	return nil
}

// Check returns the check constraint with the given name, or nil.
func (t *Table) Check(name string) *Check {
	for _, c := range t.Checks {
		if c.Name == name {
			return c
		}
	}
	return nil
}
