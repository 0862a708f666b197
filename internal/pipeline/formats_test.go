package pipeline

import (
	"path"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/config"
)

const modelsBase = `from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    email = Column(String(200), nullable=False)
`

const firstRevision = `"""init

Revision ID: 1a2b3c4d5e6f
Revises:
Create Date: 2025-01-01 00:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "1a2b3c4d5e6f"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer(), nullable=False), sa.Column("email", sa.String(200), nullable=False), sa.PrimaryKeyConstraint("id"))


def downgrade():
    op.drop_table("users")
`

const alembicProject = `  - name: api
    schema: app/models.py
    dialect: postgres
    format: alembic
    migrations: alembic
`

const knexProject = `  - name: shop
    schema: db/schema.yaml
    dialect: mariadb
    format: knex
    migrations: db/migrations
`

const docBase = "tables:\n  users:\n    columns:\n      id: increments\n      email:\n        type: string(200)\n        nullable: false\n"

// TestRunAlembicAndKnexProjects: a project in each code format reads its
// schema (SQLAlchemy models, a schema document) at both sides and writes
// the new migration continuing its history.
func TestRunAlembicAndKnexProjects(t *testing.T) {
	res := runChange(t, change{
		base: map[string]string{config.Path: cfgYAML(alembicProject + knexProject),
			"app/models.py": modelsBase, "alembic/versions/1a2b3c4d5e6f_init.py": firstRevision, "alembic/env.py": "# env\n",
			"db/schema.yaml": docBase, "db/migrations/20240101000000_init.js": "exports.up = async () => {};\nexports.down = async () => {};\n"},
		head: map[string]string{
			"app/models.py":  strings.Replace(modelsBase, "nullable=False)\n", "nullable=False)\n    nickname = Column(String(40))\n", 1),
			"db/schema.yaml": docBase + "      nickname: string(40)\n"},
	}, func(in *Input) { in.Name = "add nickname" })
	if len(res.Errors) != 0 || len(res.Projects) != 2 {
		t.Fatalf("result = %+v", res)
	}
	for _, pr := range res.Projects {
		if len(pr.Files) != 1 {
			t.Fatalf("%s: files = %+v, want one", pr.Project.Name, pr.Files)
		}
		f := pr.Files[0]
		switch pr.Project.Name {
		case "api":
			if path.Dir(f.RepoPath) != "alembic/versions" || !strings.HasSuffix(f.RepoPath, "_add_nickname.py") {
				t.Errorf("alembic revision at %s", f.RepoPath)
			}
			for _, want := range []string{"down_revision = '1a2b3c4d5e6f'", "def upgrade()", "def downgrade()", "nickname"} {
				if !strings.Contains(f.Content, want) {
					t.Errorf("alembic revision lacks %q:\n%s", want, f.Content)
				}
			}
		case "shop":
			if f.RepoPath <= "db/migrations/20240101000000_init.js" || path.Ext(f.RepoPath) != ".js" {
				t.Errorf("knex migration at %s, want a later .js in db/migrations", f.RepoPath)
			}
			for _, want := range []string{"exports.up", "exports.down", "nickname"} {
				if !strings.Contains(f.Content, want) {
					t.Errorf("knex module lacks %q:\n%s", want, f.Content)
				}
			}
		}
	}
}

// TestRunAlembicHandWrittenIsUnchecked: a revision a person adds is not
// run; nothing is generated and the report says why.
func TestRunAlembicHandWrittenIsUnchecked(t *testing.T) {
	mine := strings.NewReplacer("1a2b3c4d5e6f", "9f8e7d6c5b4a", "down_revision = None", "down_revision = '1a2b3c4d5e6f'").Replace(firstRevision)
	res := runChange(t, change{
		base: map[string]string{config.Path: cfgYAML(alembicProject),
			"app/models.py": modelsBase, "alembic/versions/1a2b3c4d5e6f_init.py": firstRevision},
		head: map[string]string{
			"app/models.py": strings.Replace(modelsBase, "nullable=False)\n", "nullable=False)\n    nickname = Column(String(40))\n", 1),
			"alembic/versions/9f8e7d6c5b4a_nickname.py": mine},
	}, nil)
	if len(res.Errors) != 0 || len(res.Projects) != 1 {
		t.Fatalf("result = %+v", res)
	}
	pr := res.Projects[0]
	if len(pr.Files) != 0 || len(pr.Doc.Files) != 0 {
		t.Fatalf("files generated next to a person's revision: %+v", pr.Files)
	}
	h := pr.HandWritten
	if h == nil || h.Unchecked == "" || strings.Join(h.Files, ",") != "alembic/versions/9f8e7d6c5b4a_nickname.py" {
		t.Fatalf("hand-written = %+v", h)
	}
	if len(pr.Doc.Steps) == 0 {
		t.Fatal("the plan for comparison is missing from the report")
	}
}

func TestIsModelFile(t *testing.T) {
	for _, tc := range []struct {
		root, file string
		want       bool
	}{
		{"app", "app/models.py", true},
		{"app", "app/db/user.py", true},
		{"app", "app/migrations/versions/1_init.py", false},
		{"app", "app/.venv/lib/x.py", false},
		{"app", "app/__pycache__/models.py", false},
		{"migrations/models", "migrations/models/user.py", true},
		{"./migrations/models", "migrations/models/user.py", true},
	} {
		if got := IsModelFile(tc.root, tc.file); got != tc.want {
			t.Errorf("IsModelFile(%q, %q) = %v, want %v", tc.root, tc.file, got, tc.want)
		}
	}
}
