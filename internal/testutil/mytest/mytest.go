// Package mytest gives each test its own MariaDB (or MySQL) database on
// the server this machine runs (see README), dropped when the test ends.
//
// The server is found from MIGRATE_BOT_TEST_MYSQL (a go-sql-driver DSN
// without a database name, default root@tcp(127.0.0.1:3306)/). With no
// server reachable, tests skip with the reason; under CI (CI=true) they
// fail instead, so a missing database can never turn a CI run green.
package mytest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// DefaultServer is the DSN used when MIGRATE_BOT_TEST_MYSQL is unset.
const DefaultServer = "root@tcp(127.0.0.1:3306)/"

var (
	adminOnce sync.Once
	adminDB   *sql.DB
	adminErr  error
)

// ServerDSN is the DSN of the server tests connect to, without a database.
func ServerDSN() string {
	if u := os.Getenv("MIGRATE_BOT_TEST_MYSQL"); u != "" {
		return u
	}
	return DefaultServer
}

// config parses the server DSN and sets what every connection needs:
// several statements per Exec, temporal values as text.
func config(dbName string) (*mysql.Config, error) {
	cfg, err := mysql.ParseDSN(ServerDSN())
	if err != nil {
		return nil, err
	}
	cfg.DBName = dbName
	cfg.MultiStatements = true
	cfg.ParseTime = false
	cfg.Timeout = 5 * time.Second
	return cfg, nil
}

func admin() (*sql.DB, error) {
	adminOnce.Do(func() {
		cfg, err := config("")
		if err != nil {
			adminErr = err
			return
		}
		adminDB, adminErr = sql.Open("mysql", cfg.FormatDSN())
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
	// DSN connects to it (go-sql-driver/mysql format).
	DSN string
	// DB is an open handle on it.
	DB *sql.DB
}

// New creates an empty database (utf8mb4) for the test and drops it at
// cleanup.
func New(t testing.TB) *DB {
	t.Helper()
	adm, err := admin()
	if err != nil {
		Unavailable(t, "MariaDB/MySQL at "+redact(ServerDSN()), err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "mbtest_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	if _, err := adm.ExecContext(ctx, "CREATE DATABASE `"+name+"`"); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	cfg, err := config(name)
	if err != nil {
		t.Fatalf("parse %s: %v", redact(ServerDSN()), err)
	}
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	t.Cleanup(func() {
		db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := adm.ExecContext(ctx, "DROP DATABASE IF EXISTS `"+name+"`"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	return &DB{Name: name, DSN: cfg.FormatDSN(), DB: db}
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

// Version returns the server's version string, e.g.
// "10.11.6-MariaDB-0+deb12u1".
func (d *DB) Version(t testing.TB) string {
	t.Helper()
	var v string
	if err := d.DB.QueryRowContext(context.Background(), "SELECT VERSION()").Scan(&v); err != nil {
		t.Fatalf("server version: %v", err)
	}
	return v
}

// redact hides the password of a DSN.
func redact(dsn string) string {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return "(invalid DSN)"
	}
	if cfg.Passwd != "" {
		cfg.Passwd = "xxxxx"
	}
	return cfg.FormatDSN()
}
