package prisma

import (
	"fmt"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// largeSchema generates n models of about 20 fields each, with enums,
// indexes, one-to-many and many-to-many relations between neighbours.
func largeSchema(n int) []byte {
	var b strings.Builder
	b.WriteString(pgHeader)
	b.WriteString("enum Status {\n  ACTIVE\n  INACTIVE\n  DELETED\n}\n")
	for i := 0; i < n; i++ {
		next := (i + 1) % n
		fmt.Fprintf(&b, "model Model%d {\n", i)
		b.WriteString("  id Int @id @default(autoincrement())\n")
		b.WriteString("  uid String @unique @default(uuid()) @db.Uuid\n")
		b.WriteString("  name String @db.VarChar(191)\n")
		b.WriteString("  status Status @default(ACTIVE)\n")
		for j := 0; j < 12; j++ {
			fmt.Fprintf(&b, "  field%d String? @map(\"field_%d\")\n", j, j)
		}
		b.WriteString("  amount Decimal @default(0) @db.Decimal(12, 2)\n")
		b.WriteString("  createdAt DateTime @default(now())\n")
		b.WriteString("  updatedAt DateTime @updatedAt\n")
		fmt.Fprintf(&b, "  parentId Int?\n  parent Model%d? @relation(\"P%d\", fields: [parentId], references: [id])\n", next, i)
		prev := (i + n - 1) % n
		fmt.Fprintf(&b, "  children Model%d[] @relation(\"P%d\")\n", prev, prev)
		fmt.Fprintf(&b, "  tags Model%d[] @relation(\"T%d\")\n  tagged Model%d[] @relation(\"T%d\")\n", next, i, prev, prev)
		b.WriteString("  @@index([name, createdAt(sort: Desc)])\n}\n")
	}
	return []byte(b.String())
}

func TestParseLarge(t *testing.T) {
	s, err := Parse(schema.File{Path: "large.prisma", Data: largeSchema(50)})
	if err != nil {
		t.Fatal(err)
	}
	// 50 model tables and 50 join tables.
	if len(s.Tables) != 100 {
		t.Errorf("tables = %d, want 100", len(s.Tables))
	}
}

func BenchmarkParseLarge(b *testing.B) {
	data := largeSchema(2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(schema.File{Path: "large.prisma", Data: data}); err != nil {
			b.Fatal(err)
		}
	}
}
