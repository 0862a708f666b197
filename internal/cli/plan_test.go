package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlanWritesFiles(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		file     string // the derived name: Prisma's model User is table "User"
	}{
		{"prisma files", "users_v1.prisma", "users_v2.prisma", "20250101000000_add_user_name"},
		{"sql files", "users_v1.sql", "users_v2.sql", "20250101000000_add_users_name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			r := run(t, "plan", "--from", testdata(t, tc.from), "--to", testdata(t, tc.to),
				"--out", out, "--version", "20250101000000", "--dialect-version", "15")
			r.wantCode(t, ExitOK)
			up := readFile(t, filepath.Join(out, tc.file+".up.sql"))
			down := readFile(t, filepath.Join(out, tc.file+".down.sql"))
			if !strings.Contains(up, "ADD COLUMN") || !strings.Contains(up, `"name"`) {
				t.Errorf("up migration lacks the new column:\n%s", up)
			}
			if !strings.Contains(down, "DROP COLUMN") {
				t.Errorf("down migration does not drop the column:\n%s", down)
			}
			if !strings.Contains(r.stdout, "PASS") || !strings.Contains(r.stdout, "Files written:") {
				t.Errorf("report:\n%s", r.stdout)
			}
		})
	}
}

func TestPlanPrintsSQLWithoutOut(t *testing.T) {
	r := run(t, "plan", "--from", testdata(t, "users_v1.prisma"), "--to", testdata(t, "users_v2.prisma"),
		"--version", "7", "--name", "Add Name!")
	r.wantCode(t, ExitOK)
	up := strings.Index(r.stdout, "-- ===== 7_add_name.up.sql (up migration) =====")
	down := strings.Index(r.stdout, "-- ===== 7_add_name.down.sql (down migration) =====")
	if up < 0 || down < up {
		t.Fatalf("want the up then the down SQL under separators:\n%s", r.stdout)
	}
}

func TestPlanSources(t *testing.T) {
	tests := []struct {
		name      string
		from, to  string
		wantKinds []string
	}{
		{"empty to prisma", "empty", "users_v1.prisma", []string{"AddTable"}},
		{"prisma to empty", "users_v1.prisma", "empty", []string{"DropTable"}},
		{"prisma folder", "users_v1.prisma", "prisma_dir", []string{"AddColumn"}},
		{"sql folder in name order", "empty", "sql_dir", []string{"AddTable", "AddIndex", "AddForeignKey"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			from, to := tc.from, tc.to
			if from != "empty" {
				from = testdata(t, from)
			}
			if to != "empty" {
				to = testdata(t, to)
			}
			r := run(t, "plan", "--from", from, "--to", to, "--report", "json", "--fail-on", "never")
			r.wantCode(t, ExitOK)
			doc := decode[jsonDoc](t, r.stdout)
			for _, k := range tc.wantKinds {
				if !contains(doc.changeKinds(), k) {
					t.Errorf("changes %v lack %s", doc.changeKinds(), k)
				}
			}
		})
	}
}

func TestPlanNoChanges(t *testing.T) {
	out := t.TempDir()
	r := run(t, "plan", "--from", testdata(t, "users_v1.prisma"), "--to", testdata(t, "users_v1.prisma"), "--out", out)
	r.wantCode(t, ExitOK)
	if strings.TrimSpace(r.stdout) != "No changes: the schemas are equivalent." {
		t.Fatalf("stdout = %q", r.stdout)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Fatalf("files written for an empty plan: %v", entries)
	}
}

func TestPlanExitStatus(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		want   int
		stdout string
	}{
		{"drop column fails on error", []string{"--to", "users_dropped.prisma"}, ExitFindings, "FAIL"},
		{"drop column with fail-on never", []string{"--to", "users_dropped.prisma", "--fail-on", "never"}, ExitOK, "PASS"},
		{"nullable column passes", []string{"--to", "users_v2.prisma"}, ExitOK, "PASS"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"plan", "--from", testdata(t, "users_v1.prisma")}
			for i := 0; i < len(tc.args); i++ {
				a := tc.args[i]
				if strings.HasSuffix(a, ".prisma") {
					a = testdata(t, a)
				}
				args = append(args, a)
			}
			out := t.TempDir()
			r := run(t, append(args, "--out", out, "--version", "1")...)
			r.wantCode(t, tc.want)
			if !strings.Contains(r.stdout, tc.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tc.stdout, r.stdout)
			}
			// Files are written even when findings fail the run.
			if _, err := os.Stat(filepath.Join(out, "1_drop_user_phone.up.sql")); tc.want == ExitFindings && err != nil {
				t.Errorf("up file not written: %v", err)
			}
		})
	}
}

