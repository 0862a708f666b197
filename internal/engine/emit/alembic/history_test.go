package alembic

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// revisionFile is a revision as `alembic revision` (1.8 template) writes it.
func revisionFile(id, down string) string {
	d := "None"
	if down != "" {
		d = "'" + down + "'"
	}
	return `"""add things

Revision ID: ` + id + `
Revises: ` + down + `
Create Date: 2024-01-02 03:04:05.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '` + id + `'
down_revision = ` + d + `
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("t", sa.Column("c", sa.Integer()))


def downgrade():
    revision = "not at module level"
    op.drop_column("t", "c")
`
}

func TestParseRevisionForms(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		id         string
		down       []string
		err        string
	}{
		{"alembic 1.8 template", revisionFile("ae1027a6acf", "1975ea83b712"), "ae1027a6acf", []string{"1975ea83b712"}, ""},
		{"root", revisionFile("1975ea83b712", ""), "1975ea83b712", nil, ""},
		{"alembic 1.13 annotations", "from typing import Sequence, Union\n\nrevision: str = \"abc\"\ndown_revision: Union[str, None] = \"def\"\nbranch_labels: Union[str, Sequence[str], None] = None\n", "abc", []string{"def"}, ""},
		{"merge tuple over lines", "revision = 'm1'\ndown_revision = (\n    'a1',  # first head\n    \"b2\",\n)\n", "m1", []string{"a1", "b2"}, ""},
		{"merge list", "revision = 'm1'\ndown_revision = ['a1', 'b2']\n", "m1", []string{"a1", "b2"}, ""},
		{"docstring mentions revision", "\"\"\"\nrevision = 'fake'\n\"\"\"\nrevision = 'real'\ndown_revision = None\n", "real", nil, ""},
		{"raw and escaped strings", "revision = r'x_1'\ndown_revision = u'y\\x5f2'\n", "x_1", []string{"y_2"}, ""},
		{"computed id", "revision = make_id()\ndown_revision = None\n", "", nil, "f.py:1: revision identifiers must be string literals"},
		{"no revision", "import os\n", "", nil, "f.py:1: no `revision = '...'`"},
		{"no down_revision", "revision = 'a'\n", "", nil, "f.py:1: revision \"a\" has no `down_revision"},
		{"unterminated", "revision = 'a\ndown_revision = None\n", "", nil, "f.py:1: unterminated string literal"},
		{"empty id", "revision = ''\ndown_revision = None\n", "", nil, "f.py:1: revision is an empty string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ParseRevision("f.py", tc.text)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.ID != tc.id || !slices.Equal(r.DownRevisions, tc.down) {
				t.Errorf("got %q revises %q, want %q revises %q", r.ID, r.DownRevisions, tc.id, tc.down)
			}
		})
	}
}

func historyOf(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{"alembic/env.py": {Data: []byte("from alembic import context\n")}}
	for name, text := range files {
		fsys["alembic/versions/"+name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

func TestHistoryHead(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		head  string
		is    error
		err   string
	}{
		{"empty", nil, "", nil, ""},
		{"linear", map[string]string{"1_a.py": revisionFile("a1", ""), "2_b.py": revisionFile("b2", "a1"), "3_c.py": revisionFile("c3", "b2")}, "c3", nil, ""},
		{"merged heads", map[string]string{
			"1.py": revisionFile("a1", ""), "2.py": revisionFile("b2", "a1"), "3.py": revisionFile("c3", "a1"),
			"4.py": "revision = 'm4'\ndown_revision = ('b2', 'c3')\n"}, "m4", nil, ""},
		{"two heads", map[string]string{"1.py": revisionFile("a1", ""), "2.py": revisionFile("b2", "a1"), "3.py": revisionFile("c3", "a1")},
			"", ErrMultipleHeads, "2 heads in alembic/versions: b2 (alembic/versions/2.py), c3 (alembic/versions/3.py)"},
		{"missing parent", map[string]string{"1.py": revisionFile("a1", "gone")}, "", ErrMissingParent, "alembic/versions/1.py:13: alembic revision's parent does not exist: revision \"a1\" revises \"gone\""},
		{"cycle", map[string]string{"1.py": revisionFile("a1", "b2"), "2.py": revisionFile("b2", "a1")}, "", ErrCycle, "a1 -> b2 -> a1"},
		{"duplicate", map[string]string{"1.py": revisionFile("a1", ""), "2.py": revisionFile("a1", "")}, "", ErrDuplicateRevision, "also defined in alembic/versions/1.py:13"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := ReadHistory(historyOf(tc.files), "alembic")
			if err != nil {
				t.Fatal(err)
			}
			head, err := h.Head()
			if tc.is != nil {
				if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %v containing %q", err, tc.is, tc.err)
				}
				// Files reports the same error instead of writing a file.
				if _, ferr := Files(samplePlan(), h, Options{}); !errors.Is(ferr, tc.is) {
					t.Errorf("Files: %v, want %v", ferr, tc.is)
				}
				return
			}
			if err != nil || head != tc.head {
				t.Fatalf("head %q, %v; want %q", head, err, tc.head)
			}
		})
	}
}

