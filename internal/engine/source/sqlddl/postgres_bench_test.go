package sqlddl

import (
	"fmt"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// largeSchema generates n tables of 20 columns each, with a serial key,
// defaults, a CHECK, a UNIQUE, a foreign key to the previous table and two
// indexes per table: a realistic shape at scale.
func largeSchema(n int) string {
	var b strings.Builder
	b.WriteString("CREATE TYPE status AS ENUM ('new', 'active', 'closed');\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "CREATE TABLE t%d (\n  id bigserial PRIMARY KEY,\n", i)
		if i > 0 {
			fmt.Fprintf(&b, "  parent_id bigint REFERENCES t%d (id) ON DELETE CASCADE,\n", i-1)
		} else {
			b.WriteString("  parent_id bigint,\n")
		}
		b.WriteString("  code varchar(32) NOT NULL UNIQUE,\n  status status NOT NULL DEFAULT 'new',\n" +
			"  created_at timestamptz NOT NULL DEFAULT now(),\n  amount numeric(12,2) DEFAULT 0 CHECK (amount >= 0),\n")
		for c := 0; c < 13; c++ {
			fmt.Fprintf(&b, "  c%d text,\n", c)
		}
		b.WriteString("  flag boolean NOT NULL DEFAULT false\n);\n")
		fmt.Fprintf(&b, "CREATE INDEX ON t%d (parent_id);\nCREATE INDEX ON t%d (lower(code)) WHERE status <> 'closed';\n", i, i)
	}
	return b.String()
}

func TestLargeSchemaShape(t *testing.T) {
	d, _ := dialect.Postgres("15")
	s, err := Parse(d, schema.File{Path: "large.sql", Data: []byte(largeSchema(50))})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Tables) != 50 || len(s.Tables[0].Columns) != 20 || len(s.Table(qn("t7")).Indexes) != 2 {
		t.Errorf("got %d tables", len(s.Tables))
	}
}

func BenchmarkParseLarge(b *testing.B) {
	data := []byte(largeSchema(2000))
	d, _ := dialect.Postgres("15")
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(d, schema.File{Path: "large.sql", Data: data}); err != nil {
			b.Fatal(err)
		}
	}
}
