package mysql

import (
	"context"
	"slices"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/mytest"
)

// TestInspectViewDependsOn: a view depends on the tables its query reads,
// each once, as the DDL reader records them, so a schema read from files
// and one read from the server compare equal.
func TestInspectViewDependsOn(t *testing.T) {
	db := mytest.New(t)
	db.Exec(t, `CREATE TABLE staff (id int PRIMARY KEY, dept int);
		CREATE TABLE depts (id int PRIMARY KEY);
		CREATE VIEW v AS SELECT s.id FROM staff s JOIN depts d ON d.id = s.dept WHERE s.id IN (SELECT id FROM staff)`)
	got, err := Inspect(context.Background(), db.DB, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range got.Objects {
		if o.Kind == schema.ObjectView && o.Name.Name == "v" {
			want := []schema.QName{{Name: "staff"}, {Name: "depts"}}
			if !slices.Equal(o.DependsOn, want) {
				t.Errorf("depends on %v, want %v", o.DependsOn, want)
			}
			return
		}
	}
	t.Fatal("view v not read")
}
