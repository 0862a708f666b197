package sqlalchemy

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/go-sql-driver/mysql"
	_ "modernc.org/sqlite"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	myinspect "github.com/migrate-bot/migrate-bot/internal/engine/introspect/mysql"
	pginspect "github.com/migrate-bot/migrate-bot/internal/engine/introspect/postgres"
	liteinspect "github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/mytest"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// minOracleFixtures is how many model fixtures the oracle must compare.
const minOracleFixtures = 30

// oracleRoot holds one fixture package per folder.
const oracleRoot = "testdata/oracle"

// sqlalchemyRuntime is one installed SQLAlchemy the oracle runs on.
type sqlalchemyRuntime struct {
	name       string
	pythonPath string // extra PYTHONPATH, "" for the system's
	// v2 marks SQLAlchemy 2.x, which alone runs 2.0-style fixtures.
	v2 bool
}

// runtimes lists SQLAlchemy 1.4 (Debian's python3-sqlalchemy) and 2.0
// (unpacked by tools/alembic/install.sh into tools/alembic/.sa2).
func runtimes(t *testing.T) []sqlalchemyRuntime {
	t.Helper()
	sa2, _ := filepath.Abs("../../../../tools/alembic/.sa2/usr/lib/python3/dist-packages")
	rts := []sqlalchemyRuntime{{name: "sqlalchemy-1.4"}, {name: "sqlalchemy-2.0", pythonPath: sa2, v2: true}}
	installed := false
	for i := 0; i < len(rts); i++ {
		rt := rts[i]
		cmd := exec.Command("/usr/bin/python3", "-c", "import sqlalchemy, psycopg2, pymysql, flask_sqlalchemy; print(sqlalchemy.__version__)")
		cmd.Env = pyEnv(rt)
		out, err := cmd.CombinedOutput()
		want := map[bool]string{false: "1.4", true: "2."}[rt.v2]
		if (err != nil || !strings.HasPrefix(strings.TrimSpace(string(out)), want)) && !installed {
			// Install what is missing (idempotent), then check again.
			installed = true
			inst, ierr := exec.Command("testdata/install-oracle.sh").CombinedOutput()
			t.Logf("testdata/install-oracle.sh: %v %s", ierr, inst)
			i--
			continue
		}
		if err != nil || !strings.HasPrefix(strings.TrimSpace(string(out)), want) {
			msg := fmt.Sprintf("%s (with psycopg2, pymysql, flask_sqlalchemy) is not installed for /usr/bin/python3 "+
				"(run tools/alembic/install.sh and internal/engine/source/sqlalchemy/testdata/install-oracle.sh): %v %s", rt.name, err, out)
			t.Fatal(msg)
		}
	}
	return rts
}

func pyEnv(rt sqlalchemyRuntime) []string {
	env := append([]string(nil), os.Environ()...)
	if rt.pythonPath != "" {
		env = append(env, "PYTHONPATH="+rt.pythonPath)
	}
	return env
}

// fixture is one model package of testdata/oracle.
type fixture struct {
	name  string
	files []schema.File
	v2    bool // uses mapped_column / DeclarativeBase
	// dialects limits the fixture to some backends (file "dialects" in
	// its folder: names separated by spaces); nil means all.
	dialects map[string]bool
}

var v2Marker = regexp.MustCompile(`mapped_column|DeclarativeBase|Mapped\[`)

func loadFixtures(t *testing.T) []fixture {
	t.Helper()
	entries, err := os.ReadDir(oracleRoot)
	if err != nil {
		t.Fatal(err)
	}
	var out []fixture
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), "_") {
			continue
		}
		fx := fixture{name: e.Name()}
		if data, err := os.ReadFile(filepath.Join(oracleRoot, e.Name(), "dialects")); err == nil {
			fx.dialects = map[string]bool{}
			for _, d := range strings.Fields(string(data)) {
				fx.dialects[d] = true
			}
		}
		paths, _ := filepath.Glob(filepath.Join(oracleRoot, e.Name(), "*.py"))
		sort.Strings(paths)
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			fx.files = append(fx.files, schema.File{Path: p, Data: data})
			fx.v2 = fx.v2 || v2Marker.Match(data)
		}
		out = append(out, fx)
	}
	return out
}