// samplePlan adds one column on PostgreSQL.
func samplePlan() *plan.Plan {
	col := &schema.Column{Name: "email", Type: schema.Type{Norm: "text"}}
	return &plan.Plan{Dialect: "postgres", Steps: []*plan.Step{{
		Change:        &schema.AddColumn{Table: schema.QName{Schema: "public", Name: "users"}, Column: col},
		Up:            []string{`ALTER TABLE "public"."users" ADD COLUMN "email" text`},
		Down:          []string{`ALTER TABLE IF EXISTS "public"."users" DROP COLUMN IF EXISTS "email"`},
		Transactional: true,
		Lock:          plan.Lock{Level: "ACCESS EXCLUSIVE", Tables: []schema.QName{{Schema: "public", Name: "users"}}, BlocksReads: true, BlocksWrites: true},
	}}}
}

// TestSecondRunContinuesHistory writes a revision, reads the history back
// and writes the next one: its down_revision is the first one's id, and
// the history has one head, the new revision.
func TestSecondRunContinuesHistory(t *testing.T) {
	fsys := historyOf(map[string]string{"1975ea83b712_init.py": revisionFile("1975ea83b712", "")})
	firstRun := ""
	for i, want := range []string{"1975ea83b712", "(the first run's revision)"} {
		h, err := ReadHistory(fsys, "alembic")
		if err != nil {
			t.Fatal(err)
		}
		f, rev, err := Render(samplePlan(), h, Options{Name: "add users email", Now: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 && (len(rev.DownRevisions) != 1 || rev.DownRevisions[0] != want) {
			t.Fatalf("first run revises %v, want %s", rev.DownRevisions, want)
		}
		if i == 1 {
			// The second run revises the revision the first run wrote.
			if len(rev.DownRevisions) != 1 || rev.DownRevisions[0] != firstRun {
				t.Fatalf("second run revises %v, want the first run's %s", rev.DownRevisions, firstRun)
			}
		}
		if !strings.HasPrefix(f.Path, "alembic/versions/"+rev.ID+"_add_users_email.py") || len(rev.ID) != 12 {
			t.Fatalf("path %s, id %q", f.Path, rev.ID)
		}
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
		firstRun = rev.ID
		back, err := ReadHistory(fsys, "alembic")
		if err != nil {
			t.Fatal(err)
		}
		head, err := back.Head()
		if err != nil || head != rev.ID {
			t.Fatalf("after run %d the head is %q (%v), want the new revision %s", i+1, head, err, rev.ID)
		}
		parsed, err := ParseRevision(f.Path, string(f.Data))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(parsed.DownRevisions, rev.DownRevisions) {
			t.Fatalf("the file says it revises %v, Render said %v", parsed.DownRevisions, rev.DownRevisions)
		}
	}
	// Two runs: three revisions in a line.
	h, _ := ReadHistory(fsys, "alembic")
	if len(h.Revisions) != 3 {
		t.Fatalf("%d revisions, want 3", len(h.Revisions))
	}
}

func TestReadHistoryLayouts(t *testing.T) {
	files := map[string]string{"1.py": revisionFile("a1", "")}
	fsys := historyOf(files)
	for _, dir := range []string{"alembic", "alembic/versions", "./alembic/"} {
		h, err := ReadHistory(fsys, dir)
		if err != nil || len(h.Revisions) != 1 || h.Versions != "alembic/versions" {
			t.Errorf("%s: %v, %+v", dir, err, h)
		}
	}
	h, err := ReadHistory(fsys, "nowhere")
	if err != nil || len(h.Revisions) != 0 || h.Versions != "nowhere/versions" {
		t.Errorf("missing dir: %v %+v", err, h)
	}
	bad := historyOf(map[string]string{"1.py": "revision = compute()\ndown_revision = None\n"})
	if _, err := ReadHistory(bad, "alembic"); err == nil || !strings.HasPrefix(err.Error(), "alembic/versions/1.py:1:") {
		t.Errorf("unreadable revision: %v, want an error at alembic/versions/1.py:1", err)
	}
}

func FuzzParseRevision(f *testing.F) {
	for _, s := range []string{
		revisionFile("a", "b"), revisionFile("a", ""),
		"revision: str = 'x'\ndown_revision: Union[str, None] = ('a', \"b\",)\n",
		"revision = '''x'''\ndown_revision = None\n", "revision = 'a\\\n'", "(((", "revision = ('a'", "\"\"\"", "revision=\\\n'a'\ndown_revision=[]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r, err := ParseRevision("f.py", text)
		if err == nil && (r == nil || r.ID == "") {
			t.Fatalf("no error and no revision id for %q", text)
		}
	})
}
