package knex

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

func TestReadHistory(t *testing.T) {
	cases := []struct {
		name      string
		files     fstest.MapFS
		wantStyle Style
		wantExt   string
		wantN     int
		wantErr   string
	}{
		{name: "missing directory", files: fstest.MapFS{}, wantStyle: CommonJS, wantExt: ".js"},
		{name: "CommonJS", files: fstest.MapFS{
			"db/migrations/20240101000000_init.js": {Data: []byte("exports.up = async function (knex) {};\n")},
			"db/migrations/README.md":              {Data: []byte("notes")},
		}, wantStyle: CommonJS, wantExt: ".js", wantN: 1},
		{name: "ES module", files: fstest.MapFS{
			"db/migrations/20240101000000_init.js": {Data: []byte("exports.up = 1\n")},
			"db/migrations/20240102000000_next.js": {Data: []byte("export async function up(knex) {}\n")},
		}, wantStyle: ESModule, wantExt: ".js", wantN: 2},
		{name: "TypeScript", files: fstest.MapFS{
			"db/migrations/20240101000000_init.ts":   {Data: []byte("export async function up() {}\n")},
			"db/migrations/20240101000000_init.d.ts": {Data: []byte("")},
		}, wantStyle: TypeScript, wantExt: ".ts", wantN: 1},
		{name: "CoffeeScript", files: fstest.MapFS{
			"db/migrations/20240101000000_init.coffee": {Data: []byte("")},
		}, wantErr: "JavaScript or TypeScript migrations only"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, err := ReadHistory(c.files, "db/migrations")
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if h.Style != c.wantStyle || h.Ext != c.wantExt || len(h.Migrations) != c.wantN {
				t.Errorf("got style %v ext %q %d migrations, want %v %q %d", h.Style, h.Ext, len(h.Migrations), c.wantStyle, c.wantExt, c.wantN)
			}
		})
	}
}

// step is a one-statement plan step for the tests.
func step(c schema.Change, up, down string, tx bool) *plan.Step {
	return &plan.Step{Change: c, Up: []string{up}, Down: []string{down}, Transactional: tx}
}

func TestFilesNaming(t *testing.T) {
	p := &plan.Plan{Dialect: "postgres", Steps: []*plan.Step{step(&schema.AddExtension{Extension: &schema.Extension{Name: "citext"}}, `CREATE EXTENSION "citext"`, `DROP EXTENSION IF EXISTS "citext"`, true)}}
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name     string
		h        *History
		want     string
		wantErr  string
		wantText string
	}{
		{name: "new project", h: nil, want: "20240101000000_add_citext.js"},
		{name: "after a later migration", h: &History{Dir: "m", Migrations: []string{"20250101000000_x.js"}, Ext: ".js"}, want: "m/20250101000001_add_citext.js"},
		{name: "typescript", h: &History{Dir: "m", Migrations: []string{"20230101000000_x.ts"}, Ext: ".ts", Style: TypeScript}, want: "m/20240101000000_add_citext.ts", wantText: "export async function up(knex: Knex): Promise<void> {"},
		{name: "name that sorts last", h: &History{Dir: "m", Migrations: []string{"zz_last.js"}, Ext: ".js"}, wantErr: "would sort after"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files, err := Files(p, c.h, Options{Name: "Add citext!", Now: now})
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != 1 || files[0].Path != c.want {
				t.Fatalf("files %v, want %s", files, c.want)
			}
			if c.wantText != "" && !strings.Contains(string(files[0].Data), c.wantText) {
				t.Errorf("no %q in\n%s", c.wantText, files[0].Data)
			}
		})
	}
	if files, err := Files(p, &History{Dir: "m"}, Options{Now: now, Style: TypeScript}); err != nil || len(files) != 1 || files[0].Path != "m/20240101000000_migration.ts" {
		t.Errorf("a new TypeScript project: %v, %v", files, err)
	}
	if files, err := Files(&plan.Plan{Dialect: "postgres"}, nil, Options{}); err != nil || len(files) != 0 {
		t.Errorf("empty plan: %v, %v", files, err)
	}
}

// TestEveryChangeKind writes a step of every change kind with statements
// the builders do not recognize: each must come out as its statements
// through knex.raw, in both directions, so no kind is ever dropped.
func TestEveryChangeKind(t *testing.T) {
	d, err := dialect.Lookup("postgres", "15")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range schema.AllChangeKinds() {
		p := &plan.Plan{Dialect: "postgres", Steps: []*plan.Step{step(c, "SELECT 'up "+c.Kind()+"'", "SELECT 'down "+c.Kind()+"'", true)}}
		text := render(p, d, CommonJS, "x")
		for _, want := range []string{"await knex.raw(`SELECT 'up " + c.Kind() + "'`);", "await knex.raw(`SELECT 'down " + c.Kind() + "'`);"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: no %q in\n%s", c.Kind(), want, text)
			}
		}
	}
}

