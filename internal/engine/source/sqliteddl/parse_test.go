package sqliteddl

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

var ignorePos = cmpopts.IgnoreTypes(schema.Pos{})

func sqliteDialect(t testing.TB) *dialect.Dialect {
	t.Helper()
	d, err := dialect.Sqlite("")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustParse(t *testing.T, sql string) *schema.Schema {
	t.Helper()
	s, err := Parse(sqliteDialect(t), schema.File{Path: "s.sql", Data: []byte(sql)})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return s
}

func qn(n string) schema.QName { return schema.QName{Name: n} }

func col(name, typ string) *schema.Column {
	return &schema.Column{Name: name, Type: schema.Type{Raw: typ, Norm: dialect.NormalizeSqliteType(typ)}}
}

func TestParseConstructs(t *testing.T) {
	notNull := func(c *schema.Column) *schema.Column { c.NotNull = true; return c }
	withDefault := func(c *schema.Column, k schema.DefaultKind, e string) *schema.Column {
		c.Default = &schema.Default{Kind: k, Expr: e}
		return c
	}
	cases := []struct {
		name, sql string
		want      *schema.Table
	}{
		{"prisma style table", `-- CreateTable
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "score" DECIMAL(10, 2) DEFAULT 0
);
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");`, &schema.Table{Name: qn("User"),
			Columns: []*schema.Column{
				withDefault(notNull(col("id", "INTEGER")), schema.DefaultSequence, dialect.SqliteAutoincrement),
				notNull(col("email", "TEXT")),
				withDefault(notNull(col("createdAt", "DATETIME")), schema.DefaultFunction, "CURRENT_TIMESTAMP"),
				withDefault(col("score", "DECIMAL(10, 2)"), schema.DefaultLiteral, "0"),
			},
			PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}},
			Indexes:    []*schema.Index{{Name: "User_email_key", Unique: true, Parts: []schema.IndexPart{{Column: "email"}}}}}},
		{"constraints", `CREATE TABLE p (id INTEGER PRIMARY KEY);
CREATE TABLE c (
  a INT CONSTRAINT a_pos CHECK (a > 0),
  b INT REFERENCES p ON DELETE CASCADE,
  c TEXT UNIQUE COLLATE NOCASE,
  CONSTRAINT c_pk PRIMARY KEY (a, b),
  CHECK (length(c) < 5)
);`, &schema.Table{Name: qn("c"),
			Columns:     []*schema.Column{col("a", "INT"), col("b", "INT"), func() *schema.Column { c := col("c", "TEXT"); c.Collation = "NOCASE"; return c }()},
			PrimaryKey:  &schema.PrimaryKey{Name: "c_pk", Columns: []string{"a", "b"}},
			Uniques:     []*schema.Unique{{Columns: []string{"c"}}},
			ForeignKeys: []*schema.ForeignKey{{Columns: []string{"b"}, RefTable: qn("p"), RefColumns: []string{"id"}, OnDelete: schema.Cascade}},
			Checks:      []*schema.Check{{Expr: "length(c) < 5"}, {Name: "a_pos", Expr: "a > 0"}}}},
		{"generated and index expressions", `CREATE TABLE c (a INT, g INT AS (a * 2) STORED);
CREATE INDEX c_lower ON c (lower(a) DESC) WHERE g > 1;`, &schema.Table{Name: qn("c"),
			Columns: []*schema.Column{col("a", "INT"), func() *schema.Column {
				c := col("g", "INT")
				c.Generated = &schema.Generated{Expr: "a * 2", Stored: true}
				return c
			}()},
			Indexes: []*schema.Index{{Name: "c_lower", Parts: []schema.IndexPart{{Expr: "lower(a)", Desc: true}}, Where: "g > 1"}}}},
		{"alter table history", `CREATE TABLE old (a INT, b INT);
ALTER TABLE old RENAME TO c;
ALTER TABLE c ADD COLUMN x TEXT NOT NULL DEFAULT 'n';
ALTER TABLE c RENAME COLUMN a TO a2;
ALTER TABLE c DROP COLUMN b;
CREATE TABLE gone (z INT); DROP TABLE gone;`, &schema.Table{Name: qn("c"),
			Columns: []*schema.Column{col("a2", "INT"), withDefault(notNull(col("x", "TEXT")), schema.DefaultLiteral, "'n'")}}},
		{"transactions and pragmas", `PRAGMA foreign_keys = OFF;
BEGIN TRANSACTION;
CREATE TABLE "c" ("id" TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;
COMMIT;
PRAGMA foreign_keys=ON;
PRAGMA main.user_version = 3;
ANALYZE;`, &schema.Table{Name: qn("c"), Columns: []*schema.Column{notNull(col("id", "TEXT"))},
			PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}, Options: map[string]string{"without_rowid": "true"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := mustParse(t, tc.sql)
			got := s.Table(tc.want.Name)
			if diff := cmp.Diff(tc.want, got, ignorePos); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if s.Dialect != "sqlite" {
				t.Errorf("dialect %q", s.Dialect)
			}
		})
	}
}

