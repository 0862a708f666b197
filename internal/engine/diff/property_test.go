package diff

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// genSchema builds a random, consistent schema: enums, sequences, and
// tables whose keys, indexes and checks use their own columns and whose
// foreign keys reference earlier tables' primary keys.
func genSchema(rng *rand.Rand, tables int) *schema.Schema {
	s := &schema.Schema{Dialect: "postgres"}
	for i := range 3 {
		s.Enums = append(s.Enums, &schema.Enum{Name: pub(fmt.Sprintf("e%d", i)), Values: []string{"a", "b", "c"}})
	}
	s.Sequences = []*schema.Sequence{{Name: pub("s0"), Type: "bigint", Start: 1, Increment: 1}}
	for i := range tables {
		s.Tables = append(s.Tables, genTable(rng, s, i))
	}
	return s
}

var genTypes = []string{"integer", "bigint", "text", "boolean", "numeric(10,2)", "timestamp with time zone"}

func genTable(rng *rand.Rand, s *schema.Schema, i int) *schema.Table {
	name := fmt.Sprintf("t%04d", i)
	t := &schema.Table{Name: pub(name)}
	t.Columns = append(t.Columns, serial("id", name+"_id_seq"))
	for c := range 5 + rng.Intn(26) {
		col := &schema.Column{Name: fmt.Sprintf("c%02d", c), Type: schema.Type{Norm: genTypes[rng.Intn(len(genTypes))]},
			NotNull: rng.Intn(3) == 0}
		if rng.Intn(8) == 0 && len(s.Enums) > 0 {
			e := s.Enums[rng.Intn(len(s.Enums))]
			ref := e.Name
			col.Type = schema.Type{Norm: e.Name.Name, Ref: &ref}
		}
		if rng.Intn(5) == 0 {
			col.Default = &schema.Default{Kind: schema.DefaultLiteral, Expr: "0"}
		}
		t.Columns = append(t.Columns, col)
	}
	t.PrimaryKey = &schema.PrimaryKey{Name: name + "_pkey", Columns: []string{"id"}}
	for k := range rng.Intn(4) {
		c := t.Columns[1+rng.Intn(len(t.Columns)-1)].Name
		t.Indexes = append(t.Indexes, &schema.Index{Name: fmt.Sprintf("%s_%s_idx%d", name, c, k), Parts: []schema.IndexPart{{Column: c}}})
	}
	if rng.Intn(3) == 0 {
		c := t.Columns[1+rng.Intn(len(t.Columns)-1)].Name
		t.Uniques = append(t.Uniques, &schema.Unique{Name: name + "_" + c + "_key", Columns: []string{c}})
	}
	if rng.Intn(3) == 0 {
		c := t.Columns[1+rng.Intn(len(t.Columns)-1)].Name
		t.Checks = append(t.Checks, &schema.Check{Name: name + "_" + c + "_check", Expr: c + " IS NOT NULL"})
	}
	if i > 0 {
		for k := range rng.Intn(3) {
			ref := s.Tables[rng.Intn(len(s.Tables))]
			col := &schema.Column{Name: fmt.Sprintf("ref%d", k), Type: schema.Type{Norm: "integer"}}
			t.Columns = append(t.Columns, col)
			t.ForeignKeys = append(t.ForeignKeys, &schema.ForeignKey{Name: fmt.Sprintf("%s_ref%d_fkey", name, k),
				Columns: []string{col.Name}, RefTable: ref.Name, RefColumns: []string{"id"}})
		}
	}
	return t
}

// dropColumnEverywhere removes a column with what involves it in its
// table, and the foreign keys of any table that reference it.
func dropColumnEverywhere(s *schema.Schema, t *schema.Table, name string) {
	t.Columns = slices.DeleteFunc(t.Columns, func(c *schema.Column) bool { return c.Name == name })
	if t.PrimaryKey != nil && slices.Contains(t.PrimaryKey.Columns, name) {
		t.PrimaryKey = nil
	}
	t.Uniques = slices.DeleteFunc(t.Uniques, func(u *schema.Unique) bool { return slices.Contains(u.Columns, name) })
	t.Indexes = slices.DeleteFunc(t.Indexes, func(x *schema.Index) bool { return x.Parts[0].Column == name })
	t.Checks = slices.DeleteFunc(t.Checks, func(c *schema.Check) bool { return c.Expr == name+" IS NOT NULL" })
	t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(f *schema.ForeignKey) bool { return slices.Contains(f.Columns, name) })
	for _, x := range s.Tables {
		x.ForeignKeys = slices.DeleteFunc(x.ForeignKeys, func(f *schema.ForeignKey) bool {
			return f.RefTable == t.Name && slices.Contains(f.RefColumns, name)
		})
	}
}

