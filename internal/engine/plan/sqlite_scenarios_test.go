package plan_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqliteddl"

	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TestSqliteScenarios proves SQLite plans on embedded SQLite: native
// ALTERs where the version allows them, the table rebuild otherwise, rows
// preserved both ways.
func TestSqliteScenarios(t *testing.T) {
	for _, sc := range sqliteScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			runSqliteScenario(t, sc)
		})
	}
}

const usersBase = `CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL,
  name TEXT,
  age INTEGER
);
CREATE UNIQUE INDEX users_email ON users (email);
`

const usersSeed = `INSERT INTO users (email, name, age) VALUES ('a@x', 'Ann', 30), ('b@x', NULL, 41), ('c@x', 'Cy', NULL);`

const usersRows = "SELECT id, email, name, age FROM users ORDER BY id"

// users is usersBase with its CREATE TABLE body replaced.
func sqUsers(cols string, extra ...string) string {
	return "CREATE TABLE users (\n" + cols + "\n);\nCREATE UNIQUE INDEX users_email ON users (email);\n" + strings.Join(extra, "\n")
}

const stdCols = "id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, name TEXT, age INTEGER"

const blogBase = `CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
  title TEXT NOT NULL
);
CREATE INDEX posts_author ON posts (author_id);
`

const blogSeed = `INSERT INTO authors VALUES (1, 'Ann'), (2, 'Bob');
INSERT INTO posts VALUES (10, 1, 'a'), (11, 1, 'b'), (12, 2, 'c');`

const blogRows = "SELECT id, name FROM authors ORDER BY id; SELECT id, author_id, title FROM posts ORDER BY id"

// rename is a confirmed --rename flag value (OLD=NEW).
func rename(flag string) diff.Rename {
	r, err := diff.ParseRename(flag, "")
	if err != nil {
		panic(err)
	}
	return r
}

// stepsWith counts the steps whose up statements contain s.
func stepsWith(p *plan.Plan, s string) int {
	n := 0
	for _, st := range p.Steps {
		for _, u := range st.Up {
			if strings.Contains(u, s) {
				n++
				break
			}
		}
	}
	return n
}