func TestPlanJSONReport(t *testing.T) {
	r := run(t, "plan", "--from", testdata(t, "users_v1.prisma"), "--to", testdata(t, "users_dropped.prisma"),
		"--report", "json", "--dialect-version", "15", "--version", "1")
	r.wantCode(t, ExitFindings)
	doc := decode[jsonDoc](t, r.stdout)
	if doc.Version != 2 || doc.Dialect != "postgres" || doc.DialectVersion != "15" {
		t.Errorf("header = version %d, %s %s", doc.Version, doc.Dialect, doc.DialectVersion)
	}
	if !doc.Verdict.Failed || doc.Verdict.Status != "errors" {
		t.Errorf("verdict = %+v", doc.Verdict)
	}
	if len(doc.Steps) == 0 {
		t.Fatal("no steps")
	}
	s := doc.Steps[0]
	if s.Transactional == nil || s.Lock == nil || s.Rewrite == nil || s.Scan == nil || s.DownLosesData == nil {
		t.Errorf("step lacks a property: %+v", s)
	}
	if s.Change.Kind != "DropColumn" || s.Change.Object != "public.User.phone" {
		t.Errorf("change = %+v, want DropColumn public.User.phone", s.Change)
	}
	if len(s.Up) == 0 || len(s.Down) == 0 {
		t.Errorf("step SQL missing: %+v", s)
	}
	var dataLoss bool
	for _, f := range doc.Findings {
		if f.Code == "MB102" && f.Severity == "error" {
			dataLoss = true
			if !strings.HasSuffix(f.Source, "users_v1.prisma:8") {
				t.Errorf("MB102 finding source = %q, want users_v1.prisma:8 (the dropped field)", f.Source)
			}
			// The up file: 3 comment lines, a blank, SET lock_timeout, a
			// blank, BEGIN, then the step's statement on line 8.
			if f.MigrationFile != "1_drop_user_phone.up.sql" || f.MigrationLine != 8 || f.Title != "Column dropped" || f.Step != 1 {
				t.Errorf("MB102 finding = %+v, want migration 1_drop_user_phone.up.sql:8, step 1", f)
			}
		}
	}
	if !dataLoss {
		t.Errorf("findings %+v lack the MB102 (column dropped) error", doc.Findings)
	}
	if len(doc.Files) != 2 || doc.Files[0].Name != "1_drop_user_phone.up.sql" || doc.Files[0].Path != "" {
		t.Errorf("files = %+v", doc.Files)
	}
}

func TestPlanRenames(t *testing.T) {
	from, to := testdata(t, "users_v1.prisma"), testdata(t, "users_renamed.prisma")
	t.Run("likely rename suggests the flag", func(t *testing.T) {
		r := run(t, "plan", "--from", from, "--to", to, "--fail-on", "never")
		r.wantCode(t, ExitOK)
		if !strings.Contains(r.stdout, "confirm with --rename User.phone=User.phoneNumber") {
			t.Fatalf("no rename suggestion:\n%s", r.stdout)
		}
	})
	t.Run("confirmed rename keeps the data", func(t *testing.T) {
		r := run(t, "plan", "--from", from, "--to", to, "--rename", "User.phone=User.phoneNumber", "--report", "json")
		r.wantCode(t, ExitOK)
		doc := decode[jsonDoc](t, r.stdout)
		if kinds := doc.changeKinds(); len(kinds) != 1 || kinds[0] != "RenameColumn" {
			t.Fatalf("changes = %v, want one RenameColumn", kinds)
		}
		for _, f := range doc.Findings {
			if f.Code == "MB102" {
				t.Errorf("a confirmed rename must not lose data: %+v", f)
			}
		}
		if len(doc.LikelyRenames) != 0 {
			t.Errorf("likely renames left: %+v", doc.LikelyRenames)
		}
	})
	t.Run("bad rename is bad input", func(t *testing.T) {
		r := run(t, "plan", "--from", from, "--to", to, "--rename", "phone")
		r.wantCode(t, ExitError)
		if !strings.Contains(r.stderr, "--rename") || !strings.Contains(r.stderr, "OLD=NEW") {
			t.Fatalf("stderr = %s", r.stderr)
		}
	})
}

func TestPlanBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"no sources", []string{}, "--from and --to are required"},
		{"missing file", []string{"--from", "empty", "--to", "no/such/schema.prisma"}, "no/such/schema.prisma: no such file or folder"},
		{"wrong extension", []string{"--from", "empty", "--to", "testdata/sql_dir/notes.txt"}, "notes.txt is not a .prisma, .sql, .py (SQLAlchemy models) or .yaml/.yml/.json (schema document) file"},
		{"prisma syntax error", []string{"--from", "empty", "--to", "testdata/bad.prisma"}, "testdata/bad.prisma:7"},
		{"sql syntax error", []string{"--from", "empty", "--to", "testdata/bad.sql"}, "testdata/bad.sql:"},
		{"unknown flag", []string{"--frm", "x"}, "flag provided but not defined: --frm"},
		{"report format", []string{"--from", "empty", "--to", "empty", "--report", "xml"}, `--report: unknown format "xml"`},
		{"fail-on", []string{"--from", "empty", "--to", "empty", "--fail-on", "sometimes"}, `--fail-on: unknown severity "sometimes"`},
		{"unknown format", []string{"--from", "empty", "--to", "empty", "--format", "liquibase"}, `unknown format "liquibase" (want sql, prisma, alembic or knex)`},
		{"unknown dialect", []string{"--from", "empty", "--to", "empty", "--dialect", "oracle"}, `--dialect: unknown dialect "oracle"`},
		{"unsupported dialect version", []string{"--from", "empty", "--to", "testdata/users_v1.prisma", "--dialect", "postgres", "--dialect-version", "8"}, "--dialect: postgres 8.0 is not supported"},
		{"oracle url", []string{"--from", "oracle://root@localhost/db", "--to", "empty"}, `unsupported database URL scheme "oracle"`},
		{"mysql url without database", []string{"--from", "mysql://root@localhost", "--to", "empty"}, `want mysql://user:password@host:3306/database`},
		{"mysql url with postgres dialect", []string{"--from", "mysql://root@127.0.0.1:1/db", "--to", "empty", "--dialect", "postgres"}, `is a mysql database but the dialect is postgres`},
		{"sqlite url without path", []string{"--from", "sqlite://", "--to", "empty"}, `no SQLite file path`},
		{"repo with from", []string{"--repo", ".", "--base", "main", "--head", "x", "--from", "empty"}, "--from cannot be combined with --repo"},
		{"base without repo", []string{"--from", "empty", "--to", "empty", "--base", "main"}, "--base and --head go with --repo"},
		{"version with slash", []string{"--from", "empty", "--to", "empty", "--version", "../x"}, "--version"},
		{"positional argument", []string{"schema.prisma"}, `unexpected argument "schema.prisma"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, append([]string{"plan"}, tc.args...)...)
			r.wantCode(t, ExitError)
			if !strings.Contains(r.stderr, tc.want) {
				t.Fatalf("stderr lacks %q:\n%s", tc.want, r.stderr)
			}
		})
	}
}

func TestPlanMarkdownReport(t *testing.T) {
	r := run(t, "plan", "--from", testdata(t, "users_v1.prisma"), "--to", testdata(t, "users_dropped.prisma"),
		"--report", "markdown", "--version", "1")
	r.wantCode(t, ExitFindings)
	first, _, _ := strings.Cut(r.stdout, "\n")
	if !strings.Contains(first, "FAIL") {
		t.Errorf("first line is not the verdict: %q", first)
	}
	for _, want := range []string{"| Severity | Code | Finding | Object | Schema | Migration |", "| error | `MB102` | **Column dropped**", "<details><summary><code>MB102</code>", "<details><summary>Up migration", "```sql"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("markdown lacks %q:\n%s", want, r.stdout)
		}
	}
}
