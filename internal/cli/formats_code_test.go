package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlanAlembicAndKnexFormats: SQLAlchemy models and schema documents
// read from disk (a file and a folder), written as an Alembic revision and
// a Knex module.
func TestPlanAlembicAndKnexFormats(t *testing.T) {
	dir := t.TempDir()
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
	models := "from sqlalchemy import Column, Integer, String\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\nclass User(Base):\n    __tablename__ = \"users\"\n\n    id = Column(Integer, primary_key=True)\n"
	write("base/models.py", models)
	write("head/models.py", models+"    email = Column(String(200))\n")
	out := filepath.Join(dir, "alembic")
	r := run(t, "plan", "--from", filepath.Join(dir, "base"), "--to", filepath.Join(dir, "head", "models.py"),
		"--dialect", "sqlite", "--format", "alembic", "--out", out, "--name", "add email")
	r.wantCode(t, ExitOK)
	revs, _ := filepath.Glob(filepath.Join(out, "versions", "*_add_email.py"))
	if len(revs) != 1 || !strings.Contains(readFile(t, revs[0]), "email") {
		t.Fatalf("revisions %v\nstdout:\n%s", revs, r.stdout)
	}

	doc := "tables:\n  users:\n    columns:\n      id: increments\n"
	write("docs/base/schema.yaml", doc)
	write("docs/head/schema.yaml", doc+"      email: string(200)\n")
	kout := filepath.Join(dir, "knex")
	r = run(t, "plan", "--from", filepath.Join(dir, "docs", "base"), "--to", filepath.Join(dir, "docs", "head", "schema.yaml"),
		"--dialect", "postgres", "--format", "knex", "--out", kout, "--name", "add email", "--version", "20250102030405")
	r.wantCode(t, ExitOK)
	mod := filepath.Join(kout, "20250102030405_add_email.js")
	if text := readFile(t, mod); !strings.Contains(text, "exports.up") || !strings.Contains(text, "email") {
		t.Fatalf("knex module:\n%s", text)
	}
}
