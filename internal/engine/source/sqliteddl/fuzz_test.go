package sqliteddl

import (
	"errors"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// FuzzParse feeds arbitrary text to Parse: it must never panic, and every
// error must be a *schema.PosError. Each input opens one in-memory
// database, so the corpus stays small and statements short.
//
// Under `go test -fuzz` the coverage instrumentation of the transpiled
// SQLite (modernc.org/sqlite) makes each execution take seconds; fuzz a
// test binary built with `go test -c` instead (`./sqliteddl.test
// -test.run XXX -test.fuzz FuzzParse -test.fuzztime 60s`), which runs
// thousands of inputs a second without coverage guidance.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		determinismDDL,
		"CREATE TABLE t (a INT PRIMARY KEY AUTOINCREMENT);",
		"CREATE TABLE t (a, CHECK (a > 0)); CREATE INDEX i ON t (a) WHERE a;",
		"CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END",
		"ALTER TABLE t RENAME TO u;",
		"CREATE TABLE t ('a' \"b\" [c], `d` x'00');",
		"-- @renamed from=\"x\nCREATE TABLE t (a);",
		"PRAGMA main.foreign_keys",
		"/*", "'", ";;;",
	} {
		f.Add(s)
	}
	d := sqliteDialect(f)
	f.Fuzz(func(t *testing.T, text string) {
		s, err := Parse(d, schema.File{Path: "f.sql", Data: []byte(text)})
		if err != nil {
			var pe *schema.PosError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is a %T, not *schema.PosError", err, err)
			}
			return
		}
		if d := schema.Differences(s, s); len(d) != 0 {
			t.Fatalf("schema differs from itself: %v", d)
		}
	})
}