func TestSQLLiteral(t *testing.T) {
	pg, _ := dialect.Lookup("postgres", "")
	my, _ := dialect.Lookup("mariadb", "")
	cases := []struct {
		name string
		d    *dialect.Dialect
		sql  string
		want string
	}{
		{"backquote", pg, "SELECT '`${x}`'", `"SELECT '` + "`${x}`" + `'"`},
		{"backquote and double quote", pg, "SELECT \"a\", '`${x}`'", "`SELECT \"a\", '\\`\\${x}\\`'`"},
		{"backslash", my, `SELECT 'a\\b'`, "`SELECT 'a\\\\\\\\b'`"},
		{"question mark on postgres", pg, `SELECT '{"a":1}'::jsonb ? 'a'`, "`SELECT '{\"a\":1}'::jsonb \\\\? 'a'`"},
		{"question mark on mariadb", my, `SELECT '?'`, "`SELECT '?'`"},
	}
	for _, c := range cases {
		if got := sqlLiteral(c.sql, c.d); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

// TestOwnTransactions checks when the module turns Knex's transaction off
// and how it groups the steps.
func TestOwnTransactions(t *testing.T) {
	d, _ := dialect.Lookup("postgres", "15")
	ix := &schema.AddIndex{Table: schema.QName{Schema: "public", Name: "t"}, Index: &schema.Index{Name: "i", Parts: []schema.IndexPart{{Column: "a"}}}}
	p := &plan.Plan{Dialect: "postgres", Steps: []*plan.Step{
		step(&schema.AddColumn{Table: schema.QName{Schema: "public", Name: "t"}, Column: &schema.Column{Name: "a", Type: schema.Type{Norm: "integer"}}}, `ALTER TABLE "public"."t" ADD COLUMN "a" integer`, `ALTER TABLE "public"."t" DROP COLUMN IF EXISTS "a"`, true),
		step(ix, `CREATE INDEX CONCURRENTLY "i" ON "public"."t" ("a")`, `DROP INDEX CONCURRENTLY IF EXISTS "public"."i"`, false),
	}}
	if !NeedsOwnTransactions(p) {
		t.Fatal("a CONCURRENTLY step needs Knex's transaction off")
	}
	text := render(p, d, CommonJS, "x")
	for _, want := range []string{
		"exports.config = { transaction: false };",
		"await knex.transaction(async (trx) => {\n    await trx.raw(`SET LOCAL lock_timeout = '10s'`);\n    // AddColumn public.t.a\n    await trx.schema.alterTable('t', (table) => {\n      table.integer('a');",
		"  await knex.raw(`CREATE INDEX CONCURRENTLY \"i\" ON \"public\".\"t\" (\"a\")`);",
		"table.dropColumn('a');",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
	p.Steps = p.Steps[:1]
	if NeedsOwnTransactions(p) || strings.Contains(render(p, d, CommonJS, "x"), "transaction: false") {
		t.Error("a plan of transactional steps keeps Knex's transaction")
	}
}

// TestSessionSettingPinsConnection checks that a MySQL step which turns a
// session setting off and on around a statement runs on one connection
// (a transaction), since Knex would otherwise send each statement to any
// free pooled connection.
func TestSessionSettingPinsConnection(t *testing.T) {
	d, _ := dialect.Lookup("mariadb", "10.11")
	fk := &schema.DropForeignKey{Table: schema.QName{Name: "b"}, ForeignKey: &schema.ForeignKey{Name: "b_a"}}
	p := &plan.Plan{Dialect: "mariadb", Steps: []*plan.Step{{
		Change: fk,
		Up:     []string{"ALTER TABLE `b` DROP FOREIGN KEY `b_a`"},
		Down:   []string{"SET SESSION FOREIGN_KEY_CHECKS = 0", "ALTER TABLE `b` ADD CONSTRAINT `b_a` FOREIGN KEY (`a_id`) REFERENCES `a` (`id`)", "SET SESSION FOREIGN_KEY_CHECKS = 1"},
	}}}
	text := render(p, d, CommonJS, "x")
	want := "  await knex.transaction(async (trx) => {\n    // Undo DropForeignKey b.b_a\n    await trx.raw(`SET SESSION FOREIGN_KEY_CHECKS = 0`);"
	if !strings.Contains(text, want) {
		t.Errorf("no %q in\n%s", want, text)
	}
	if strings.Count(text, "knex.transaction(") != 1 {
		t.Errorf("only the down step needs a connection of its own:\n%s", text)
	}
}
