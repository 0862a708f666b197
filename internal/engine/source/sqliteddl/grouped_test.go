package sqliteddl

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/migrate-bot/migrate-bot/internal/engine/bench"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TestGroupedMatchesOne requires the grouped read to give what the
// one-database read gives, positions and rename hints included, and to
// decline the inputs it cannot prove safe.
func TestGroupedMatchesOne(t *testing.T) {
	defer func(m, d int) { minGrouped, databaseStatements = m, d }(minGrouped, databaseStatements)
	minGrouped, databaseStatements = 2, 3
	p := bench.GenerateDialects(60, 1)
	cases := []struct {
		name, sql string
		grouped   bool
	}{
		{"bench head", p.HeadSQLite, true},
		{"bench base", p.BaseSQLite, true},
		{"views triggers indexes", `BEGIN;
CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INT REFERENCES b); -- @renamed from=old_a
CREATE TABLE b (id INTEGER PRIMARY KEY,
  -- @renamed from=n
  name TEXT UNIQUE CHECK (name <> ''));
CREATE VIEW v AS SELECT a.id, b.name FROM a JOIN b ON a.b_id = b.id;
CREATE VIEW w AS SELECT * FROM v;
CREATE TABLE c (x INT, y INT AS (x * 2), PRIMARY KEY (x)) WITHOUT ROWID;
CREATE UNIQUE INDEX c_y ON c (y DESC) WHERE x > 0;
CREATE TRIGGER t AFTER INSERT ON c BEGIN INSERT INTO a (id) VALUES (new.x); END;
CREATE TABLE IF NOT EXISTS d (z);
PRAGMA foreign_keys = ON;
COMMIT;`, true},
		{"alter", "CREATE TABLE a (x); CREATE TABLE b (y); ALTER TABLE a ADD COLUMN z;", false},
		{"drop", "CREATE TABLE a (x); CREATE TABLE b (y); DROP TABLE a;", false},
		{"same name", "CREATE TABLE a (x); CREATE TABLE b (y); CREATE INDEX a ON b (y);", false},
		{"temp", "CREATE TABLE a (x); CREATE TEMP TABLE b (y);", false},
		{"as select", "CREATE TABLE a (x); CREATE TABLE b AS SELECT * FROM a;", false},
	}
	d := sqliteDialect(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := []schema.File{{Path: "s.sql", Data: []byte(c.sql)}}
			one, err := parseOne(files)
			sd := &side{files: files}
			NewReader(d).parseGrouped([]*side{sd})
			got, ok := sd.out, sd.out != nil
			if ok != c.grouped {
				t.Fatalf("grouped read: %v, want %v", ok, c.grouped)
			}
			if ok && err == nil {
				if diff := cmp.Diff(one, got); diff != "" {
					t.Errorf("grouped read differs (-one +grouped):\n%s", diff)
				}
			}
			s, perr := Parse(d, files...)
			if err != nil {
				if perr == nil || perr.Error() != err.Error() {
					t.Errorf("Parse error %v, want %v", perr, err)
				}
				return
			}
			if perr != nil || !cmp.Equal(one, s) {
				t.Errorf("Parse differs from the one-database read: %v", perr)
			}
		})
	}
}

