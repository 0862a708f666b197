package sqlite

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

func TestInspectTables(t *testing.T) {
	cases := []struct {
		name, ddl string
		want      *schema.Table
	}{
		{"columns and defaults", `CREATE TABLE t (
			a INTEGER NOT NULL,
			b varchar( 20 ) DEFAULT 'x''y',
			c REAL DEFAULT -1.5,
			d DEFAULT CURRENT_TIMESTAMP,
			e INT DEFAULT (1+2),
			f TEXT DEFAULT NULL,
			g BOOLEAN DEFAULT true,
			h text COLLATE nocase DEFAULT abc,
			i BLOB DEFAULT (x'00'),
			j DATETIME DEFAULT (datetime( 'now' ))
		)`, &schema.Table{Name: qn("t"), Columns: []*schema.Column{
			{Name: "a", Type: typ("INTEGER", "INTEGER"), NotNull: true},
			{Name: "b", Type: typ("varchar( 20 )", "VARCHAR(20)"), Default: &schema.Default{Expr: "'x''y'"}},
			{Name: "c", Type: typ("REAL", "REAL"), Default: &schema.Default{Expr: "-1.5"}},
			{Name: "d", Default: &schema.Default{Kind: schema.DefaultFunction, Expr: "CURRENT_TIMESTAMP"}},
			{Name: "e", Type: typ("INT", "INT"), Default: &schema.Default{Kind: schema.DefaultFunction, Expr: "(1 + 2)"}},
			{Name: "f", Type: typ("TEXT", "TEXT"), Default: &schema.Default{Expr: "NULL"}},
			{Name: "g", Type: typ("BOOLEAN", "BOOLEAN"), Default: &schema.Default{Expr: "TRUE"}},
			{Name: "h", Type: typ("TEXT", "TEXT"), Collation: "NOCASE", Default: &schema.Default{Expr: "'abc'"}},
			{Name: "i", Type: typ("BLOB", "BLOB"), Default: &schema.Default{Expr: "X'00'"}},
			{Name: "j", Type: typ("DATETIME", "DATETIME"), Default: &schema.Default{Kind: schema.DefaultFunction, Expr: "(datetime('now'))"}},
		}}},
		{"autoincrement", `CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "email" TEXT NOT NULL)`,
			&schema.Table{Name: qn("User"), Columns: []*schema.Column{
				{Name: "id", Type: typ("INTEGER", "INTEGER"), NotNull: true,
					Default: &schema.Default{Kind: schema.DefaultSequence, Expr: dialect.SqliteAutoincrement}},
				{Name: "email", Type: typ("TEXT", "TEXT"), NotNull: true},
			}, PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}}},
		{"table primary key autoincrement named", `CREATE TABLE t (id INTEGER, CONSTRAINT t_pk PRIMARY KEY (id AUTOINCREMENT))`,
			&schema.Table{Name: qn("t"), Columns: []*schema.Column{
				{Name: "id", Type: typ("INTEGER", "INTEGER"),
					Default: &schema.Default{Kind: schema.DefaultSequence, Expr: dialect.SqliteAutoincrement}},
			}, PrimaryKey: &schema.PrimaryKey{Name: "t_pk", Columns: []string{"id"}}}},
		{"rowid alias without autoincrement", `CREATE TABLE t (id INTEGER PRIMARY KEY)`,
			&schema.Table{Name: qn("t"), Columns: []*schema.Column{{Name: "id", Type: typ("INTEGER", "INTEGER")}},
				PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}}},
		{"composite key in key order, without rowid, strict", `CREATE TABLE t (a INT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (b, a)) WITHOUT ROWID, STRICT`,
			&schema.Table{Name: qn("t"), Columns: []*schema.Column{
				{Name: "a", Type: typ("INT", "INT"), NotNull: true},
				{Name: "b", Type: typ("TEXT", "TEXT"), NotNull: true},
			}, PrimaryKey: &schema.PrimaryKey{Columns: []string{"b", "a"}},
				Options: map[string]string{OptionWithoutRowid: "true", OptionStrict: "true"}}},
		{"generated columns", `CREATE TABLE t (a INT, g INT GENERATED ALWAYS AS (a*2) STORED, h AS (a + 1) VIRTUAL, i TEXT AS (lower( "x" || a )))`,
			&schema.Table{Name: qn("t"), Columns: []*schema.Column{
				{Name: "a", Type: typ("INT", "INT")},
				{Name: "g", Type: typ("INT", "INT"), Generated: &schema.Generated{Expr: "a * 2", Stored: true}},
				{Name: "h", Generated: &schema.Generated{Expr: "a + 1"}},
				{Name: "i", Type: typ("TEXT", "TEXT"), Generated: &schema.Generated{Expr: `lower("x" || a)`}},
			}}},
		{"checks named and unnamed", `CREATE TABLE t (a INT CHECK (a > 0) CONSTRAINT a_small CHECK(a<100), b TEXT, CHECK (b <> ''), CONSTRAINT b_len CHECK (length(b)<10))`,
			&schema.Table{Name: qn("t"), Columns: []*schema.Column{
				{Name: "a", Type: typ("INT", "INT")}, {Name: "b", Type: typ("TEXT", "TEXT")},
			}, Checks: []*schema.Check{
				{Expr: "a > 0"}, {Expr: "b <> ''"}, {Name: "a_small", Expr: "a < 100"}, {Name: "b_len", Expr: "length(b) < 10"},
			}}},
		{"uniques", `CREATE TABLE t (a INT UNIQUE, b INT CONSTRAINT b_u UNIQUE, c INT, CONSTRAINT bc UNIQUE (b, c), UNIQUE (c, a))`,
			&schema.Table{Name: qn("t"), Columns: []*schema.Column{
				{Name: "a", Type: typ("INT", "INT")}, {Name: "b", Type: typ("INT", "INT")}, {Name: "c", Type: typ("INT", "INT")},
			}, Uniques: []*schema.Unique{
				{Columns: []string{"a"}}, {Columns: []string{"c", "a"}},
				{Name: "b_u", Columns: []string{"b"}}, {Name: "bc", Columns: []string{"b", "c"}},
			}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := inspect(t, tc.ddl)
			if len(s.Tables) != 1 {
				t.Fatalf("tables: %d", len(s.Tables))
			}
			if diff := cmp.Diff(tc.want, s.Tables[0], ignorePos); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestInspectForeignKeys(t *testing.T) {
	s := inspect(t, `
		CREATE TABLE parent (id INTEGER PRIMARY KEY, a INT, b INT, UNIQUE (a, b));
		CREATE TABLE pair (x INT, y INT, PRIMARY KEY (y, x));
		CREATE TABLE child (
			id INTEGER PRIMARY KEY,
			p INT REFERENCES parent ON DELETE CASCADE,
			q INT CONSTRAINT q_fk REFERENCES "PARENT"(id) ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
			a INT, b INT,
			FOREIGN KEY (a, b) REFERENCES parent (a, b) ON DELETE SET DEFAULT ON UPDATE RESTRICT,
			CONSTRAINT pair_fk FOREIGN KEY (b, a) REFERENCES pair MATCH FULL
		);`)
	got := s.Table(qn("child")).ForeignKeys
	want := []*schema.ForeignKey{
		{Columns: []string{"a", "b"}, RefTable: qn("parent"), RefColumns: []string{"a", "b"}, OnDelete: schema.SetDefault, OnUpdate: schema.Restrict},
		{Columns: []string{"p"}, RefTable: qn("parent"), RefColumns: []string{"id"}, OnDelete: schema.Cascade},
		{Name: "pair_fk", Columns: []string{"b", "a"}, RefTable: qn("pair"), RefColumns: []string{"y", "x"}},
		{Name: "q_fk", Columns: []string{"q"}, RefTable: qn("parent"), RefColumns: []string{"id"}, OnUpdate: schema.SetNull, Deferrable: true, Deferred: true},
	}
	if diff := cmp.Diff(want, got, ignorePos); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestInspectIndexes(t *testing.T) {
	s := inspect(t, `
		CREATE TABLE t (a INT, b TEXT COLLATE NOCASE, c TEXT);
		CREATE INDEX t_a ON t (a);
		CREATE UNIQUE INDEX "t b desc" ON t (b DESC, a);
		CREATE INDEX t_expr ON t (lower( c ), a + 1 DESC, c COLLATE nocase) WHERE a > 0 AND c IS NOT NULL;`)
	got := s.Table(qn("t")).Indexes
	want := []*schema.Index{
		{Name: "t b desc", Unique: true, Parts: []schema.IndexPart{{Column: "b", Desc: true}, {Column: "a"}}},
		{Name: "t_a", Parts: []schema.IndexPart{{Column: "a"}}},
		{Name: "t_expr", Parts: []schema.IndexPart{{Expr: "lower(c)"}, {Expr: "a + 1", Desc: true}, {Column: "c", Collation: "NOCASE"}},
			Where: "a > 0 AND c IS NOT NULL"},
	}
	if diff := cmp.Diff(want, got, ignorePos); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestInspectObjects(t *testing.T) {
	s := inspect(t, `
		CREATE TABLE t (a INT);
		CREATE VIEW v AS SELECT a FROM t;
		CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; END;
		CREATE TABLE seq (id INTEGER PRIMARY KEY AUTOINCREMENT);
		CREATE TEMP TABLE tmp (x INT);`)
	var names []string
	for _, tb := range s.Tables {
		names = append(names, tb.Name.Name)
	}
	if diff := cmp.Diff([]string{"seq", "t"}, names); diff != "" {
		t.Errorf("tables (sqlite_sequence and temp tables left out) (-want +got):\n%s", diff)
	}
	want := []*schema.Object{
		{Kind: schema.ObjectTrigger, Name: qn("tr"), Table: &schema.QName{Name: "t"},
			Definition: "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; END", DependsOn: []schema.QName{qn("t")}},
		{Kind: schema.ObjectView, Name: qn("v"), Definition: "CREATE VIEW v AS SELECT a FROM t"},
	}
	if diff := cmp.Diff(want, s.Objects, ignorePos); diff != "" {
		t.Errorf("objects (-want +got):\n%s", diff)
	}
	if s.Dialect != "sqlite" {
		t.Errorf("dialect %q", s.Dialect)
	}
}

func TestInspectAlteredTable(t *testing.T) {
	s := inspect(t, `
		CREATE TABLE t (a INT, b INT CHECK (b > 0));
		ALTER TABLE t ADD COLUMN c TEXT NOT NULL DEFAULT 'z' CHECK (c <> '');
		ALTER TABLE t RENAME COLUMN a TO a2;
		ALTER TABLE t RENAME TO t2;
		ALTER TABLE t2 DROP COLUMN a2;`)
	want := &schema.Table{Name: qn("t2"), Columns: []*schema.Column{
		{Name: "b", Type: typ("INT", "INT")},
		{Name: "c", Type: typ("TEXT", "TEXT"), NotNull: true, Default: &schema.Default{Expr: "'z'"}},
	}, Checks: []*schema.Check{{Expr: "b > 0"}, {Expr: "c <> ''"}}}
	if diff := cmp.Diff(want, s.Table(qn("t2")), ignorePos); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestInspectVirtualTableRefused(t *testing.T) {
	db := openDB(t, `CREATE VIRTUAL TABLE f USING fts5(body)`)
	_, err := Inspect(context.Background(), db, Options{})
	if !errors.Is(err, ErrUnsupported) {
		t.Fatalf("err = %v, want ErrUnsupported", err)
	}
}

func TestInspectAttachedSchema(t *testing.T) {
	db := openDB(t, `ATTACH ':memory:' AS "o""ther"; CREATE TABLE "o""ther".x (id INTEGER PRIMARY KEY); CREATE TABLE main.y (a INT)`)
	s, err := Inspect(context.Background(), db, Options{Schema: `o"ther`})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Tables) != 1 || s.Tables[0].Name.Name != "x" || s.Tables[0].PrimaryKey == nil {
		t.Errorf("tables = %+v", s.Tables)
	}
}

func TestInspectEmptyAndSelfEqual(t *testing.T) {
	if s := inspect(t, ""); len(s.Tables)+len(s.Objects) != 0 {
		t.Errorf("empty database: %+v", s)
	}
	ddl := `CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT UNIQUE, CHECK (x <> ''), CHECK (id > 0));
		CREATE TABLE b (id INT REFERENCES a, y INT REFERENCES a(id), FOREIGN KEY (y) REFERENCES a);
		CREATE INDEX b_y ON b (y)`
	x, y := inspect(t, ddl), inspect(t, ddl)
	if d := schema.Differences(x, y); len(d) != 0 {
		t.Errorf("differences: %v", d)
	}
	if diff := cmp.Diff(x, y); diff != "" {
		t.Errorf("not deterministic (-first +second):\n%s", diff)
	}
}
