package plan

import (
	"slices"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// renameFKSource is a source schema with a parent "categories" and a
// child "products" whose foreign key and index are both named fkName.
func renameFKSource(fkName string) *schema.Schema {
	child := table("products", intCol("category_id"))
	child.Indexes = []*schema.Index{{Name: fkName, Parts: []schema.IndexPart{{Column: "category_id"}}}}
	child.ForeignKeys = []*schema.ForeignKey{{Name: fkName, Columns: []string{"category_id"},
		RefTable: qn("categories"), RefColumns: []string{"id"}}}
	return &schema.Schema{Tables: []*schema.Table{table("categories"), child}}
}

// applySteps applies the changes the plan's steps carry out, in step
// order, to a copy of from (what migration.Converges does).
func applySteps(t *testing.T, from *schema.Schema, p *Plan) *schema.Schema {
	t.Helper()
	got := from.Clone()
	seen := map[schema.Change]bool{}
	var changes []schema.Change
	for _, s := range p.Steps {
		if s.Change != nil && !seen[s.Change] {
			seen[s.Change] = true
			changes = append(changes, s.Change)
		}
	}
	if err := schema.Apply(got, changes...); err != nil {
		t.Fatalf("applying the steps' changes in step order: %v", err)
	}
	return got
}

// stepIndex is the index of the first step with an up statement
// containing sub, or -1.
func stepIndex(p *Plan, sub string) int {
	return slices.IndexFunc(p.Steps, func(s *Step) bool {
		return slices.ContainsFunc(s.Up, func(u string) bool { return strings.Contains(u, sub) })
	})
}

// TestRenameTableAndDropForeignKey: a foreign key dropped from a table the
// plan renames is dropped first, under the table's old name, and the step
// records the drop under that name, so the plan's changes applied in step
// order reach the target; whatever order the two changes come in, on
// every dialect that drops keys before renames.
func TestRenameTableAndDropForeignKey(t *testing.T) {
	dialects := []*dialect.Dialect{pgDialect(t, "15"), myDialect(t, "mariadb", "10.11"), myDialect(t, "mysql", "8.0")}
	for _, d := range dialects {
		for _, reversed := range []bool{false, true} {
			name := d.Name + "/rename-first"
			if reversed {
				name = d.Name + "/drop-first"
			}
			t.Run(name, func(t *testing.T) {
				from := renameFKSource("products_category")
				fk := from.Table(qn("products")).ForeignKeys[0]
				changes := []schema.Change{
					&schema.RenameTable{From: qn("products"), To: qn("items")},
					&schema.DropForeignKey{Table: qn("items"), ForeignKey: fk},
				}
				want := from.Clone()
				if err := schema.Apply(want, changes...); err != nil {
					t.Fatal(err)
				}
				if reversed {
					slices.Reverse(changes)
				}
				p, err := Build(changes, from, want, d)
				if err != nil {
					t.Fatal(err)
				}
				drop, rename := stepIndex(p, "products_category"), stepIndex(p, "RENAME")
				if drop < 0 || rename < 0 || drop > rename {
					t.Fatalf("drop step %d, rename step %d: want the drop first\n%s", drop, rename, strings.Join(p.Statements(true), "\n"))
				}
				if up := strings.Join(p.Steps[drop].Up, "\n"); !strings.Contains(up, d.QuoteName(qn("products"))) {
					t.Errorf("the drop runs before the rename but does not name products: %s", up)
				}
				c, ok := p.Steps[drop].Change.(*schema.DropForeignKey)
				if !ok || c.Table != qn("products") || c.ForeignKey != fk {
					t.Errorf("drop step change = %#v, want DropForeignKey of %s from products", p.Steps[drop].Change, fk.Name)
				}
				if diff := schema.Differences(applySteps(t, from, p), want); len(diff) > 0 {
					t.Errorf("the steps do not reach the target: %v", diff)
				}
			})
		}
	}
}

// TestMysqlRenameForeignKeyAndItsIndex: a foreign key and its index share
// a name that follows the table's (Knex's table_column_foreign); renaming
// the table renames both. The index is renamed once (RENAME INDEX) and the
// key is dropped and added back under the new name, in one ALTER TABLE,
// whatever order the changes come in.
func TestMysqlRenameForeignKeyAndItsIndex(t *testing.T) {
	const oldName, newName = "products_category_id_foreign", "items_category_id_foreign"
	for _, d := range []*dialect.Dialect{myDialect(t, "mariadb", "10.11"), myDialect(t, "mysql", "8.0")} {
		for _, reversed := range []bool{false, true} {
			t.Run(d.Name+"/"+map[bool]string{false: "index-first", true: "key-first"}[reversed], func(t *testing.T) {
				from := renameFKSource(oldName)
				changes := []schema.Change{
					&schema.RenameTable{From: qn("products"), To: qn("items")},
					&schema.RenameIndex{Table: qn("items"), From: oldName, To: newName},
					&schema.RenameConstraint{Table: qn("items"), From: oldName, To: newName},
				}
				want := from.Clone()
				if err := schema.Apply(want, changes...); err != nil {
					t.Fatal(err)
				}
				if reversed {
					changes[1], changes[2] = changes[2], changes[1]
				}
				p, err := Build(changes, from, want, d)
				if err != nil {
					t.Fatal(err)
				}
				up := strings.Join(p.Statements(true), "\n")
				renameIndex := "RENAME INDEX `" + oldName + "` TO `" + newName + "`"
				if n := strings.Count(up, renameIndex); n != 1 {
					t.Errorf("%s appears %d times, want once:\n%s", renameIndex, n, up)
				}
				if !strings.Contains(up, "DROP FOREIGN KEY `"+oldName+"`, ADD CONSTRAINT `"+newName+"` FOREIGN KEY") {
					t.Errorf("the key is not renamed:\n%s", up)
				}
				down := strings.Join(p.Statements(false), "\n")
				if n := strings.Count(down, "RENAME INDEX `"+newName+"` TO `"+oldName+"`"); n != 1 {
					t.Errorf("the down renames the index back %d times, want once:\n%s", n, down)
				}
				if !strings.Contains(down, "DROP FOREIGN KEY `"+newName+"`, ADD CONSTRAINT `"+oldName+"` FOREIGN KEY") {
					t.Errorf("the down does not rename the key back:\n%s", down)
				}
				if diff := schema.Differences(applySteps(t, from, p), want); len(diff) > 0 {
					t.Errorf("the steps do not reach the target: %v", diff)
				}
			})
		}
	}
}
