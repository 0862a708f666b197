// Package bench generates large schema pairs for the engine's benchmarks:
// a base schema of thousands of tables and a head schema that differs from
// it in about one table in twenty (columns added, dropped and altered, new
// indexes and foreign keys, a few new tables), rendered both as a Prisma
// schema and as PostgreSQL DDL that describe the same database.
//
// The generator is deterministic: the same size and seed give the same
// text, so figures from different runs and machines compare.
//
// Run the benchmarks with
//
//	go test -run '^$' -bench . -benchmem ./internal/engine/bench/
//
// and the peak-memory figures with
//
//	go test -run TestLargePlanPeakMemory -v ./internal/engine/bench/
package bench

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Pair is a generated base and head schema, in both formats.
type Pair struct {
	BasePrisma, HeadPrisma string
	BaseSQL, HeadSQL       string
	// Stats describe the base schema and the changes the head makes.
	Stats Stats
}

// Stats count what the generator produced.
type Stats struct {
	Tables, Columns, Indexes, ForeignKeys, Enums int
	// Changed is the number of base tables the head changes; NewTables the
	// number of tables only the head has.
	Changed, NewTables int
}

// kind is a column's type family; each renders in both formats.
type kind int

const (
	kText kind = iota
	kVarchar
	kInt
	kBigInt
	kBool
	kTime
	kDecimal
	kFloat
	kJSON
	kEnum
	kindCount
)

type column struct {
	name     string
	kind     kind
	width    int // varchar width
	optional bool
	enum     int // enum index for kEnum
	ref      int // referenced table for a foreign key column, or -1
	indexed  bool
}

type index struct {
	cols   []string
	unique bool
}

type table struct {
	n       int // number, names t%04d
	cols    []*column
	indexes []index
}

type model struct {
	tables []*table
	enums  int
}

// Generate returns a schema pair of about tables tables (20 columns each,
// two or three indexes, one or two foreign keys) for the given seed.
func Generate(tables int, seed uint64) Pair {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	base := &model{enums: 20}
	for i := range tables {
		base.tables = append(base.tables, newTable(rng, i, base.enums))
	}
	head, changed, added := mutate(rng, base)
	st := base.stats()
	st.Changed, st.NewTables = changed, added
	return Pair{
		BasePrisma: base.prisma(), HeadPrisma: head.prisma(),
		BaseSQL: base.sql(), HeadSQL: head.sql(),
		Stats: st,
	}
}

func newTable(rng *rand.Rand, n, enums int) *table {
	t := &table{n: n}
	t.cols = append(t.cols, &column{name: "id", kind: kInt, ref: -1})
	refs := 0
	if n > 0 {
		refs = 1 + rng.IntN(2)
	}
	for i := 1; len(t.cols) < 20; i++ {
		c := &column{name: fmt.Sprintf("c%02d", i), kind: kind(rng.IntN(int(kindCount))), ref: -1}
		c.optional = rng.IntN(3) == 0
		switch c.kind {
		case kVarchar:
			c.width = 50 * (1 + rng.IntN(4))
		case kEnum:
			c.enum = rng.IntN(enums)
		}
		if refs > 0 {
			refs--
			c.kind, c.ref, c.optional = kInt, rng.IntN(n), rng.IntN(2) == 0
			c.name = fmt.Sprintf("r%02d", i)
			c.indexed = true
			t.indexes = append(t.indexes, index{cols: []string{c.name}})
		}
		t.cols = append(t.cols, c)
	}
	// One plain index on a data column, sometimes unique, sometimes two
	// columns wide.
	a := t.cols[len(t.cols)-1-rng.IntN(5)]
	if a.ref < 0 && a.kind != kJSON {
		ix := index{cols: []string{a.name}, unique: rng.IntN(4) == 0}
		a.indexed = true
		if b := t.cols[len(t.cols)-6]; rng.IntN(2) == 0 && b.kind != kJSON && b.ref < 0 && b != a {
			ix.cols = append(ix.cols, b.name)
			b.indexed = true
		}
		t.indexes = append(t.indexes, ix)
	}
	return t
}

// mutate copies base and changes about one table in twenty, then adds a
// few tables.
func mutate(rng *rand.Rand, base *model) (head *model, changed, added int) {
	head = &model{enums: base.enums}
	for _, t := range base.tables {
		c := t.clone()
		if t.n%20 == 7 {
			changed++
			switch (t.n / 20) % 6 {
			case 0: // a column added
				c.cols = append(c.cols, &column{name: "added_note", kind: kText, optional: true, ref: -1})
			case 1: // a column dropped
				for i := len(c.cols) - 1; i > 0; i-- {
					if !c.cols[i].indexed && c.cols[i].ref < 0 {
						c.cols = append(c.cols[:i], c.cols[i+1:]...)
						break
					}
				}
			case 2: // a column widened or retyped
				for _, col := range c.cols[1:] {
					if col.ref < 0 && (col.kind == kVarchar || col.kind == kInt) {
						if col.kind == kVarchar {
							col.width += 100
						} else {
							col.kind = kBigInt
						}
						break
					}
				}
			case 3: // a new index
				ix := index{}
				for _, col := range c.cols[1:] {
					if col.kind != kJSON && col.ref < 0 && !col.indexed && len(ix.cols) < 2 {
						ix.cols = append(ix.cols, col.name)
						col.indexed = true
					}
				}
				if len(ix.cols) > 0 {
					c.indexes = append(c.indexes, ix)
				}
			case 4: // a new foreign key
				col := &column{name: "new_ref", kind: kInt, optional: true, ref: rng.IntN(t.n + 1), indexed: true}
				c.cols = append(c.cols, col)
				c.indexes = append(c.indexes, index{cols: []string{col.name}})
			case 5: // nullability relaxed
				for _, col := range c.cols[1:] {
					if !col.optional && col.ref < 0 {
						col.optional = true
						break
					}
				}
			}
		}
		head.tables = append(head.tables, c)
	}
	n := len(base.tables)
	for i := range max(n/200, 1) {
		head.tables = append(head.tables, newTable(rng, n+i, head.enums))
		added++
	}
	return head, changed, added
}

func (t *table) clone() *table {
	c := &table{n: t.n}
	for _, col := range t.cols {
		cc := *col
		c.cols = append(c.cols, &cc)
	}
	for _, ix := range t.indexes {
		c.indexes = append(c.indexes, index{cols: append([]string(nil), ix.cols...), unique: ix.unique})
	}
	return c
}

func (m *model) stats() Stats {
	s := Stats{Tables: len(m.tables), Enums: m.enums}
	for _, t := range m.tables {
		s.Columns += len(t.cols)
		s.Indexes += len(t.indexes)
		for _, c := range t.cols {
			if c.ref >= 0 {
				s.ForeignKeys++
			}
		}
	}
	return s
}

func tableName(n int) string { return fmt.Sprintf("t%04d", n) }
func modelName(n int) string { return fmt.Sprintf("T%04d", n) }
func enumName(n int) string  { return fmt.Sprintf("e%02d", n) }

// indexName is Prisma's default name for an index, which the SQL rendering
// uses too so both describe the same database.
func indexName(t *table, ix index) string {
	suffix := "_idx"
	if ix.unique {
		suffix = "_key"
	}
	return tableName(t.n) + "_" + strings.Join(ix.cols, "_") + suffix
}
