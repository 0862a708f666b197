package shadow_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/emit/prismamig"
	"github.com/migrate-bot/migrate-bot/internal/engine/migration"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/prisma"
	"github.com/migrate-bot/migrate-bot/internal/engine/verify"
	"github.com/migrate-bot/migrate-bot/internal/shadow"
)

// servers are the shadow servers of this machine (environment.md), one per
// family; MIGRATE_BOT_TEST_PG / _MYSQL override the defaults as for the
// other database tests.
func servers(t *testing.T) map[string]string {
	t.Helper()
	pg := os.Getenv("MIGRATE_BOT_TEST_PG")
	if pg == "" {
		pg = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	my := os.Getenv("MIGRATE_BOT_TEST_MYSQL_URL")
	if my == "" {
		my = "mysql://root@127.0.0.1:3306/"
	}
	return map[string]string{"postgresql": pg, "mysql": my, "sqlite": "sqlite://" + t.TempDir()}
}

// fresh opens a shadow database, failing under CI and skipping elsewhere
// when the server is unreachable.
func fresh(t *testing.T, srv *shadow.Server) verify.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	db, release, err := srv.Fresh(ctx)
	if err == nil {
		err = db.PingContext(ctx)
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shadow server %s: %v", srv, err)
		}
		t.Skipf("shadow server %s unreachable: %v", srv, err)
	}
	t.Cleanup(release)
	return db
}

const models = `
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id], onDelete: Cascade)
  authorId Int
  @@index([authorId])
}
`

// history writes the Prisma migration folders that take an empty database
// to each schema in turn, as our own emitter writes them.
func history(t *testing.T, provider string, steps ...string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	var prev *schema.Schema
	for i, text := range steps {
		to := parse(t, provider, text)
		d := dialectOf(t, to)
		res, err := migration.Generate(prev, to, d, migration.Options{})
		if err != nil {
			t.Fatal(err)
		}
		h, err := prismamig.ReadHistory(fsys, ".")
		if err != nil {
			t.Fatal(err)
		}
		files, err := prismamig.Files(res.Plan, h, prismamig.Options{
			Name: "step", Provider: provider, Now: time.Date(2025, 1, 1, 0, i, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			fsys[f.Path] = &fstest.MapFile{Data: f.Data}
		}
		prev = to
	}
	return fsys
}

func parse(t *testing.T, provider, models string) *schema.Schema {
	t.Helper()
	text := "datasource db {\n  provider = \"" + provider + "\"\n}\n" + models
	s, err := prisma.Parse(schema.File{Path: "schema.prisma", Data: []byte(text)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func dialectOf(t *testing.T, s *schema.Schema) *dialect.Dialect {
	t.Helper()
	name := s.Dialect
	if name == "mysql" {
		name = "mariadb" // the server this machine runs
	}
	d, err := dialect.Lookup(name, "")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestPrismaHistoryDrift(t *testing.T) {
	withBio := strings.Replace(models, "name  String?", "name  String?\n  bio   String?", 1)
	for provider, url := range servers(t) {
		t.Run(provider, func(t *testing.T) {
			srv, err := shadow.Open(url)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			fsys := history(t, provider, models)
			scripts, err := verify.PrismaHistory(fsys, ".")
			if err != nil {
				t.Fatal(err)
			}
			if len(scripts) != 1 || !strings.HasSuffix(scripts[0].Name, "/migration.sql") {
				t.Fatalf("scripts = %+v, want the one migration.sql", scripts)
			}

			declared := parse(t, provider, models)
			d := dialectOf(t, declared)
			replayed, err := verify.Replay(ctx, fresh(t, srv), d, scripts)
			if err != nil {
				t.Fatal(err)
			}
			if err := verify.Drift(replayed, declared, "migrations", "schema.prisma"); err != nil {
				t.Fatalf("a history written for the schema drifts: %v", err)
			}

			// The schema gained a field that no migration adds: drift,
			// naming the column.
			err = verify.Drift(replayed, parse(t, provider, withBio), "prisma/migrations", "prisma/schema.prisma at base")
			var de *verify.DriftError
			if !errors.As(err, &de) {
				t.Fatalf("Drift = %v, want a *DriftError", err)
			}
			if len(de.Changes) != 1 || !strings.Contains(de.Changes[0], "AddColumn") || !strings.Contains(de.Changes[0], "bio") {
				t.Fatalf("drift changes = %q, want the one AddColumn of bio", de.Changes)
			}
			for _, want := range []string{"prisma/migrations", "prisma/schema.prisma at base", "bio"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("message %q lacks %q", err, want)
				}
			}

			// Two folders replay in order and build the second schema.
			two := history(t, provider, models, withBio)
			scripts, err = verify.PrismaHistory(two, ".")
			if err != nil {
				t.Fatal(err)
			}
			if len(scripts) != 2 {
				t.Fatalf("%d scripts, want 2", len(scripts))
			}
			replayed, err = verify.Replay(ctx, fresh(t, srv), d, scripts)
			if err != nil {
				t.Fatal(err)
			}
			if err := verify.Drift(replayed, parse(t, provider, withBio), "migrations", "schema.prisma"); err != nil {
				t.Fatalf("two folders: %v", err)
			}
		})
	}
}

func TestReplayNamesTheFailingScript(t *testing.T) {
	srv, err := shadow.Open("sqlite://" + t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	d, _ := dialect.Lookup("sqlite", "")
	_, err = verify.Replay(context.Background(), fresh(t, srv), d, []verify.Script{
		{Name: "1_init/migration.sql", SQL: "CREATE TABLE a (id INTEGER PRIMARY KEY);"},
		{Name: "2_bad/migration.sql", SQL: "ALTER TABLE missing ADD COLUMN x TEXT;"},
	})
	var se *verify.ScriptError
	if !errors.As(err, &se) || se.Name != "2_bad/migration.sql" {
		t.Fatalf("Replay = %v, want a ScriptError naming 2_bad/migration.sql", err)
	}
}

func TestPrismaHistoryFolderWithoutScript(t *testing.T) {
	fsys := fstest.MapFS{"20250101000000_x/down.sql": &fstest.MapFile{Data: []byte("DROP TABLE a;")}}
	_, err := verify.PrismaHistory(fsys, ".")
	if err == nil || !strings.Contains(err.Error(), "20250101000000_x") {
		t.Fatalf("PrismaHistory = %v, want an error naming the folder", err)
	}
}

func TestOpenRejectsUnknownScheme(t *testing.T) {
	_, err := shadow.Open("oracle://u:secret@h/db")
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Fatalf("Open = %v, want an error without the password", err)
	}
}
