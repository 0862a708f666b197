package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/migrate-bot/migrate-bot/internal/testutil/mytest"
)

const noChanges = "No changes: the schemas are equivalent."

// mysqlURL is the mysql:// URL of a mytest database, as a user would
// write it.
func mysqlURL(t *testing.T, db *mytest.DB) string {
	t.Helper()
	cfg, err := mysql.ParseDSN(db.DSN)
	if err != nil {
		t.Fatal(err)
	}
	u := url.URL{Scheme: "mysql", Host: cfg.Addr, Path: "/" + cfg.DBName}
	if cfg.Passwd != "" {
		u.User = url.UserPassword(cfg.User, cfg.Passwd)
	} else {
		u.User = url.User(cfg.User)
	}
	return u.String()
}

// roundTrip plans from the live database at dbURL to v2, applies the up
// file with exec, checks that planning again finds nothing, applies the
// down file and checks that the database equals v1 again.
func roundTrip(t *testing.T, dbURL, v1, v2 string, exec func(string) error, flags ...string) {
	t.Helper()
	out := t.TempDir()
	args := append([]string{"plan", "--from", dbURL, "--to", v2, "--out", out, "--version", "1"}, flags...)
	r := run(t, args...)
	r.wantCode(t, ExitOK)
	if !strings.Contains(r.stdout, "AddColumn users.name") {
		t.Fatalf("report:\n%s", r.stdout)
	}
	up := readDirFile(t, out, ".up.sql")
	if err := exec(up); err != nil {
		t.Fatalf("apply up migration: %v\n%s", err, up)
	}
	again := run(t, append([]string{"plan", "--from", dbURL, "--to", v2}, flags...)...)
	again.wantCode(t, ExitOK)
	if strings.TrimSpace(again.stdout) != noChanges {
		t.Fatalf("after applying the migration:\n%s", again.stdout)
	}
	down := readDirFile(t, out, ".down.sql")
	if err := exec(down); err != nil {
		t.Fatalf("apply down migration: %v\n%s", err, down)
	}
	back := run(t, append([]string{"plan", "--from", dbURL, "--to", v1}, flags...)...)
	back.wantCode(t, ExitOK)
	if strings.TrimSpace(back.stdout) != noChanges {
		t.Fatalf("after the rollback:\n%s", back.stdout)
	}
}

// TestPlanFromMariaDB plans from a live MariaDB database (mysql:// URL,
// introspected) to a MySQL DDL file read by the MySQL reader, applies the
// migration on the server, and plans again: nothing is left to do; the
// rollback gives the first schema back.
func TestPlanFromMariaDB(t *testing.T) {
	db := mytest.New(t)
	v1, v2 := testdata(t, "mysql/users_v1.sql"), testdata(t, "mysql/users_v2.sql")
	db.Exec(t, readFile(t, v1))
	exec := func(script string) error {
		_, err := db.DB.ExecContext(context.Background(), script)
		return err
	}
	roundTrip(t, mysqlURL(t, db), v1, v2, exec, "--dialect", "mariadb", "--dialect-version", "10.11")

	// The URL alone picks the MySQL family (MySQL 8.0 by default; the
	// report writes a .0 minor version as the major alone).
	r := run(t, "plan", "--from", mysqlURL(t, db), "--to", v1, "--report", "json")
	r.wantCode(t, ExitOK)
	var doc jsonDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if doc.Dialect != "mysql" || doc.DialectVersion != "8" {
		t.Errorf("dialect %q %q, want mysql 8.0", doc.Dialect, doc.DialectVersion)
	}
}

