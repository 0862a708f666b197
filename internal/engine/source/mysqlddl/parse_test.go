package mysqlddl

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

func mustDialect(t testing.TB, name string) *dialect.Dialect {
	t.Helper()
	d, err := dialect.Lookup(name, "")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func parse(t *testing.T, dialectName, src string) *schema.Schema {
	t.Helper()
	s, err := Parse(mustDialect(t, dialectName), schema.File{Path: "schema.sql", Data: []byte(src)})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return s
}

func col(name, typ string) *schema.Column {
	return &schema.Column{Name: name, Type: schema.Type{Norm: typ}}
}

func notNull(name, typ string) *schema.Column {
	c := col(name, typ)
	c.NotNull = true
	return c
}

func TestParseModel(t *testing.T) {
	cases := []struct {
		name, dialect, src string
		want               []*schema.Table
	}{
		{
			name: "users with keys", dialect: "mariadb",
			src: "CREATE TABLE users (id int NOT NULL AUTO_INCREMENT, email varchar(191) NOT NULL, " +
				"created datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), " +
				"role enum('admin','user') NOT NULL DEFAULT 'user', PRIMARY KEY (id), UNIQUE KEY (email), KEY (role, email(10) DESC)) " +
				"ENGINE=MyISAM COMMENT='people'",
			want: []*schema.Table{{
				Name: schema.QName{Name: "users"},
				Columns: []*schema.Column{
					{Name: "id", Type: schema.Type{Norm: "int"}, NotNull: true, Default: &schema.Default{Kind: schema.DefaultSequence, Expr: "auto_increment"}},
					notNull("email", "varchar(191)"),
					{Name: "created", Type: schema.Type{Norm: "datetime(3)"}, NotNull: true,
						Default:  &schema.Default{Kind: schema.DefaultFunction, Expr: "current_timestamp(3)"},
						OnUpdate: "current_timestamp(3)"},
					{Name: "role", Type: schema.Type{Norm: "enum('admin','user')"}, NotNull: true, Default: &schema.Default{Expr: "'user'"}},
				},
				PrimaryKey: &schema.PrimaryKey{Name: "PRIMARY", Columns: []string{"id"}},
				Indexes: []*schema.Index{
					{Name: "email", Unique: true, Parts: []schema.IndexPart{{Column: "email"}}},
					{Name: "role", Parts: []schema.IndexPart{{Column: "role"}, {Column: "email", Length: 10, Desc: true}}},
				},
				Comment: "people",
				Options: map[string]string{"engine": "MyISAM"},
			}},
		},
		{
			name: "mysql check names", dialect: "mysql",
			src: "CREATE TABLE t (a int CHECK (a > 0), b int, CHECK (b > a), CONSTRAINT mine CHECK (b < 9))",
			want: []*schema.Table{{
				Name:    schema.QName{Name: "t"},
				Columns: []*schema.Column{col("a", "int"), col("b", "int")},
				Checks: []*schema.Check{
					{Name: "mine", Expr: "`b` < 9"},
					{Name: "t_chk_1", Expr: "`a` > 0"},
					{Name: "t_chk_2", Expr: "`b` > `a`"},
				},
			}},
		},
		{
			name: "mariadb check names", dialect: "mariadb",
			src: "CREATE TABLE t (a int CHECK (a > 0), b int, CHECK (b > a), CHECK (b <> 3))",
			want: []*schema.Table{{
				Name:    schema.QName{Name: "t"},
				Columns: []*schema.Column{col("a", "int"), col("b", "int")},
				Checks: []*schema.Check{
					{Name: "CONSTRAINT_1", Expr: "`b` > `a`"},
					{Name: "CONSTRAINT_2", Expr: "`b` != 3"},
					{Name: "a", Expr: "`a` > 0"},
				},
			}},
		},
		{
			name: "mysql 8 collation default", dialect: "mysql",
			src: "CREATE TABLE t (a varchar(5) COLLATE utf8mb4_0900_ai_ci, b varchar(5) COLLATE utf8mb4_bin) DEFAULT CHARSET=utf8mb4",
			want: []*schema.Table{{
				Name:    schema.QName{Name: "t"},
				Columns: []*schema.Column{col("a", "varchar(5)"), {Name: "b", Type: schema.Type{Norm: "varchar(5)"}, Collation: "utf8mb4_bin"}},
			}},
		},
		{
			name: "drop and recreate", dialect: "mariadb",
			src:  "CREATE TABLE t (a int); DROP TABLE IF EXISTS t; CREATE TABLE t (b int); DROP TABLE IF EXISTS nothing;",
			want: []*schema.Table{{Name: schema.QName{Name: "t"}, Columns: []*schema.Column{col("b", "int")}}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := parse(t, tc.dialect, tc.src)
			want := (&schema.Schema{Dialect: tc.dialect, Tables: tc.want}).Normalize()
			if d := cmp.Diff(want, got, cmpopts.IgnoreTypes(schema.Pos{}), cmpopts.IgnoreFields(schema.Type{}, "Raw"), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestParsePositionsAndHints(t *testing.T) {
	src := "-- header\n\n" +
		"-- @renamed from=people\n" +
		"CREATE TABLE users (\n" +
		"  id int PRIMARY KEY,\n" +
		"  -- @renamed from=mail\n" +
		"  email varchar(10),\n" +
		"  `na me` int -- @renamed from=`old name`\n" +
		");\n" +
		"CREATE INDEX by_email ON users (email);\n"
	s := parse(t, "mariadb", src)
	u := s.Tables[0]
	if u.Pos != (schema.Pos{File: "schema.sql", Line: 4, Col: 1}) || u.RenamedFrom != "people" {
		t.Errorf("table pos %v hint %q", u.Pos, u.RenamedFrom)
	}
	want := []struct {
		line, col int
		hint      string
	}{{5, 3, ""}, {7, 3, "mail"}, {8, 3, "old name"}}
	for i, w := range want {
		c := u.Columns[i]
		if c.Pos.Line != w.line || c.Pos.Col != w.col || c.RenamedFrom != w.hint {
			t.Errorf("column %s: pos %v hint %q, want %d:%d %q", c.Name, c.Pos, c.RenamedFrom, w.line, w.col, w.hint)
		}
	}
	if ix := u.Indexes[0]; ix.Name != "by_email" || ix.Pos.Line != 10 {
		t.Errorf("index %s at %v", ix.Name, ix.Pos)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"syntax", "CREATE TABLE t (a int,\n  b intt)", "schema.sql:2:"},
		{"unknown type", "CREATE TABLE t (a geometry)", "schema.sql:1:"},
		{"trigger on no table", "CREATE TABLE t (a int);\nCREATE TRIGGER x BEFORE INSERT ON u FOR EACH ROW SET NEW.a = 1;", "schema.sql:2:35: CREATE TRIGGER x: table u does not exist"},
		{"trigger header", "CREATE TABLE t (a int);\nCREATE TRIGGER x BEFORE SELECT ON t FOR EACH ROW SET NEW.a = 1;", "schema.sql:2:1: CREATE TRIGGER: expected"},
		{"trigger twice", "CREATE TABLE t (a int);\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1;\nCREATE TRIGGER X AFTER INSERT ON t FOR EACH ROW SET @a = 1;", "schema.sql:3:1: trigger X is created twice (first at schema.sql:2:1)"},
		{"trigger body cut", "CREATE TABLE t (a int);\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END;", "schema.sql:2:1: CREATE TRIGGER x: the BEGIN ... END body is cut"},
		{"drop missing trigger", "DROP TRIGGER x", "schema.sql:1:1: trigger x does not exist"},
		{"procedure", "DELIMITER ;;\nCREATE PROCEDURE p() BEGIN SELECT 1; END;;\nDELIMITER ;\n", "schema.sql:2:1: CREATE PROCEDURE is not supported"},
		{"twice", "CREATE TABLE t (a int); CREATE TABLE t (b int);", "created twice"},
		{"missing table", "ALTER TABLE nope ADD COLUMN a int", "table nope does not exist"},
		{"key column", "CREATE TABLE t (a int, KEY (b))", "key column b does not exist"},
		{"two primary keys", "CREATE TABLE t (a int PRIMARY KEY, b int, PRIMARY KEY (b))", "multiple primary keys"},
		{"partition", "CREATE TABLE t (a int) PARTITION BY HASH (a) PARTITIONS 2", "partitioning is not supported"},
		{"select", "CREATE TABLE t AS SELECT 1 AS a", "SELECT is not supported"},
		{"bad default", "CREATE TABLE t (a int DEFAULT 'abc')", "default"},
		{"grant", "GRANT ALL ON *.* TO 'x'@'%'", "not supported by the MySQL reader"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(mustDialect(t, "mariadb"), schema.File{Path: "schema.sql", Data: []byte(tc.src)})
			if err == nil {
				t.Fatal("no error")
			}
			var pe *schema.PosError
			if !errors.As(err, &pe) {
				t.Fatalf("%v is not a *schema.PosError", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
	if _, err := Parse(mustDialect(t, "postgres")); err == nil {
		t.Error("Parse accepted the postgres dialect")
	}
}

func TestSplit(t *testing.T) {
	src := "SELECT ';'; -- a;b\n/* x; */ SELECT `a;b`;\n# c;\nDELIMITER $$\nCREATE x BEGIN a; b; END$$\nDELIMITER ;\nSELECT \"q\\\";\" ;"
	var got []string
	for _, st := range split(src) {
		got = append(got, st.text)
	}
	want := []string{"SELECT ';'", "SELECT `a;b`", "CREATE x BEGIN a; b; END", "SELECT \"q\\\";\""}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("split (-want +got):\n%s", d)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"CREATE TABLE t (a int PRIMARY KEY, b varchar(5) DEFAULT 'x', KEY (b), FOREIGN KEY (b) REFERENCES u (c))",
		"ALTER TABLE t ADD COLUMN c int FIRST",
		"CREATE TABLE t (a int); DROP TABLE t; CREATE INDEX i ON t (a)",
		"DELIMITER ;;\nSELECT 1;;",
		"CREATE TABLE t (a enum('x','y') CHECK (a <> 'x')) ENGINE=innodb",
		"CREATE TABLE t (a int);\nDELIMITER //\nCREATE DEFINER=`u`@`%` TRIGGER IF NOT EXISTS `t``r` BEFORE INSERT ON t FOR EACH ROW FOLLOWS x BEGIN SET NEW.a = 1; END//\nDELIMITER ;\nDROP TRIGGER IF EXISTS db.`t``r`; RENAME TABLE t TO u",
		"CREATE /* c */ TRIGGER tr -- d\n AFTER DELETE ON t FOR EACH ROW",
	} {
		f.Add(s)
	}
	d := mustDialect(f, "mariadb")
	f.Fuzz(func(t *testing.T, src string) {
		_, err := Parse(d, schema.File{Path: "f.sql", Data: []byte(src)})
		if err == nil {
			return
		}
		var pe *schema.PosError
		if !errors.As(err, &pe) {
			t.Fatalf("error %v (%T) is not a *schema.PosError", err, err)
		}
	})
}
