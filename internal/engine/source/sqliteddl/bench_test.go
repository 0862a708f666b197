package sqliteddl

import (
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/bench"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// BenchmarkParseLarge reads the benchmark generator's 2,000-table head
// schema rendered as SQLite DDL (about 2,000 CREATE TABLE and CREATE
// INDEX statements).
func BenchmarkParseLarge(b *testing.B) {
	p := bench.GenerateDialects(2000, 1)
	d := sqliteDialect(b)
	f := schema.File{Path: "head.sql", Data: []byte(p.HeadSQLite)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(d, f); err != nil {
			b.Fatal(err)
		}
	}
}
