// Package pgtest gives each test its own PostgreSQL database on the server
// this machine runs (see README), dropped when the test ends.
//
// The server is found from MIGRATE_BOT_TEST_PG (a URL without a database
// name, default postgres://postgres@127.0.0.1:5432/). With no server
// reachable, tests skip with the reason; under CI (CI=true) they fail
// instead, so a missing database can never turn a CI run green.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	// The pgx database/sql driver, registered as "pgx".
	_ "github.com/jackc/pgx/v5/stdlib"
)

// DefaultServer is the server used when MIGRATE_BOT_TEST_PG is unset.
const DefaultServer = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

var (
	adminOnce sync.Once
	adminDB   *sql.DB
	adminErr  error
)

// ServerURL is the URL of the maintenance database tests connect to first.
func ServerURL() string {
	if u := os.Getenv("MIGRATE_BOT_TEST_PG"); u != "" {
		return u
	}
	return DefaultServer
}

func admin() (*sql.DB, error) {
	adminOnce.Do(func() {
		adminDB, adminErr = sql.Open("pgx", ServerURL())
		if adminErr != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		adminErr = adminDB.PingContext(ctx)
	})
	return adminDB, adminErr
}

// Unavailable ends the test when no server is reachable: a skip with the
// reason, or under CI=true a failure.
func Unavailable(t testing.TB, what string, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required in CI but unreachable: %v", what, err)
	}
	t.Skipf("%s unreachable (%v); start it as the README says, or set CI=true to make this a failure", what, err)
}

// DB is a fresh database for one test.
type DB struct {
	// Name is the database name (random, prefixed "mbtest_").
	Name string
	// URL connects to it.
	URL string
	// DB is an open handle on it.
	DB *sql.DB
}

// New creates an empty database for the test and drops it at cleanup.
func New(t testing.TB) *DB {
	t.Helper()
	adm, err := admin()
	if err != nil {
		Unavailable(t, "PostgreSQL at "+redact(ServerURL()), err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "mbtest_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	if _, err := adm.ExecContext(ctx, `CREATE DATABASE "`+name+`"`); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	u, err := url.Parse(ServerURL())
	if err != nil {
		t.Fatalf("parse %s: %v", redact(ServerURL()), err)
	}
	u.Path = "/" + name
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	t.Cleanup(func() {
		db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := adm.ExecContext(ctx, `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	return &DB{Name: name, URL: u.String(), DB: db}
}

// Exec runs SQL (several statements allowed) and fails the test on error.
func (d *DB) Exec(t testing.TB, sqlText string) {
	t.Helper()
	if strings.TrimSpace(sqlText) == "" {
		return
	}
	if _, err := d.DB.ExecContext(context.Background(), sqlText); err != nil {
		t.Fatalf("exec on %s: %v\n--- SQL ---\n%s", d.Name, err, sqlText)
	}
}

func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(invalid URL)"
	}
	return u.Redacted()
}
