package main

import (
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/server"
)

func TestShadowServersFromEnvironment(t *testing.T) {
	if f, err := shadowServers(server.Config{}); err != nil || f != nil {
		t.Fatalf("no variables: %v, %v; want none", f, err)
	}
	f, err := shadowServers(server.Config{ShadowPostgres: "postgres://postgres@127.0.0.1:5432/postgres", ShadowSQLite: "sqlite://" + t.TempDir()})
	if err != nil || f == nil {
		t.Fatalf("two servers: %v", err)
	}
	_, err = shadowServers(server.Config{ShadowMariaDB: "postgres://u:secret@h/db"})
	if err == nil || !strings.Contains(err.Error(), "MIGRATE_BOT_SHADOW_MARIADB") || strings.Contains(err.Error(), "secret") {
		t.Fatalf("wrong family: %v; want an error naming the variable, without the password", err)
	}
	_, err = shadowServers(server.Config{ShadowSQLite: "ftp://x"})
	if err == nil || !strings.Contains(err.Error(), "MIGRATE_BOT_SHADOW_SQLITE") {
		t.Fatalf("bad scheme: %v", err)
	}
}
