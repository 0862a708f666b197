package plan_test

import (
	"database/sql"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
)

// TestMysqlDropParentAndForeignKey: the rollback of dropping a parent
// table and the foreign key onto it re-creates the parent empty, so the
// key comes back unchecked (foreign_key_checks off) instead of failing on
// the child's rows (error 1452), with an irreversible hazard.
func TestMysqlDropParentAndForeignKey(t *testing.T) {
	runMyScenario(t, myScenario{
		name: "drop parent",
		base: "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int, CONSTRAINT b_a FOREIGN KEY (a_id) REFERENCES a (id));",
		head: "CREATE TABLE b (id int PRIMARY KEY, a_id int);",
		seed: "INSERT INTO a VALUES (1);\nINSERT INTO b VALUES (1, 1);",
		rows: "SELECT id, a_id FROM b ORDER BY id",
		check: func(t *testing.T, _ *sql.DB, p *plan.Plan) {
			st := stepWith(p, "DROP FOREIGN KEY `b_a`")
			if st == nil {
				t.Fatal("no step drops b_a")
			}
			for _, h := range st.Hazards {
				if h.Kind == plan.HazardIrreversible {
					return
				}
			}
			t.Errorf("hazards %v lack irreversible", st.Hazards)
		},
	})
}
