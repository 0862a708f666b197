package mysqlddl

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/migrate-bot/migrate-bot/internal/engine/introspect/mysql"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/mytest"
)

// TestTriggers reads CREATE TRIGGER and DROP TRIGGER: the definition is
// the one introspection builds (backquoted names, upper-case timing and
// event, the body as written), a trigger follows its table's renames and
// goes with its table.
func TestTriggers(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string // "name on table: definition"
	}{
		{"one statement body", "CREATE TABLE t (a int);\nCREATE TRIGGER t_bi before insert ON t FOR EACH ROW SET NEW.a = 1;",
			[]string{"t_bi on t: CREATE TRIGGER `t_bi` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.a = 1"}},
		{"definer, quotes, schema, follows", "CREATE TABLE `my t` (a int);\nCREATE TRIGGER first BEFORE UPDATE ON `my t` FOR EACH ROW SET NEW.a = 2;\n" +
			"CREATE DEFINER=`root`@`localhost` TRIGGER IF NOT EXISTS db.`tr``x` AFTER DELETE ON db.`my t`\n  FOR EACH ROW FOLLOWS first\n  SET @n = OLD.a  ;",
			[]string{"first on my t: CREATE TRIGGER `first` BEFORE UPDATE ON `my t` FOR EACH ROW SET NEW.a = 2",
				"tr`x on my t: CREATE TRIGGER `tr``x` AFTER DELETE ON `my t` FOR EACH ROW SET @n = OLD.a"}},
		{"compound body between delimiters", "CREATE TABLE t (a int, b int);\nDELIMITER //\nCREATE OR REPLACE DEFINER = CURRENT_USER() TRIGGER t_bu BEFORE UPDATE ON t FOR EACH ROW\nBEGIN\n  IF NEW.a < 0 THEN SET NEW.a = 0; END IF;\n  SET NEW.b = NEW.a * 2;\nEND //\nDELIMITER ;\n",
			[]string{"t_bu on t: CREATE TRIGGER `t_bu` BEFORE UPDATE ON `t` FOR EACH ROW BEGIN\n  IF NEW.a < 0 THEN SET NEW.a = 0; END IF;\n  SET NEW.b = NEW.a * 2;\nEND"}},
		{"renamed with the table", "CREATE TABLE t (a int);\nCREATE TRIGGER x AFTER INSERT ON t FOR EACH ROW SET @a = NEW.a;\nRENAME TABLE t TO u;\nALTER TABLE u RENAME TO v;",
			[]string{"x on v: CREATE TRIGGER `x` AFTER INSERT ON `v` FOR EACH ROW SET @a = NEW.a"}},
		{"dropped with the table", "CREATE TABLE t (a int);\nCREATE TRIGGER x AFTER INSERT ON t FOR EACH ROW SET @a = 1;\nDROP TABLE t;\nCREATE TABLE t (b int);\nCREATE TRIGGER x AFTER INSERT ON t FOR EACH ROW SET @b = 1;",
			[]string{"x on t: CREATE TRIGGER `x` AFTER INSERT ON `t` FOR EACH ROW SET @b = 1"}},
		{"dropped, replaced, kept", "CREATE TABLE t (a int);\nCREATE TRIGGER x AFTER INSERT ON t FOR EACH ROW SET @a = 1;\nCREATE TRIGGER y AFTER INSERT ON t FOR EACH ROW SET @a = 2;\n" +
			"DROP TRIGGER IF EXISTS db.x;\nDROP TRIGGER IF EXISTS nothing;\nCREATE OR REPLACE TRIGGER y BEFORE INSERT ON t FOR EACH ROW SET @a = 3;\nCREATE TRIGGER IF NOT EXISTS y AFTER INSERT ON t FOR EACH ROW SET @a = 4;",
			[]string{"y on t: CREATE TRIGGER `y` BEFORE INSERT ON `t` FOR EACH ROW SET @a = 3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := parse(t, "mariadb", tc.src)
			var got []string
			for _, o := range s.Objects {
				if o.Kind != schema.ObjectTrigger || o.Table == nil || len(o.DependsOn) != 1 || o.DependsOn[0] != *o.Table {
					t.Errorf("object %+v is not a trigger on its table", o)
					continue
				}
				got = append(got, o.Name.Name+" on "+o.Table.Name+": "+o.Definition)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("triggers (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTriggersMatchServer runs trigger DDL on the MariaDB server and
// requires the reader's model to equal the introspected database.
func TestTriggersMatchServer(t *testing.T) {
	src := "CREATE TABLE orders (id int PRIMARY KEY, qty int NOT NULL, price decimal(10,2), total decimal(12,2));\n" +
		"CREATE TABLE `audit log` (id int AUTO_INCREMENT PRIMARY KEY, what varchar(20));\n" +
		"CREATE TRIGGER orders_bi BEFORE INSERT ON orders FOR EACH ROW SET NEW.total = NEW.qty * NEW.price;\n" +
		"CREATE TRIGGER `orders ad` AFTER DELETE ON orders FOR EACH ROW INSERT INTO `audit log` (what) VALUES (CONCAT('deleted ', OLD.id));\n" +
		"CREATE TRIGGER orders_bu BEFORE UPDATE ON orders FOR EACH ROW\n" +
		"  -- keep the total right\n" +
		"  SET NEW.total = NEW.qty * NEW.price;\n"
	d := mustDialect(t, "mariadb")
	read, err := Parse(d, schema.File{Path: "schema.sql", Data: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	db := mytest.New(t)
	db.Exec(t, src)
	live, err := mysql.Inspect(context.Background(), db.DB, mysql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(live.Objects); n != 3 {
		t.Fatalf("%d objects in the database, want 3", n)
	}
	for _, diff := range schema.Differences(read, live) {
		t.Errorf("reader vs database: %s", diff)
	}
}

// TestTriggerHeaderComments: comments between the header's words and
// before the body are not part of the trigger, as on the server.
func TestTriggerHeaderComments(t *testing.T) {
	s := parse(t, "mariadb", "CREATE TABLE t (a int);\nCREATE /* x */ TRIGGER tr -- y\n BEFORE INSERT ON t FOR EACH ROW # z\n /* w */ SET NEW.a = 1 /* kept */;")
	if len(s.Objects) != 1 || s.Objects[0].Definition != "CREATE TRIGGER `tr` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.a = 1 /* kept */" {
		t.Errorf("objects: %+v", s.Objects)
	}
}

// TestParseEach reads sides at once as Parse reads each, and reports the
// first failing side's error with the schemas before it.
func TestParseEach(t *testing.T) {
	d := mustDialect(t, "mariadb")
	a := []schema.File{{Path: "a.sql", Data: []byte("CREATE TABLE a (x int);\nCREATE TRIGGER a_bi BEFORE INSERT ON a FOR EACH ROW SET NEW.x = 1;")}}
	b := []schema.File{{Path: "b.sql", Data: []byte("CREATE TABLE b (y int PRIMARY KEY);")}}
	bad := []schema.File{{Path: "bad.sql", Data: []byte("CREATE TABLE c (z intt);")}}
	got, err := ParseEach(d, a, b)
	if err != nil {
		t.Fatal(err)
	}
	for i, files := range [][]schema.File{a, b} {
		want, err := Parse(d, files...)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got[i]); diff != "" {
			t.Errorf("side %d (-Parse +ParseEach):\n%s", i, diff)
		}
	}
	got, err = ParseEach(d, a, bad, b)
	if err == nil || !strings.HasPrefix(err.Error(), "bad.sql:1:") || got[0] == nil || got[1] != nil || got[2] != nil {
		t.Errorf("ParseEach with a bad side: %v, %v", got, err)
	}
}
