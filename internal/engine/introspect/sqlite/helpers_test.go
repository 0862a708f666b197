package sqlite

import (
	"context"
	"database/sql"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"
	_ "modernc.org/sqlite"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// ignorePos leaves positions out of comparisons: introspection has none.
var ignorePos = cmpopts.IgnoreTypes(schema.Pos{})

// openDB opens a private in-memory database on one connection and runs
// ddl in it.
func openDB(t *testing.T, ddl string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if ddl != "" {
		if _, err := db.Exec(ddl); err != nil {
			t.Fatalf("run DDL: %v", err)
		}
	}
	return db
}

// inspect runs ddl in a fresh database and inspects it.
func inspect(t *testing.T, ddl string) *schema.Schema {
	t.Helper()
	s, err := Inspect(context.Background(), openDB(t, ddl), Options{})
	if err != nil {
		t.Fatalf("Inspect: %v", err)
	}
	return s
}

func qn(name string) schema.QName { return schema.QName{Name: name} }

func typ(raw, norm string) schema.Type { return schema.Type{Raw: raw, Norm: norm} }
