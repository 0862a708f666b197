// Package shadow makes throwaway databases on a server the operator
// configured (never one named by a repository): each Fresh call creates an
// empty database with a random name and its release drops it. The engine's
// verify package runs migration histories on them.
package shadow

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	// The pgx database/sql driver, registered as "pgx".
	_ "github.com/jackc/pgx/v5/stdlib"
	// The pure-Go SQLite driver, registered as "sqlite".
	_ "modernc.org/sqlite"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
)

// Server is a database server on which shadow databases are created.
type Server struct {
	// Family is the dialect family the server speaks (dialect.FamilyPostgres,
	// FamilyMySQL, FamilySQLite).
	Family string
	// url is the server URL as configured; redacted in messages.
	url *url.URL
	// dir is where SQLite shadow files go.
	dir string
}

// Open reads a shadow server URL: postgres://user@host:5432/maintenance-db
// (the login must be allowed to CREATE DATABASE), mysql://root@host:3306/
// (likewise) or sqlite:///path/to/folder for SQLite files in that folder
// (sqlite: alone means the system's temporary folder).
func Open(raw string) (*Server, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("shadow database server: not a URL")
	}
	s := &Server{url: u}
	switch strings.ToLower(u.Scheme) {
	case "postgres", "postgresql":
		s.Family = dialect.FamilyPostgres
	case "mysql", "mariadb":
		s.Family = dialect.FamilyMySQL
	case "sqlite":
		s.Family = dialect.FamilySQLite
		s.dir = u.Path
		if s.dir == "" {
			s.dir = os.TempDir()
		}
	default:
		return nil, fmt.Errorf("shadow database server %s: unsupported scheme %q (want postgres://, mysql:// or sqlite:)", u.Redacted(), u.Scheme)
	}
	return s, nil
}

// String is the server's URL without its password.
func (s *Server) String() string { return s.url.Redacted() }

// Fresh creates an empty database and returns a connection to it and the
// function that closes the connection and drops the database.
func (s *Server) Fresh(ctx context.Context) (*sql.DB, func(), error) {
	name := "migrate_bot_shadow_" + randomSuffix()
	switch s.Family {
	case dialect.FamilySQLite:
		return s.freshSQLite(name)
	case dialect.FamilyMySQL:
		return s.freshMySQL(ctx, name)
	}
	return s.freshPostgres(ctx, name)
}

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) freshSQLite(name string) (*sql.DB, func(), error) {
	file := filepath.Join(s.dir, name+".db")
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=foreign_keys(1)")
	if err != nil {
		return nil, nil, err
	}
	// One connection: an in-process file needs no more, and PRAGMAs stay put.
	db.SetMaxOpenConns(1)
	release := func() {
		db.Close()
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			os.Remove(file + suffix)
		}
	}
	return db, release, nil
}

func (s *Server) freshPostgres(ctx context.Context, name string) (*sql.DB, func(), error) {
	admin, err := sql.Open("pgx", s.url.String())
	if err != nil {
		return nil, nil, s.fail(err)
	}
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE "`+name+`"`); err != nil {
		admin.Close()
		return nil, nil, s.fail(err)
	}
	u := *s.url
	u.Path = "/" + name
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		admin.Close()
		return nil, nil, s.fail(err)
	}
	release := func() {
		db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = admin.ExecContext(ctx, `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`)
		admin.Close()
	}
	return db, release, nil
}

func (s *Server) freshMySQL(ctx context.Context, name string) (*sql.DB, func(), error) {
	cfg := mysql.NewConfig()
	if s.url.User != nil {
		cfg.User = s.url.User.Username()
		cfg.Passwd, _ = s.url.User.Password()
	}
	cfg.Net, cfg.Addr = "tcp", s.url.Host
	if s.url.Port() == "" {
		cfg.Addr = net.JoinHostPort(s.url.Hostname(), "3306")
	}
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return nil, nil, s.fail(err)
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE `"+name+"`"); err != nil {
		admin.Close()
		return nil, nil, s.fail(err)
	}
	cfg.DBName = name
	// Migration scripts are sent whole, as Prisma's runner sends them.
	cfg.MultiStatements = true
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		admin.Close()
		return nil, nil, s.fail(err)
	}
	release := func() {
		db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = admin.ExecContext(ctx, "DROP DATABASE IF EXISTS `"+name+"`")
		admin.Close()
	}
	return db, release, nil
}

// fail words a server error for the user: the server (without password)
// and the driver's first line.
func (s *Server) fail(err error) error {
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return fmt.Errorf("shadow database server %s: %w", s.String(), errors.New(msg))
}
