package prisma

import (
	"context"
	"os"
	"testing"

	mysqlinspect "github.com/migrate-bot/migrate-bot/internal/engine/introspect/mysql"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/mytest"
)

// TestMysqlMatchesServer runs on MariaDB the SQL Prisma's MySQL renderer
// writes for testdata/mysql/blog.prisma (derived by hand from the
// renderer's rules: Prisma's WebAssembly engine has no MySQL connector)
// and requires the reader's schema to equal what MySQL introspection reads
// back from the server.
func TestMysqlMatchesServer(t *testing.T) {
	db := mytest.New(t)
	ddl, err := os.ReadFile("testdata/mysql/blog.sql")
	if err != nil {
		t.Fatal(err)
	}
	db.Exec(t, string(ddl))
	live, err := mysqlinspect.Inspect(context.Background(), db.DB, mysqlinspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseDir("testdata/mysql/blog.prisma")
	if err != nil {
		t.Fatal(err)
	}
	if len(live.Tables) != 6 {
		t.Fatalf("%d tables on the server", len(live.Tables))
	}
	for _, d := range schema.Differences(got, live) {
		t.Errorf("reader vs server: %s", d)
	}
}
