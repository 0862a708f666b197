package acceptance

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	introspect "github.com/migrate-bot/migrate-bot/internal/engine/introspect/mysql"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/mysqlddl"
	"github.com/migrate-bot/migrate-bot/internal/testutil/mytest"
)

// mariadbBackend runs testdata/mariadb on the MariaDB server of package
// mytest. Prisma's engine has no MySQL connector in its WebAssembly build,
// so Prisma cases (provider mysql) are held to the reader's documented
// mapping: the database migrate-bot's plan builds from empty must
// introspect equal to the reader's model (checked for every case).
var mariadbBackend = &backend{
	name:     "mariadb",
	provider: "mysql",
	minCases: 80, minPrisma: 25, minSQL: 40,
	concurrency: 4,
	newPool: func(t *testing.T, n int) *dbPool {
		return newServerPool(t, n, func(t *testing.T) *testDB {
			db := mytest.New(t)
			return &testDB{Name: db.Name, DB: db.DB, empty: emptyMariaDB}
		})
	},
	serverVersion: func(db *sql.DB) (string, error) {
		var v string
		if err := db.QueryRow(`SELECT VERSION()`).Scan(&v); err != nil {
			return "", err
		}
		return serverMajorMinor(v)
	},
	lookup:   dialect.Mariadb,
	parseSQL: mysqlddl.Parse,
	inspect: func(ctx context.Context, db *sql.DB) (*schema.Schema, error) {
		return introspect.Inspect(ctx, db, introspect.Options{})
	},
	snapshot: genericSnapshot,
}

// emptyMariaDB drops every view, table and routine of the database
// (triggers go with their tables), with foreign key checks off so the
// order does not matter. The database's own character set is untouched.
func emptyMariaDB(t *testing.T, db *testDB) {
	t.Helper()
	ctx := context.Background()
	conn, err := db.DB.Conn(ctx)
	if err != nil {
		t.Fatalf("empty database %s: %v", db.Name, err)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, `
SELECT CASE TABLE_TYPE WHEN 'VIEW' THEN 'VIEW' ELSE 'TABLE' END, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()
UNION ALL
SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()
ORDER BY 1 DESC`)
	if err != nil {
		t.Fatalf("empty database %s: %v", db.Name, err)
	}
	var stmts []string
	for rows.Next() {
		var kind, name string
		if err := rows.Scan(&kind, &name); err != nil {
			t.Fatalf("empty database %s: %v", db.Name, err)
		}
		stmts = append(stmts, "DROP "+kind+" IF EXISTS `"+strings.ReplaceAll(name, "`", "``")+"`")
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("empty database %s: %v", db.Name, err)
	}
	rows.Close()
	if len(stmts) == 0 {
		return
	}
	script := "SET FOREIGN_KEY_CHECKS = 0;\n" + strings.Join(stmts, ";\n") + ";\nSET FOREIGN_KEY_CHECKS = 1"
	if _, err := conn.ExecContext(ctx, script); err != nil {
		t.Fatalf("empty database %s: %v\n%s", db.Name, err, script)
	}
}
