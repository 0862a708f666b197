package schema

import (
	"errors"
	"fmt"
	"slices"
)

// ErrUnknownChange is returned (wrapped) by Apply for a Change type it does
// not know. Every type in AllChangeKinds is known; a test proves it.
var ErrUnknownChange = errors.New("unknown change kind")

// Apply applies changes to s in place, in order, leaving s as a database
// would be after running them. Each change applies exactly what it carries:
// AddTable adds the table as given (the differ strips its indexes and
// foreign keys, which follow as AddIndex and AddForeignKey), AlterColumn
// replaces the column by To at the same position, DropEnumValue and
// ReorderEnum give the enum the values of To.
//
// Renames behave as on the server, which refers to objects by identity:
// RenameTable updates the foreign keys, triggers and sequence owners that
// point at the table but does not rename its constraints, indexes or owned
// sequences; RenameColumn updates the table's keys, indexes, checks,
// generated expressions and the foreign keys that reference the column;
// RenameEnum updates the types of the columns that use the enum;
// RenameSequence updates the serial defaults that call it.
//
// DropColumn also drops the table's indexes and constraints that involve
// the column, as PostgreSQL does; DropTable and DropColumn leave foreign
// keys of other tables alone (the differ drops them with their own change).
//
// A change that does not fit the schema (dropping a missing table, adding
// one that exists) is an *ApplyError naming the change and the object;
// changes before it stay applied. Objects inserted into s are copies,
// never the change's values. Apply indexes the schema once per call: give
// it every change at once rather than one call per change.
func Apply(s *Schema, changes ...Change) error {
	if s == nil {
		return errors.New("apply: nil schema")
	}
	a := &applier{s: s}
	for i, c := range changes {
		if err := a.apply(c); err != nil {
			return &ApplyError{Index: i, Change: c, Err: err}
		}
	}
	return nil
}

// ApplyError is the error of Apply: which change did not fit and why.
type ApplyError struct {
	// Index is the change's index in the list given to Apply.
	Index  int
	Change Change
	Err    error
}

func (e *ApplyError) Error() string {
	kind := "nil"
	if e.Change != nil {
		kind = e.Change.Kind()
	}
	return fmt.Sprintf("apply change %d (%s): %v", e.Index+1, kind, e.Err)
}

// Unwrap returns the reason the change did not fit.
func (e *ApplyError) Unwrap() error { return e.Err }

// applier applies changes to one schema, with its tables indexed by name.
type applier struct {
	s      *Schema
	tables map[QName]*Table
	// serials indexes serial columns by their owned sequence, for a run
	// of RenameSequence changes; any other change discards it.
	serials map[QName][]serialColumn
}

// serialColumn is a serial column and its table.
type serialColumn struct {
	table  *Table
	column *Column
}

// table returns the table named q, or nil.
func (a *applier) table(q QName) *Table {
	if a.tables == nil {
		a.tables = make(map[QName]*Table, len(a.s.Tables))
		for _, t := range a.s.Tables {
			if _, dup := a.tables[t.Name]; !dup {
				a.tables[t.Name] = t
			}
		}
	}
	return a.tables[q]
}

// mustTable returns the table named q, or an error naming it.
func (a *applier) mustTable(q QName) (*Table, error) {
	if t := a.table(q); t != nil {
		return t, nil
	}
	return nil, fmt.Errorf("table %s does not exist", q)
}

func (a *applier) apply(c Change) error {
	if _, ok := c.(*RenameSequence); !ok {
		a.serials = nil
	}
	switch c := c.(type) {
	case nil:
		return errors.New("nil change")
	case *AddNamespace, *DropNamespace, *AddExtension, *DropExtension:
		return a.applyNamespace(c)
	case *AddEnum, *DropEnum, *RenameEnum, *AddEnumValue, *DropEnumValue, *ReorderEnum:
		return a.applyEnum(c)
	case *AddSequence, *DropSequence, *AlterSequence, *RenameSequence:
		return a.applySequence(c)
	case *AddTable, *DropTable, *RenameTable, *SetTableComment, *SetTableOptions:
		return a.applyTable(c)
	case *AddColumn, *DropColumn, *RenameColumn, *AlterColumn:
		return a.applyColumn(c)
	case *AddPrimaryKey, *DropPrimaryKey, *AddUnique, *DropUnique, *AddCheck, *DropCheck,
		*AddForeignKey, *DropForeignKey, *RenameConstraint:
		return a.applyConstraint(c)
	case *AddIndex, *DropIndex, *RenameIndex:
		return a.applyIndex(c)
	case *AddObject, *DropObject, *ReplaceObject:
		return a.applyObject(c)
	}
	return fmt.Errorf("%w %T", ErrUnknownChange, c)
}

func (a *applier) applyNamespace(c Change) error {
	s := a.s
	switch c := c.(type) {
	case *AddNamespace:
		if c.Namespace == nil {
			return errors.New("no namespace")
		}
		if s.Namespace(c.Namespace.Name) != nil {
			return fmt.Errorf("namespace %s already exists", c.Namespace.Name)
		}
		v := *c.Namespace
		s.Namespaces = append(s.Namespaces, &v)
	case *DropNamespace:
		if c.Namespace == nil {
			return errors.New("no namespace")
		}
		i := slices.IndexFunc(s.Namespaces, func(n *Namespace) bool { return n.Name == c.Namespace.Name })
		if i < 0 {
			return fmt.Errorf("namespace %s does not exist", c.Namespace.Name)
		}
		s.Namespaces = slices.Delete(s.Namespaces, i, i+1)
	case *AddExtension:
		if c.Extension == nil {
			return errors.New("no extension")
		}
		if slices.ContainsFunc(s.Extensions, func(e *Extension) bool { return e.Name == c.Extension.Name }) {
			return fmt.Errorf("extension %s already exists", c.Extension.Name)
		}
		v := *c.Extension
		s.Extensions = append(s.Extensions, &v)
	case *DropExtension:
		if c.Extension == nil {
			return errors.New("no extension")
		}
		i := slices.IndexFunc(s.Extensions, func(e *Extension) bool { return e.Name == c.Extension.Name })
		if i < 0 {
			return fmt.Errorf("extension %s does not exist", c.Extension.Name)
		}
		s.Extensions = slices.Delete(s.Extensions, i, i+1)
	}
	return nil
}

func (a *applier) applyObject(c Change) error {
	s := a.s
	find := func(o *Object) int {
		k := o.Key()
		return slices.IndexFunc(s.Objects, func(x *Object) bool { return x.Key() == k })
	}
	switch c := c.(type) {
	case *AddObject:
		if c.Object == nil {
			return errors.New("no object")
		}
		if find(c.Object) >= 0 {
			return fmt.Errorf("%s already exists", c.Object.Key())
		}
		s.Objects = append(s.Objects, c.Object.Clone())
	case *DropObject:
		if c.Object == nil {
			return errors.New("no object")
		}
		i := find(c.Object)
		if i < 0 {
			return fmt.Errorf("%s does not exist", c.Object.Key())
		}
		s.Objects = slices.Delete(s.Objects, i, i+1)
	case *ReplaceObject:
		if c.From == nil || c.To == nil {
			return errors.New("replace object needs From and To")
		}
		if c.From.Key() != c.To.Key() {
			return fmt.Errorf("replace %s by %s: not the same object", c.From.Key(), c.To.Key())
		}
		i := find(c.From)
		if i < 0 {
			return fmt.Errorf("%s does not exist", c.From.Key())
		}
		s.Objects[i] = c.To.Clone()
	}
	return nil
}
