package mysql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/myexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Querier runs a query. *sql.DB, *sql.Tx and *sql.Conn satisfy it, so the
// caller decides which connection or transaction is read.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Options say what Inspect reads.
type Options struct {
	// Database is the database (schema) to read; empty means the
	// connection's current database, DATABASE().
	Database string
}

// ErrUnsupported is wrapped by the error Inspect returns when the database
// holds an object the model cannot represent (a partitioned table, a
// MariaDB sequence, a system-versioned table). Refusing is safer than
// leaving it out: a plan made from an incomplete schema could drop it.
var ErrUnsupported = errors.New("not supported by MySQL introspection")

// Inspect reads the schema of one database. The result has Dialect
// "mysql" or "mariadb" (from VERSION()) and is normalized.
func Inspect(ctx context.Context, q Querier, opts Options) (*schema.Schema, error) {
	in := &inspector{q: q, db: opts.Database, tables: map[string]*tableInfo{}}
	if err := in.server(ctx); err != nil {
		return nil, fmt.Errorf("introspect mysql: %w", err)
	}
	s := &schema.Schema{Dialect: in.d.Name}
	steps := []struct {
		what string
		read func(context.Context, *schema.Schema) error
	}{
		{"tables", in.readTables},
		{"columns", in.columns},
		{"indexes", in.indexes},
		{"foreign keys", in.foreignKeys},
		{"checks", in.checks},
		{"views", in.views},
		{"triggers", in.triggers},
		{"routines", in.routines},
	}
	for _, st := range steps {
		if err := st.read(ctx, s); err != nil {
			return nil, fmt.Errorf("introspect %s: %s: %w", in.d.Name, st.what, err)
		}
	}
	for _, ti := range in.order {
		s.Tables = append(s.Tables, ti.t)
	}
	return s.Normalize(), nil
}

// inspector carries what one Inspect call learns: the server kind, the
// database and its defaults, and the tables by name.
type inspector struct {
	q  Querier
	d  *dialect.Dialect
	db string
	// defaultCollation and defaultEngine are what a table gets when its
	// DDL names none.
	defaultCollation, defaultEngine string
	tables                          map[string]*tableInfo
	order                           []*tableInfo
}

// tableInfo is a table being read and what its columns need.
type tableInfo struct {
	t         *schema.Table
	collation string
}

// server reads the version, the database and its defaults.
func (in *inspector) server(ctx context.Context) error {
	var version, current sql.NullString
	err := in.query(ctx, `SELECT VERSION(), DATABASE()`, nil, func(scan scanFunc) error {
		return scan(&version, &current)
	})
	if err != nil {
		return fmt.Errorf("server version: %w", err)
	}
	if in.db == "" {
		in.db = current.String
	}
	if in.db == "" {
		return errors.New("no database selected: connect to one or set Options.Database")
	}
	if in.d, err = dialectOf(version.String); err != nil {
		return err
	}
	found := false
	err = in.query(ctx, `SELECT DEFAULT_COLLATION_NAME, @@default_storage_engine
		FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?`, []any{in.db}, func(scan scanFunc) error {
		found = true
		return scan(&in.defaultCollation, &in.defaultEngine)
	})
	if err != nil {
		return fmt.Errorf("database defaults: %w", err)
	}
	if !found {
		return fmt.Errorf("database %q does not exist", in.db)
	}
	in.defaultCollation = dialect.CanonicalCollation(in.defaultCollation)
	in.defaultEngine = dialect.CanonicalEngine(in.defaultEngine)
	return nil
}

// dialectOf picks the dialect from a VERSION() string: "8.0.36",
// "10.11.6-MariaDB-0+deb12u1".
func dialectOf(version string) (*dialect.Dialect, error) {
	num := version
	if i := strings.IndexAny(num, "-+ "); i >= 0 {
		num = num[:i]
	}
	if strings.Contains(strings.ToLower(version), "mariadb") {
		return dialect.Mariadb(num)
	}
	return dialect.Mysql(num)
}

// scanFunc scans the current row into dest, as sql.Rows.Scan does.
type scanFunc func(dest ...any) error

// query runs a query and calls row for each result row.
func (in *inspector) query(ctx context.Context, text string, args []any, row func(scanFunc) error) error {
	rows, err := in.q.QueryContext(ctx, text, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}

// queryDB runs a query whose only parameter is the database name.
func (in *inspector) queryDB(ctx context.Context, text string, row func(scanFunc) error) error {
	return in.query(ctx, text, []any{in.db}, row)
}

// table returns a table read earlier, or an error for a row that names
// an unknown one (a table created while Inspect ran).
func (in *inspector) table(name string) (*tableInfo, error) {
	ti := in.tables[name]
	if ti == nil {
		return nil, fmt.Errorf("table %s appeared while reading: inspect again in a quiet moment", name)
	}
	return ti, nil
}

// names spells function calls as the server stores them
// (dialect.MySQLFacts.FunctionNames). What the server prints is already
// spelled so; the same canonicalization on both sides keeps a live schema
// equal to the DDL file it was created from.
func (in *inspector) names() myexpr.Names { return myexpr.Names(in.d.MySQL.FunctionNames) }