// oracleDB is one fresh database of a fixture run.
type oracleDB struct {
	pyURL string
	db    *sql.DB
	name  string
}

// backend creates databases and introspects them for one dialect.
type backend struct {
	family  string // create_all.py's dialect argument
	dialect func(t *testing.T, db *oracleDB) *dialect.Dialect
	fresh   func(t *testing.T) *oracleDB
	inspect func(ctx context.Context, db *oracleDB) (*schema.Schema, error)
}

var backends = map[string]backend{
	"postgres": {
		family: "postgresql",
		fresh: func(t *testing.T) *oracleDB {
			db := pgtest.New(t)
			u, err := url.Parse(db.URL)
			if err != nil {
				t.Fatal(err)
			}
			u.Scheme = "postgresql+psycopg2"
			u.RawQuery = ""
			return &oracleDB{pyURL: u.String(), db: db.DB, name: db.Name}
		},
		dialect: func(t *testing.T, db *oracleDB) *dialect.Dialect {
			var v string
			if err := db.db.QueryRow(`SHOW server_version`).Scan(&v); err != nil {
				t.Fatal(err)
			}
			d, err := dialect.Lookup("postgres", strings.SplitN(strings.Fields(v)[0], ".", 2)[0])
			if err != nil {
				t.Fatal(err)
			}
			return d
		},
		inspect: func(ctx context.Context, db *oracleDB) (*schema.Schema, error) {
			return pginspect.Inspect(ctx, db.db, pginspect.Options{})
		},
	},
	"mariadb": {
		family: "mysql",
		fresh: func(t *testing.T) *oracleDB {
			db := mytest.New(t)
			cfg, err := mysql.ParseDSN(db.DSN)
			if err != nil {
				t.Fatal(err)
			}
			u := url.URL{Scheme: "mysql+pymysql", Host: cfg.Addr, Path: "/" + cfg.DBName}
			if cfg.Passwd != "" {
				u.User = url.UserPassword(cfg.User, cfg.Passwd)
			} else {
				u.User = url.User(cfg.User)
			}
			u.RawQuery = "charset=utf8mb4"
			return &oracleDB{pyURL: u.String(), db: db.DB, name: db.Name}
		},
		dialect: func(t *testing.T, db *oracleDB) *dialect.Dialect {
			var v string
			if err := db.db.QueryRow(`SELECT VERSION()`).Scan(&v); err != nil {
				t.Fatal(err)
			}
			name := "mysql"
			if strings.Contains(strings.ToLower(v), "mariadb") {
				name = "mariadb"
			}
			parts := strings.SplitN(v, ".", 3)
			d, err := dialect.Lookup(name, parts[0]+"."+parts[1])
			if err != nil {
				t.Fatal(err)
			}
			return d
		},
		inspect: func(ctx context.Context, db *oracleDB) (*schema.Schema, error) {
			return myinspect.Inspect(ctx, db.db, myinspect.Options{})
		},
	},
	"sqlite": {
		family: "sqlite",
		fresh: func(t *testing.T) *oracleDB {
			path := filepath.Join(t.TempDir(), "oracle.db")
			return &oracleDB{pyURL: "sqlite:///" + path, name: path}
		},
		dialect: func(t *testing.T, db *oracleDB) *dialect.Dialect {
			d, err := dialect.Lookup("sqlite", "")
			if err != nil {
				t.Fatal(err)
			}
			return d
		},
		inspect: func(ctx context.Context, db *oracleDB) (*schema.Schema, error) {
			h, err := sql.Open("sqlite", "file:"+db.name+"?_pragma=foreign_keys(1)")
			if err != nil {
				return nil, err
			}
			defer h.Close()
			return liteinspect.Inspect(ctx, h, liteinspect.Options{})
		},
	},
}

