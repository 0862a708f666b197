package prismaoracle

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

const twoModels = `
model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
}
`

func prismaFile(provider, models string) []schema.File {
	return []schema.File{{Path: "schema.prisma", Data: []byte("datasource db {\n  provider = \"" + provider + "\"\n}\n" + models)}}
}

func TestDiffPostgresFromEmpty(t *testing.T) {
	d := pgtest.New(t)
	start := time.Now()
	sql := Diff(t, "postgresql", nil, prismaFile("postgresql", twoModels), d.URL)
	t.Logf("diff: %s (includes starting node when it is the first request of the binary)", time.Since(start))
	for _, want := range []string{
		`CREATE SCHEMA IF NOT EXISTS "public";`,
		`CREATE TABLE "User" (`,
		`"id" SERIAL NOT NULL,`,
		`CONSTRAINT "User_pkey" PRIMARY KEY ("id")`,
		`CREATE UNIQUE INDEX "User_email_key" ON "User"("email");`,
		`ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;`,
	} {
		if !strings.Contains(sql, want) {
			t.Errorf("diff lacks %q; got:\n%s", want, sql)
		}
	}
	// The script runs on PostgreSQL as it is.
	d.Exec(t, sql)
}

func TestDiffSQLiteFromEmpty(t *testing.T) {
	sql := Diff(t, "sqlite", nil, prismaFile("sqlite", twoModels), "")
	for _, want := range []string{
		`CREATE TABLE "User" (`,
		`"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,`,
		`CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE`,
		`CREATE UNIQUE INDEX "User_email_key" ON "User"("email");`,
	} {
		if !strings.Contains(sql, want) {
			t.Errorf("diff lacks %q; got:\n%s", want, sql)
		}
	}
}

func TestDiffSchemaToSchema(t *testing.T) {
	d := pgtest.New(t)
	from := prismaFile("postgresql", twoModels)
	to := prismaFile("postgresql", strings.Replace(twoModels, "email String @unique", "email String @unique\n  name  String?", 1))
	sql := Diff(t, "postgresql", from, to, d.URL)
	if want := `ALTER TABLE "User" ADD COLUMN     "name" TEXT;`; !strings.Contains(sql, want) {
		t.Errorf("diff lacks %q; got:\n%s", want, sql)
	}
	if strings.Contains(sql, "CREATE TABLE") {
		t.Errorf("schema-to-schema diff recreates tables:\n%s", sql)
	}
	if same := Diff(t, "postgresql", from, from, d.URL); strings.Contains(same, "ALTER") || strings.Contains(same, "CREATE") {
		t.Errorf("diff of a schema with itself is not empty:\n%s", same)
	}
}

// Schemas written for Prisma 6 and earlier carry url = env(...) in the
// datasource; the oracle drops it, and schemas without a datasource get one.
func TestPrisma6StyleAndDatasourceLessSchemas(t *testing.T) {
	old := []schema.File{{Path: "prisma/schema.prisma", Data: []byte(`datasource db {
  provider          = "sqlite"
  url               = env("DATABASE_URL")
  directUrl         = env("DIRECT_URL")
  shadowDatabaseUrl = env("SHADOW_DATABASE_URL")
}

generator client {
  provider = "prisma-client-js"
}
` + twoModels)}}
	modelsOnly := []schema.File{{Path: "models.prisma", Data: []byte(twoModels)}}
	a := Diff(t, "sqlite", nil, old, "")
	b := Diff(t, "sqlite", nil, modelsOnly, "")
	if a != b || !strings.Contains(a, `CREATE TABLE "User"`) {
		t.Errorf("Prisma 6 style schema and models-only schema differ:\n%s\n---\n%s", a, b)
	}
	if err := Validate(t, "sqlite", old); err != nil {
		t.Errorf("Validate(Prisma 6 style) = %v", err)
	}
}

func writeMigrations(t *testing.T, provider string, migrations map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "migration_lock.toml"), []byte("provider = \""+provider+"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, sql := range migrations {
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name, "migration.sql"), []byte(sql), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestApplyAndDBDiffPostgres(t *testing.T) {
	d := pgtest.New(t)
	target := prismaFile("postgresql", twoModels)
	withName := prismaFile("postgresql", strings.Replace(twoModels, "email String @unique", "email String @unique\n  name  String?", 1))
	dir := writeMigrations(t, "postgresql", map[string]string{
		"20240101000000_init":     Diff(t, "postgresql", nil, target, d.URL),
		"20240102000000_add_name": Diff(t, "postgresql", target, withName, d.URL),
	})

	got := Apply(t, "postgresql", d.URL, dir)
	if strings.Join(got, ",") != "20240101000000_init,20240102000000_add_name" {
		t.Fatalf("applied %v", got)
	}
	var n int
	if err := d.DB.QueryRowContext(context.Background(),
		`SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'User' AND column_name IN ('id', 'email', 'name')`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Fatalf("table User has %d of its 3 columns after apply", n)
	}
	if again := Apply(t, "postgresql", d.URL, dir); len(again) != 0 {
		t.Errorf("second apply applied %v", again)
	}

	if drift := DBDiff(t, "postgresql", d.URL, withName); drift != "" {
		t.Errorf("drift after applying the migrations:\n%s", drift)
	}
	if drift := DBDiff(t, "postgresql", d.URL, target); !strings.Contains(drift, `ALTER TABLE "User" DROP COLUMN "name"`) {
		t.Errorf("dbdiff against the older schema = %q, want the column drop", drift)
	}
}