// TestPlanFromSQLiteFile plans from a live SQLite file (sqlite:/// and
// file: URLs) to an SQLite DDL file, applies the migration to the file, and
// plans again.
func TestPlanFromSQLiteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v1, v2 := testdata(t, "sqlite/users_v1.sql"), testdata(t, "sqlite/users_v2.sql")
	if _, err := db.Exec(readFile(t, v1)); err != nil {
		t.Fatal(err)
	}
	exec := func(script string) error {
		_, err := db.ExecContext(context.Background(), script)
		return err
	}
	roundTrip(t, "sqlite://"+path, v1, v2, exec, "--dialect", "sqlite", "--dialect-version", "3.45")

	// file: works too, and the URL alone picks the dialect.
	r := run(t, "plan", "--from", "file:"+path, "--to", v1, "--report", "json")
	r.wantCode(t, ExitOK)
	var doc jsonDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if doc.Dialect != "sqlite" || len(doc.Steps) != 0 {
		t.Errorf("dialect %q with %d steps, want sqlite and none", doc.Dialect, len(doc.Steps))
	}

	// A missing file is an error, not a new empty database.
	missing := run(t, "plan", "--from", "sqlite://"+filepath.Join(t.TempDir(), "none.db"), "--to", v1)
	missing.wantCode(t, ExitError)
	if !strings.Contains(missing.stderr, "cannot connect to the database") {
		t.Errorf("stderr = %s", missing.stderr)
	}
}

// TestPlanDialectSources checks that each dialect's SQL files are read with
// its own reader and that a Prisma provider picks the dialect.
func TestPlanDialectSources(t *testing.T) {
	tests := []struct {
		name        string
		args        []string
		dialect     string
		version     string
		sqlContains string
	}{
		{"mysql sql", []string{"--from", "empty", "--to", "testdata/mysql/users_v2.sql", "--dialect", "mysql", "--dialect-version", "8.4"},
			"mysql", "8.4", "enum('active','banned','deleted')"},
		{"mariadb sql", []string{"--from", "testdata/mysql/users_v1.sql", "--to", "testdata/mysql/users_v2.sql", "--dialect", "mariadb"},
			"mariadb", "10.11", "ALGORITHM=INSTANT"},
		{"sqlite sql", []string{"--from", "testdata/sqlite/users_v1.sql", "--to", "testdata/sqlite/users_v2.sql", "--dialect", "sqlite"},
			"sqlite", "3.45", `ALTER TABLE "users" ADD COLUMN "name" TEXT NOT NULL DEFAULT ''`},
		{"prisma mysql provider", []string{"--from", "empty", "--to", "testdata/mysql.prisma"},
			"mysql", "8", "CREATE TABLE `User`"},
		{"prisma mysql provider on mariadb", []string{"--from", "empty", "--to", "testdata/mysql.prisma", "--dialect", "mariadb", "--dialect-version", "10.11"},
			"mariadb", "10.11", "CREATE TABLE `User`"},
		{"prisma sqlite provider", []string{"--from", "empty", "--to", "testdata/sqlite/users.prisma"},
			"sqlite", "3.45", `"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, append(append([]string{"plan"}, tc.args...), "--report", "json")...)
			r.wantCode(t, ExitOK)
			var doc jsonDoc
			if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
				t.Fatalf("%v\n%s", err, r.stdout)
			}
			if doc.Dialect != tc.dialect || doc.DialectVersion != tc.version {
				t.Errorf("dialect %q %q, want %q %q", doc.Dialect, doc.DialectVersion, tc.dialect, tc.version)
			}
			var up []string
			for _, s := range doc.Steps {
				up = append(up, s.Up...)
			}
			if !strings.Contains(strings.Join(up, "\n"), tc.sqlContains) {
				t.Errorf("up SQL lacks %q:\n%s", tc.sqlContains, strings.Join(up, "\n"))
			}
		})
	}
	bad := run(t, "plan", "--from", "empty", "--to", "testdata/sqlite/users.prisma", "--dialect", "mysql")
	bad.wantCode(t, ExitError)
	if !strings.Contains(bad.stderr, "contradicts") {
		t.Errorf("--dialect mysql with a sqlite Prisma schema: %s", bad.stderr)
	}
}

// TestMySQLURLToDSN checks the URL to go-sql-driver DSN conversion.
func TestMySQLURLToDSN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"mysql://root@127.0.0.1:3306/app", "root@tcp(127.0.0.1:3306)/app"},
		{"mysql://u:p%40ss@db.internal/app", "u:p@ss@tcp(db.internal:3306)/app"},
		{"mariadb://u@[::1]:3307/app?tls=skip-verify", "u@tcp([::1]:3307)/app?tls=skip-verify"},
	}
	for _, tc := range tests {
		got, err := mysqlURLToDSN(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("mysqlURLToDSN(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := mysqlURLToDSN("mysql://root@host"); err == nil {
		t.Error("a URL without a database was accepted")
	}
}
