package mytest

import (
	"context"
	"strings"
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
	if err := d.DB.QueryRowContext(context.Background(), `SELECT DATABASE()`).Scan(&cur); err != nil {
		t.Fatal(err)
	}
	if cur != d.Name {
		t.Fatalf("connected to %q, want %q", cur, d.Name)
	}
	if v := d.Version(t); v == "" {
		t.Fatal("empty version")
	}
}

func TestDatabasesAreSeparate(t *testing.T) {
	a, b := New(t), New(t)
	a.Exec(t, `CREATE TABLE only_a (x int)`)
	var n int
	err := b.DB.QueryRowContext(context.Background(),
		`SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'only_a'`).Scan(&n)
	if err != nil || n != 0 {
		t.Fatalf("table of a visible in b: n=%d err=%v", n, err)
	}
}

func TestRedact(t *testing.T) {
	if got := redact("u:secret@tcp(h:1)/"); strings.Contains(got, "secret") {
		t.Errorf("redact kept the password: %s", got)
	}
}