func TestApplyAndDBDiffSQLite(t *testing.T) {
	target := prismaFile("sqlite", twoModels)
	dir := writeMigrations(t, "sqlite", map[string]string{"20240101000000_init": Diff(t, "sqlite", nil, target, "")})
	db := filepath.Join(t.TempDir(), "dev.db")
	if got := Apply(t, "sqlite", db, dir); len(got) != 1 || got[0] != "20240101000000_init" {
		t.Fatalf("applied %v", got)
	}
	if drift := DBDiff(t, "sqlite", db, target); drift != "" {
		t.Errorf("drift after apply:\n%s", drift)
	}
	onlyUser := prismaFile("sqlite", "model User {\n  id Int @id @default(autoincrement())\n  email String @unique\n}\n")
	if drift := DBDiff(t, "sqlite", db, onlyUser); !strings.Contains(drift, `DROP TABLE "Post"`) {
		t.Errorf("dbdiff without Post = %q, want the table drop (the applied table exists)", drift)
	}
}

func TestApplyFailingMigrationIsAnError(t *testing.T) {
	dir := writeMigrations(t, "sqlite", map[string]string{"20240101000000_bad": "CREATE TABLE oops (;\n"})
	err := Call(t, map[string]any{"cmd": "apply", "provider": "sqlite", "url": filepath.Join(t.TempDir(), "x.db"), "migrationsDir": dir}, nil)
	var oe *OracleError
	if !errors.As(err, &oe) || !strings.Contains(oe.Message, "20240101000000_bad") {
		t.Fatalf("apply of a broken migration: %v", err)
	}
	// The oracle keeps serving after an error.
	if sql := Diff(t, "sqlite", nil, prismaFile("sqlite", twoModels), ""); !strings.Contains(sql, `CREATE TABLE "User"`) {
		t.Fatalf("diff after an error: %s", sql)
	}
}

func TestValidate(t *testing.T) {
	for _, provider := range []string{"postgresql", "sqlite", "mysql"} {
		if err := Validate(t, provider, prismaFile(provider, twoModels)); err != nil {
			t.Errorf("Validate(%s) = %v", provider, err)
		}
	}
	err := Validate(t, "mysql", prismaFile("mysql", "model A {\n  id Int @id\n  b  Strng\n}\n"))
	if err == nil || !strings.Contains(err.Error(), "Strng") {
		t.Errorf("Validate(unknown type) = %v", err)
	}
	// A relation without its back field is invalid for Prisma.
	err = Validate(t, "postgresql", prismaFile("postgresql", "model A {\n  id Int @id\n  b  B @relation(fields: [bId], references: [id])\n  bId Int\n}\nmodel B {\n  id Int @id\n}\n"))
	if err == nil {
		t.Errorf("Validate(missing opposite relation field) = nil")
	}
	if err := Validate(t, "sqlite", prismaFile("postgresql", twoModels)); err == nil {
		t.Errorf("Validate with a provider other than the datasource's = nil")
	}
}

func TestFormat(t *testing.T) {
	in := []schema.File{{Path: "a.prisma", Data: []byte("datasource db {\nprovider = \"mysql\"\n  url = env(\"DATABASE_URL\")\n}\nmodel A {\n id Int @id @default(autoincrement())\n  name String\n}\n")}}
	out := Format(t, "mysql", in)
	want := "datasource db {\n  provider = \"mysql\"\n  url      = env(\"DATABASE_URL\")\n}\n\nmodel A {\n  id   Int    @id @default(autoincrement())\n  name String\n}\n"
	if len(out) != 1 || out[0].Path != "a.prisma" || string(out[0].Data) != want {
		t.Errorf("Format =\n%s\nwant\n%s", out[0].Data, want)
	}
}

func TestBadSchemaIsAnError(t *testing.T) {
	err := Call(t, map[string]any{"cmd": "diff", "provider": "sqlite", "to": []file{{Path: "s.prisma", Content: "model A {\n  id Int @id\n  x Nope\n}\n"}}}, nil)
	var oe *OracleError
	if !errors.As(err, &oe) || !strings.Contains(oe.Message, "Nope") {
		t.Fatalf("diff of an invalid schema: %v", err)
	}
	err = Call(t, map[string]any{"cmd": "diff", "provider": "mysql", "to": []file{{Path: "s.prisma", Content: twoModels}}}, nil)
	if !errors.As(err, &oe) || !strings.Contains(oe.Message, "not supported") {
		t.Fatalf("mysql diff: %v", err)
	}
}

// TestTimings records what one request costs once the Node process runs.
func TestTimings(t *testing.T) {
	d := pgtest.New(t)
	to := prismaFile("postgresql", twoModels)
	Diff(t, "postgresql", nil, to, d.URL) // warm
	const n = 10
	start := time.Now()
	for i := 0; i < n; i++ {
		Diff(t, "postgresql", nil, to, d.URL)
	}
	t.Logf("postgresql diff: %s per call", time.Since(start)/n)
	sq := prismaFile("sqlite", twoModels)
	start = time.Now()
	for i := 0; i < n; i++ {
		Diff(t, "sqlite", nil, sq, "")
	}
	t.Logf("sqlite diff: %s per call", time.Since(start)/n)
	start = time.Now()
	for i := 0; i < n; i++ {
		if err := Validate(t, "mysql", prismaFile("mysql", twoModels)); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("validate: %s per call", time.Since(start)/n)
	t.Logf("versions: %v", Versions(t))
}
