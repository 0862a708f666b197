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
			got, ok := parseGrouped(files)
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
