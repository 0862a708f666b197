package pipeline

import (
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/config"
	"github.com/migrate-bot/migrate-bot/internal/shadow"
)

const driftProject = `  - name: app
    schema: prisma/schema.prisma
    format: prisma
    migrations: prisma/migrations
`

const sqliteModels = `datasource db {
  provider = "sqlite"
}

model User {
  id    Int    @id @default(autoincrement())
  email String
}
`

// TestPrismaHistoryDriftStopsGeneration: with a shadow database, a Prisma
// history that does not build the schema at the merge base stops the
// project with a message naming what the history lacks; a history that
// builds it lets the migration be generated on top.
func TestPrismaHistoryDriftStopsGeneration(t *testing.T) {
	srv, err := shadow.Open("sqlite://" + t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	lock := "provider = \"sqlite\"\n"
	head := strings.Replace(sqliteModels, "email String", "email String\n  name  String?", 1)
	cases := []struct {
		name, init string
		drifted    bool
	}{
		{"history builds the base", `CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "email" TEXT NOT NULL);`, false},
		{"history lacks a column", `CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT);`, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := runChange(t, change{
				base: map[string]string{config.Path: cfgYAML(driftProject), "prisma/schema.prisma": sqliteModels,
					"prisma/migrations/migration_lock.toml":               lock,
					"prisma/migrations/20240101000000_init/migration.sql": tc.init},
				head: map[string]string{"prisma/schema.prisma": head},
			}, func(in *Input) { in.Shadow = ShadowServers(srv) })
			if !tc.drifted {
				if len(res.Errors) != 0 || len(res.Projects) != 1 || len(res.Projects[0].Files) == 0 {
					t.Fatalf("result = %+v, want generated files", res)
				}
				return
			}
			if len(res.Errors) != 1 || len(res.Projects) != 0 {
				t.Fatalf("result = %+v, want one project error", res)
			}
			msg := res.Errors[0].Error
			for _, want := range []string{"drifted", "prisma/schema.prisma at the merge base", "AddColumn", "email"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q lacks %q", msg, want)
				}
			}
		})
	}

	// Without a shadow database the schema file is the base: the same
	// drifted history generates (nothing can be replayed).
	res := runChange(t, change{
		base: map[string]string{config.Path: cfgYAML(driftProject), "prisma/schema.prisma": sqliteModels,
			"prisma/migrations/migration_lock.toml":               lock,
			"prisma/migrations/20240101000000_init/migration.sql": cases[1].init},
		head: map[string]string{"prisma/schema.prisma": head},
	}, nil)
	if len(res.Errors) != 0 || len(res.Projects) != 1 {
		t.Fatalf("without a shadow database: %+v", res)
	}
}
