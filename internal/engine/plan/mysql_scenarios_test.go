package plan_test

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
)

const myBase = `CREATE TABLE users (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(100) NOT NULL,
  name varchar(20) DEFAULT NULL,
  age int DEFAULT NULL,
  status enum('active','banned') NOT NULL DEFAULT 'active',
  flags set('a','b') DEFAULT NULL,
  bio text,
  KEY idx_name (name),
  UNIQUE KEY uq_email (email)
);
CREATE TABLE posts (
  id int NOT NULL PRIMARY KEY,
  user_id int NOT NULL,
  title varchar(50) NOT NULL DEFAULT '',
  CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);`

const mySeed = `INSERT INTO users (id, email, name, age, status, flags, bio) VALUES
  (1, 'a@x', 'ann', 30, 'active', 'a', 'hi'), (2, 'b@x', NULL, NULL, 'banned', 'a,b', NULL);
INSERT INTO posts VALUES (10, 1, 'first'), (11, 2, 'second');`

const myRows = `SELECT id, email, name, age, status, flags, bio FROM users ORDER BY id`

// edit returns base with each old -> new replacement applied once.
func edit(base string, pairs ...string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(base, pairs[i]) {
			panic("edit: " + pairs[i] + " not in base")
		}
		base = strings.Replace(base, pairs[i], pairs[i+1], 1)
	}
	return base
}

// algoOf fails unless the step whose up contains s names want.
func algoOf(s, want string) func(t *testing.T, db *sql.DB, p *plan.Plan) {
	return func(t *testing.T, _ *sql.DB, p *plan.Plan) {
		t.Helper()
		st := stepWith(p, s)
		if st == nil {
			t.Fatalf("no step with %q in %v", s, p.Statements(true))
		}
		if !strings.HasSuffix(st.Up[0], want) {
			t.Errorf("step %q: want suffix %q", st.Up[0], want)
		}
	}
}

const (
	instant = ", ALGORITHM=INSTANT"
	inplace = ", ALGORITHM=INPLACE, LOCK=NONE"
	shared  = ", ALGORITHM=INPLACE, LOCK=SHARED"
	copying = ", LOCK=SHARED"
)

