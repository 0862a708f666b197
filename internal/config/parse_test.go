package config

import (
	"errors"
	"strings"
	"testing"
)

const validConfig = `version: 1
projects:
  - name: app
    schema: prisma/schema.prisma
    dialect: postgres
    dialect_version: 15
    format: sql
    migrations: prisma/migrations
    renames:
      - users.phone=users.phone_number
      - accounts=customers
  - name: billing
    schema: db/schema/
    migrations: db/migrations
`

func TestParseValid(t *testing.T) {
	cfg, err := Parse(".github/migrate-bot.yml", []byte(validConfig))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if cfg.Version != 1 || len(cfg.Projects) != 2 {
		t.Fatalf("got version %d and %d projects, want 1 and 2", cfg.Version, len(cfg.Projects))
	}
	app := cfg.Project("app")
	if app == nil {
		t.Fatal("project app missing")
	}
	want := Project{Name: "app", Schema: "prisma/schema.prisma", Dialect: "postgres", DialectVersion: "15",
		Format: "sql", Migrations: "prisma/migrations", Index: 0, Line: 3}
	if app.Name != want.Name || app.Schema != want.Schema || app.Dialect != want.Dialect ||
		app.DialectVersion != want.DialectVersion || app.Format != want.Format ||
		app.Migrations != want.Migrations || app.Line != want.Line {
		t.Errorf("app = %+v, want %+v", *app, want)
	}
	if len(app.Renames) != 2 || app.Renames[0] != (Rename{Value: "users.phone=users.phone_number", Line: 10}) {
		t.Errorf("renames = %+v", app.Renames)
	}
	billing := cfg.Project("billing")
	if billing.Schema != "db/schema" || billing.Format != FormatSQL || billing.Dialect != "" {
		t.Errorf("billing = %+v: want schema without trailing slash, format sql, no dialect", *billing)
	}
	if cfg.Project("nope") != nil {
		t.Error("Project(nope) should be nil")
	}
}

