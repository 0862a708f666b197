package sqlite

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReadPartsAssemble: a database read in parts (one per table, with
// its indexes and triggers; views in a part of their own) assembles into
// what Inspect reads, foreign keys across parts included; the parts can
// be assembled again, unchanged by what was done to an earlier result; an
// object no part claims is an error.
func TestReadPartsAssemble(t *testing.T) {
	ddl := `CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT UNIQUE);
		CREATE TABLE child (id INTEGER PRIMARY KEY AUTOINCREMENT, p INT REFERENCES parent, c TEXT REFERENCES parent (code), CHECK (p > 0));
		CREATE INDEX child_p ON child (p);
		CREATE TRIGGER child_ai AFTER INSERT ON child BEGIN SELECT 1; END;
		CREATE VIEW v AS SELECT * FROM child`
	db := openDB(t, ddl)
	want, err := Inspect(context.Background(), db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	partOf := func(kind, name string) int {
		switch {
		case name == "parent":
			return 0
		case name == "child" || name == "child_ai":
			return 1
		case kind == KindView:
			return 2
		}
		return -1
	}
	parts, err := ReadParts(context.Background(), db, Options{}, 3, partOf)
	if err != nil {
		t.Fatal(err)
	}
	if parts[0].Tables() != 1 || parts[1].Tables() != 1 || parts[2].Tables() != 0 {
		t.Errorf("tables per part: %d %d %d", parts[0].Tables(), parts[1].Tables(), parts[2].Tables())
	}
	got := Assemble(parts)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("assembled parts differ from Inspect (-inspect +parts):\n%s", diff)
	}
	got.Tables[0].Columns[0].Name = "changed"
	got.Tables[0].ForeignKeys = nil
	got.Objects[0].Definition = "changed"
	if diff := cmp.Diff(want, Assemble(parts)); diff != "" {
		t.Errorf("assembling again gave (-inspect +parts):\n%s", diff)
	}
	if _, err := ReadParts(context.Background(), db, Options{}, 2, partOf); err == nil {
		t.Error("a view in no part was accepted")
	}
}