func sqliteScenarios() []sqliteScenario {
	return []sqliteScenario{
		{
			name: "add nullable column native",
			base: usersBase, seed: usersSeed, rowsBase: usersRows,
			head: usersBase + "ALTER TABLE users ADD COLUMN bio TEXT;",
		},
		{
			name: "add not null column with literal default native",
			base: usersBase, seed: usersSeed, rowsBase: usersRows,
			head:     usersBase + "ALTER TABLE users ADD COLUMN score INTEGER NOT NULL DEFAULT 0;",
			rowsHead: "SELECT id, email, name, age FROM users WHERE score = 0 ORDER BY id",
		},
		{
			name: "add column with CURRENT_TIMESTAMP default rebuilds",
			base: usersBase, seed: usersSeed, rowsBase: usersRows, rebuild: true,
			head: sqUsers(stdCols + ", created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP"),
		},
		{
			name: "add column with expression default rebuilds",
			base: usersBase, seed: usersSeed, rowsBase: usersRows, rebuild: true,
			head: sqUsers(stdCols + ", token TEXT DEFAULT (lower(hex(randomblob(4))))"),
		},
		{
			name: "add unique column rebuilds",
			base: usersBase, seed: usersSeed, rowsBase: usersRows, rebuild: true,
			head: sqUsers(stdCols + ", handle TEXT UNIQUE"),
		},
		{
			name:    "add column on 3.34 rebuilds (no DROP COLUMN for the rollback)",
			version: "3.34",
			base:    usersBase, seed: usersSeed, rowsBase: usersRows, rebuild: true,
			head: usersBase + "ALTER TABLE users ADD COLUMN bio TEXT;",
		},
		{
			name: "add virtual generated column native",
			base: usersBase, seed: usersSeed, rowsBase: usersRows,
			head: sqUsers(stdCols + ", email_lower TEXT GENERATED ALWAYS AS (lower(email)) VIRTUAL"),
		},
		{
			name: "add stored generated column rebuilds",
			base: usersBase, seed: usersSeed, rowsBase: usersRows, rebuild: true,
			head: sqUsers(stdCols + ", email_lower TEXT GENERATED ALWAYS AS (lower(email)) STORED"),
		},
		{
			name: "drop plain column native",
			base: usersBase, seed: usersSeed, rebuild: false,
			rowsBase: "SELECT id, email, name FROM users ORDER BY id",
			head:     sqUsers("id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, name TEXT"),
		},
		{
			name:    "drop column on 3.34 rebuilds",
			version: "3.34",
			base:    usersBase, seed: usersSeed, rebuild: true,
			rowsBase: "SELECT id, email, name FROM users ORDER BY id",
			head:     sqUsers("id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, name TEXT"),
		},
		{
			name: "drop indexed column drops the index then the column",
			base: usersBase + "CREATE INDEX users_age ON users (age);", seed: usersSeed,
			rowsBase: "SELECT id, email, name FROM users ORDER BY id",
			head:     sqUsers("id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, name TEXT"),
		},
		{
			name: "drop column named by a check rebuilds",
			base: sqUsers(stdCols + ", CHECK (age IS NULL OR age >= 0)"), seed: usersSeed, rebuild: true,
			rowsBase: "SELECT id, email, name FROM users ORDER BY id",
			head:     sqUsers("id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, name TEXT"),
		},
		{
			name: "rename column native",
			base: usersBase, seed: usersSeed, rowsBase: usersRows,
			head:     sqUsers("id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, full_name TEXT, age INTEGER"),
			rowsHead: "SELECT id, email, full_name, age FROM users ORDER BY id",
			renames:  []diff.Rename{rename("users.name=users.full_name")},
		},
		{
			name:    "rename column on 3.24 rebuilds and copies by old name",
			version: "3.24",
			base:    usersBase, seed: usersSeed, rowsBase: usersRows, rebuild: true,
			head:     sqUsers("id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, full_name TEXT, age INTEGER"),
			rowsHead: "SELECT id, email, full_name, age FROM users ORDER BY id",
			renames:  []diff.Rename{rename("users.name=users.full_name")},
		},
		{
			name: "rename table native",
			base: blogBase, seed: blogSeed, rowsBase: blogRows,
			head: `CREATE TABLE writers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES writers (id) ON DELETE CASCADE,
  title TEXT NOT NULL
);
CREATE INDEX posts_author ON posts (author_id);`,
			rowsHead: "SELECT id, name FROM writers ORDER BY id; SELECT id, author_id, title FROM posts ORDER BY id",
			renames:  []diff.Rename{rename("authors=writers")},
		},
		{
			name: "change column type rebuilds",
			base: usersBase, seed: usersSeed, rowsBase: usersRows, rebuild: true,
			head: sqUsers("id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, name VARCHAR(80), age BIGINT"),
		},
		{
			name: "set not null with default fills NULLs (coalesce)",
			base: usersBase, seed: usersSeed, rebuild: true,
			// The NULLs become 'anon' for good: the rollback cannot tell
			// them from a stored 'anon'.
			rowsBase: "SELECT id, email, name FROM users WHERE name IS NOT NULL AND name <> 'anon' ORDER BY id",
			head:     sqUsers("id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, name TEXT NOT NULL DEFAULT 'anon', age INTEGER"),
			check: func(t *testing.T, p *plan.Plan) {
				if stepsWith(p, `coalesce("name", 'anon') AS "name"`) != 1 {
					t.Error("no coalesce in the copy")
				}
			},
		},
		{
			name: "set not null fails on NULLs and leaves the base",
			base: usersBase, seed: usersSeed, rebuild: true, rowsBase: usersRows,
			head:    sqUsers("id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, name TEXT NOT NULL, age INTEGER"),
			upFails: "NOT NULL constraint failed",
		},
		{
			name: "drop not null rebuilds",
			base: usersBase, seed: usersSeed, rowsBase: usersRows, rebuild: true,
			head: sqUsers("id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT, name TEXT, age INTEGER"),
		},
		{
			name: "set and change default rebuilds",
			base: usersBase, seed: usersSeed, rowsBase: usersRows, rebuild: true,
			head: sqUsers("id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, name TEXT DEFAULT 'x', age INTEGER DEFAULT 18"),
		},
		{
			name: "add check rebuilds",
			base: usersBase, seed: usersSeed, rowsBase: usersRows, rebuild: true,
			head: sqUsers(stdCols + ", CONSTRAINT age_positive CHECK (age > 0)"),
		},
		{
			name: "add check violated by rows fails",
			base: usersBase, seed: usersSeed, rowsBase: usersRows, rebuild: true,
			head:    sqUsers(stdCols + ", CONSTRAINT age_big CHECK (age > 35)"),
			upFails: "CHECK constraint failed",
		},
		{
			name: "drop check rebuilds",
			base: sqUsers(stdCols + ", CONSTRAINT age_positive CHECK (age > 0)"), seed: usersSeed, rowsBase: usersRows, rebuild: true,
			head: usersBase,
		},
		{
			name: "add unique constraint rebuilds",
			base: usersBase, seed: usersSeed, rowsBase: usersRows, rebuild: true,
			head: sqUsers(stdCols + ", CONSTRAINT users_name_key UNIQUE (name)"),
		},
		{
			name:     "change primary key rebuilds",
			base:     "CREATE TABLE tags (name TEXT NOT NULL, slug TEXT NOT NULL, PRIMARY KEY (name));",
			seed:     "INSERT INTO tags VALUES ('Go', 'go'), ('SQL', 'sql');",
			head:     "CREATE TABLE tags (name TEXT NOT NULL, slug TEXT NOT NULL, PRIMARY KEY (name, slug));",
			rowsBase: "SELECT name, slug FROM tags ORDER BY name", rebuild: true,
		},
		{
			name: "add foreign key to existing table rebuilds",
			base: "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nCREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL, title TEXT NOT NULL);",
			seed: blogSeed, rowsBase: blogRows, rebuild: true,
			head: "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nCREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors (id), title TEXT NOT NULL);",
		},
		{
			name: "add foreign key with orphans fails the foreign key check",
			base: "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nCREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL, title TEXT NOT NULL);",
			seed: blogSeed + "\nINSERT INTO posts VALUES (13, 99, 'orphan');", rowsBase: blogRows, rebuild: true,
			head:    "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nCREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors (id), title TEXT NOT NULL);",
			upFails: "foreign keys hold after the table rebuild",
		},
		{
			name: "drop foreign key rebuilds",
			base: blogBase, seed: blogSeed, rowsBase: blogRows, rebuild: true,
			head: "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nCREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL, title TEXT NOT NULL);\nCREATE INDEX posts_author ON posts (author_id);",
		},
		{
			name: "rebuild of a referenced table keeps children (foreign keys off)",
			base: blogBase, seed: blogSeed, rowsBase: blogRows, rebuild: true,
			head: `CREATE TABLE authors (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, bio TEXT NOT NULL DEFAULT '');
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
  title TEXT NOT NULL
);
CREATE INDEX posts_author ON posts (author_id);`,
		},
		{
			name: "several changes to one table fold into one rebuild",
			base: usersBase + "CREATE INDEX users_name ON users (name);", seed: usersSeed, rebuild: true,
			rowsBase: "SELECT id, email, name FROM users ORDER BY id",
			head: `CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email VARCHAR(200) NOT NULL, full_name TEXT, active BOOLEAN NOT NULL DEFAULT 1, CHECK (length(email) > 2));
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_full_name ON users (full_name);`,
			rowsHead: "SELECT id, email, full_name FROM users ORDER BY id",
			renames:  []diff.Rename{rename("users.name=users.full_name")},
			check: func(t *testing.T, p *plan.Plan) {
				if n := stepsWith(p, `CREATE TABLE "new_users"`); n != 1 {
					t.Errorf("%d rebuilds of users, want 1", n)
				}
				if n := stepsWith(p, "PRAGMA foreign_keys=OFF"); n != 1 {
					t.Errorf("%d foreign_keys=OFF steps, want 1", n)
				}
			},
		},
		{
			name: "two tables rebuilt in one foreign key window",
			base: blogBase, seed: blogSeed, rowsBase: blogRows, rebuild: true,
			head: `CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL CHECK (name <> ''));
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE RESTRICT,
  title VARCHAR(300) NOT NULL
);
CREATE INDEX posts_author ON posts (author_id);`,
			check: func(t *testing.T, p *plan.Plan) {
				if n := stepsWith(p, "PRAGMA foreign_keys=OFF"); n != 1 {
					t.Errorf("%d foreign_keys=OFF steps, want 1", n)
				}
				if n := stepsWith(p, "pragma_foreign_key_check"); n != 1 {
					t.Errorf("%d up foreign key checks, want 1", n)
				}
			},
		},
		{
			name: "rebuild re-creates triggers and views",
			base: usersBase + `CREATE TABLE audit (user_id INTEGER, at TEXT);
CREATE TRIGGER users_audit AFTER INSERT ON users BEGIN INSERT INTO audit VALUES (new.id, 'x'); END;
CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18;`,
			seed: usersSeed, rowsBase: usersRows + "; SELECT user_id FROM audit ORDER BY user_id; SELECT id, email FROM adults ORDER BY id", rebuild: true,
			head: sqUsers("id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, name VARCHAR(50), age INTEGER",
				`CREATE TABLE audit (user_id INTEGER, at TEXT);
CREATE TRIGGER users_audit AFTER INSERT ON users BEGIN INSERT INTO audit VALUES (new.id, 'x'); END;
CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18;`),
		},
		{
			name: "add and drop index native",
			base: usersBase + "CREATE INDEX users_age ON users (age);", seed: usersSeed, rowsBase: usersRows,
			head: usersBase + "CREATE INDEX users_name_lower ON users (lower(name)) WHERE name IS NOT NULL;",
		},
		{
			name: "add table with foreign key inline, and drop table",
			base: usersBase + "CREATE TABLE old_notes (id INTEGER PRIMARY KEY, body TEXT);", seed: usersSeed, rowsBase: usersRows,
			head: usersBase + `CREATE TABLE sessions (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE, token TEXT NOT NULL UNIQUE);
CREATE INDEX sessions_user ON sessions (user_id);`,
		},
		{
			name:     "without rowid and strict tables rebuild with their options",
			base:     "CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID;\nCREATE TABLE s (id INTEGER PRIMARY KEY, n INTEGER) STRICT;",
			seed:     "INSERT INTO kv VALUES ('a', 1), ('b', 2); INSERT INTO s VALUES (1, 5);",
			rowsBase: "SELECT k, v FROM kv ORDER BY k; SELECT id, n FROM s", rebuild: true,
			head: "CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;\nCREATE TABLE s (id INTEGER PRIMARY KEY, n INTEGER NOT NULL) STRICT;",
		},
		{
			name:     "hostile names are quoted",
			base:     `CREATE TABLE "we""ird; drop" ("col ""x""" TEXT, "select" INTEGER);`,
			seed:     `INSERT INTO "we""ird; drop" VALUES ('a', 1);`,
			rowsBase: `SELECT "col ""x""", "select" FROM "we""ird; drop"`, rebuild: true,
			head: `CREATE TABLE "we""ird; drop" ("col ""x""" TEXT NOT NULL DEFAULT '', "select" BIGINT);`,
		},
		{
			name: "autoincrement high-water mark survives a rebuild",
			base: usersBase, seed: usersSeed + " DELETE FROM users WHERE id = 3;", rowsBase: usersRows + "; SELECT seq FROM sqlite_sequence WHERE name = 'users'", rebuild: true,
			head: sqUsers("id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, name TEXT COLLATE NOCASE, age INTEGER"),
		},
	}
}

