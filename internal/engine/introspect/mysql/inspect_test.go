package mysql

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/mytest"
)

// TestInspectModel checks Inspect against a hand-written model, for the
// catalog facts MariaDB and MySQL report differently.
func TestInspectModel(t *testing.T) {
	db := mytest.New(t)
	db.Exec(t, `CREATE TABLE p (id int PRIMARY KEY);
		CREATE TABLE t (
			id bigint NOT NULL AUTO_INCREMENT,
			doc json,
			name varchar(20) DEFAULT 'NULL',
			nothing varchar(20) DEFAULT NULL,
			at datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
			pid int,
			PRIMARY KEY (id),
			CONSTRAINT to_p FOREIGN KEY (pid) REFERENCES p (id) ON DELETE SET NULL,
			CHECK (at > 0)
		) COMMENT 'x'`)
	got, err := Inspect(context.Background(), db.DB, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var tbl *schema.Table
	for _, x := range got.Tables {
		if x.Name.Name == "t" {
			tbl = x
		}
	}
	if tbl == nil {
		t.Fatal("table t not read")
	}
	want := &schema.Table{
		Name: schema.QName{Name: "t"},
		Columns: []*schema.Column{
			{Name: "id", Type: schema.Type{Raw: "bigint(20)", Norm: "bigint"}, NotNull: true, Default: &schema.Default{Kind: schema.DefaultSequence, Expr: "auto_increment"}},
			{Name: "doc", Type: schema.Type{Raw: "longtext", Norm: "json"}},
			{Name: "name", Type: schema.Type{Raw: "varchar(20)", Norm: "varchar(20)"}, Default: &schema.Default{Expr: "'NULL'"}},
			{Name: "nothing", Type: schema.Type{Raw: "varchar(20)", Norm: "varchar(20)"}},
			{Name: "at", Type: schema.Type{Raw: "datetime(3)", Norm: "datetime(3)"}, NotNull: true,
				Default: &schema.Default{Kind: schema.DefaultFunction, Expr: "current_timestamp(3)"}, OnUpdate: "current_timestamp(3)"},
			{Name: "pid", Type: schema.Type{Raw: "int(11)", Norm: "int"}},
		},
		PrimaryKey:  &schema.PrimaryKey{Name: "PRIMARY", Columns: []string{"id"}},
		Indexes:     []*schema.Index{{Name: "to_p", Parts: []schema.IndexPart{{Column: "pid"}}}},
		ForeignKeys: []*schema.ForeignKey{{Name: "to_p", Columns: []string{"pid"}, RefTable: schema.QName{Name: "p"}, RefColumns: []string{"id"}, OnDelete: "SET NULL"}},
		Checks:      []*schema.Check{{Name: "CONSTRAINT_1", Expr: "`at` > 0"}},
		Comment:     "x",
	}
	if got.Dialect != "mariadb" {
		t.Fatalf("the expected model is MariaDB's (the server this project tests on); the server is %s", got.Dialect)
	}
	if d := cmp.Diff(want, tbl); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestInspectObjects(t *testing.T) {
	db := mytest.New(t)
	db.Exec(t, `CREATE TABLE t (a int);
		CREATE VIEW v AS SELECT a FROM t WHERE a > 1;
		CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = NEW.a + 1;
		CREATE FUNCTION f(x int) RETURNS int DETERMINISTIC RETURN x + 1;
		CREATE PROCEDURE pr() SELECT 1`)
	got, err := Inspect(context.Background(), db.DB, Options{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for _, o := range got.Objects {
		kinds[o.Key()] = o.Definition
	}
	for _, key := range []string{"view v", "trigger tr on t", "function f", "procedure pr"} {
		def, ok := kinds[key]
		if !ok {
			t.Errorf("object %q not read; have %v", key, kinds)
			continue
		}
		if !strings.HasPrefix(def, "CREATE ") || strings.Contains(def, db.Name) {
			t.Errorf("object %q: definition %q", key, def)
		}
	}
	if len(got.Tables) != 1 {
		t.Errorf("views must not be tables: %d tables", len(got.Tables))
	}
}

func TestInspectDeterministic(t *testing.T) {
	db := mytest.New(t)
	for _, tc := range parityCases {
		if tc.name == "foreign keys" || tc.name == "keys" || tc.name == "checks" {
			db.Exec(t, strings.ReplaceAll(strings.ReplaceAll(tc.ddl, "TABLE t ", "TABLE t_"+strings.Fields(tc.name)[0]+" "), "TABLE t (", "TABLE t_"+strings.Fields(tc.name)[0]+" ("))
		}
	}
	first, err := Inspect(context.Background(), db.DB, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		again, err := Inspect(context.Background(), db.DB, Options{Database: db.Name})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(first, again) {
			t.Fatalf("run %d differs: %v", i, schema.Differences(first, again))
		}
	}
}

func TestInspectRefuses(t *testing.T) {
	db := mytest.New(t)
	db.Exec(t, `CREATE TABLE t (a int)`)
	if _, err := Inspect(context.Background(), db.DB, Options{Database: "mbtest_no_such_db"}); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing database: %v", err)
	}
	db.Exec(t, `CREATE TABLE part (a int) PARTITION BY HASH (a) PARTITIONS 2`)
	if _, err := Inspect(context.Background(), db.DB, Options{}); !errors.Is(err, ErrUnsupported) {
		t.Errorf("partitioned table: %v, want ErrUnsupported", err)
	}
	db.Exec(t, `DROP TABLE part`)
	if _, err := Inspect(context.Background(), db.DB, Options{}); err != nil {
		t.Fatal(err)
	}
	db.Exec(t, `CREATE SEQUENCE s`)
	if _, err := Inspect(context.Background(), db.DB, Options{}); !errors.Is(err, ErrUnsupported) {
		t.Errorf("sequence: %v, want ErrUnsupported", err)
	}
}

func TestDialectOf(t *testing.T) {
	cases := map[string]string{"8.0.36": "mysql 8.0", "8.4.0-commercial": "mysql 8.4", "10.11.6-MariaDB-0+deb12u1": "mariadb 10.11", "11.4.2-MariaDB": "mariadb 11.4"}
	for in, want := range cases {
		d, err := dialectOf(in)
		if err != nil {
			t.Errorf("dialectOf(%q): %v", in, err)
			continue
		}
		if got := d.Name + " " + d.Version.String(); got != want {
			t.Errorf("dialectOf(%q) = %s, want %s", in, got, want)
		}
	}
}
