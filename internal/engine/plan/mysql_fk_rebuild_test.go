package plan

import (
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TestMysqlRetypeReferencedKey: retyping a key and the column that
// references it drops the foreign key first and re-adds it last, and the
// rollback does the same in reverse (MariaDB error 1833 otherwise).
func TestMysqlRetypeReferencedKey(t *testing.T) {
	owners := myTable("owners")
	pets := myTable("pets", myCol("owner_id", "int"))
	fk := &schema.ForeignKey{Name: "pets_owner", Columns: []string{"owner_id"}, RefTable: schema.QName{Name: "owners"}, RefColumns: []string{"id"}}
	pets.ForeignKeys = []*schema.ForeignKey{fk}
	from := &schema.Schema{Tables: []*schema.Table{owners, pets}}
	to := from.Clone()
	to.Tables[0].Columns[0].Type.Norm = "bigint"
	to.Tables[1].Columns[1].Type.Norm = "bigint"
	changes := []schema.Change{
		&schema.AlterColumn{Table: owners.Name, From: owners.Columns[0], To: to.Tables[0].Columns[0], What: schema.ChangeType},
		&schema.AlterColumn{Table: pets.Name, From: pets.Columns[1], To: to.Tables[1].Columns[1], What: schema.ChangeType},
	}
	p, err := Build(changes, from, to, myDialect(t, "mariadb", "10.11"))
	if err != nil {
		t.Fatal(err)
	}
	var up, down []string
	for _, s := range p.Steps {
		up = append(up, s.Up...)
	}
	for i := len(p.Steps) - 1; i >= 0; i-- {
		down = append(down, p.Steps[i].Down...)
	}
	if i := indexContaining(up, "DROP FOREIGN KEY"); i < 0 || i >= indexContaining(up, "MODIFY COLUMN `id`") {
		t.Errorf("up does not drop the foreign key before retyping the key:\n%s", strings.Join(up, "\n"))
	}
	order := func(name string, stmts []string, want ...string) {
		t.Helper()
		at := 0
		for _, w := range want {
			// One ALTER TABLE may carry two of them: same index is in order.
			i := indexContaining(stmts, w)
			if i < at {
				t.Errorf("%s: %q not after the previous statement in\n%s", name, w, strings.Join(stmts, "\n"))
				return
			}
			at = i
		}
	}
	order("up", up, "DROP FOREIGN KEY `pets_owner`", "MODIFY COLUMN `id` bigint", "ADD CONSTRAINT `pets_owner`")
	order("up", up, "DROP FOREIGN KEY `pets_owner`", "MODIFY COLUMN `owner_id` bigint", "ADD CONSTRAINT `pets_owner`")
	order("down", down, "DROP FOREIGN KEY", "MODIFY COLUMN `id` int", "ADD CONSTRAINT `pets_owner`")
	order("down", down, "DROP FOREIGN KEY", "MODIFY COLUMN `owner_id` int", "ADD CONSTRAINT `pets_owner`")
}

func indexContaining(stmts []string, sub string) int {
	for i, s := range stmts {
		if strings.Contains(s, sub) {
			return i
		}
	}
	return -1
}
