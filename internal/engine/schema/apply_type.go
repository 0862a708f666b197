package schema

import (
	"errors"
	"fmt"
	"slices"
)

// applyEnum applies the enum changes.
func (a *applier) applyEnum(c Change) error {
	s := a.s
	switch c := c.(type) {
	case *AddEnum:
		if c.Enum == nil {
			return errors.New("no enum")
		}
		if s.Enum(c.Enum.Name) != nil {
			return fmt.Errorf("enum %s already exists", c.Enum.Name)
		}
		s.Enums = append(s.Enums, c.Enum.Clone())
	case *DropEnum:
		if c.Enum == nil {
			return errors.New("no enum")
		}
		i := slices.IndexFunc(s.Enums, func(e *Enum) bool { return e.Name == c.Enum.Name })
		if i < 0 {
			return fmt.Errorf("enum %s does not exist", c.Enum.Name)
		}
		s.Enums = slices.Delete(s.Enums, i, i+1)
	case *RenameEnum:
		return a.renameEnum(c.From, c.To)
	case *AddEnumValue:
		return a.addEnumValue(c)
	case *DropEnumValue:
		e, err := a.recreatedEnum(c.From, c.To)
		if err != nil {
			return err
		}
		for _, v := range c.Values {
			if !slices.Contains(e.Values, v) {
				return fmt.Errorf("enum %s has no value %q", e.Name, v)
			}
		}
		e.Values = slices.Clone(c.To.Values)
	case *ReorderEnum:
		e, err := a.recreatedEnum(c.From, c.To)
		if err != nil {
			return err
		}
		have, want := slices.Sorted(slices.Values(e.Values)), slices.Sorted(slices.Values(c.To.Values))
		if !slices.Equal(have, want) {
			return fmt.Errorf("reorder enum %s: values %v are not a reordering of %v", e.Name, c.To.Values, e.Values)
		}
		e.Values = slices.Clone(c.To.Values)
	}
	return nil
}

// recreatedEnum finds the enum a DropEnumValue or ReorderEnum recreates.
func (a *applier) recreatedEnum(from, to *Enum) (*Enum, error) {
	if to == nil {
		return nil, errors.New("no target enum")
	}
	name := to.Name
	if from != nil {
		name = from.Name
	}
	if from != nil && from.Name != to.Name {
		return nil, fmt.Errorf("enum %s recreated as %s: not the same enum", from.Name, to.Name)
	}
	e := a.s.Enum(name)
	if e == nil {
		return nil, fmt.Errorf("enum %s does not exist", name)
	}
	return e, nil
}

func (a *applier) addEnumValue(c *AddEnumValue) error {
	e := a.s.Enum(c.Enum)
	if e == nil {
		return fmt.Errorf("enum %s does not exist", c.Enum)
	}
	if slices.Contains(e.Values, c.Value) {
		return fmt.Errorf("enum %s already has value %q", c.Enum, c.Value)
	}
	at := len(e.Values)
	switch {
	case c.Before != "" && c.After != "":
		return fmt.Errorf("enum %s value %q: both BEFORE and AFTER given", c.Enum, c.Value)
	case c.Before != "":
		if at = slices.Index(e.Values, c.Before); at < 0 {
			return fmt.Errorf("enum %s has no value %q to add %q before", c.Enum, c.Before, c.Value)
		}
	case c.After != "":
		i := slices.Index(e.Values, c.After)
		if i < 0 {
			return fmt.Errorf("enum %s has no value %q to add %q after", c.Enum, c.After, c.Value)
		}
		at = i + 1
	}
	e.Values = slices.Insert(e.Values, at, c.Value)
	return nil
}

