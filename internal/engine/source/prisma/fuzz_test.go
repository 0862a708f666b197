package prisma

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// FuzzParse checks that no input panics and that every error on input is
// a *schema.PosError.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.prisma")
	more, _ := filepath.Glob("testdata/*/*.prisma")
	nested, _ := filepath.Glob("testdata/*/*/*.prisma")
	more = append(more, nested...)
	for _, p := range append(paths, more...) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(pgHeader + "model A {\n  id Int @id\n  b B[]\n}\nmodel B {\n  id Int @id\n  a A[]\n}\n"))
	// The other providers: their own types, names and key rules.
	f.Add([]byte(myHeader + "enum E {\n  A\n}\nmodel A {\n  id Int @id @default(autoincrement())\n  t String @db.Text\n  e E @default(A)\n  d Decimal @default(1.5) @db.Decimal(5, 2)\n  b B[]\n  @@index([t(length: 10)])\n  @@fulltext([t])\n}\nmodel B {\n  id Int @id\n  a A[]\n}\n"))
	f.Add([]byte("datasource db {\n  provider = \"sqlite\"\n}\nmodel A {\n  id Int @id\n  at DateTime @default(\"2020-01-02T03:04:05.5+09:00\")\n  g Int @default(dbgenerated(\"(1 + 2)\"))\n  b B[]\n}\nmodel B {\n  id BigInt @id @default(autoincrement())\n  a A[]\n}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Parse(schema.File{Path: "fuzz.prisma", Data: data})
		var pe *schema.PosError
		if err != nil && !errors.As(err, &pe) {
			t.Fatalf("error %v (%T) is not a *schema.PosError", err, err)
		}
	})
}