// TestOracle runs SQLAlchemy's own metadata.create_all for every fixture on
// PostgreSQL, MariaDB and SQLite, with SQLAlchemy 1.4 and 2.0, introspects
// each database and requires it to equal what Parse reads from the same
// Python source for that dialect.
func TestOracle(t *testing.T) {
	fixtures := loadFixtures(t)
	if len(fixtures) < minOracleFixtures {
		t.Fatalf("%d oracle fixtures in %s, want at least %d", len(fixtures), oracleRoot, minOracleFixtures)
	}
	rts := runtimes(t)
	root, err := filepath.Abs(oracleRoot)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	compared := map[string]int{}
	for _, name := range []string{"postgres", "mariadb", "sqlite"} {
		be := backends[name]
		for _, rt := range rts {
			t.Run(name+"/"+rt.name, func(t *testing.T) {
				var run []fixture
				for _, fx := range fixtures {
					if fx.v2 && !rt.v2 || fx.dialects != nil && !fx.dialects[name] {
						continue
					}
					run = append(run, fx)
				}
				dbs := make([]*oracleDB, len(run))
				type jobFx struct {
					Name string `json:"name"`
					URL  string `json:"url"`
				}
				job := struct {
					Root     string  `json:"root"`
					Fixtures []jobFx `json:"fixtures"`
				}{Root: root}
				for i, fx := range run {
					dbs[i] = be.fresh(t)
					job.Fixtures = append(job.Fixtures, jobFx{Name: fx.name, URL: dbs[i].pyURL})
				}
				results := runCreateAll(t, rt, be.family, job)
				var d *dialect.Dialect
				for i, fx := range run {
					t.Run(fx.name, func(t *testing.T) {
						if msg := results[fx.name]; msg != "" {
							t.Fatalf("SQLAlchemy's create_all failed:\n%s", msg)
						}
						if d == nil {
							d = be.dialect(t, dbs[i])
						}
						want, err := be.inspect(context.Background(), dbs[i])
						if err != nil {
							t.Fatalf("introspect: %v", err)
						}
						got, err := Parse(d, fx.files...)
						if err != nil {
							t.Fatalf("Parse: %v", err)
						}
						if ds := schema.Differences(want, got); len(ds) > 0 {
							t.Errorf("the reader's schema differs from the database SQLAlchemy %s built (a: database, b: reader):\n  %s",
								rt.name, strings.Join(ds, "\n  "))
						}
						mu.Lock()
						compared[name+"/"+rt.name]++
						mu.Unlock()
					})
				}
			})
		}
	}
	t.Logf("fixtures compared with create_all: %v", compared)
}

// runCreateAll runs testdata/create_all.py once for every fixture of a
// dialect run.
func runCreateAll(t *testing.T, rt sqlalchemyRuntime, family string, job any) map[string]string {
	t.Helper()
	data, err := json.Marshal(job)
	if err != nil {
		t.Fatal(err)
	}
	jobFile := filepath.Join(t.TempDir(), "job.json")
	if err := os.WriteFile(jobFile, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("/usr/bin/python3", "-B", "testdata/create_all.py", family, jobFile)
	cmd.Env = append(pyEnv(rt), "PYTHONDONTWRITEBYTECODE=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("create_all.py: %v\n%s", err, stderr.String())
	}
	var res struct {
		SQLAlchemy string            `json:"sqlalchemy"`
		Results    map[string]string `json:"results"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("create_all.py output: %v\n%s\n%s", err, out, stderr.String())
	}
	t.Logf("SQLAlchemy %s ran create_all for %d fixtures", res.SQLAlchemy, len(res.Results))
	return res.Results
}
