package sqlalchemy

import "testing"

// BenchmarkParse reads the multi-module fixture (4 modules, 2 tables,
// mixins, enums, naming conventions) for each dialect.
func BenchmarkParse(b *testing.B) {
	for _, name := range []string{"postgres", "mariadb", "sqlite"} {
		b.Run(name, func(b *testing.B) {
			d := mustDialect(b, name)
			for i := 0; i < b.N; i++ {
				if _, err := ParseDir(d, "testdata/oracle/multi_module"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