// mutations are the random edits the property test makes to a copy.
var mutations = []func(rng *rand.Rand, s *schema.Schema){
	func(rng *rand.Rand, s *schema.Schema) { // add a table
		s.Tables = append(s.Tables, genTable(rng, s, 9000+rng.Intn(999)))
		if s.Tables[len(s.Tables)-1].Name == s.Tables[len(s.Tables)-2].Name || hasDup(s) {
			s.Tables = s.Tables[:len(s.Tables)-1]
		}
	},
	func(rng *rand.Rand, s *schema.Schema) { // drop a table
		t := s.Tables[rng.Intn(len(s.Tables))]
		s.Tables = slices.DeleteFunc(s.Tables, func(x *schema.Table) bool { return x == t })
		for _, x := range s.Tables {
			x.ForeignKeys = slices.DeleteFunc(x.ForeignKeys, func(f *schema.ForeignKey) bool { return f.RefTable == t.Name })
		}
	},
	func(rng *rand.Rand, s *schema.Schema) { // rename a table with a hint
		t := s.Tables[rng.Intn(len(s.Tables))]
		old := t.Name
		if t.RenamedFrom != "" || s.Table(pub("r"+old.Name)) != nil {
			return
		}
		t.Name, t.RenamedFrom = pub("r"+old.Name), old.Name
		if rng.Intn(2) == 0 {
			// Name the primary key and serial sequence after the new name.
			t.PrimaryKey.Name = "r" + t.PrimaryKey.Name
			t.Columns[0] = serial("id", "r"+t.Columns[0].Default.Sequence.Name)
		}
		for _, x := range s.Tables {
			for _, f := range x.ForeignKeys {
				if f.RefTable == old {
					f.RefTable = t.Name
				}
			}
		}
	},
	func(rng *rand.Rand, s *schema.Schema) { // add a column
		t := s.Tables[rng.Intn(len(s.Tables))]
		if t.Column("added") == nil {
			t.Columns = append(t.Columns, &schema.Column{Name: "added", Type: schema.Type{Norm: "text"}})
		}
	},
	func(rng *rand.Rand, s *schema.Schema) { // drop a column
		t := s.Tables[rng.Intn(len(s.Tables))]
		if len(t.Columns) > 2 {
			dropColumnEverywhere(s, t, t.Columns[1+rng.Intn(len(t.Columns)-1)].Name)
		}
	},
	func(rng *rand.Rand, s *schema.Schema) { // rename a column with a hint, with its index
		t := s.Tables[rng.Intn(len(s.Tables))]
		c := t.Columns[1+rng.Intn(len(t.Columns)-1)]
		if c.RenamedFrom != "" || t.Column(c.Name+"_new") != nil || t.Checks != nil || t.Uniques != nil {
			return
		}
		old := c.Name
		c.Name, c.RenamedFrom = old+"_new", old
		for _, x := range t.Indexes {
			if x.Parts[0].Column == old {
				x.Parts[0].Column = c.Name
			}
		}
		for _, f := range t.ForeignKeys {
			if f.Columns[0] == old {
				f.Columns[0] = c.Name
			}
		}
	},
	func(rng *rand.Rand, s *schema.Schema) { // alter a column
		t := s.Tables[rng.Intn(len(s.Tables))]
		c := t.Columns[1+rng.Intn(len(t.Columns)-1)]
		switch rng.Intn(4) {
		case 0:
			c.NotNull = !c.NotNull
		case 1:
			c.Type = schema.Type{Norm: genTypes[rng.Intn(len(genTypes))]}
		case 2:
			c.Default = &schema.Default{Kind: schema.DefaultFunction, Expr: "now()"}
		default:
			c.Comment = "changed"
		}
	},
	func(rng *rand.Rand, s *schema.Schema) { // add, change, rename or drop an index
		t := s.Tables[rng.Intn(len(s.Tables))]
		if len(t.Indexes) == 0 || rng.Intn(4) == 0 {
			t.Indexes = append(t.Indexes, &schema.Index{Name: t.Name.Name + "_new_idx", Parts: []schema.IndexPart{{Column: "id"}}, Unique: true})
			if slices.ContainsFunc(t.Indexes[:len(t.Indexes)-1], func(x *schema.Index) bool { return x.Name == t.Name.Name+"_new_idx" }) {
				t.Indexes = t.Indexes[:len(t.Indexes)-1]
			}
			return
		}
		x := t.Indexes[rng.Intn(len(t.Indexes))]
		switch rng.Intn(3) {
		case 0:
			x.Parts[0].Desc = !x.Parts[0].Desc
		case 1:
			if t.Index(x.Name+"_r") == nil {
				x.Name += "_r"
			}
		default:
			t.Indexes = slices.DeleteFunc(t.Indexes, func(y *schema.Index) bool { return y == x })
		}
	},
	func(rng *rand.Rand, s *schema.Schema) { // change or rename a check, change a foreign key
		t := s.Tables[rng.Intn(len(s.Tables))]
		if len(t.Checks) > 0 {
			if rng.Intn(2) == 0 {
				t.Checks[0].Name += "_r"
			} else {
				t.Checks[0].NoInherit = !t.Checks[0].NoInherit
			}
		}
		if len(t.ForeignKeys) > 0 {
			t.ForeignKeys[0].OnDelete = schema.SetNull
		}
		if rng.Intn(4) == 0 && t.PrimaryKey != nil {
			// Keep the key's column unique for the foreign keys to it.
			t.PrimaryKey = nil
			t.Uniques = append(t.Uniques, &schema.Unique{Name: t.Name.Name + "_id_key", Columns: []string{"id"}})
		}
	},
	func(rng *rand.Rand, s *schema.Schema) { // edit an enum
		e := s.Enums[rng.Intn(len(s.Enums))]
		switch rng.Intn(3) {
		case 0:
			e.Values = slices.Insert(slices.Clone(e.Values), rng.Intn(len(e.Values)+1), fmt.Sprintf("v%d", rng.Intn(1000)))
			if hasDupValues(e.Values) {
				e.Values = e.Values[:0:0]
				e.Values = append(e.Values, "a", "b", "c")
			}
		case 1:
			if len(e.Values) > 1 {
				e.Values = slices.Delete(slices.Clone(e.Values), 0, 1)
			}
		default:
			e.Values = slices.Clone(e.Values)
			slices.Reverse(e.Values)
		}
	},
	func(rng *rand.Rand, s *schema.Schema) { // edit sequences and comments
		s.Sequences[0].Cache = int64(1 + rng.Intn(50))
		s.Tables[rng.Intn(len(s.Tables))].Comment = "c"
	},
}

