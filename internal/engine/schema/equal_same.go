package schema

import (
	"slices"
	"strings"
)

// The Same* functions compare two objects' definitions, leaving out their
// names, positions and rename hints. The differ uses them to tell a changed
// object (same name, other definition) from a renamed one (same definition,
// other name); Equal and Differences use them to compare schemas.

// SameIndex reports whether two indexes have the same definition. An empty
// Method and "btree" are the same (the default access method).
func SameIndex(a, b *Index) bool {
	return a.Unique == b.Unique && slices.Equal(a.Parts, b.Parts) &&
		sameMethod(a.Method, b.Method) && a.Where == b.Where &&
		slices.Equal(a.Include, b.Include) && a.NullsNotDistinct == b.NullsNotDistinct
}

func sameMethod(a, b string) bool {
	norm := func(m string) string {
		if strings.EqualFold(m, "btree") {
			return ""
		}
		return m
	}
	return norm(a) == norm(b)
}

// SameUnique reports whether two unique constraints have the same
// definition.
func SameUnique(a, b *Unique) bool {
	return slices.Equal(a.Columns, b.Columns) && a.NullsNotDistinct == b.NullsNotDistinct &&
		a.Deferrable == b.Deferrable && a.Deferred == b.Deferred
}

// SameForeignKey reports whether two foreign keys have the same
// definition; referential actions compare by canonical spelling ("" is NO
// ACTION).
func SameForeignKey(a, b *ForeignKey) bool {
	return slices.Equal(a.Columns, b.Columns) && a.RefTable == b.RefTable &&
		slices.Equal(a.RefColumns, b.RefColumns) &&
		canonicalAction(a.OnDelete) == canonicalAction(b.OnDelete) &&
		canonicalAction(a.OnUpdate) == canonicalAction(b.OnUpdate) &&
		a.Deferrable == b.Deferrable && a.Deferred == b.Deferred
}

// SameCheck reports whether two check constraints have the same
// definition.
func SameCheck(a, b *Check) bool { return a.Expr == b.Expr && a.NoInherit == b.NoInherit }

// SamePrimaryKey reports whether two primary keys (either may be nil) have
// the same columns.
func SamePrimaryKey(a, b *PrimaryKey) bool {
	if a == nil || b == nil {
		return a == b
	}
	return slices.Equal(a.Columns, b.Columns)
}

// SameSequence reports whether two sequences have the same options. An
// empty Type is "bigint".
func SameSequence(a, b *Sequence) bool {
	norm := func(t string) string {
		if t == "" {
			return "bigint"
		}
		return t
	}
	return norm(a.Type) == norm(b.Type) && a.Start == b.Start && a.Increment == b.Increment &&
		a.Min == b.Min && a.Max == b.Max && a.Cache == b.Cache && a.Cycle == b.Cycle &&
		a.OwnedBy == b.OwnedBy && a.Comment == b.Comment
}

// SameObject reports whether two objects have the same definition,
// dependencies (in any order) and comment.
func SameObject(a, b *Object) bool {
	if a.Key() != b.Key() || a.Definition != b.Definition || a.Comment != b.Comment {
		return false
	}
	if len(a.DependsOn) != len(b.DependsOn) {
		return false
	}
	da, db := slices.Clone(a.DependsOn), slices.Clone(b.DependsOn)
	slices.SortFunc(da, compareQName)
	slices.SortFunc(db, compareQName)
	return slices.Equal(da, db)
}

// SameType reports whether two column types are the same: the same
// normalized spelling and the same referenced user type. Raw is ignored.
func SameType(a, b Type) bool {
	if a.Norm != b.Norm {
		return false
	}
	if a.Ref == nil || b.Ref == nil {
		return a.Ref == nil && b.Ref == nil
	}
	return *a.Ref == *b.Ref
}

// SameDefault reports whether two defaults (either may be nil) are the
// same: kind, expression and owned sequence. Pos is ignored.
func SameDefault(a, b *Default) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if a.Kind != b.Kind || a.Expr != b.Expr {
		return false
	}
	if a.Sequence == nil || b.Sequence == nil {
		return a.Sequence == nil && b.Sequence == nil
	}
	return *a.Sequence == *b.Sequence
}

// ColumnChanges returns the properties in which column to differs from
// column from (names aside): the What of an AlterColumn between them.
func ColumnChanges(from, to *Column) ColumnChange {
	var w ColumnChange
	if !SameType(from.Type, to.Type) {
		w |= ChangeType
	}
	if from.NotNull != to.NotNull {
		w |= ChangeNull
	}
	if !SameDefault(from.Default, to.Default) {
		w |= ChangeDefault
	}
	if !samePtr(from.Identity, to.Identity) {
		w |= ChangeIdentity
	}
	if !samePtr(from.Generated, to.Generated) {
		w |= ChangeGenerated
	}
	if from.Collation != to.Collation {
		w |= ChangeCollation
	}
	if from.Comment != to.Comment {
		w |= ChangeComment
	}
	if from.OnUpdate != to.OnUpdate {
		w |= ChangeOnUpdate
	}
	return w
}

// samePtr reports whether two pointers to comparable values are both nil
// or point to equal values.
func samePtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
