package sqlfile

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/mysql"
	_ "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	_ "github.com/golang-migrate/migrate/v4/database/sqlite"
	_ "github.com/golang-migrate/migrate/v4/source/file"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
)

// runTools runs the acceptance scenarios of every dialect with one tool,
// in parallel, and requires at least 25 of them proven per dialect, among
// them plans with non-transactional steps on PostgreSQL (concurrent index
// builds, enum values) and SQLite (table rebuilds with PRAGMA foreign_keys).
func runTools(t *testing.T, conv Convention, run toolRun) {
	var mu sync.Mutex
	proven, nonTx := map[string]int{}, map[string]int{}
	t.Cleanup(func() {
		// Runs after the parallel subtests have finished.
		if t.Failed() {
			return
		}
		for _, dn := range toolDialects {
			t.Logf("%s: %d scenarios proven, %d of them with non-transactional steps", dn, proven[dn], nonTx[dn])
			if proven[dn] < 25 {
				t.Errorf("%s: %d scenarios proven, want at least 25", dn, proven[dn])
			}
			if dn != "mariadb" && nonTx[dn] == 0 {
				t.Errorf("%s: no scenario with non-transactional steps was proven", dn)
			}
		}
	})
	for _, dn := range toolDialects {
		for _, sc := range toolScenarios(t, dn) {
			t.Run(dn+"/"+sc.name, func(t *testing.T) {
				t.Parallel()
				ok, noTx := proveWithTool(t, sc, conv, run)
				mu.Lock()
				defer mu.Unlock()
				if ok {
					proven[dn]++
				}
				if noTx {
					nonTx[dn]++
				}
			})
		}
	}
}

// firstStatement is the first statement of the plans, up or down, that
// satisfies f ("" when none does).
func firstStatement(f func(string) bool, plans ...*plan.Plan) string {
	for _, p := range plans {
		for _, s := range p.Steps {
			for _, st := range slices.Concat(s.Up, s.Down) {
				if f(st) {
					return st
				}
			}
		}
	}
	return ""
}

// golangMigrateURL is the database URL of golang-migrate's driver for the
// database: pgx5:// (the pgx v5 driver), mysql:// with multiStatements
// (the files hold several statements), sqlite:// (modernc.org/sqlite)
// with x-no-tx-wrap, since the files carry their own BEGIN ... COMMIT and
// PRAGMA foreign_keys must run outside any transaction.
//
// On PostgreSQL the pgx driver sends a file as one query unless the URL
// says x-multi-statement=true. One query is one implicit transaction on
// the server: CREATE/DROP INDEX CONCURRENTLY refuse to run in it, and a
// value added to an enum cannot be used in it. With x-multi-statement the
// driver splits the file at every ";" and sends the pieces one by one on
// one connection (the BEGIN ... COMMIT batches stay atomic), which is what
// files with non-transactional steps need; multi says so.
func golangMigrateURL(tg *toolDB, multi bool) (string, error) {
	switch tg.dialect {
	case "postgres":
		u, err := url.Parse(tg.pgURL)
		if err != nil {
			return "", err
		}
		u.Scheme = "pgx5"
		if multi {
			q := u.Query()
			q.Set("x-multi-statement", "true")
			u.RawQuery = q.Encode()
		}
		return u.String(), nil
	case "mariadb":
		cfg, err := mysql.ParseDSN(tg.myDSN)
		if err != nil {
			return "", err
		}
		cfg.MultiStatements = true
		return "mysql://" + cfg.FormatDSN(), nil
	}
	return "sqlite://" + tg.sqliteFile + "?x-no-tx-wrap=true", nil
}

// TestToolGolangMigrate proves the up/down pairs with golang-migrate v4
// itself (the library the migrate CLI is built on): its file source and
// its pgx v5, mysql and sqlite drivers; m.Up(), m.Steps(-1), m.Up().
func TestToolGolangMigrate(t *testing.T) {
	runTools(t, Convention{Tool: GolangMigrate, Versioning: UnixTimestamp}, func(tg *toolDB, dir string, initial, p *plan.Plan) toolRunner {
		multi := tg.dialect == "postgres" && (HasNonTransactional(initial) || HasNonTransactional(p))
		if cut := firstStatement(func(s string) bool { return strings.Contains(s, ";") }, initial, p); multi && cut != "" {
			return toolRunner{excluded: "golang-migrate's pgx driver sends a file either as one query, which PostgreSQL runs as one implicit " +
				"transaction (a concurrent index build refuses to run in it, a new enum value cannot be used in it), or, with " +
				"x-multi-statement, split at every \";\", which cuts " + strconv.Quote(cut) + "; the URL option is one for the " +
				"whole directory, and this history needs both"}
		}
		open := func() (*migrate.Migrate, error) {
			dbURL, err := golangMigrateURL(tg, multi)
			if err != nil {
				return nil, err
			}
			return migrate.New("file://"+dir, dbURL)
		}
		with := func(f func(m *migrate.Migrate) error) error {
			m, err := open()
			if err != nil {
				return err
			}
			err = f(m)
			srcErr, dbErr := m.Close()
			return errors.Join(err, srcErr, dbErr)
		}
		return toolRunner{
			up: func() error {
				return with(func(m *migrate.Migrate) error {
					if err := m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
						return err
					}
					return nil
				})
			},
			down: func(n int) error { return with(func(m *migrate.Migrate) error { return m.Steps(-n) }) },
		}
	})
}

