package schema

import (
	"strings"
	"testing"
)

// A change to MySQL's ON UPDATE clause alone is a column change the differ
// and the comparison see.
func TestOnUpdateIsAColumnChange(t *testing.T) {
	from := &Column{Name: "updated_at", Type: Type{Norm: "timestamp"}}
	to := from.Clone()
	to.OnUpdate = "current_timestamp()"
	if w := ColumnChanges(from, to); w != ChangeOnUpdate {
		t.Fatalf("ColumnChanges = %v, want on-update", w)
	}
	a := &Schema{Tables: []*Table{{Name: QName{Name: "t"}, Columns: []*Column{from}}}}
	b := &Schema{Tables: []*Table{{Name: QName{Name: "t"}, Columns: []*Column{to}}}}
	d := Differences(a, b)
	if len(d) != 1 || !strings.Contains(d[0], "on update") {
		t.Fatalf("Differences = %q, want one on-update line", d)
	}
	if err := Apply(a, &AlterColumn{Table: QName{Name: "t"}, From: from, To: to, What: ChangeOnUpdate}); err != nil {
		t.Fatal(err)
	}
	if !Equal(a, b) {
		t.Fatalf("after Apply: %q", Differences(a, b))
	}
}
