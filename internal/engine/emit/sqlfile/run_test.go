package sqlfile

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// psqlFile runs a file with psql, stopping at the first error.
func psqlFile(t *testing.T, db *pgtest.DB, path string) {
	t.Helper()
	psql, err := exec.LookPath("psql")
	if err != nil {
		pgtest.Unavailable(t, "psql", err)
	}
	out, err := exec.Command(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.URL, "-f", path).CombinedOutput()
	if err != nil {
		t.Fatalf("psql -f %s: %v\n%s", filepath.Base(path), err, out)
	}
}

func count(t *testing.T, db *pgtest.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.DB.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestFilesRunWithPsql applies the hostile-names files with psql -f: up,
// down, up again, then a concurrent index on the existing table (outside
// any transaction) and back.
func TestFilesRunWithPsql(t *testing.T) {
	db := pgtest.New(t)
	dir := t.TempDir()
	write := func() (up, down string) {
		for _, f := range Files(buildPlan(t, goldenPlans()["hostile_names"]), Options{Version: "1", Name: "hostile"}) {
			path := filepath.Join(dir, f.Path)
			if err := os.WriteFile(path, f.Data, 0o600); err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(path, ".up.sql") {
				up = path
			} else {
				down = path
			}
		}
		return up, down
	}
	up, down := write()
	tables := `SELECT count(*) FROM pg_class WHERE relname = $1 AND relkind = 'r'`
	psqlFile(t, db, up)
	if n := count(t, db, tables, hostile); n != 1 {
		t.Fatalf("after up: %d tables named %q, want 1", n, hostile)
	}
	if n := count(t, db, `SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1`, `i"; --`); n != 1 {
		t.Fatalf("after up: index missing")
	}
	psqlFile(t, db, down)
	psqlFile(t, db, down) // re-runnable
	if n := count(t, db, tables, hostile); n != 0 {
		t.Fatalf("after down: %d tables, want 0", n)
	}
	psqlFile(t, db, up)

	// A concurrent index on the now existing table, through psql.
	p := buildPlan(t, []schema.Change{&schema.AddIndex{Table: qn(hostile),
		Index: &schema.Index{Name: "by id", Parts: []schema.IndexPart{{Column: "id"}}}}})
	files := Files(p, Options{Version: "2", Name: "cic"})
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Path), f.Data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	psqlFile(t, db, filepath.Join(dir, files[0].Path))
	if n := count(t, db, `SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'by id' AND i.indisvalid`); n != 1 {
		t.Fatalf("concurrent index missing or invalid")
	}
	psqlFile(t, db, filepath.Join(dir, files[1].Path))
	if n := count(t, db, `SELECT count(*) FROM pg_class WHERE relname = 'by id'`); n != 0 {
		t.Fatalf("concurrent index still there after down")
	}
}

// TestFilesRunAsOneExec sends whole files as one multi-statement query
// (pgx simple protocol): fine without non-transactional steps, refused by
// the server with one, as the package documentation says.
func TestFilesRunAsOneExec(t *testing.T) {
	db := pgtest.New(t)
	ctx := context.Background()
	p := buildPlan(t, goldenPlans()["add_table_index_fk"])
	// The foreign key needs users; create it first, then run up, down, up.
	base := buildPlan(t, []schema.Change{&schema.AddTable{Table: users()}})
	if HasNonTransactional(p) || HasNonTransactional(base) {
		t.Fatal("plans expected to be transactional only")
	}
	baseUp, _ := Render(base, Options{})
	up, down := Render(p, Options{})
	for i, sql := range []string{baseUp, up, down, up} {
		if _, err := db.DB.ExecContext(ctx, sql); err != nil {
			t.Fatalf("exec %d: %v\n%s", i, err, sql)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM pg_constraint WHERE conname = 'orders_user_id_fkey'`); n != 1 {
		t.Fatalf("foreign key missing after up")
	}

	cic := buildPlan(t, goldenPlans()["add_index_concurrently"])
	if !HasNonTransactional(cic) {
		t.Fatal("concurrent index plan should be non-transactional")
	}
	cicUp, _ := Render(cic, Options{})
	_, err := db.DB.ExecContext(ctx, cicUp)
	if err == nil || !strings.Contains(err.Error(), "transaction block") {
		t.Fatalf("one Exec of a CONCURRENTLY file: err = %v, want the server's transaction block refusal", err)
	}
}
