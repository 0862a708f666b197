package pipeline

import (
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/config"
)

const prismaProject = `  - name: app
    schema: prisma/schema.prisma
    format: prisma
    migrations: prisma/migrations
`

const prismaBase = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id   Int    @id @default(autoincrement())
  name String
}
`

var prismaHead = strings.Replace(prismaBase, "  name String\n", "  name     String\n  email    String?\n  nickname String?\n", 1)

const mariaProject = `  - name: shop
    schema: db/schema.sql
    dialect: mariadb
    migrations: db/migrations
`

const sqliteProject = `  - name: shop
    schema: db/schema.sql
    dialect: sqlite
    migrations: db/migrations
`

const mariaBase = "CREATE TABLE users (\n  id bigint NOT NULL PRIMARY KEY,\n  name varchar(100) NOT NULL\n);\n"

func TestHandWrittenMigrationCheck(t *testing.T) {
	pgHead := strings.Replace(pgBase, "name text NOT NULL", "name text NOT NULL,\n  email text,\n  nickname text", 1)
	mariaHead := strings.Replace(mariaBase, "name varchar(100) NOT NULL", "name varchar(100) NOT NULL,\n  email varchar(255) NULL", 1)
	sqliteBase := "CREATE TABLE users (\n  id integer PRIMARY KEY,\n  name text NOT NULL,\n  phone text\n);\n"
	sqliteHead := "CREATE TABLE users (\n  id integer PRIMARY KEY,\n  name text NOT NULL,\n  email text\n);\n"
	cases := []struct {
		name        string
		base, head  map[string]string
		wantFiles   string
		converges   bool
		wantMissing []string // substrings, each in some Missing statement
		wantExtra   []string // substrings, each in some Extra sentence
		wantCodes   []string // lint codes among the findings
		noCodes     []string // lint codes not among them
	}{
		{name: "postgres: a migration missing a column",
			base:      map[string]string{config.Path: cfgYAML(pgProject), "db/schema.sql": pgBase},
			head:      map[string]string{"db/schema.sql": pgHead, "db/migrations/20250601000000_email.up.sql": "ALTER TABLE users ADD COLUMN email text;\n", "db/migrations/20250601000000_email.down.sql": "ALTER TABLE users DROP COLUMN email;\n"},
			wantFiles: "db/migrations/20250601000000_email.up.sql", wantMissing: []string{`ADD COLUMN "nickname" text`}},
		{name: "postgres: a complete migration converges",
			base:      map[string]string{config.Path: cfgYAML(pgProject), "db/schema.sql": pgBase},
			head:      map[string]string{"db/schema.sql": pgHead, "db/migrations/20250601000000_email.up.sql": "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN email text;\nALTER TABLE users ADD COLUMN nickname text;\n"},
			wantFiles: "db/migrations/20250601000000_email.up.sql", converges: true, noCodes: []string{"MB412"}},
		{name: "postgres: an extra column and a required column without default",
			base:      map[string]string{config.Path: cfgYAML(pgProject), "db/schema.sql": pgBase},
			head:      map[string]string{"db/schema.sql": pgHead, "db/migrations/20250601000000_email.up.sql": "ALTER TABLE users ADD COLUMN email text;\nALTER TABLE users ADD COLUMN nickname text;\nALTER TABLE users ADD COLUMN age int NOT NULL;\n"},
			wantFiles: "db/migrations/20250601000000_email.up.sql",
			wantExtra: []string{"column public.users.age is created by the migration"}, wantCodes: []string{"MB205"}},
		{name: "postgres: two migrations run in order",
			base:      map[string]string{config.Path: cfgYAML(pgProject), "db/schema.sql": pgBase},
			head:      map[string]string{"db/schema.sql": pgHead, "db/migrations/2_nick.up.sql": "ALTER TABLE users ADD COLUMN nickname text;\n", "db/migrations/1_email.up.sql": "ALTER TABLE users ADD COLUMN email text;\n"},
			wantFiles: "db/migrations/1_email.up.sql db/migrations/2_nick.up.sql", converges: true},
		{name: "postgres: a dbmate file, down section ignored",
			base:      map[string]string{config.Path: cfgYAML(pgProject), "db/schema.sql": pgBase},
			head:      map[string]string{"db/schema.sql": pgHead, "db/migrations/20250601000000_email.sql": "-- migrate:up\nALTER TABLE users ADD COLUMN email text;\n\n-- migrate:down\nALTER TABLE users DROP COLUMN email;\n"},
			wantFiles: "db/migrations/20250601000000_email.sql", wantMissing: []string{"nickname"}},
		{name: "prisma: a migration.sql missing a column",
			base:      map[string]string{config.Path: cfgYAML(prismaProject), "prisma/schema.prisma": prismaBase},
			head:      map[string]string{"prisma/schema.prisma": prismaHead, "prisma/migrations/20250601000000_email/migration.sql": "-- AlterTable\nALTER TABLE \"User\" ADD COLUMN \"email\" TEXT;\n"},
			wantFiles: "prisma/migrations/20250601000000_email/migration.sql", wantMissing: []string{`ADD COLUMN "nickname" text`}},
		{name: "prisma: a complete migration.sql converges",
			base:      map[string]string{config.Path: cfgYAML(prismaProject), "prisma/schema.prisma": prismaBase},
			head:      map[string]string{"prisma/schema.prisma": prismaHead, "prisma/migrations/20250601000000_email/migration.sql": "-- AlterTable\nALTER TABLE \"User\" ADD COLUMN     \"email\" TEXT,\nADD COLUMN     \"nickname\" TEXT;\n"},
			wantFiles: "prisma/migrations/20250601000000_email/migration.sql", converges: true},
		{name: "prisma sqlite: a complete migration.sql converges",
			base:      map[string]string{config.Path: cfgYAML(prismaProject), "prisma/schema.prisma": strings.Replace(prismaBase, `"postgresql"`, `"sqlite"`, 1)},
			head:      map[string]string{"prisma/schema.prisma": strings.Replace(prismaHead, `"postgresql"`, `"sqlite"`, 1), "prisma/migrations/20250601000000_email/migration.sql": "-- AlterTable\nALTER TABLE \"User\" ADD COLUMN \"email\" TEXT;\nALTER TABLE \"User\" ADD COLUMN \"nickname\" TEXT;\n"},
			wantFiles: "prisma/migrations/20250601000000_email/migration.sql", converges: true},
		{name: "prisma mysql: a migration.sql missing a column",
			base:      map[string]string{config.Path: cfgYAML(prismaProject), "prisma/schema.prisma": strings.Replace(prismaBase, `"postgresql"`, `"mysql"`, 1)},
			head:      map[string]string{"prisma/schema.prisma": strings.Replace(prismaHead, `"postgresql"`, `"mysql"`, 1), "prisma/migrations/20250601000000_email/migration.sql": "-- AlterTable\nALTER TABLE `User` ADD COLUMN `email` VARCHAR(191) NULL;\n"},
			wantFiles: "prisma/migrations/20250601000000_email/migration.sql", wantMissing: []string{"ADD COLUMN `nickname` varchar(191)"}},
		{name: "mariadb: a golang-migrate file missing a column",
			base:      map[string]string{config.Path: cfgYAML(mariaProject), "db/schema.sql": mariaBase},
			head:      map[string]string{"db/schema.sql": mariaHead, "db/migrations/000002_noop.up.sql": "SET lock_wait_timeout = 10;\n"},
			wantFiles: "db/migrations/000002_noop.up.sql", wantMissing: []string{"ADD COLUMN `email` varchar(255)"}},
		{name: "mariadb: a complete migration converges",
			base:      map[string]string{config.Path: cfgYAML(mariaProject), "db/schema.sql": mariaBase},
			head:      map[string]string{"db/schema.sql": mariaHead, "db/migrations/000002_email.up.sql": "ALTER TABLE users ADD COLUMN email varchar(255) NULL;\n"},
			wantFiles: "db/migrations/000002_email.up.sql", converges: true},
		{name: "sqlite: a goose file that drops and adds converges, with the drop linted",
			base:      map[string]string{config.Path: cfgYAML(sqliteProject), "db/schema.sql": sqliteBase},
			head:      map[string]string{"db/schema.sql": sqliteHead, "db/migrations/20250601000000_email.sql": "-- +goose Up\nALTER TABLE users DROP COLUMN phone;\nALTER TABLE users ADD COLUMN email text;\n-- +goose Down\nALTER TABLE users DROP COLUMN email;\nALTER TABLE users ADD COLUMN phone text;\n"},
			wantFiles: "db/migrations/20250601000000_email.sql", converges: true, wantCodes: []string{"MB102"}},
		{name: "sqlite: a migration the head does not need",
			base:      map[string]string{config.Path: cfgYAML(sqliteProject), "db/schema.sql": sqliteBase},
			head:      map[string]string{"db/migrations/20250601000000_idx.up.sql": "CREATE INDEX users_name ON users (name);\n"},
			wantFiles: "db/migrations/20250601000000_idx.up.sql", wantExtra: []string{"index"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := runChange(t, change{base: tc.base, head: tc.head}, nil)
			if len(res.Errors) != 0 || len(res.Projects) != 1 {
				t.Fatalf("result = %+v", res)
			}
			pr := res.Projects[0]
			hw := pr.HandWritten
			if hw == nil {
				t.Fatalf("no hand-written check; files generated: %v", pr.Files)
			}
			t.Logf("converges=%v missing=%q extra=%q findings=%d", hw.Converges, hw.Missing, hw.Extra, len(hw.Findings))
			for _, f := range hw.Findings {
				t.Logf("  %s %s.%s at %v", f.Code, f.Table, f.Column, f.SourcePos)
			}
			if len(pr.Files) != 0 {
				t.Errorf("files generated next to a hand-written migration: %v", pr.Files)
			}
			if got := strings.Join(hw.Files, " "); got != tc.wantFiles {
				t.Errorf("files = %s, want %s", got, tc.wantFiles)
			}
			if hw.Converges != tc.converges {
				t.Errorf("Converges = %v, want %v (missing %q, extra %q)", hw.Converges, tc.converges, hw.Missing, hw.Extra)
			}
			if tc.converges && (len(hw.Missing) != 0 || len(hw.Extra) != 0) {
				t.Errorf("converging migration has missing %q, extra %q", hw.Missing, hw.Extra)
			}
			for _, w := range tc.wantMissing {
				if !containsAny(hw.Missing, w) {
					t.Errorf("Missing %q lacks %q", hw.Missing, w)
				}
			}
			for _, w := range tc.wantExtra {
				if !containsAny(hw.Extra, w) {
					t.Errorf("Extra %q lacks %q", hw.Extra, w)
				}
			}
			var codes []string
			for _, f := range hw.Findings {
				codes = append(codes, f.Code)
			}
			for _, w := range tc.wantCodes {
				if !containsAny(codes, w) {
					t.Errorf("findings %v lack %s", codes, w)
				}
			}
			for _, w := range tc.noCodes {
				if containsAny(codes, w) {
					t.Errorf("findings %v have %s", codes, w)
				}
			}
			for _, f := range hw.Findings {
				if f.Code == "MB205" && !strings.HasPrefix(f.SourcePos.String(), tc.wantFiles+":3:") {
					t.Errorf("MB205 at %v, want the migration's line 3", f.SourcePos)
				}
			}
			if pr.Doc == nil {
				t.Error("no report document")
			}
		})
	}
}

// TestHandWrittenNextToTheBotsFile: a person's migration added next to
// the bot's earlier one is checked together with it (both run on deploy).
func TestHandWrittenNextToTheBotsFile(t *testing.T) {
	pgHead := strings.Replace(pgBase, "name text NOT NULL", "name text NOT NULL,\n  email text,\n  nickname text", 1)
	bot := "db/migrations/20250601000000_add_email.up.sql"
	res := runChange(t, change{
		base: map[string]string{config.Path: cfgYAML(pgProject), "db/schema.sql": pgBase},
		head: map[string]string{"db/schema.sql": pgHead, bot: "ALTER TABLE users ADD COLUMN email text;\n",
			"db/migrations/20250602000000_nickname.up.sql": "ALTER TABLE users ADD COLUMN nickname text;\n"},
	}, func(in *Input) { in.Ignore = []string{bot} })
	if len(res.Errors) != 0 || len(res.Projects) != 1 || res.Projects[0].HandWritten == nil {
		t.Fatalf("result = %+v", res)
	}
	hw := res.Projects[0].HandWritten
	if !hw.Converges || strings.Join(hw.Files, " ") != bot+" db/migrations/20250602000000_nickname.up.sql" {
		t.Fatalf("check = %+v, want both files, converging", hw)
	}
}

func TestHandWrittenMigrationUnreadable(t *testing.T) {
	res := runChange(t, change{
		base: map[string]string{config.Path: cfgYAML(pgProject), "db/schema.sql": pgBase},
		head: map[string]string{"db/migrations/1_x.up.sql": "ALTER TABLE users ADD COLUMN;\n"},
	}, nil)
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error, "db/migrations/1_x.up.sql:1") {
		t.Fatalf("errors = %+v, want the migration's file:line", res.Errors)
	}
}

func containsAny(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
