package prisma

import (
	"errors"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

func TestErrors(t *testing.T) {
	tests := []struct {
		name, src string
		pos       string // file:line:col of the error
		msg       string // part of the message
	}{
		{"syntax", pgHeader + "model A {\n  id Int @id(\n}\n", "schema.prisma:6:1", "expected a value"},
		{"unclosed block", pgHeader + "model A {\n  id Int @id\n", "schema.prisma:4:1", "not closed"},
		{"unknown block", pgHeader + "table A {\n}\n", "schema.prisma:4:1", "unknown block type"},
		{"unknown type", pgHeader + "model A {\n  id Int @id\n  x Strin\n}\n", "schema.prisma:6:5", `unknown type "Strin"`},
		{"unknown field attribute", pgHeader + "model A {\n  id Int @id @primary\n}\n", "schema.prisma:5:14", "unknown attribute @primary"},
		{"unknown block attribute", pgHeader + "model A {\n  id Int @id\n  @@table(\"a\")\n}\n", "schema.prisma:6:3", "unknown attribute @@table"},
		{"relation to a missing model", pgHeader + "model A {\n  id Int @id\n  b B\n}\n", "schema.prisma:6:5", `unknown type "B"`},
		{"fields and references mismatch", pgHeader + "model A {\n  id Int @id\n  bs B[]\n}\nmodel B {\n  id Int @id\n  aId Int\n  x Int\n  a A @relation(fields: [aId, x], references: [id])\n}\n", "schema.prisma:12:7", "fields lists 2 fields but references lists 1"},
		{"missing opposite field", pgHeader + "model A {\n  id Int @id\n}\nmodel B {\n  id Int @id\n  aId Int\n  a A @relation(fields: [aId], references: [id])\n}\n", "schema.prisma:10:3", "no opposite relation field"},
		{"unknown reference", pgHeader + "model A {\n  id Int @id\n  bs B[]\n}\nmodel B {\n  id Int @id\n  aId Int\n  a A @relation(fields: [aId], references: [uid])\n}\n", "schema.prisma:11:45", "model A has no scalar field uid"},
		{"duplicate model", pgHeader + "model A {\n  id Int @id\n}\nmodel A {\n  id Int @id\n}\n", "schema.prisma:7:7", `model "A" is already defined`},
		{"duplicate field", pgHeader + "model A {\n  id Int @id\n  id Int\n}\n", "schema.prisma:6:3", "field id is defined twice"},
		{"no datasource", "model A {\n  id Int @id\n}\n", "schema.prisma:1:1", "no datasource"},
		{"mongodb", "datasource db {\n  provider = \"mongodb\"\n}\n", "schema.prisma:2:14", `"mongodb" is not supported`},
		{"fulltext", pgHeader + "model A {\n  id Int @id\n  t String\n  @@fulltext([t])\n}\n", "schema.prisma:7:3", "@@fulltext is not supported"},
		{"sequence", pgHeader + "model A {\n  id Int @id @default(sequence())\n}\n", "schema.prisma:5:23", "only supported on CockroachDB"},
		{"composite type used", pgHeader + "type Addr {\n  s String\n}\nmodel A {\n  id Int @id\n  a Addr\n}\n", "schema.prisma:9:5", "only supported on MongoDB"},
		{"native type mismatch", pgHeader + "model A {\n  id Int @id @db.VarChar(3)\n}\n", "schema.prisma:5:14", "not compatible"},
		{"bad enum default", pgHeader + "enum E {\n  A\n}\nmodel M {\n  id Int @id\n  e E @default(Z)\n}\n", "schema.prisma:9:16", "Z is not a value of enum E"},
		{"schema not listed", "datasource db {\n  provider = \"postgresql\"\n  schemas = [\"public\"]\n}\nmodel A {\n  id Int @id\n  @@schema(\"x\")\n}\n", "schema.prisma:7:3", `schema "x" is not listed`},
		{"missing @@schema", "datasource db {\n  provider = \"postgresql\"\n  schemas = [\"public\"]\n}\nmodel A {\n  id Int @id\n}\n", "schema.prisma:5:1", "no @@schema"},
		{"no unique criteria", pgHeader + "model A {\n  x Int\n}\n", "schema.prisma:4:1", "no unique criteria"},
		{"name collision", pgHeader + "model A {\n  id Int @id\n  t String\n  @@index([t])\n  @@index([t], type: Hash)\n}\n", "schema.prisma:8:3", `"A_t_idx" is already used`},
		{"optional list", pgHeader + "model A {\n  id Int @id\n  t String[]?\n}\n", "schema.prisma:6:13", "optional lists"},
		{"unterminated string", pgHeader + "model A {\n  id Int @id @map(\"x)\n}\n", "schema.prisma:5:19", "unterminated string"},
		{"stray character", pgHeader + "model A {\n  id Int @id $\n}\n", "schema.prisma:5:14", "unexpected character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(schema.File{Path: "schema.prisma", Data: []byte(tt.src)})
			var pe *schema.PosError
			if !errors.As(err, &pe) {
				t.Fatalf("error = %v, want a *schema.PosError", err)
			}
			if pe.Pos.String() != tt.pos || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("error = %q, want at %s containing %q", err, tt.pos, tt.msg)
			}
		})
	}
}

func TestParseNoFiles(t *testing.T) {
	if _, err := Parse(); err == nil {
		t.Error("Parse() with no files: want an error")
	}
}
