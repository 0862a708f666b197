package cli

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	mysqlintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/mysql"
	"github.com/migrate-bot/migrate-bot/internal/engine/introspect/postgres"
	sqliteintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// A database SOURCE is a URL whose scheme names its family:
//
//	postgres://user:pass@host:5432/db   (postgresql:// too)   PostgreSQL, pgx
//	mysql://user:pass@host:3306/db      (mariadb:// too)      MySQL or MariaDB, go-sql-driver/mysql
//	sqlite:///path/to/file.db, file:path/to/file.db           SQLite, modernc (opened read-only)
//
// The family decides the dialect when neither --dialect nor a Prisma
// provider does (mysql:// is MySQL; say --dialect mariadb for MariaDB).

// databaseSchemes are the URL prefixes read by introspection, lower case.
var databaseSchemes = []string{"postgres://", "postgresql://", "mysql://", "mariadb://", "sqlite:", "file:"}

// dbSource is where a database SOURCE connects.
type dbSource struct {
	// family is "postgres", "mysql" or "sqlite".
	family string
	driver string
	dsn    string
}

// parseDatabaseURL reads a database SOURCE URL.
func parseDatabaseURL(spec string) (dbSource, error) {
	lower := strings.ToLower(spec)
	switch {
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"):
		return dbSource{family: "postgres", driver: "pgx", dsn: spec}, nil
	case strings.HasPrefix(lower, "mysql://"), strings.HasPrefix(lower, "mariadb://"):
		dsn, err := mysqlURLToDSN(spec)
		if err != nil {
			return dbSource{}, err
		}
		return dbSource{family: "mysql", driver: "mysql", dsn: dsn}, nil
	case strings.HasPrefix(lower, "sqlite:"), strings.HasPrefix(lower, "file:"):
		p := spec[strings.Index(spec, ":")+1:]
		if strings.HasPrefix(lower, "sqlite:") {
			// sqlite:///abs/path and sqlite://rel/path, as SQLAlchemy and
			// Prisma spell them; sqlite:path too.
			p = strings.TrimPrefix(p, "//")
		}
		p, _, _ = strings.Cut(p, "?")
		if p == "" {
			return dbSource{}, fmt.Errorf("%s: no SQLite file path (want sqlite:///path/to/file.db or file:path/to/file.db)", spec)
		}
		// mode=ro: reading the schema never writes, and a missing file is
		// an error instead of a new empty database.
		return dbSource{family: "sqlite", driver: "sqlite", dsn: "file:" + p + "?mode=ro"}, nil
	}
	return dbSource{}, fmt.Errorf("unsupported database URL %s", redact(spec))
}

// mysqlURLToDSN turns mysql://user:pass@host:port/db?param=v into the
// go-sql-driver/mysql DSN user:pass@tcp(host:port)/db?param=v. Query
// parameters are the driver's own (tls=true, ...).
func mysqlURLToDSN(spec string) (string, error) {
	u, err := url.Parse(spec)
	if err != nil || u.Host == "" || strings.Trim(u.Path, "/") == "" {
		return "", fmt.Errorf("%s: want mysql://user:password@host:3306/database", redact(spec))
	}
	cfg := mysql.NewConfig()
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
	}
	cfg.Net = "tcp"
	cfg.Addr = u.Host
	if u.Port() == "" {
		cfg.Addr = net.JoinHostPort(u.Hostname(), "3306")
	}
	cfg.DBName = strings.Trim(u.Path, "/")
	dsn := cfg.FormatDSN()
	if u.RawQuery != "" {
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		dsn += sep + u.RawQuery
	}
	if _, err := mysql.ParseDSN(dsn); err != nil {
		return "", fmt.Errorf("%s: %s", redact(spec), firstLine(err))
	}
	return dsn, nil
}

// inspectDatabase introspects a live database with its dialect's reader.
func inspectDatabase(ctx context.Context, src dbSource) (*schema.Schema, error) {
	db, err := sql.Open(src.driver, src.dsn)
	if err != nil {
		return nil, fmt.Errorf("invalid database URL: %s", firstLine(err))
	}
	defer db.Close()
	pingCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		return nil, fmt.Errorf("cannot connect to the database: %s", firstLine(err))
	}
	var sc *schema.Schema
	switch src.family {
	case "mysql":
		sc, err = mysqlintro.Inspect(ctx, db, mysqlintro.Options{})
	case "sqlite":
		sc, err = sqliteintro.Inspect(ctx, db, sqliteintro.Options{})
	default:
		sc, err = postgres.Inspect(ctx, db, postgres.Options{})
	}
	if err != nil {
		return nil, fmt.Errorf("reading the database schema: %w", err)
	}
	return sc, nil
}
