package alembic

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/go-sql-driver/mysql"
	_ "modernc.org/sqlite"

	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/emit/sqlfile"
	myintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/mysql"
	pgintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/postgres"
	sqliteintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/mytest"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// python is Debian's interpreter, the one the Debian packages install
// into (the python3 first on PATH may be another build).
const python = "/usr/bin/python3"

// toolsDir is tools/alembic from this package.
const toolsDir = "../../../../tools/alembic"

// urlVariable is the environment variable the test env.py reads the
// database URL from.
const urlVariable = "MIGRATE_BOT_ALEMBIC_URL"

// alembicRunner is one installation of Alembic and SQLAlchemy.
type alembicRunner struct {
	name string
	// pythonPath is PYTHONPATH for it ("" for the system's packages).
	pythonPath string
	// wantSQLAlchemy is the major.minor prefix its SQLAlchemy must have.
	wantSQLAlchemy string
}

func runners() []alembicRunner {
	sa2, _ := filepath.Abs(filepath.Join(toolsDir, ".sa2/usr/lib/python3/dist-packages"))
	return []alembicRunner{
		{name: "sqlalchemy1.4", wantSQLAlchemy: "1.4."},
		{name: "sqlalchemy2", pythonPath: sa2, wantSQLAlchemy: "2."},
	}
}

func (r alembicRunner) env(dbURL string) []string {
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PYTHONPATH=") && !strings.HasPrefix(kv, urlVariable+"=") && !strings.HasPrefix(kv, "PYTHONHOME=") {
			env = append(env, kv)
		}
	}
	env = append(env, urlVariable+"="+dbURL)
	if r.pythonPath != "" {
		env = append(env, "PYTHONPATH="+r.pythonPath)
	}
	return env
}

// versions returns "alembic X, sqlalchemy Y" of the runner, or an error.
func (r alembicRunner) versions() (string, error) {
	cmd := exec.Command(python, "-c", "import alembic, sqlalchemy, psycopg2, pymysql; print('alembic', alembic.__version__ + ',', 'sqlalchemy', sqlalchemy.__version__)")
	cmd.Env = r.env("")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%s: %v: %s", r.name, err, bytes.TrimSpace(out))
	}
	v := strings.TrimSpace(string(out))
	if !strings.Contains(v, "sqlalchemy "+r.wantSQLAlchemy) {
		return "", fmt.Errorf("%s: found %s, want SQLAlchemy %s", r.name, v, r.wantSQLAlchemy)
	}
	return v, nil
}

var (
	alembicOnce sync.Once
	alembicErr  error
	alembicInfo []string
)

// requireAlembic makes sure both installations work, running
// tools/alembic/install.sh once when one does not. Without them the test
// fails under CI=true and skips with the reason otherwise.
func requireAlembic(t *testing.T) {
	t.Helper()
	alembicOnce.Do(func() {
		check := func() error {
			alembicInfo = nil
			for _, r := range runners() {
				v, err := r.versions()
				if err != nil {
					return err
				}
				alembicInfo = append(alembicInfo, r.name+": "+v)
			}
			return nil
		}
		if check() == nil {
			return
		}
		script, _ := filepath.Abs(filepath.Join(toolsDir, "install.sh"))
		out, err := exec.Command(script).CombinedOutput()
		if err != nil {
			alembicErr = fmt.Errorf("%s: %v\n%s", script, err, out)
			return
		}
		alembicErr = check()
	})
	if alembicErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Alembic is required in CI: %v", alembicErr)
		}
		t.Skipf("Alembic unavailable (%v); run tools/alembic/install.sh, or set CI=true to make this a failure", alembicErr)
	}
}

// alembicEnv is an Alembic project on disk: alembic.ini, migrations/env.py
// (the URL from urlVariable, the layout of Alembic's generic template)
// and migrations/versions.
type alembicEnv struct{ dir string }

const envPy = `import os

from alembic import context
from sqlalchemy import create_engine, pool

url = os.environ["` + urlVariable + `"]


def run_migrations_offline():
    context.configure(url=url, target_metadata=None, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = create_engine(url, poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
`

func newAlembicEnv(t *testing.T) *alembicEnv {
	t.Helper()
	e := &alembicEnv{dir: t.TempDir()}
	writeFiles(t, e.dir, []schema.File{
		{Path: "alembic.ini", Data: []byte("[alembic]\nscript_location = migrations\n")},
		{Path: "migrations/env.py", Data: []byte(envPy)},
	})
	if err := os.MkdirAll(filepath.Join(e.dir, "migrations", VersionsDir), 0o755); err != nil {
		t.Fatal(err)
	}
	return e
}

func writeFiles(t *testing.T, root string, files []schema.File) {
	t.Helper()
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// alembicSlots bounds the Alembic processes running at once.
var alembicSlots = make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))

// run runs `python3 -m alembic ARGS` in the project against dbURL.
func (e *alembicEnv) run(r alembicRunner, dbURL string, args ...string) error {
	_, err := e.output(r, dbURL, args...)
	return err
}

