package pgtest

import (
	"context"
	"testing"
)

func TestNewGivesAnEmptyDatabase(t *testing.T) {
	d := New(t)
	d.Exec(t, `CREATE TABLE t (a int); INSERT INTO t VALUES (1), (2)`)
	var n int
	if err := d.DB.QueryRowContext(context.Background(), `SELECT count(*) FROM t`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("count = %d, want 2", n)
	}
	var cur string
	if err := d.DB.QueryRowContext(context.Background(), `SELECT current_database()`).Scan(&cur); err != nil {
		t.Fatal(err)
	}
	if cur != d.Name {
		t.Fatalf("connected to %q, want %q", cur, d.Name)
	}
}