// TestReaderReusesGroups reads a base and a head with one Reader: the
// head's unchanged groups are taken from what the base read left, the
// head executes only its changed and new groups, and each schema equals
// a read by a fresh Reader and by one database. Schemas read from the
// same parts share no memory.
func TestReaderReusesGroups(t *testing.T) {
	defer func(m, d int) { minGrouped, databaseStatements = m, d }(minGrouped, databaseStatements)
	minGrouped, databaseStatements = 2, 8
	p := bench.GenerateDialects(80, 3)
	d := sqliteDialect(t)
	base := schema.File{Path: "base.sql", Data: []byte(p.BaseSQLite)}
	head := schema.File{Path: "head.sql", Data: []byte(p.HeadSQLite)}
	r := NewReader(d)
	gotBase, err := r.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	afterBase := len(r.parts)
	gotHead, err := r.Parse(head)
	if err != nil {
		t.Fatal(err)
	}
	stmts, _ := executable([]schema.File{head})
	pl, _ := planGroups(stmts)
	executed := len(r.parts) - afterBase
	if afterBase == 0 || executed == 0 || executed >= len(pl.groups)/2 {
		t.Errorf("the base left %d parts; the head executed %d of its %d groups", afterBase, executed, len(pl.groups))
	}
	for _, c := range []struct {
		name string
		got  *schema.Schema
		file schema.File
	}{{"base", gotBase, base}, {"head", gotHead, head}} {
		fresh, err := NewReader(d).Parse(c.file)
		if err != nil {
			t.Fatal(err)
		}
		one, err := parseOne([]schema.File{c.file})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(one, c.got); diff != "" {
			t.Errorf("%s: shared reader differs from one database (-one +shared):\n%s", c.name, diff)
		}
		if diff := cmp.Diff(fresh, c.got); diff != "" {
			t.Errorf("%s: shared reader differs from a fresh one (-fresh +shared):\n%s", c.name, diff)
		}
	}
	again, err := r.Parse(head)
	if err != nil {
		t.Fatal(err)
	}
	again.Tables[0].Columns[0].Name = "changed"
	again.Tables[0].Indexes = nil
	if gotHead.Tables[0].Columns[0].Name == "changed" {
		t.Error("two reads of the same parts share their columns")
	}
	if third, _ := r.Parse(head); !cmp.Equal(third, gotHead) {
		t.Error("changing a read schema changed the reader's parts")
	}
}

// TestReaderKeysTransactions reads, with one Reader, files whose groups
// have the same statements but not the same place among ROLLBACKs: a
// group's key includes the transaction statements around it, so a table
// rolled back in one file is not taken for the other's.
func TestReaderKeysTransactions(t *testing.T) {
	defer func(m, d int) { minGrouped, databaseStatements = m, d }(minGrouped, databaseStatements)
	minGrouped, databaseStatements = 2, 2
	d := sqliteDialect(t)
	r := NewReader(d)
	cases := []struct {
		name, sql string
		tables    []string
	}{
		{"rolled back", "BEGIN; CREATE TABLE a (x); CREATE TABLE b (y); ROLLBACK; CREATE TABLE c (z);", []string{"c"}},
		{"kept", "BEGIN; ROLLBACK; CREATE TABLE a (x); CREATE TABLE b (y); CREATE TABLE c (z);", []string{"a", "b", "c"}},
		{"rolled back again", "BEGIN; CREATE TABLE a (x); CREATE TABLE b (y); ROLLBACK; CREATE TABLE c (z);", []string{"c"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := r.Parse(schema.File{Path: "s.sql", Data: []byte(c.sql)})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, tb := range s.Tables {
				names = append(names, tb.Name.Name)
			}
			if diff := cmp.Diff(c.tables, names); diff != "" {
				t.Errorf("tables (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseEach reads a base and a head at once as Parse reads each, and
// reports the first failing side's error with the schemas before it.
func TestParseEach(t *testing.T) {
	defer func(m, d int) { minGrouped, databaseStatements = m, d }(minGrouped, databaseStatements)
	minGrouped, databaseStatements = 2, 8
	p := bench.GenerateDialects(50, 5)
	d := sqliteDialect(t)
	base := []schema.File{{Path: "base.sql", Data: []byte(p.BaseSQLite)}}
	head := []schema.File{{Path: "head.sql", Data: []byte(p.HeadSQLite)}}
	bad := []schema.File{{Path: "bad.sql", Data: []byte("CREATE TABLE a (x);\nCREATE TABLE b (y;\n")}}
	got, err := NewReader(d).ParseEach(base, head)
	if err != nil {
		t.Fatal(err)
	}
	for i, files := range [][]schema.File{base, head} {
		want, err := Parse(d, files...)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got[i]); diff != "" {
			t.Errorf("side %d differs from Parse (-Parse +ParseEach):\n%s", i, diff)
		}
	}
	got, err = NewReader(d).ParseEach(base, bad, head)
	if err == nil || err.Error() != "bad.sql:2:18: near \";\": syntax error" {
		t.Errorf("error %v", err)
	}
	if len(got) != 3 || got[0] == nil || got[1] != nil || got[2] != nil {
		t.Errorf("schemas on error: %v", got)
	}
}
