package plan_test

import (
	"database/sql"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
)

// TestMysqlVirtualColumnChangesKind: on MariaDB a plain column becomes
// VIRTUAL generated and a VIRTUAL one becomes plain (MODIFY fails with
// error 1907): the column is replaced, the plain one keeping the values it
// had, and the rollback gives the base back with its rows.
func TestMysqlVirtualColumnChangesKind(t *testing.T) {
	base := "CREATE TABLE g (id int PRIMARY KEY, a int NOT NULL, c int, v int AS (a * 2) VIRTUAL);"
	runMyScenario(t, myScenario{
		name: "virtual kind changes",
		base: base,
		head: "CREATE TABLE g (id int PRIMARY KEY, a int NOT NULL, c int AS (a * 10) VIRTUAL, v int);",
		seed: "INSERT INTO g (id, a, c) VALUES (1, 5, 7);",
		rows: "SELECT id, a FROM g ORDER BY id",
		check: func(t *testing.T, db *sql.DB, _ *plan.Plan) {
			if got := queryOne(t, db, "SELECT concat(c, ',', v) FROM g WHERE id = 1"); got != "50,10" {
				t.Errorf("c,v = %q, want 50,10 (generated c, v keeping its value)", got)
			}
		},
	})
}