func TestMysqlScenarios(t *testing.T) {
	scenarios := []myScenario{
		{name: "add nullable column", head: edit(myBase, "bio text,", "bio text,\n  nick varchar(10) DEFAULT NULL,"),
			check: algoOf("ADD COLUMN `nick`", instant)},
		{name: "add column with default", head: edit(myBase, "bio text,", "bio text,\n  score int NOT NULL DEFAULT 7,"),
			check: algoOf("ADD COLUMN `score`", instant)},
		{name: "add not null column zero-filled", head: edit(myBase, "bio text,", "bio text,\n  n int NOT NULL,"),
			check: func(t *testing.T, db *sql.DB, p *plan.Plan) {
				st := stepWith(p, "ADD COLUMN `n`")
				if st == nil || len(st.Hazards) == 0 {
					t.Fatalf("no zero-fill hazard")
				}
				if got := queryOne(t, db, "SELECT n FROM users WHERE id = 1"); got != "0" {
					t.Errorf("zero fill gave %q", got)
				}
			}},
		{name: "add column first", head: edit(myBase, "id int NOT NULL AUTO_INCREMENT PRIMARY KEY,", "k int DEFAULT NULL,\n  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,"),
			check: algoOf("FIRST", instant)},
		{name: "add timestamp on update", head: edit(myBase, "bio text,", "bio text,\n  updated_at datetime(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),")},
		{name: "add virtual generated column", head: edit(myBase, "bio text,", "bio text,\n  age2 int AS (age * 2) VIRTUAL,"),
			check: algoOf("age2", instant)},
		{name: "add stored generated column copies", head: edit(myBase, "bio text,", "bio text,\n  age3 int AS (age * 3) STORED,"),
			check: func(t *testing.T, db *sql.DB, p *plan.Plan) {
				algoOf("age3", copying)(t, db, p)
				if st := stepWith(p, "age3"); !st.Rewrite || !st.Lock.BlocksWrites {
					t.Errorf("copy step not marked rewrite / blocking writes: %+v", st.Lock)
				}
			}},
		{name: "drop column", head: edit(myBase, "  age int DEFAULT NULL,\n", ""), rows: "SELECT id, email FROM users ORDER BY id",
			check: algoOf("DROP COLUMN `age`", instant)},
		{name: "drop indexed column", head: edit(myBase, "  name varchar(20) DEFAULT NULL,\n", "", "  KEY idx_name (name),\n", ""),
			rows: "SELECT id, email FROM users ORDER BY id"},
		{name: "rename column", base: myBase, head: edit(myBase, "age int", "years int"), rows: myRows,
			renames: []diff.Rename{{Kind: diff.RenameColumn, Table: q("users"), From: "age", To: "years"}}},
		{name: "rename table", head: edit(myBase, "CREATE TABLE posts", "CREATE TABLE articles"), rows: myRows,
			renames: []diff.Rename{{Kind: diff.RenameTable, Table: q("articles"), From: "posts", To: "articles"}}},
		{name: "set default", head: edit(myBase, "age int DEFAULT NULL", "age int DEFAULT 18"), rows: myRows,
			check: algoOf("SET DEFAULT 18", instant)},
		{name: "drop default", head: edit(myBase, "NOT NULL DEFAULT 'active'", "NOT NULL"), rows: myRows},
		{name: "column comment", head: edit(myBase, "age int DEFAULT NULL", "age int DEFAULT NULL COMMENT 'in years'"), rows: myRows,
			check: algoOf("COMMENT 'in years'", instant)},
		{name: "table comment", head: edit(myBase, "UNIQUE KEY uq_email (email)\n)", "UNIQUE KEY uq_email (email)\n) COMMENT='people'"), rows: myRows,
			check: algoOf("COMMENT = 'people'", instant)},
		{name: "varchar extend in place", head: edit(myBase, "name varchar(20)", "name varchar(60)"), rows: myRows,
			check: algoOf("varchar(60)", instant)},
		{name: "varchar across the length prefix", head: edit(myBase, "name varchar(20)", "name varchar(100)"), rows: myRows},
		{name: "varchar narrowed", head: edit(myBase, "email varchar(100)", "email varchar(50)"), rows: myRows,
			check: func(t *testing.T, db *sql.DB, p *plan.Plan) {
				st := stepWith(p, "varchar(50)")
				if st == nil || !st.Rewrite || len(st.Hazards) < 3 {
					t.Errorf("narrowing: want rewrite and may-fail hazards, got %+v", st)
				}
			}},
		{name: "int to bigint copies", head: edit(myBase, "age int", "age bigint"), rows: myRows, check: algoOf("bigint", copying)},
		{name: "null to not null", head: edit(myBase, "age int DEFAULT NULL", "age int NOT NULL DEFAULT 0"),
			seed: "INSERT INTO users (id, email, age) VALUES (1, 'a@x', 5)", rows: "SELECT id, age FROM users",
			check: algoOf("NOT NULL DEFAULT 0", inplace)},
		{name: "not null to null", head: edit(myBase, "email varchar(100) NOT NULL", "email varchar(100) DEFAULT NULL"), rows: myRows,
			check: algoOf("`email` varchar(100) NULL", inplace)},
		{name: "enum append", head: edit(myBase, "enum('active','banned')", "enum('active','banned','deleted')"), rows: myRows,
			check: algoOf("'deleted'", instant)},
		{name: "enum insert in the middle", head: edit(myBase, "enum('active','banned')", "enum('active','paused','banned')"), rows: myRows,
			check: algoOf("'paused'", copying)},
		{name: "enum reorder", head: edit(myBase, "enum('active','banned')", "enum('banned','active')"), rows: myRows,
			check: algoOf("enum('banned','active')", copying)},
		{name: "enum remove unused value", head: edit(myBase, "enum('active','banned')", "enum('active')"),
			seed: "INSERT INTO users (id, email, status) VALUES (1, 'a@x', 'active')", rows: "SELECT id, status FROM users",
			check: func(t *testing.T, db *sql.DB, p *plan.Plan) {
				st := stepWith(p, "enum('active')")
				mayFail := false
				for _, h := range st.Hazards {
					mayFail = mayFail || h.Kind == plan.HazardMayFail
				}
				if !mayFail || !st.Rewrite {
					t.Errorf("enum removal: want copy and may-fail, got %+v", st.Hazards)
				}
			}},
		{name: "set append", head: edit(myBase, "set('a','b')", "set('a','b','c')"), rows: myRows, check: algoOf("set('a','b','c')", instant)},
		{name: "add index", head: edit(myBase, "KEY idx_name (name),", "KEY idx_name (name),\n  KEY idx_age (age),"), rows: myRows,
			check: algoOf("ADD INDEX `idx_age`", inplace)},
		{name: "add prefix and unique index", head: edit(myBase, "KEY idx_name (name),", "KEY idx_name (name),\n  UNIQUE KEY uq_np (name(5), age),"), rows: myRows},
		{name: "add fulltext index", head: edit(myBase, "KEY idx_name (name),", "KEY idx_name (name),\n  FULLTEXT KEY ft_bio (bio),"), rows: myRows,
			check: algoOf("FULLTEXT", shared)},
		{name: "drop index", head: edit(myBase, "  KEY idx_name (name),\n", ""), rows: myRows, check: algoOf("DROP INDEX `idx_name`", inplace)},
		{name: "change index columns", head: edit(myBase, "KEY idx_name (name)", "KEY idx_name (name, age)"), rows: myRows},
		{name: "rename index", head: edit(myBase, "KEY idx_name (name)", "KEY ix_name (name)"), rows: myRows},
		{name: "index and columns merged by algorithm", head: edit(myBase, "bio text,", "bio text,\n  c1 int DEFAULT NULL,\n  c2 int DEFAULT NULL,", "KEY idx_name (name),", "KEY idx_name (name),\n  KEY i1 (age),\n  KEY i2 (email, age),"),
			rows: myRows, check: func(t *testing.T, db *sql.DB, p *plan.Plan) {
				up := p.Statements(true)
				if len(up) != 2 {
					t.Errorf("want 2 statements (instant columns, inplace indexes), got %q", up)
				}
			}},
		{name: "add check", head: edit(myBase, "UNIQUE KEY uq_email (email)\n)", "UNIQUE KEY uq_email (email),\n  CONSTRAINT ck_age CHECK (age >= 0)\n)"), rows: myRows,
			check: algoOf("ck_age", copying)},
		{name: "drop check", base: edit(myBase, "UNIQUE KEY uq_email (email)\n)", "UNIQUE KEY uq_email (email),\n  CONSTRAINT ck_age CHECK (age >= 0)\n)"), head: myBase, rows: myRows,
			check: algoOf("DROP CONSTRAINT `ck_age`", instant)},
		{name: "add foreign key", base: edit(myBase, "  CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE\n", "  KEY fk_user (user_id)\n", "title varchar(50) NOT NULL DEFAULT '',", "title varchar(50) NOT NULL DEFAULT '',"),
			head: edit(myBase, "ON DELETE CASCADE", "ON DELETE CASCADE,\n  KEY fk_user (user_id)"), rows: myRows,
			check: algoOf("ADD CONSTRAINT `fk_user`", copying)},
		{name: "drop foreign key", head: edit(myBase, ",\n  CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE", ",\n  KEY fk_user (user_id)"), rows: myRows,
			check: algoOf("DROP FOREIGN KEY", inplace)},
		{name: "drop foreign key and its index", head: edit(myBase, ",\n  CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE", ""), rows: myRows},
		{name: "change foreign key action", head: edit(myBase, "ON DELETE CASCADE", "ON DELETE RESTRICT"), rows: myRows},
		{name: "create table with keys and fk", head: myBase + "\nCREATE TABLE tags (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, post_id int, label varchar(20) NOT NULL, UNIQUE KEY uq_label (label), CONSTRAINT fk_post FOREIGN KEY (post_id) REFERENCES posts (id)) COMMENT='tags';", rows: myRows},
		{name: "drop table", base: myBase + "\nCREATE TABLE tags (id int PRIMARY KEY, post_id int, CONSTRAINT fk_post FOREIGN KEY (post_id) REFERENCES posts (id));", head: myBase, rows: myRows},
		{name: "drop two related tables", head: "CREATE TABLE other (id int PRIMARY KEY);"},
		{name: "replace primary key", head: edit(myBase, "id int NOT NULL PRIMARY KEY,\n  user_id int NOT NULL,", "id int NOT NULL,\n  user_id int NOT NULL,\n  PRIMARY KEY (id, user_id),"), rows: myRows,
			check: algoOf("ADD PRIMARY KEY", inplace)},
		{name: "add auto_increment column", base: "CREATE TABLE l (v int);", head: "CREATE TABLE l (v int, id bigint NOT NULL AUTO_INCREMENT, PRIMARY KEY (id));",
			seed: "INSERT INTO l VALUES (1), (2)", rows: "SELECT v FROM l ORDER BY v"},
		{name: "view added and changed", base: myBase + "\nCREATE VIEW v AS SELECT id FROM users;", head: myBase + "\nCREATE VIEW v AS SELECT id, email FROM users;\nCREATE VIEW w AS SELECT id FROM posts;", rows: myRows},
		{name: "hostile names", base: "CREATE TABLE `we``ird` (`i``d` int PRIMARY KEY, `a b` varchar(5) DEFAULT 'it''s');",
			head: "CREATE TABLE `we``ird` (`i``d` int PRIMARY KEY, `a b` varchar(5) DEFAULT 'it''s\\\\', `c``` int, KEY `k``` (`c```));"},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			if sc.base == "" {
				sc.base = myBase
				if sc.seed == "" {
					sc.seed = mySeed
				}
			}
			runMyScenario(t, sc)
		})
	}
}