func TestParseFormatsAccepted(t *testing.T) {
	for _, f := range Formats {
		t.Run(f, func(t *testing.T) {
			src := "version: 1\nprojects:\n  - name: a\n    schema: s.prisma\n    migrations: m\n    format: " + f + "\n"
			cfg, err := Parse("c.yml", []byte(src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if cfg.Projects[0].Format != f {
				t.Fatalf("format = %q, want %q", cfg.Projects[0].Format, f)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	project := func(extra string) string {
		return "version: 1\nprojects:\n  - name: app\n    schema: prisma/schema.prisma\n    migrations: m\n" + extra
	}
	tests := []struct {
		name string
		src  string
		want string // the whole message
	}{
		{name: "unknown dialect", src: "version: 1\nprojects:\n  - name: app\n    schema: s.prisma\n    migrations: m\n\n    dialect: oracle\n",
			want: `migrate-bot.yml:7: projects[0].dialect: unknown dialect "oracle" (want postgres, mysql, mariadb or sqlite)`},
		{name: "empty file", src: "", want: "migrate-bot.yml: the file is empty: want `version: 1` and a `projects` list"},
		{name: "comment only", src: "# nothing\n", want: "migrate-bot.yml: the file is empty: want `version: 1` and a `projects` list"},
		{name: "not a mapping", src: "- a\n- b\n", want: `migrate-bot.yml:1: want a mapping with ` + "`version` and `projects`" + `, found a list`},
		{name: "syntax error", src: "version: 1\nprojects: [\n", want: "migrate-bot.yml:2: invalid YAML: did not find expected node content"},
		{name: "unknown top key", src: "version: 1\nproject: []\n", want: "migrate-bot.yml:2: project: unknown key (want version, projects or lint)"},
		{name: "missing version", src: "projects:\n  - name: a\n    schema: a.sql\n    migrations: m\n", want: "migrate-bot.yml:1: version: missing: add `version: 1`"},
		{name: "version 2", src: "version: 2\nprojects: []\n", want: "migrate-bot.yml:1: version: unsupported version 2 (want 1)"},
		{name: "version string", src: "version: one\n", want: `migrate-bot.yml:1: version: want a whole number, found "one"`},
		{name: "missing projects", src: "version: 1\n", want: "migrate-bot.yml:1: projects: missing: list at least one project"},
		{name: "empty projects", src: "version: 1\nprojects: []\n", want: "migrate-bot.yml:2: projects: the list is empty: add at least one project"},
		{name: "projects is a mapping", src: "version: 1\nprojects:\n  app: {}\n", want: "migrate-bot.yml:3: projects: want a list of projects, found a mapping"},
		{name: "unknown project key", src: project("    dialekt: postgres\n"), want: "migrate-bot.yml:6: projects[0].dialekt: unknown key (want name, schema, dialect, dialect_version, format, migrations, renames or lint)"},
		{name: "unknown rule code", src: "version: 1\nlint:\n  rules:\n    MB999: {severity: error}\nprojects: []\n",
			want: "migrate-bot.yml:4: lint.rules.MB999: unknown rule code \"MB999\": `migrate-bot rules` lists them"},
		{name: "lower-case rule code", src: project("    lint:\n      rules:\n        mb401: {enabled: false}\n"),
			want: "migrate-bot.yml:8: projects[0].lint.rules.mb401: unknown rule code \"mb401\" (codes are upper case: MB401): `migrate-bot rules` lists them"},
		{name: "bad severity", src: project("    lint:\n      rules:\n        MB401:\n          severity: fatal\n"),
			want: "migrate-bot.yml:9: projects[0].lint.rules.MB401.severity: unknown severity \"fatal\" (want error, warning or notice)"},
		{name: "enabled not a bool", src: "version: 1\nlint:\n  rules:\n    MB113: {enabled: nope}\nprojects: []\n",
			want: "migrate-bot.yml:4: lint.rules.MB113.enabled: want true or false, found \"nope\""},
		{name: "unknown lint key", src: "version: 1\nlint:\n  accept: {MB101: x}\nprojects: []\n",
			want: "migrate-bot.yml:3: lint.accept: unknown key (want rules)"},
		{name: "unknown rule field", src: "version: 1\nlint:\n  rules:\n    MB113: {level: error}\nprojects: []\n",
			want: "migrate-bot.yml:4: lint.rules.MB113.level: unknown key (want enabled or severity)"},
		{name: "missing schema", src: "version: 1\nprojects:\n  - name: app\n    migrations: m\n", want: "migrate-bot.yml:3: projects[0].schema: missing (every project needs name, schema and migrations)"},
		{name: "missing migrations", src: "version: 1\nprojects:\n  - name: app\n    schema: a.sql\n", want: "migrate-bot.yml:3: projects[0].migrations: missing (every project needs name, schema and migrations)"},
		{name: "schema wrong extension", src: "version: 1\nprojects:\n  - name: app\n    schema: models.rb\n", want: `migrate-bot.yml:4: projects[0].schema: "models.rb": want a .prisma, .sql, .py (SQLAlchemy models) or .yaml/.yml/.json (schema document) file, or a folder of them`},
		{name: "schema absolute", src: "version: 1\nprojects:\n  - name: app\n    schema: /etc/schema.sql\n", want: `migrate-bot.yml:4: projects[0].schema: "/etc/schema.sql" must be relative to the repository root`},
		{name: "schema leaves repo", src: "version: 1\nprojects:\n  - name: app\n    schema: ../x.sql\n", want: `migrate-bot.yml:4: projects[0].schema: "../x.sql" leaves the repository`},
		{name: "schema not clean", src: "version: 1\nprojects:\n  - name: app\n    schema: db/../x.sql\n", want: `migrate-bot.yml:4: projects[0].schema: "db/../x.sql" is not a clean path (want "x.sql")`},
		{name: "unknown format", src: project("    format: flyway\n"), want: `migrate-bot.yml:6: projects[0].format: unknown format "flyway" (want sql, prisma, alembic, knex)`},
		{name: "bad version", src: project("    dialect_version: fifteen\n"), want: `migrate-bot.yml:6: projects[0].dialect_version: invalid version "fifteen": want MAJOR or MAJOR.MINOR, e.g. "15"`},
		{name: "unsupported version", src: project("    dialect: postgres\n    dialect_version: 9\n"), want: "migrate-bot.yml:7: projects[0].dialect_version: postgres 9.0 is not supported: 10 or later"},
		{name: "rename without equals", src: project("    renames:\n      - users.phone\n"), want: `migrate-bot.yml:7: projects[0].renames[0]: "users.phone": want OLD=NEW, e.g. users.phone=users.phone_number`},
		{name: "renames not a list", src: project("    renames: a=b\n"), want: `migrate-bot.yml:6: projects[0].renames: want a list of OLD=NEW entries, found "a=b"`},
		{name: "duplicate key", src: project("    schema: other.sql\n"), want: "migrate-bot.yml:6: projects[0].schema: duplicate key (first at line 4)"},
		{name: "duplicate project", src: project("  - name: app\n    schema: b.sql\n    migrations: m\n"), want: `migrate-bot.yml:6: projects[1].name: duplicate project name "app" (first at line 3)`},
		{name: "bad project name", src: "version: 1\nprojects:\n  - name: my app\n", want: `migrate-bot.yml:3: projects[0].name: "my app": use letters, digits, '-', '_' and '.' only`},
		{name: "name is a number", src: "version: 1\nprojects:\n  - name: 12\n", want: `migrate-bot.yml:3: projects[0].name: want a string, found int "12"`},
		{name: "null value", src: "version: 1\nprojects:\n  - name:\n", want: "migrate-bot.yml:3: projects[0].name: want a value, found nothing"},
		{name: "two documents", src: "version: 1\n---\nversion: 1\n", want: "migrate-bot.yml:2: more than one YAML document: want one"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("migrate-bot.yml", []byte(tc.src))
			if err == nil {
				t.Fatalf("Parse succeeded, want error %q", tc.want)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %T %v is not a *config.Error", err, err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("error:\n got  %s\n want %s", err, tc.want)
			}
		})
	}
}

func TestParseLint(t *testing.T) {
	src := `version: 1
lint:
  rules:
    MB401: {severity: error}
    MB113: {enabled: false}
    MB102: {severity: warning}
projects:
  - name: app
    schema: s.prisma
    migrations: m
    lint:
      rules:
        MB113: {enabled: true}
        MB102: {severity: notice, enabled: false}
  - name: other
    schema: t.prisma
    migrations: n
`
	cfg, err := Parse("c.yml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	app, other := cfg.ProjectLint(cfg.Project("app")), cfg.ProjectLint(cfg.Project("other"))
	if r := app.Rules["MB401"]; r.Severity != "error" || r.Enabled != nil {
		t.Errorf("app MB401 = %+v, want the repository's severity", r)
	}
	if r := app.Rules["MB113"]; r.Enabled == nil || !*r.Enabled {
		t.Errorf("app MB113 = %+v, want enabled by the project", r)
	}
	if r := app.Rules["MB102"]; r.Severity != "notice" || r.Enabled == nil || *r.Enabled {
		t.Errorf("app MB102 = %+v", r)
	}
	if r := other.Rules["MB113"]; r.Enabled == nil || *r.Enabled {
		t.Errorf("other MB113 = %+v, want disabled by the repository", r)
	}
	if r := other.Rules["MB102"]; r.Severity != "warning" {
		t.Errorf("other MB102 = %+v", r)
	}
}

// TestParseDialects checks that every dialect the planner supports is
// accepted with its versions, and that a version outside a dialect's range
// fails where it is written.
func TestParseDialects(t *testing.T) {
	for _, tc := range []struct{ dialect, version string }{
		{"postgres", "15"}, {"mysql", "8.0"}, {"mysql", "8.4"}, {"mysql", "8.0.29"},
		{"mariadb", "10.11"}, {"sqlite", "3.45"}, {"sqlite", ""},
	} {
		src := "version: 1\nprojects:\n  - name: app\n    schema: db/schema.sql\n    migrations: m\n    dialect: " + tc.dialect + "\n"
		if tc.version != "" {
			src += "    dialect_version: \"" + tc.version + "\"\n"
		}
		cfg, err := Parse("c.yml", []byte(src))
		if err != nil {
			t.Errorf("%s %s: %v", tc.dialect, tc.version, err)
			continue
		}
		if p := cfg.Projects[0]; p.Dialect != tc.dialect || p.DialectVersion != tc.version {
			t.Errorf("%s %s: parsed as %q %q", tc.dialect, tc.version, p.Dialect, p.DialectVersion)
		}
	}
	src := "version: 1\nprojects:\n  - name: app\n    schema: db/schema.sql\n    migrations: m\n    dialect: mariadb\n    dialect_version: \"9.1\"\n"
	_, err := Parse("c.yml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "c.yml:7: projects[0].dialect_version: mariadb 9.1 is not supported") {
		t.Errorf("mariadb 9.1: %v", err)
	}
}
