package verify

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	mysqlintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/mysql"
	pgintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/postgres"
	sqliteintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// DB is a connection to an empty throwaway database (*sql.DB or *sql.Conn).
// A MySQL or MariaDB connection must allow several statements in one call
// (go-sql-driver's multiStatements=true), as Prisma's migration runner sends
// each migration script whole.
type DB interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Script is one migration of a history, in the order it is applied.
type Script struct {
	// Name says where the script comes from ("20240101000000_init/migration.sql").
	Name string
	// SQL is the whole script.
	SQL string
}

// ScriptError is a script of the history that the database refused.
type ScriptError struct {
	Name string
	Err  error
}

func (e *ScriptError) Error() string {
	return fmt.Sprintf("replaying the migration history: %s fails on an empty database: %v", e.Name, e.Err)
}

func (e *ScriptError) Unwrap() error { return e.Err }

// Replay applies scripts in order to db, an empty database of dialect d,
// and returns the schema they leave. Each script is sent in one call, the
// way `prisma migrate deploy` sends a migration.sql (PostgreSQL runs a
// multi-statement simple query as one implicit transaction).
func Replay(ctx context.Context, db DB, d *dialect.Dialect, scripts []Script) (*schema.Schema, error) {
	for _, s := range scripts {
		if strings.TrimSpace(s.SQL) == "" {
			continue
		}
		if _, err := db.ExecContext(ctx, s.SQL); err != nil {
			return nil, &ScriptError{Name: s.Name, Err: err}
		}
	}
	return Inspect(ctx, db, d)
}

// Inspect reads the schema of db with the introspection of d's family.
func Inspect(ctx context.Context, db DB, d *dialect.Dialect) (*schema.Schema, error) {
	var (
		sc  *schema.Schema
		err error
	)
	switch d.Family() {
	case dialect.FamilyMySQL:
		sc, err = mysqlintro.Inspect(ctx, db, mysqlintro.Options{})
	case dialect.FamilySQLite:
		sc, err = sqliteintro.Inspect(ctx, db, sqliteintro.Options{})
	default:
		sc, err = pgintro.Inspect(ctx, db, pgintro.Options{})
	}
	if err != nil {
		return nil, fmt.Errorf("reading the shadow database: %w", err)
	}
	return sc, nil
}