func hasDup(s *schema.Schema) bool {
	seen := map[schema.QName]bool{}
	for _, t := range s.Tables {
		if seen[t.Name] {
			return true
		}
		seen[t.Name] = true
	}
	return false
}

func hasDupValues(v []string) bool {
	seen := map[string]bool{}
	for _, x := range v {
		if seen[x] {
			return true
		}
		seen[x] = true
	}
	return false
}

// TestDiffApplyRandom checks the Apply property on random schemas with
// random edits, seeded so a failure can be replayed.
func TestDiffApplyRandom(t *testing.T) {
	seen := map[string]int{}
	defer func() {
		// The edits must reach every kind the generator can produce.
		for _, k := range []string{"AddTable", "DropTable", "RenameTable", "AddColumn", "DropColumn", "RenameColumn",
			"AlterColumn", "AddIndex", "DropIndex", "RenameIndex", "AddForeignKey", "DropForeignKey", "AddCheck",
			"DropCheck", "RenameConstraint", "AddEnumValue", "DropEnumValue", "ReorderEnum", "AlterSequence",
			"RenameSequence", "SetTableComment", "DropPrimaryKey", "DropUnique"} {
			if seen[k] == 0 && !t.Failed() {
				t.Errorf("no random case produced a %s change", k)
			}
		}
	}()
	for seed := int64(1); seed <= 200; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewSource(seed))
			from := genSchema(rng, 3+rng.Intn(12))
			to := from.Clone()
			for range 1 + rng.Intn(8) {
				mutations[rng.Intn(len(mutations))](rng, to)
				if len(to.Tables) == 0 {
					break
				}
			}
			for _, k := range kinds(checkApply(t, from, to, Options{}).Changes) {
				seen[k]++
			}
			if res, err := Diff(to, to, Options{}); err != nil || len(res.Changes) != 0 {
				t.Fatalf("Diff(to, to) = %v, %v", kinds(res.Changes), err)
			}
		})
	}
}

// largePair is two generated 2,000-table schemas (about 40,000 columns,
// 3,000 indexes, 2,000 foreign keys, 2,000 primary keys and a thousand
// unique and check constraints) that differ in a few hundred places.
func largePair() (from, to *schema.Schema) {
	rng := rand.New(rand.NewSource(42))
	from = genSchema(rng, 2000)
	to = from.Clone()
	for range 300 {
		mutations[rng.Intn(len(mutations))](rng, to)
	}
	return from, to
}

func BenchmarkDiffLarge(b *testing.B) {
	from, to := largePair()
	cols := 0
	for _, t := range from.Tables {
		cols += len(t.Columns)
	}
	b.ReportMetric(float64(len(from.Tables)), "tables")
	b.ReportMetric(float64(cols), "columns")
	b.ResetTimer()
	for b.Loop() {
		if _, err := Diff(from, to, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDiffLargeIdentical(b *testing.B) {
	from, _ := largePair()
	to := from.Clone()
	for b.Loop() {
		if _, err := Diff(from, to, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDiffLarge checks the Apply property on the large pair.
func TestDiffLarge(t *testing.T) {
	from, to := largePair()
	checkApply(t, from, to, Options{})
}