// renameEnum renames the enum and the types of the columns that use it.
func (a *applier) renameEnum(from, to QName) error {
	e := a.s.Enum(from)
	if e == nil {
		return fmt.Errorf("enum %s does not exist", from)
	}
	if a.s.Enum(to) != nil {
		return fmt.Errorf("enum %s already exists", to)
	}
	e.Name = to
	for _, t := range a.s.Tables {
		for _, col := range t.Columns {
			if col.Type.Ref == nil || *col.Type.Ref != from {
				continue
			}
			col.Type.Ref = &QName{Schema: to.Schema, Name: to.Name}
			if norm, ok := renameTypeNorm(col.Type.Norm, from, to); ok {
				col.Type.Norm = norm
			}
		}
	}
	return nil
}

// applySequence applies the sequence changes.
func (a *applier) applySequence(c Change) error {
	s := a.s
	index := func(q QName) int { return slices.IndexFunc(s.Sequences, func(x *Sequence) bool { return x.Name == q }) }
	switch c := c.(type) {
	case *AddSequence:
		if c.Sequence == nil {
			return errors.New("no sequence")
		}
		if index(c.Sequence.Name) >= 0 {
			return fmt.Errorf("sequence %s already exists", c.Sequence.Name)
		}
		v := *c.Sequence
		s.Sequences = append(s.Sequences, &v)
	case *DropSequence:
		if c.Sequence == nil {
			return errors.New("no sequence")
		}
		i := index(c.Sequence.Name)
		if i < 0 {
			return fmt.Errorf("sequence %s does not exist", c.Sequence.Name)
		}
		s.Sequences = slices.Delete(s.Sequences, i, i+1)
	case *AlterSequence:
		if c.From == nil || c.To == nil {
			return errors.New("alter sequence needs From and To")
		}
		if c.From.Name != c.To.Name {
			return fmt.Errorf("alter sequence %s into %s: use RenameSequence to rename", c.From.Name, c.To.Name)
		}
		i := index(c.From.Name)
		if i < 0 {
			return fmt.Errorf("sequence %s does not exist", c.From.Name)
		}
		v := *c.To
		s.Sequences[i] = &v
	case *RenameSequence:
		return a.renameSequence(c.From, c.To)
	}
	return nil
}

// renameSequence renames a standalone sequence or the owned sequence of
// serial columns, rewriting the defaults that call it.
func (a *applier) renameSequence(from, to QName) error {
	if from == to {
		return fmt.Errorf("rename sequence %s to itself", from)
	}
	found := false
	for _, q := range a.s.Sequences {
		switch q.Name {
		case to:
			return fmt.Errorf("sequence %s already exists", to)
		case from:
			found = true
		}
	}
	if a.serials == nil {
		a.serials = map[QName][]serialColumn{}
		for _, t := range a.s.Tables {
			for _, col := range t.Columns {
				if d := col.Default; d != nil && d.Sequence != nil {
					a.serials[*d.Sequence] = append(a.serials[*d.Sequence], serialColumn{t, col})
				}
			}
		}
	}
	if owners := a.serials[to]; len(owners) > 0 {
		return fmt.Errorf("sequence %s already exists (owned by %s.%s)", to, owners[0].table.Name, owners[0].column.Name)
	}
	serials := a.serials[from]
	if !found && len(serials) == 0 {
		return fmt.Errorf("sequence %s does not exist", from)
	}
	if found {
		for _, q := range a.s.Sequences {
			if q.Name == from {
				q.Name = to
			}
		}
		// Defaults that call nextval() of the standalone sequence.
		for _, t := range a.s.Tables {
			for _, col := range t.Columns {
				if d := col.Default; d != nil && d.Sequence == nil {
					if expr, ok := renameSequenceExpr(d.Expr, from, to); ok {
						d.Expr = expr
					}
				}
			}
		}
	}
	for _, sc := range serials {
		d := sc.column.Default
		d.Sequence = &QName{Schema: to.Schema, Name: to.Name}
		if expr, ok := renameSequenceExpr(d.Expr, from, to); ok {
			d.Expr = expr
		}
	}
	delete(a.serials, from)
	a.serials[to] = serials
	return nil
}
