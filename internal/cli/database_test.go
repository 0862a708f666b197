package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// TestPlanFromDatabase plans from a live database to a Prisma schema,
// applies the printed migration, and plans again: nothing is left to do.
func TestPlanFromDatabase(t *testing.T) {
	db := pgtest.New(t)
	db.Exec(t, readFile(t, testdata(t, "users_v1.sql")))
	out := t.TempDir()
	r := run(t, "plan", "--from", db.URL, "--to", testdata(t, "users_v2.sql"), "--out", out, "--version", "1", "--dialect-version", "15")
	r.wantCode(t, ExitOK)
	if !strings.Contains(r.stdout, "AddColumn public.users.name") {
		t.Fatalf("report:\n%s", r.stdout)
	}
	up := readDirFile(t, out, ".up.sql")
	if _, err := db.DB.ExecContext(context.Background(), up); err != nil {
		t.Fatalf("apply up migration: %v\n%s", err, up)
	}
	again := run(t, "plan", "--from", db.URL, "--to", testdata(t, "users_v2.sql"))
	again.wantCode(t, ExitOK)
	if strings.TrimSpace(again.stdout) != "No changes: the schemas are equivalent." {
		t.Fatalf("after applying the migration:\n%s", again.stdout)
	}
	down := readDirFile(t, out, ".down.sql")
	if _, err := db.DB.ExecContext(context.Background(), down); err != nil {
		t.Fatalf("apply down migration: %v\n%s", err, down)
	}
	back := run(t, "plan", "--from", db.URL, "--to", testdata(t, "users_v1.sql"))
	back.wantCode(t, ExitOK)
	if strings.TrimSpace(back.stdout) != "No changes: the schemas are equivalent." {
		t.Fatalf("after the rollback:\n%s", back.stdout)
	}
}

func TestPlanUnreachableDatabase(t *testing.T) {
	r := run(t, "plan", "--from", "postgres://nobody:secret@127.0.0.1:1/none?connect_timeout=2", "--to", "empty")
	r.wantCode(t, ExitError)
	if !strings.Contains(r.stderr, "cannot connect to the database") {
		t.Fatalf("stderr = %s", r.stderr)
	}
	if strings.Contains(r.stderr, "secret") {
		t.Fatalf("the password leaked into the message: %s", r.stderr)
	}
}
