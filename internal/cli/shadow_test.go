package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestShadowDBReplaysPrismaHistory: with --shadow-db, a Prisma history that
// does not build --from stops the plan (exit 1, the drift named, nothing
// written); one that builds it plans on top.
func TestShadowDBReplaysPrismaHistory(t *testing.T) {
	dir := t.TempDir()
	base := "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  email String\n}\n"
	head := strings.Replace(base, "email String", "email String\n  name  String?", 1)
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	from, to := write("base.prisma", base), write("head.prisma", head)
	write("migrations/migration_lock.toml", "provider = \"sqlite\"\n")
	write("migrations/20240101000000_init/migration.sql",
		`CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT);`)
	args := []string{"plan", "--from", from, "--to", to, "--format", "prisma",
		"--migrations", filepath.Join(dir, "migrations"), "--out", filepath.Join(dir, "out"),
		"--shadow-db", "sqlite://" + t.TempDir()}

	r := run(t, args...)
	r.wantCode(t, ExitError)
	for _, want := range []string{"drifted", "AddColumn", "email", "base.prisma"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("files were written although the history drifted")
	}

	write("migrations/20240101000000_init/migration.sql",
		`CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "email" TEXT NOT NULL);`)
	run(t, args...).wantCode(t, ExitOK)

	bad := run(t, "plan", "--from", from, "--to", to, "--shadow-db", "oracle://x", "--shadow-db", "sqlite:")
	bad.wantCode(t, ExitError)
	if !strings.Contains(bad.stderr, "--shadow-db") {
		t.Errorf("stderr = %s", bad.stderr)
	}
	two := run(t, "plan", "--from", from, "--to", to, "--shadow-db", "sqlite://a", "--shadow-db", "sqlite://b")
	two.wantCode(t, ExitError)
	if !strings.Contains(two.stderr, "one per family") {
		t.Errorf("stderr = %s", two.stderr)
	}
}