// output is run returning what Alembic printed (the SQL, in offline mode).
func (e *alembicEnv) output(r alembicRunner, dbURL string, args ...string) (string, error) {
	alembicSlots <- struct{}{}
	defer func() { <-alembicSlots }()
	cmd := exec.Command(python, append([]string{"-m", "alembic"}, args...)...)
	cmd.Dir = e.dir
	cmd.Env = r.env(dbURL)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("alembic %s (%s): %v\n%s%s", strings.Join(args, " "), r.name, err, stdout.Bytes(), stderr.Bytes())
	}
	return stdout.String(), nil
}

// database is a fresh database of one dialect: the URL Alembic connects
// with and a handle for the Go side.
type database struct {
	url string
	db  *sql.DB
}

// backend knows how to make and read databases of one dialect.
type backend struct {
	name    string
	newDB   func(t *testing.T) *database
	inspect func(ctx context.Context, db *sql.DB) (*schema.Schema, error)
}

var backends = map[string]*backend{
	"postgres": {
		name: "postgres",
		newDB: func(t *testing.T) *database {
			d := pgtest.New(t)
			u, err := url.Parse(d.URL)
			if err != nil {
				t.Fatal(err)
			}
			u.Scheme = "postgresql+psycopg2"
			return &database{url: u.String(), db: d.DB}
		},
		inspect: func(ctx context.Context, db *sql.DB) (*schema.Schema, error) {
			return pgintro.Inspect(ctx, db, pgintro.Options{})
		},
	},
	"mariadb": {
		name: "mariadb",
		newDB: func(t *testing.T) *database {
			d := mytest.New(t)
			cfg, err := mysql.ParseDSN(d.DSN)
			if err != nil {
				t.Fatal(err)
			}
			u := url.URL{Scheme: "mysql+pymysql", Host: cfg.Addr, Path: "/" + cfg.DBName, RawQuery: "charset=utf8mb4"}
			if cfg.Passwd != "" {
				u.User = url.UserPassword(cfg.User, cfg.Passwd)
			} else {
				u.User = url.User(cfg.User)
			}
			return &database{url: u.String(), db: d.DB}
		},
		inspect: func(ctx context.Context, db *sql.DB) (*schema.Schema, error) {
			return myintro.Inspect(ctx, db, myintro.Options{})
		},
	},
	"sqlite": {
		name: "sqlite",
		newDB: func(t *testing.T) *database {
			path := filepath.Join(t.TempDir(), "app.db")
			db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)")
			if err != nil {
				t.Fatal(err)
			}
			db.SetMaxOpenConns(1)
			t.Cleanup(func() { db.Close() })
			return &database{url: "sqlite:///" + path, db: db}
		},
		inspect: func(ctx context.Context, db *sql.DB) (*schema.Schema, error) {
			return sqliteintro.Inspect(ctx, db, sqliteintro.Options{})
		},
	},
}

// read introspects a database, leaving out Alembic's own alembic_version
// table.
func (b *backend) read(t *testing.T, d *database, what string) *schema.Schema {
	t.Helper()
	// A fresh connection each time: Alembic changed the database from
	// another process, and SQLite's pooled connection must not keep a
	// stale view of the schema.
	d.db.SetMaxIdleConns(0)
	s, err := b.inspect(context.Background(), d.db)
	if err != nil {
		t.Fatalf("introspect %s: %v", what, err)
	}
	tables := s.Tables[:0]
	for _, tb := range s.Tables {
		if tb.Name.Name != "alembic_version" {
			tables = append(tables, tb)
		}
	}
	s.Tables = tables
	return s
}

// applyPlan runs a plan's up statements as the plain SQL files group them
// (the reference the acceptance suite proves): it builds the reference
// databases the Alembic runs are compared with.
func applyPlan(t *testing.T, d *database, p *plan.Plan) {
	t.Helper()
	ctx := context.Background()
	conn, err := d.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, b := range sqlfile.Statements(p, true) {
		if b.Transactional {
			if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
				t.Fatal(err)
			}
		}
		for _, s := range b.SQL {
			if _, err := conn.ExecContext(ctx, s); err != nil {
				t.Fatalf("reference database: %s: %v", s, err)
			}
		}
		if b.Transactional {
			if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// differences compares two schemas as the acceptance suite does: the
// model comparison and the diff in both directions must find nothing.
func differences(got, want *schema.Schema) []string {
	var out []string
	for _, d := range schema.Differences(want, got) {
		out = append(out, "model: "+d)
	}
	for _, dir := range []struct {
		name     string
		from, to *schema.Schema
	}{{"diff want->got", want, got}, {"diff got->want", got, want}} {
		r, err := diff.Diff(dir.from, dir.to, diff.Options{})
		if err != nil {
			out = append(out, dir.name+": error: "+err.Error())
			continue
		}
		for _, c := range r.Changes {
			out = append(out, fmt.Sprintf("%s: %s %s", dir.name, c.Kind(), plan.ObjectName(c)))
		}
	}
	return out
}
