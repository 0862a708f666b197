package alembic

import (
	"strings"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Add user email", "add_user_email"},
		{"add-users.email!", "add_users_email"},
		{"  ", "migration"},
		{"Ünïcode names", "ünïcode_names"},
		{"a very long message that goes on and on past forty characters", "a_very_long_message_that_goes_on_and_on_"},
	} {
		if got := Slug(tc.in); got != tc.want {
			t.Errorf("Slug(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPyText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "DROP TABLE x", `"DROP TABLE x"`},
		{"identifiers", `DROP TABLE "x"`, `'DROP TABLE "x"'`},
		{"both quotes", `SELECT 'a' AS "b"`, `"SELECT 'a' AS \"b\""`},
		{"bind-like colon", "DEFAULT ':label'", `"DEFAULT '\\:label'"`},
		{"time literal", "DEFAULT '12:30'", `"DEFAULT '12:30'"`},
		{"cast", "'7'::integer", `"'7'::integer"`},
		{"percent stays", "LIKE '1%'", `"LIKE '1%'"`},
		{"multi-line", "CREATE TABLE t (\n  a int\n)", "\"\"\"CREATE TABLE t (\n  a int\n)\"\"\""},
		{"multi-line with backslash", "CREATE TABLE t (\n  a text DEFAULT '\\'\n)", `"CREATE TABLE t (\n  a text DEFAULT '\\'\n)"`},
		{"control", "a\x00b", `"a\x00b"`},
	} {
		if got := pyText(tc.in); got != tc.want {
			t.Errorf("%s: pyText(%q) = %s, want %s", tc.name, tc.in, got, tc.want)
		}
	}
}

// TestOperationOnlyForExactSQL: the same AddColumn step becomes
// op.add_column with its plain SQL, and stays SQL as soon as the statement
// carries anything more (a MySQL ALGORITHM clause, a second change merged
// into one ALTER) or the type has no exact SQLAlchemy spelling.
func TestOperationOnlyForExactSQL(t *testing.T) {
	users := schema.QName{Schema: "public", Name: "users"}
	col := func(typ string) *schema.Column {
		return &schema.Column{Name: "email", Type: schema.Type{Norm: typ}, NotNull: true, Default: &schema.Default{Expr: "''"}}
	}
	for _, tc := range []struct {
		name, dialect, typ, stmt string
		wantOp, folded           bool
	}{
		{"postgres plain but carrying a folded change", "postgres", "text", `ALTER TABLE "public"."users" ADD COLUMN "email" text DEFAULT '' NOT NULL`, false, true},
		{"postgres plain", "postgres", "text", `ALTER TABLE "public"."users" ADD COLUMN "email" text DEFAULT '' NOT NULL`, true, false},
		{"postgres extra clause", "postgres", "text", `ALTER TABLE "public"."users" ADD COLUMN "email" text DEFAULT '' NOT NULL, ADD COLUMN "x" int`, false, false},
		{"postgres unmapped type", "postgres", "tsvector", `ALTER TABLE "public"."users" ADD COLUMN "email" tsvector DEFAULT '' NOT NULL`, false, false},
		{"mysql instant", "mariadb", "text", "ALTER TABLE `users` ADD COLUMN `email` text NOT NULL DEFAULT '', ALGORITHM=INSTANT", false, false},
		{"sqlite plain", "sqlite", "TEXT", `ALTER TABLE "users" ADD COLUMN "email" TEXT NOT NULL DEFAULT ''`, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tbl := users
			if tc.dialect != "postgres" {
				tbl.Schema = ""
			}
			p := &plan.Plan{Dialect: tc.dialect, Steps: []*plan.Step{{
				Change: &schema.AddColumn{Table: tbl, Column: col(tc.typ)}, Transactional: tc.dialect != "mariadb",
				Up: []string{tc.stmt}, Down: []string{"SELECT 1"},
			}}}
			if tc.folded {
				p.Steps[0].Folded = []schema.Change{&schema.AddIndex{Table: tbl, Index: &schema.Index{Name: "i", Parts: []schema.IndexPart{{Column: "email"}}}}}
			}
			files, err := Files(p, nil, Options{Now: time.Unix(0, 0), RevisionID: "aaaaaaaaaaaa"})
			if err != nil {
				t.Fatal(err)
			}
			text := string(files[0].Data)
			up := text[strings.Index(text, "def upgrade"):strings.Index(text, "def downgrade")]
			hasOp := strings.Contains(up, "add_column(")
			if hasOp != tc.wantOp {
				t.Errorf("add_column used: %v, want %v\n%s", hasOp, tc.wantOp, up)
			}
			if !tc.wantOp && !strings.Contains(up, pyText(tc.stmt)) {
				t.Errorf("the step's SQL is not in the upgrade:\n%s", up)
			}
		})
	}
}

func TestEmptyPlanWritesNothing(t *testing.T) {
	files, err := Files(&plan.Plan{Dialect: "postgres"}, nil, Options{})
	if err != nil || len(files) != 0 {
		t.Fatalf("%d files, %v", len(files), err)
	}
	if _, err := Files(samplePlan(), nil, Options{RevisionID: "bad id!"}); err == nil {
		t.Error("a revision id with spaces was accepted")
	}
	h := &History{Versions: "versions", Revisions: []*Revision{{ID: "aaaaaaaaaaaa", File: "versions/a.py"}}}
	if _, err := Files(samplePlan(), h, Options{RevisionID: "aaaaaaaaaaaa"}); err == nil {
		t.Error("a revision id already in the history was accepted")
	}
}