func TestParseObjects(t *testing.T) {
	s := mustParse(t, `CREATE TABLE t (a INT);
CREATE VIEW v AS SELECT a FROM t; -- a view
CREATE TRIGGER tr AFTER INSERT ON t BEGIN
  UPDATE t SET a = a + 1; -- inside
  DELETE FROM t WHERE a < 0;
END;
CREATE TEMP VIEW tv AS SELECT 1;`)
	want := []*schema.Object{
		{Kind: schema.ObjectTrigger, Name: qn("tr"), Table: &schema.QName{Name: "t"}, DependsOn: []schema.QName{qn("t")},
			Definition: "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET a = a + 1; -- inside\n  DELETE FROM t WHERE a < 0;\nEND",
			Pos:        schema.Pos{File: "s.sql", Line: 3, Col: 1}},
		{Kind: schema.ObjectView, Name: qn("v"), Definition: "CREATE VIEW v AS SELECT a FROM t", Pos: schema.Pos{File: "s.sql", Line: 2, Col: 1}},
	}
	if diff := cmp.Diff(want, s.Objects); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParsePositionsAndHints(t *testing.T) {
	sql := "-- header\n\nCREATE TABLE t ( -- @renamed from=old_t\n  a int,\n  -- @renamed from=\"Old B\"\n  b int, -- trailing\n  c int -- @renamed from=cc\n);\n" +
		"-- @renamed from=u0\nCREATE TABLE u (x int);\n" +
		"CREATE INDEX u_x ON u (x);\nALTER TABLE u ADD COLUMN y int; -- @renamed from=yy\n"
	s := mustParse(t, sql)
	tt := s.Table(qn("t"))
	if tt.Pos != (schema.Pos{File: "s.sql", Line: 3, Col: 1}) {
		t.Errorf("table pos = %v", tt.Pos)
	}
	if tt.RenamedFrom != "old_t" || s.Table(qn("u")).RenamedFrom != "u0" {
		t.Errorf("table hints = %q, %q", tt.RenamedFrom, s.Table(qn("u")).RenamedFrom)
	}
	got := map[string]string{}
	for _, tb := range s.Tables {
		for _, c := range tb.Columns {
			got[tb.Name.Name+"."+c.Name] = c.RenamedFrom + "@" + c.Pos.String()
		}
	}
	want := map[string]string{"t.a": "@s.sql:4:3", "t.b": "Old B@s.sql:6:3", "t.c": "cc@s.sql:7:3",
		"u.x": "@s.sql:10:17", "u.y": "yy@s.sql:12:26"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	if p := s.Table(qn("u")).Indexes[0].Pos; p != (schema.Pos{File: "s.sql", Line: 11, Col: 1}) {
		t.Errorf("index pos = %v", p)
	}
}

func TestParseSeveralFiles(t *testing.T) {
	d := sqliteDialect(t)
	s, err := Parse(d,
		schema.File{Path: "1.sql", Data: []byte("CREATE TABLE a (id INTEGER PRIMARY KEY);")},
		schema.File{Path: "2.sql", Data: []byte("\nALTER TABLE a ADD COLUMN name TEXT;\nCREATE TABLE b (a_id INT REFERENCES a(id));")})
	if err != nil {
		t.Fatal(err)
	}
	if p := s.Table(qn("a")).Columns[1].Pos; p != (schema.Pos{File: "2.sql", Line: 2, Col: 26}) {
		t.Errorf("added column pos = %v", p)
	}
	if p := s.Table(qn("b")).Pos; p != (schema.Pos{File: "2.sql", Line: 3, Col: 1}) {
		t.Errorf("table b pos = %v", p)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ name, sql, want string }{
		{"syntax error", "CREATE TABLE t (\n  a int,,\n);", `s.sql:1:1: near ",": syntax error`},
		{"syntax error at a unique token", "CREATE TABLE t (\n  a int REFERENCES\n);", `s.sql:3:1: near ")": syntax error`},
		{"second statement", "CREATE TABLE t (a INT);\nCREATE TABLE t (b INT);", "s.sql:2:1: table t already exists"},
		{"unknown column", "CREATE TABLE t (a INT);\n  CREATE INDEX i ON t (zz);", "s.sql:2:3: no such column: zz"},
		{"data statement", "CREATE TABLE t (a INT);\nINSERT INTO t VALUES (1);", "s.sql:2:1: INSERT is a data statement"},
		{"attach", "ATTACH 'x.db' AS x;", "s.sql:1:1: ATTACH is not supported"},
		{"vacuum into", "VACUUM INTO '/tmp/x.db'", "VACUUM is not supported"},
		{"pragma", "PRAGMA writable_schema = ON;", "PRAGMA writable_schema is not allowed"},
		{"virtual table", "CREATE VIRTUAL TABLE f USING fts5(a);", "s.sql:1:1: CREATE VIRTUAL TABLE is not supported"},
		{"nul byte", "CREATE TABLE t (a\x00 INT);", "s.sql:1:18: NUL byte"},
		{"garbage", "hello world", `s.sql:1:1: near "hello": syntax error`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(sqliteDialect(t), schema.File{Path: "s.sql", Data: []byte(tc.sql)})
			var pe *schema.PosError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want *schema.PosError", err, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestParseDialect(t *testing.T) {
	pg, err := dialect.Postgres("")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []*dialect.Dialect{nil, pg} {
		var pe *schema.PosError
		if _, err := Parse(d, schema.File{Path: "s.sql"}); !errors.As(err, &pe) {
			t.Errorf("Parse(%v): err = %v, want *schema.PosError", d, err)
		}
	}
}

// determinismDDL uses every construct whose order SQLite might report
// differently from the text: unnamed constraints, foreign key ids.
const determinismDDL = `CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT UNIQUE, y INT UNIQUE, CHECK (x <> ''), CHECK (y > 0));
CREATE TABLE b (id INT REFERENCES a, y INT REFERENCES a(id), z INT, FOREIGN KEY (z) REFERENCES a ON DELETE CASCADE,
  UNIQUE (y, z), UNIQUE (z, y));
CREATE INDEX b_y ON b (y);
CREATE VIEW v AS SELECT * FROM b;
CREATE TRIGGER tr AFTER DELETE ON a BEGIN DELETE FROM b WHERE y = old.id; END;`

func TestParseDeterministic(t *testing.T) {
	x, y := mustParse(t, determinismDDL), mustParse(t, determinismDDL)
	if diff := cmp.Diff(x, y); diff != "" {
		t.Errorf("two parses differ (-first +second):\n%s", diff)
	}
	if d := schema.Differences(x, y); len(d) != 0 {
		t.Errorf("Differences: %v", d)
	}
	// The same schema written in another order and spelling is equal.
	other := mustParse(t, `create table b (id int references "a", y int references A ( id ), z int,
  foreign key(z) references a on delete cascade, unique(z,y), unique(y,z));
create table a (id integer primary key, y int unique, x text unique, check(y>0), check ( x<>'' ));
create index b_y on b(y);`)
	other.Objects = x.Objects
	for _, tb := range other.Tables {
		for _, c := range tb.Columns {
			c.Type.Raw = strings.ToUpper(c.Type.Raw)
		}
	}
	if d := schema.Differences(x, other); len(d) != 0 {
		t.Errorf("Differences with a respelled schema: %v", d)
	}
}
