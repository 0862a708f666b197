package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// BeginPgx starts a pgx transaction on the PostgreSQL pool (River's
// riverpgxv5 driver inserts jobs in it). Only on PostgreSQL.
func (s *Store) BeginPgx(ctx context.Context) (pgx.Tx, error) {
	if s.pool == nil {
		return nil, errors.New("store: BeginPgx on SQLite")
	}
	return s.pool.Begin(ctx)
}

// BeginSQL starts a database/sql transaction (River's riversqlite driver
// inserts jobs in it). Only on SQLite.
func (s *Store) BeginSQL(ctx context.Context) (*sql.Tx, error) {
	if s.backend != SQLite {
		return nil, errors.New("store: BeginSQL on PostgreSQL")
	}
	return s.db.BeginTx(ctx, nil)
}

// RecordDeliveryTx is RecordDelivery inside tx (a pgx.Tx from BeginPgx or a
// *sql.Tx from BeginSQL), so a delivery id is recorded in the same
// transaction as the jobs it causes: both are kept, or neither.
func (s *Store) RecordDeliveryTx(ctx context.Context, tx any, id, event, action string) (fresh bool, err error) {
	if id == "" {
		return false, errors.New("store: empty delivery id")
	}
	const insert = `INSERT INTO mb_delivery (id, event, action, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`
	now := s.now().Unix()
	var n int64
	switch tx := tx.(type) {
	case pgx.Tx:
		tag, err := tx.Exec(ctx, s.q(insert), id, event, action, now)
		if err != nil {
			return false, fmt.Errorf("store: record delivery %s: %w", id, err)
		}
		n = tag.RowsAffected()
	case *sql.Tx:
		res, err := tx.ExecContext(ctx, s.q(insert), id, event, action, now)
		if err != nil {
			return false, fmt.Errorf("store: record delivery %s: %w", id, err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return false, fmt.Errorf("store: record delivery %s: %w", id, err)
		}
	default:
		return false, fmt.Errorf("store: RecordDeliveryTx: unsupported transaction %T", tx)
	}
	return n == 1, nil
}
