package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

//go:embed migrations/postgres/*.sql migrations/sqlite/*.sql
var migrationFS embed.FS

// migrationLockID serializes migrations of several processes starting at
// once against one PostgreSQL.
const migrationLockID = 0x6d62_6d69_6772_6174 // "mbmigrat"

type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the backend's embedded migrations in version order
// (files are named NNNN_description.sql).
func migrations(backend Backend) ([]migration, error) {
	dir := "migrations/" + string(backend)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("store: migration %s/%s: name must start with a version number", dir, e.Name())
		}
		body, err := fs.ReadFile(migrationFS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// migrate brings the store's tables and River's up to date.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrations(s.backend)
	if err != nil {
		return err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	defer conn.Close()
	if s.backend == Postgres {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, int64(migrationLockID)); err != nil {
			return fmt.Errorf("store: migrate: lock: %w", err)
		}
		defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, int64(migrationLockID))
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS mb_schema_version (version integer PRIMARY KEY, name text NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	applied := map[int]bool{}
	rows, err := conn.QueryContext(ctx, `SELECT version FROM mb_schema_version`)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return fmt.Errorf("store: migrate: %w", err)
		}
		applied[v] = true
	}
	rows.Close()
	for _, m := range ms {
		if applied[m.version] {
			continue
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO mb_schema_version (version, name) VALUES (?, ?)`), m.version, m.name); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
	}
	// River's tables. On SQLite the single connection is held by conn, so
	// release it first; on PostgreSQL the advisory lock above is still held
	// by conn, keeping concurrent starts from migrating River twice.
	if s.backend == SQLite {
		conn.Close()
		m, err := rivermigrate.New(riversqlite.New(s.db), nil)
		return migrateRiver(ctx, m, err)
	}
	m, err := rivermigrate.New(riverpgxv5.New(s.pool), nil)
	return migrateRiver(ctx, m, err)
}

func migrateRiver[TTx any](ctx context.Context, m *rivermigrate.Migrator[TTx], err error) error {
	if err != nil {
		return fmt.Errorf("store: River migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("store: River migrations: %w", err)
	}
	return nil
}