// TestSqliteEveryChangeKind: every change kind plans on SQLite, or is an
// error wrapping ErrUnsupported that says what SQLite lacks.
func TestSqliteEveryChangeKind(t *testing.T) {
	d, err := dialect.Sqlite("")
	if err != nil {
		t.Fatal(err)
	}
	from, err := sqliteddl.Parse(d, schema.File{Path: "a.sql", Data: []byte(usersBase +
		"CREATE INDEX users_age ON users (age); CREATE VIEW v AS SELECT id FROM users;" +
		"CREATE TABLE tags (name TEXT NOT NULL, slug TEXT); CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT);")})
	if err != nil {
		t.Fatal(err)
	}
	tbl := schema.QName{Name: "users"}
	col := &schema.Column{Name: "bio", Type: schema.Type{Norm: "TEXT"}}
	age := from.Table(tbl).Column("age")
	age2 := *age
	age2.Type.Norm = "BIGINT"
	view := from.Objects[0]
	view2 := *view
	view2.Definition = "CREATE VIEW v AS SELECT id, email FROM users"
	cases := map[string]schema.Change{
		"AddTable":         &schema.AddTable{Table: &schema.Table{Name: schema.QName{Name: "t2"}, Columns: []*schema.Column{col}}},
		"DropTable":        &schema.DropTable{Table: from.Table(tbl)},
		"RenameTable":      &schema.RenameTable{From: tbl, To: schema.QName{Name: "members"}},
		"AddColumn":        &schema.AddColumn{Table: tbl, Column: col},
		"DropColumn":       &schema.DropColumn{Table: tbl, Column: from.Table(tbl).Column("name")},
		"RenameColumn":     &schema.RenameColumn{Table: tbl, From: "name", To: "full_name"},
		"AlterColumn":      &schema.AlterColumn{Table: tbl, From: age, To: &age2, What: schema.ChangeType},
		"AddPrimaryKey":    &schema.AddPrimaryKey{Table: schema.QName{Name: "tags"}, PrimaryKey: &schema.PrimaryKey{Columns: []string{"name"}}},
		"DropPrimaryKey":   &schema.DropPrimaryKey{Table: schema.QName{Name: "kv"}, PrimaryKey: from.Table(schema.QName{Name: "kv"}).PrimaryKey},
		"AddUnique":        &schema.AddUnique{Table: tbl, Unique: &schema.Unique{Name: "u", Columns: []string{"name"}}},
		"DropUnique":       &schema.DropUnique{Table: tbl, Unique: &schema.Unique{Name: "u", Columns: []string{"name"}}},
		"AddIndex":         &schema.AddIndex{Table: tbl, Index: &schema.Index{Name: "users_name", Parts: []schema.IndexPart{{Column: "name"}}}},
		"DropIndex":        &schema.DropIndex{Table: tbl, Index: from.Table(tbl).Index("users_age")},
		"RenameIndex":      &schema.RenameIndex{Table: tbl, From: "users_age", To: "users_age_idx"},
		"AddForeignKey":    &schema.AddForeignKey{Table: tbl, ForeignKey: &schema.ForeignKey{Columns: []string{"age"}, RefTable: tbl, RefColumns: []string{"id"}}},
		"DropForeignKey":   &schema.DropForeignKey{Table: tbl, ForeignKey: &schema.ForeignKey{Columns: []string{"age"}, RefTable: tbl, RefColumns: []string{"id"}}},
		"AddCheck":         &schema.AddCheck{Table: tbl, Check: &schema.Check{Name: "c", Expr: "age > 0"}},
		"DropCheck":        &schema.DropCheck{Table: tbl, Check: &schema.Check{Name: "c", Expr: "age > 0"}},
		"RenameConstraint": &schema.RenameConstraint{Table: tbl, From: "c", To: "c2"},
		"SetTableOptions":  &schema.SetTableOptions{Table: tbl, To: map[string]string{"strict": "true"}},
		"AddObject":        &schema.AddObject{Object: &view2},
		"DropObject":       &schema.DropObject{Object: view},
		"ReplaceObject":    &schema.ReplaceObject{From: view, To: &view2},
	}
	unsupported := map[string]bool{
		"AddNamespace": true, "DropNamespace": true, "AddExtension": true, "DropExtension": true,
		"AddEnum": true, "DropEnum": true, "RenameEnum": true, "AddEnumValue": true, "DropEnumValue": true,
		"ReorderEnum": true, "AddSequence": true, "DropSequence": true, "AlterSequence": true,
		"RenameSequence": true, "SetTableComment": true,
		// A rename of a constraint the source does not have cannot be applied.
		"DropUnique": true, "DropForeignKey": true, "DropCheck": true, "RenameConstraint": true,
	}
	for _, zero := range schema.AllChangeKinds() {
		kind := zero.Kind()
		t.Run(kind, func(t *testing.T) {
			c, ok := cases[kind]
			if !ok {
				c = zero
				if !unsupported[kind] {
					t.Fatalf("no case for %s", kind)
				}
			}
			p, err := plan.Build([]schema.Change{c}, from, nil, d)
			if unsupported[kind] {
				if !errors.Is(err, plan.ErrUnsupported) {
					t.Fatalf("err = %v, want ErrUnsupported", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if p.Empty() {
				t.Fatal("no steps")
			}
			for i, s := range p.Steps {
				if s.Change != c {
					t.Errorf("step %d: Change = %v", i, s.Change)
				}
				for _, stmt := range append(slices.Clone(s.Up), s.Down...) {
					if strings.HasSuffix(strings.TrimSpace(stmt), ";") {
						t.Errorf("statement ends with a semicolon: %q", stmt)
					}
				}
			}
		})
	}
}

// TestSqliteUnsupportedMessages: what SQLite lacks is said in the error.
func TestSqliteUnsupportedMessages(t *testing.T) {
	d, _ := dialect.Sqlite("")
	for _, c := range []schema.Change{
		&schema.AddNamespace{Namespace: &schema.Namespace{Name: "x"}},
		&schema.AddEnum{Enum: &schema.Enum{Name: schema.QName{Name: "e"}}},
		&schema.AddSequence{Sequence: &schema.Sequence{Name: schema.QName{Name: "s"}}},
		&schema.AddExtension{Extension: &schema.Extension{Name: "x"}},
		&schema.SetTableComment{Table: schema.QName{Name: "t"}, To: "x"},
	} {
		_, err := plan.Build([]schema.Change{c}, nil, nil, d)
		if !errors.Is(err, plan.ErrUnsupported) || !strings.Contains(err.Error(), "SQLite has no") {
			t.Errorf("%s: %v", c.Kind(), err)
		}
	}
}