// TestToolGoose proves the goose files with goose v3 as a library (its
// Provider on database/sql: pgx, go-sql-driver/mysql, modernc sqlite):
// Up, Down (one migration at a time), Up.
func TestToolGoose(t *testing.T) {
	runTools(t, Convention{Tool: Goose, Versioning: Sequence, Width: 5}, func(tg *toolDB, dir string, _, _ *plan.Plan) toolRunner {
		ctx := context.Background()
		with := func(f func(p *goose.Provider) error) error {
			var driver, dsn string
			var d goose.Dialect
			switch tg.dialect {
			case "postgres":
				driver, dsn, d = "pgx", tg.pgURL, goose.DialectPostgres
			case "mariadb":
				driver, dsn, d = "mysql", tg.myDSN, goose.DialectMySQL
			default:
				driver, dsn, d = "sqlite", tg.sqliteFile, goose.DialectSQLite3
			}
			db, err := sql.Open(driver, dsn)
			if err != nil {
				return err
			}
			defer db.Close()
			// goose sends a NO TRANSACTION file's statements one by one
			// through the pool: one connection keeps PRAGMA foreign_keys
			// and SET lock_timeout on the session that runs the rest.
			db.SetMaxOpenConns(1)
			p, err := goose.NewProvider(d, db, os.DirFS(dir))
			if err != nil {
				return err
			}
			return f(p)
		}
		return toolRunner{
			up: func() error {
				return with(func(p *goose.Provider) error { _, err := p.Up(ctx); return err })
			},
			down: func(n int) error {
				return with(func(p *goose.Provider) error {
					for range n {
						if _, err := p.Down(ctx); err != nil {
							return err
						}
					}
					return nil
				})
			},
		}
	})
}

// dbmateBin is the dbmate binary tools/dbmate/install.sh installs.
var dbmateBin = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "..", "tools", "dbmate", "node_modules", ".bin", "dbmate")
}()

// requireDbmate ends the test when dbmate is not installed: a skip with
// the install command, or a failure under CI=true.
func requireDbmate(t *testing.T) {
	t.Helper()
	err := exec.Command(dbmateBin, "--version").Run()
	if err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("dbmate is required in CI but not installed (%v): run tools/dbmate/install.sh", err)
	}
	t.Skipf("dbmate is not installed (%v): run tools/dbmate/install.sh, or set CI=true to make this a failure", err)
}

// dbmateURL is the database URL dbmate takes.
func dbmateURL(tg *toolDB) (string, error) {
	switch tg.dialect {
	case "postgres":
		u, err := url.Parse(tg.pgURL)
		if err != nil {
			return "", err
		}
		q := u.Query()
		if q.Get("sslmode") == "" {
			q.Set("sslmode", "disable")
			u.RawQuery = q.Encode()
		}
		return u.String(), nil
	case "mariadb":
		cfg, err := mysql.ParseDSN(tg.myDSN)
		if err != nil {
			return "", err
		}
		u := url.URL{Scheme: "mysql", Host: cfg.Addr, Path: "/" + cfg.DBName}
		if cfg.Passwd != "" {
			u.User = url.UserPassword(cfg.User, cfg.Passwd)
		} else {
			u.User = url.User(cfg.User)
		}
		return u.String(), nil
	}
	return "sqlite:" + tg.sqliteFile, nil
}

// TestToolDbmate proves the dbmate files with the dbmate binary from npm
// (tools/dbmate): dbmate up, dbmate rollback once per generated file,
// dbmate up.
func TestToolDbmate(t *testing.T) {
	requireDbmate(t)
	runTools(t, Convention{Tool: Dbmate, Versioning: Timestamp}, func(tg *toolDB, dir string, _, _ *plan.Plan) toolRunner {
		cmd := func(verb string) error {
			dbURL, err := dbmateURL(tg)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			c := exec.CommandContext(ctx, dbmateBin, "--url", dbURL, "--migrations-dir", dir, "--no-dump-schema", verb)
			c.Env = append(os.Environ(), "DATABASE_URL=")
			out, err := c.CombinedOutput()
			if err != nil {
				return fmt.Errorf("dbmate %s: %v\n%s", verb, err, strings.TrimSpace(string(out)))
			}
			return nil
		}
		return toolRunner{
			up: func() error { return cmd("up") },
			down: func(n int) error {
				for range n {
					if err := cmd("rollback"); err != nil {
						return err
					}
				}
				return nil
			},
		}
	})
}
