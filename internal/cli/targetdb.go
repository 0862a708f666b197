package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	// database/sql drivers for --target-db: "mysql" (MySQL and MariaDB)
	// and "sqlite" (modernc, pure Go). pgx is registered in source.go.
	_ "github.com/go-sql-driver/mysql"
	_ "modernc.org/sqlite"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/facts"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// targetDB is a parsed --target-db value: a database whose data the
// data-aware rules read. Its URL only ever comes from the command line (or
// the server's configuration), never from the repository under review.
type targetDB struct {
	// project is the project it serves in --repo mode; "" serves all.
	project string
	// family is "postgres", "mysql" or "sqlite": the dialects it can serve.
	family string
	driver string
	dsn    string
	// label names it in messages, without a password.
	label string
}

// parseTargetDB reads URL or PROJECT=URL.
func parseTargetDB(v string) (targetDB, error) {
	var t targetDB
	if name, rest, ok := strings.Cut(v, "="); ok && name != "" && !strings.ContainsAny(name, ":/") && checkName(name) {
		t.project, v = name, rest
	}
	lower := strings.ToLower(v)
	switch {
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"):
		t.family, t.driver, t.dsn, t.label = "postgres", "pgx", v, redact(v)
	case strings.HasPrefix(lower, "mysql://"), strings.HasPrefix(lower, "mariadb://"):
		dsn, err := mysqlDSN(v)
		if err != nil {
			return t, err
		}
		t.family, t.driver, t.dsn, t.label = "mysql", "mysql", dsn, redact(v)
	case strings.HasPrefix(lower, "sqlite://"), strings.HasPrefix(lower, "sqlite:"), !strings.Contains(v, "://"):
		p := v
		for _, prefix := range []string{"sqlite://", "sqlite:"} {
			if len(p) >= len(prefix) && strings.EqualFold(p[:len(prefix)], prefix) {
				p = p[len(prefix):]
				break
			}
		}
		if p == "" {
			return t, errors.New("--target-db: empty SQLite path")
		}
		if _, err := os.Stat(p); err != nil {
			return t, fmt.Errorf("--target-db: %s: no such SQLite file (want a postgres://, mysql:// URL or the path of an SQLite file)", p)
		}
		// mode=ro: the driver cannot write, whatever the session does.
		t.family, t.driver, t.dsn, t.label = "sqlite", "sqlite", "file:"+p+"?mode=ro", p
	default:
		scheme, _, _ := strings.Cut(v, "://")
		return t, fmt.Errorf("--target-db: unsupported URL scheme %q (want postgres://, mysql://, mariadb:// or an SQLite file path)", scheme)
	}
	return t, nil
}

// checkName reports whether s can be a project name in PROJECT=URL.
func checkName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// mysqlDSN turns mysql://user:pass@host:port/db?param=v into the
// go-sql-driver form user:pass@tcp(host:port)/db?param=v.
func mysqlDSN(v string) (string, error) {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("--target-db: %s: want mysql://user:password@host:3306/database", redact(v))
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "3306")
	}
	var b strings.Builder
	if u.User != nil {
		b.WriteString(u.User.Username())
		if p, ok := u.User.Password(); ok {
			b.WriteString(":" + p)
		}
		b.WriteString("@")
	}
	fmt.Fprintf(&b, "tcp(%s)/%s", host, strings.TrimPrefix(u.Path, "/"))
	if u.RawQuery != "" {
		b.WriteString("?" + u.RawQuery)
	}
	return b.String(), nil
}

// checkTargetDBs validates --target-db values: one bare URL, or (with
// --repo) PROJECT=URL values, one per project.
func checkTargetDBs(values []string, repo bool) error {
	seen := map[string]bool{}
	for _, v := range values {
		t, err := parseTargetDB(v)
		if err != nil {
			return err
		}
		if t.project != "" && !repo {
			return fmt.Errorf("--target-db %s=...: PROJECT=URL goes with --repo", t.project)
		}
		if seen[t.project] {
			if t.project == "" {
				return errors.New("--target-db: given twice (with --repo, name each project: PROJECT=URL)")
			}
			return fmt.Errorf("--target-db: project %s given twice", t.project)
		}
		seen[t.project] = true
	}
	return nil
}

// targetFor returns the --target-db for a project ("" in --from/--to
// mode): the one named for it, else the bare one, else none.
func targetFor(values []string, project string) (*targetDB, error) {
	var bare *targetDB
	for _, v := range values {
		t, err := parseTargetDB(v)
		if err != nil {
			return nil, err
		}
		if t.project != "" && t.project == project {
			return &t, nil
		}
		if t.project == "" {
			bare = &t
		}
	}
	return bare, nil
}

// targetTimeout bounds connecting to the target database.
const targetTimeout = 15 * time.Second

// collectFacts connects to the target database read-only and reads the
// facts the plan's steps need. An unreachable database is an error that
// says so in one sentence.
func collectFacts(ctx context.Context, t *targetDB, d *dialect.Dialect, from *schema.Schema, p *plan.Plan) (lint.Facts, error) {
	family := d.Name
	if family == "mariadb" {
		family = "mysql"
	}
	if family != t.family {
		return nil, fmt.Errorf("--target-db %s is a %s database but the plan is for %s", t.label, t.family, d.Name)
	}
	db, err := sql.Open(t.driver, t.dsn)
	if err != nil {
		return nil, fmt.Errorf("--target-db %s: invalid: %s", t.label, firstLine(err))
	}
	defer db.Close()
	pingCtx, cancel := context.WithTimeout(ctx, targetTimeout)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		return nil, fmt.Errorf("--target-db %s: cannot connect to the database: %s", t.label, firstLine(err))
	}
	f, err := facts.Collect(ctx, db, d, from, p, facts.Options{})
	if err != nil {
		return nil, fmt.Errorf("--target-db %s: reading the data: %s", t.label, firstLine(err))
	}
	return f, nil
}

// firstLine keeps an error's first line: a driver's message, never a
// multi-line dump.
func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}
