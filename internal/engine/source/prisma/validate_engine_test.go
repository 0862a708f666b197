package prisma

import (
	"fmt"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/prismaoracle"
)

// TestProviderValidationMatchesPrisma gives the same schemas to the reader
// and to Prisma's own validator (@prisma/prisma-schema-wasm, which knows
// every provider, MySQL included): each is accepted by both or rejected by
// both.
func TestProviderValidationMatchesPrisma(t *testing.T) {
	const enum = "enum E {\n  A\n  B\n}\n"
	tests := []struct {
		provider, name, body string
		valid                bool
	}{
		{"mysql", "native types", "a String @db.VarChar(20)\n  b Int @db.UnsignedInt\n  c Decimal @db.Decimal(10, 2)\n  d DateTime @db.Timestamp(6)\n  e Boolean @db.TinyInt", true},
		{"mysql", "enum column", "e E @default(B)", true},
		{"mysql", "index prefix length", "t String @db.Text\n  @@index([t(length: 10)])", true},
		{"mysql", "full-text index", "t String @db.Text\n  @@fulltext([t])", true},
		{"mysql", "descending unique", "a String\n  @@unique([a(sort: Desc)])", true},
		{"mysql", "autoincrement on a unique field", "n Int @unique @default(autoincrement())", true},
		{"mysql", "named primary key", "@@map(\"m\")\n  x Int @unique(map: \"x_uq\")", true},
		{"mysql", "BTree index", "a String\n  @@index([a], type: BTree)", true},
		{"mysql", "Hash index", "a String\n  @@index([a], type: Hash)", false},
		{"mysql", "autoincrement not indexed", "n Int @default(autoincrement())", false},
		{"mysql", "scalar list", "a String[]", false},
		{"mysql", "VarChar too long", "a String @db.VarChar(70000)", false},
		{"mysql", "Decimal precision", "a Decimal @db.Decimal(70, 2)", false},
		{"mysql", "Decimal scale over precision", "a Decimal @db.Decimal(5, 6)", false},
		{"mysql", "Bit(2) as Boolean", "a Boolean @db.Bit(2)", false},
		{"mysql", "Text unique without length", "a String @unique @db.Text", false},
		{"mysql", "Text index without length", "a String @db.Text\n  @@index([a])", false},
		{"mysql", "native type of another scalar", "a Int @db.VarChar(3)", false},
		{"mysql", "PostgreSQL native type", "a String @db.Uuid", false},
		{"mysql", "Gin index", "a Json\n  @@index([a], type: Gin)", false},
		{"mysql", "@@schema", "@@schema(\"x\")", false},
		{"sqlite", "enum column", "e E @default(B)", true},
		{"sqlite", "descending index", "a String\n  @@index([a(sort: Desc)])", true},
		{"sqlite", "BTree index", "a String\n  @@index([a], type: BTree)", true},
		{"sqlite", "all scalars", "a String\n  b Boolean\n  c Float\n  d Decimal\n  e DateTime\n  f Json\n  g Bytes\n  h BigInt", true},
		{"sqlite", "native type", "a String @db.Text", false},
		{"sqlite", "scalar list", "a Int[]", false},
		{"sqlite", "full-text index", "a String\n  @@fulltext([a])", false},
		{"sqlite", "index length", "a String\n  @@index([a(length: 3)])", false},
		{"sqlite", "Hash index", "a String\n  @@index([a], type: Hash)", false},
		{"sqlite", "autoincrement off the id", "n Int @unique @default(autoincrement())", false},
		{"sqlite", "@@schema", "@@schema(\"x\")", false},
	}
	for _, tt := range tests {
		t.Run(tt.provider+"/"+tt.name, func(t *testing.T) {
			src := fmt.Sprintf("datasource db {\n  provider = %q\n}\n%s\nmodel M {\n  id Int @id\n  %s\n}\n", tt.provider, enum, tt.body)
			files := []schema.File{{Path: "schema.prisma", Data: []byte(src)}}
			_, ours := Parse(files...)
			prisma := prismaoracle.Validate(t, tt.provider, files)
			if (ours == nil) != (prisma == nil) {
				t.Fatalf("reader error: %v\nPrisma's validator: %v", ours, prisma)
			}
			if (ours == nil) != tt.valid {
				t.Errorf("both say valid=%v, the case says %v: %v", ours == nil, tt.valid, ours)
			}
		})
	}
}
