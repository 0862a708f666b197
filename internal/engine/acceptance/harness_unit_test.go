package acceptance

import (
	"encoding/json"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TestCompareRows proves the data check can fail: a value changed, a row
// lost, and a renamed column followed through the plan's renames.
func TestCompareRows(t *testing.T) {
	users := schema.QName{Schema: "public", Name: "users"}
	members := schema.QName{Schema: "public", Name: "members"}
	text := schema.Type{Norm: "text"}
	from := &schema.Schema{Tables: []*schema.Table{{Name: users, Columns: []*schema.Column{{Name: "id", Type: schema.Type{Norm: "integer"}}, {Name: "phone", Type: text}}}}}
	to := &schema.Schema{Tables: []*schema.Table{{Name: members, Columns: []*schema.Column{{Name: "id", Type: schema.Type{Norm: "integer"}}, {Name: "mobile", Type: text}}}}}
	row := func(kv ...string) map[string]json.RawMessage {
		m := map[string]json.RawMessage{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = json.RawMessage(kv[i+1])
		}
		return m
	}
	before := rowSet{users: {row("id", "1", "phone", `"555"`)}}
	rn := renamesOf([]schema.Change{
		&schema.RenameTable{From: users, To: members},
		&schema.RenameColumn{Table: members, From: "phone", To: "mobile"},
	})
	if ds := compareRows(before, rowSet{members: {row("id", "1", "mobile", `"555"`)}}, from, to, rn); len(ds) > 0 {
		t.Errorf("renamed table and column with the same data: %v", ds)
	}
	if ds := compareRows(before, rowSet{members: {row("id", "1", "mobile", `"556"`)}}, from, to, rn); len(ds) == 0 {
		t.Error("a changed value went unnoticed")
	}
	if ds := compareRows(before, rowSet{members: nil}, from, to, rn); len(ds) == 0 {
		t.Error("a lost row went unnoticed")
	}
	if ds := compareRows(before, rowSet{}, from, &schema.Schema{}, renames{}); len(ds) == 0 {
		t.Error("a lost table went unnoticed")
	}
}

// TestReadTxtar checks the case reader on the format's corner cases.
func TestReadTxtar(t *testing.T) {
	comment, names, files := readTxtar("about\n-- a.sql --\nx\n-- b/c.prisma --\n-- not a marker\n")
	if comment != "about\n" || len(names) != 2 || files["a.sql"] != "x\n" || files["b/c.prisma"] != "-- not a marker\n" {
		t.Errorf("got %q %q %q", comment, names, files)
	}
}
