package sqliteddl

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite/sqltext"
)

// TestColumnsOf: the tracker finds a CREATE TABLE's columns (names as
// SQLite reads them, offsets from the statement's first token) as the
// full parser does, without parsing their definitions.
func TestColumnsOf(t *testing.T) {
	cases := []struct{ name, sql string }{
		{"plain", "CREATE TABLE t (a INT, b TEXT)"},
		{"quoted and constraints", `CREATE TABLE IF NOT EXISTS main."t t" ("a b" INT CHECK (a IN (1, 2)), [c] TEXT DEFAULT (lower('x,y')), ` + "`d`" +
			` REAL, CONSTRAINT pk PRIMARY KEY ("a b"), UNIQUE (c), CHECK (d > 0), FOREIGN KEY (c) REFERENCES p (x)) WITHOUT ROWID`},
		{"as select", "CREATE TABLE t AS SELECT (1) AS a"},
		{"cut", "CREATE TABLE t (a INT, b"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			toks := sqltext.SignificantTokens(c.sql)
			var want []columnAt
			if def := sqltext.CreateTable(toks); def != nil {
				for _, col := range def.Columns {
					want = append(want, columnAt{name: col.Name, off: col.Off})
				}
			}
			if diff := cmp.Diff(want, columnsOf(toks), cmp.AllowUnexported(columnAt{})); diff != "" {
				t.Errorf("(-CreateTable +columnsOf):\n%s", diff)
			}
		})
	}
}
