package facts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
)

// beginner opens transactions: *sql.DB and *sql.Conn.
type beginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// connector hands out one connection: *sql.DB.
type connector interface {
	Conn(ctx context.Context) (*sql.Conn, error)
}

// session is one read-only transaction on the target with a statement
// timeout on every query.
type session struct {
	q    Querier
	d    *dialect.Dialect
	opts Options
	// savepoints: PostgreSQL aborts the whole transaction when a
	// statement fails (a timeout included), so each query runs under a
	// savepoint that is rolled back on failure.
	savepoints bool
	close      func() error
}

// open starts the session. With a *sql.DB or *sql.Conn it opens its own
// read-only transaction; any other Querier (a *sql.Tx) is used as it is,
// and must be a single session the caller made read-only.
func open(ctx context.Context, q Querier, d *dialect.Dialect, opts Options) (*session, error) {
	s := &session{q: q, d: d, opts: opts, close: func() error { return nil }}
	switch d.Name {
	case "postgres":
		if b, ok := q.(beginner); ok {
			// pgx sends BEGIN READ ONLY for ReadOnly.
			tx, err := b.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
			if err != nil {
				return nil, fmt.Errorf("begin read-only transaction: %w", err)
			}
			s.q, s.close = tx, tx.Rollback
		}
		s.savepoints = true
		ms := opts.StatementTimeout.Milliseconds()
		lock := min(ms, time.Second.Milliseconds())
		for _, set := range []string{
			"SET LOCAL transaction_read_only = on",
			fmt.Sprintf("SET LOCAL statement_timeout = %d", ms),
			fmt.Sprintf("SET LOCAL lock_timeout = %d", lock),
		} {
			if err := s.exec(ctx, set); err != nil {
				s.close()
				return nil, fmt.Errorf("%s: %w", set, err)
			}
		}
	case "mysql", "mariadb":
		if b, ok := q.(beginner); ok {
			// go-sql-driver/mysql sends START TRANSACTION READ ONLY.
			tx, err := b.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
			if err != nil {
				return nil, fmt.Errorf("begin read-only transaction: %w", err)
			}
			s.q, s.close = tx, tx.Rollback
		}
	case "sqlite":
		// PRAGMA query_only is a connection setting: pin one connection,
		// set it for the session and put it back afterwards.
		var conn *sql.Conn
		if c, ok := q.(connector); ok {
			var err error
			if conn, err = c.Conn(ctx); err != nil {
				return nil, fmt.Errorf("connection: %w", err)
			}
			s.q = conn
		} else if c, ok := q.(*sql.Conn); ok {
			conn = c
		}
		if err := s.exec(ctx, "PRAGMA query_only = ON"); err != nil {
			if conn != nil && conn != q {
				conn.Close()
			}
			return nil, fmt.Errorf("PRAGMA query_only: %w", err)
		}
		s.close = func() error {
			err := s.exec(context.WithoutCancel(ctx), "PRAGMA query_only = OFF")
			if conn != nil && conn != q {
				return errors.Join(err, conn.Close())
			}
			return err
		}
	default:
		return nil, fmt.Errorf("dialect %s: no data checks", d.Name)
	}
	return s, nil
}

// exec runs a statement that returns no rows.
func (s *session) exec(ctx context.Context, stmt string) error {
	rows, err := s.q.QueryContext(ctx, stmt)
	if err != nil {
		return err
	}
	for rows.Next() {
	}
	return errors.Join(rows.Err(), rows.Close())
}

// row runs a query that returns one row and scans it, under the statement
// timeout.
func (s *session) row(ctx context.Context, query string, dest ...any) error {
	switch s.d.Name {
	case "mariadb":
		// max_statement_time is in seconds; lock_wait_timeout (metadata
		// locks) in whole seconds.
		query = fmt.Sprintf("SET STATEMENT max_statement_time=%g, lock_wait_timeout=1 FOR %s",
			s.opts.StatementTimeout.Seconds(), query)
	case "mysql":
		query = strings.Replace(query, "SELECT ", fmt.Sprintf("SELECT /*+ MAX_EXECUTION_TIME(%d) */ ", s.opts.StatementTimeout.Milliseconds()), 1)
	case "sqlite":
		// SQLite has no statement timeout: modernc.org/sqlite interrupts
		// the statement when the context ends.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.opts.StatementTimeout)
		defer cancel()
	}
	if s.savepoints {
		if err := s.exec(ctx, "SAVEPOINT mb_fact"); err != nil {
			return err
		}
	}
	err := s.scan(ctx, query, dest...)
	if s.savepoints {
		undo := "RELEASE SAVEPOINT mb_fact"
		if err != nil {
			undo = "ROLLBACK TO SAVEPOINT mb_fact"
		}
		if uerr := s.exec(context.WithoutCancel(ctx), undo); uerr != nil {
			return errors.Join(err, uerr)
		}
	}
	return err
}

func (s *session) scan(ctx context.Context, query string, dest ...any) error {
	rows, err := s.q.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Close()
}

var mysqlErrRE = regexp.MustCompile(`^Error (\d+)`)

// reason turns a query error into a sentence for the report, without the
// driver's text (which may quote data values).
func (s *session) reason(err error) string {
	var state interface{ SQLState() string }
	timeout := fmt.Sprintf("timed out after %v", s.opts.StatementTimeout)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return timeout
	case errors.As(err, &state):
		switch state.SQLState() {
		case "57014":
			return timeout
		case "55P03":
			return "waited too long for a lock"
		}
		return "query failed (SQLSTATE " + state.SQLState() + ")"
	}
	msg := err.Error()
	if m := mysqlErrRE.FindStringSubmatch(msg); m != nil {
		switch m[1] {
		case "1969", "3024":
			return timeout
		case "1205":
			return "waited too long for a lock"
		}
		return "query failed (error " + m[1] + ")"
	}
	if strings.Contains(msg, "interrupted") {
		return timeout
	}
	return "query failed"
}
