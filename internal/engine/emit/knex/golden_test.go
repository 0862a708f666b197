package knex

import (
	"os"
	"path/filepath"
	"testing"
)

// goldenSQLCases are the acceptance cases whose migrations are kept as
// golden files besides the schema document cases: steps outside a
// transaction (concurrent index builds, MySQL's own commits, SQLite table
// rebuilds) and builders of every kind.
var goldenSQLCases = map[string][]string{
	"postgres": {"s_index_methods", "s_enum_add_values", "s_fk_add_drop", "s_drop_table", "s_rename_column_flag", "s_add_column"},
	"mariadb":  {"s_add_column", "s_index_add_drop", "s_fk_add_drop", "s_fk_drop_parent_table"},
	"sqlite":   {"s_drop_column", "s_index_add_drop", "s_rename_table_flag"},
}

// TestGolden renders the scenarios' migrations (the base migration and the
// generated one) and compares them with testdata/golden/<dialect>/<name>.txtar
// (go test -update rewrites them): the exact text a reviewer reads.
func TestGolden(t *testing.T) {
	for _, dn := range dialects {
		var cases []scenario
		for _, sc := range allSQLCases(t, dn) {
			for _, n := range goldenSQLCases[dn] {
				if sc.name == n {
					cases = append(cases, sc)
				}
			}
		}
		if len(cases) != len(goldenSQLCases[dn]) {
			t.Errorf("%s: found %d of the golden cases %v", dn, len(cases), goldenSQLCases[dn])
		}
		for _, sc := range append(cases, docCases(t, dn)...) {
			t.Run(dn+"/"+sc.name, func(t *testing.T) {
				_, _, initial, p := sc.plans(t)
				baseFile, generated := sc.files(t, initial, p, goldenNow)
				got := txtar(append(generated, baseFile))
				path := filepath.Join("testdata", "golden", dn, sc.name+".txtar")
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (go test -update creates it)", err)
				}
				if string(want) != got {
					t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got ---\n%s", path, got)
				}
			})
		}
	}
}
