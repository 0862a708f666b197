package prisma

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// fieldColumn parses a model M with the given field lines and returns the
// column of the field named "f".
func fieldColumn(t *testing.T, pre, fields string) *schema.Column {
	t.Helper()
	s := parseString(t, pgHeader+pre+"\nmodel M {\n  id Int @id\n"+fields+"\n}\n")
	c := s.Table(qn("M")).Column("f")
	if c == nil {
		t.Fatalf("no column f in %v", s.Table(qn("M")).Columns)
	}
	return c
}

func TestColumnTypes(t *testing.T) {
	tests := []struct {
		name, field string
		norm        string
		notNull     bool
	}{
		{"String", "f String", "text", true},
		{"optional", "f String?", "text", false},
		{"Boolean", "f Boolean", "boolean", true},
		{"Int", "f Int", "integer", true},
		{"BigInt", "f BigInt", "bigint", true},
		{"Float", "f Float", "double precision", true},
		{"Decimal", "f Decimal", "numeric(65,30)", true},
		{"DateTime", "f DateTime", "timestamp(3) without time zone", true},
		{"Json", "f Json", "jsonb", true},
		{"Bytes", "f Bytes", "bytea", true},
		{"scalar list is a nullable array", "f String[]", "text[]", false},
		{"native list", "f String[] @db.VarChar(20)", "character varying(20)[]", false},
		{"Unsupported", `f Unsupported("tsvector")`, "tsvector", true},
		{"Unsupported alias", `f Unsupported("TIMESTAMPTZ(3)")?`, "timestamp(3) with time zone", false},
		{"Unsupported modifiers", `f Unsupported("geometry(Point, 4326)")?`, "geometry(Point,4326)", false},
		{"Text", "f String @db.Text", "text", true},
		{"Char(n)", "f String @db.Char(3)", "character(3)", true},
		{"Char", "f String @db.Char", "character(1)", true},
		{"VarChar(n)", "f String @db.VarChar(191)", "character varying(191)", true},
		{"VarChar", "f String @db.VarChar", "character varying", true},
		{"Bit(n)", "f String @db.Bit(8)", "bit(8)", true},
		{"VarBit(n)", "f String @db.VarBit(8)", "bit varying(8)", true},
		{"Uuid", "f String @db.Uuid", "uuid", true},
		{"Xml", "f String @db.Xml", "xml", true},
		{"Inet", "f String @db.Inet", "inet", true},
		{"Citext", "f String @db.Citext", "citext", true},
		{"Boolean native", "f Boolean @db.Boolean", "boolean", true},
		{"Integer", "f Int @db.Integer", "integer", true},
		{"SmallInt", "f Int @db.SmallInt", "smallint", true},
		{"Oid", "f Int @db.Oid", "oid", true},
		{"BigInt native", "f BigInt @db.BigInt", "bigint", true},
		{"Real", "f Float @db.Real", "real", true},
		{"DoublePrecision", "f Float @db.DoublePrecision", "double precision", true},
		{"Decimal(p,s)", "f Decimal @db.Decimal(10, 2)", "numeric(10,2)", true},
		{"Decimal bare", "f Decimal @db.Decimal", "numeric", true},
		{"Money", "f Decimal @db.Money", "money", true},
		{"Timestamp(p)", "f DateTime @db.Timestamp(6)", "timestamp(6) without time zone", true},
		{"Timestamp", "f DateTime @db.Timestamp", "timestamp without time zone", true},
		{"Timestamptz(p)", "f DateTime @db.Timestamptz(6)", "timestamp(6) with time zone", true},
		{"Date", "f DateTime @db.Date", "date", true},
		{"Time(p)", "f DateTime @db.Time(0)", "time(0) without time zone", true},
		{"Timetz(p)", "f DateTime @db.Timetz(3)", "time(3) with time zone", true},
		{"Json native", "f Json @db.Json", "json", true},
		{"JsonB", "f Json @db.JsonB", "jsonb", true},
		{"ByteA", "f Bytes @db.ByteA", "bytea", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fieldColumn(t, "", "  "+tt.field)
			if c.Type.Norm != tt.norm || c.NotNull != tt.notNull {
				t.Errorf("type %q not null %v, want %q not null %v", c.Type.Norm, c.NotNull, tt.norm, tt.notNull)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	const enum = "enum E {\n  A\n  B @map(\"b\")\n}\n"
	tests := []struct {
		name, field string
		want        *schema.Default // nil: no database default
	}{
		{"string", `f String @default("it's")`, &schema.Default{Expr: "'it''s'"}},
		{"escapes", `f String @default("a\"b\\c")`, &schema.Default{Expr: `E'a"b\\c'`}},
		{"int", `f Int @default(1)`, &schema.Default{Expr: "1"}},
		{"negative", `f Int @default(-1)`, &schema.Default{Expr: "-1"}},
		{"float", `f Float @default(1.5)`, &schema.Default{Expr: "1.5"}},
		{"decimal", `f Decimal @default(3)`, &schema.Default{Expr: "3"}},
		{"boolean", `f Boolean @default(false)`, &schema.Default{Expr: "false"}},
		{"enum value is the mapped value", `f E @default(B)`, &schema.Default{Expr: "'b'"}},
		{"json", `f Json @default("{}")`, &schema.Default{Expr: "'{}'"}},
		{"bytes", `f Bytes @default("aGVsbG8=")`, &schema.Default{Expr: `E'\\x68656c6c6f'`}},
		{"datetime", `f DateTime @default("2020-01-02T03:04:05.5Z")`, &schema.Default{Expr: "'2020-01-02 03:04:05.5'"}},
		{"datetime offset ignored", `f DateTime @default("2020-01-02T03:04:05+09:00")`, &schema.Default{Expr: "'2020-01-02 03:04:05'"}},
		{"timestamptz in UTC", `f DateTime @default("2020-01-02T03:04:05+09:00") @db.Timestamptz(6)`, &schema.Default{Expr: "'2020-01-01 18:04:05+00'"}},
		{"date", `f DateTime @default("2020-01-02T03:04:05Z") @db.Date`, &schema.Default{Expr: "'2020-01-02'"}},
		{"time", `f DateTime @default("2020-01-02T03:04:05Z") @db.Time(0)`, &schema.Default{Expr: "'03:04:05'"}},
		{"now", `f DateTime @default(now())`, &schema.Default{Kind: schema.DefaultFunction, Expr: "current_timestamp"}},
		{"dbgenerated", `f String @default(dbgenerated("gen_random_uuid()")) @db.Uuid`, &schema.Default{Kind: schema.DefaultFunction, Expr: "gen_random_uuid()"}},
		{"dbgenerated literal cast", `f Unsupported("tsvector") @default(dbgenerated("''::tsvector"))`, &schema.Default{Expr: "''"}},
		{"dbgenerated empty", `f Unsupported("circle")? @default(dbgenerated())`, nil},
		{"list", `f String[] @default(["a", "b"])`, &schema.Default{Expr: "ARRAY['a', 'b']"}},
		{"empty list", `f Int[] @default([])`, &schema.Default{Kind: schema.DefaultFunction, Expr: "ARRAY[]::int[]"}},
		{"enum list", `f E[] @default([A, B])`, &schema.Default{Expr: `ARRAY['A', 'b']::"public"."E"[]`}},
		// Every PostgreSQL default is canonicalized by pgexpr, as the SQL
		// reader and introspection do.
		{"jsonb ordered as stored", `f Json @default("{\"tags\":[],\"n\":1}")`, &schema.Default{Expr: `'{"n": 1, "tags": []}'`}},
		{"float exponent", `f Float @default(1e10)`, &schema.Default{Expr: "10000000000"}},
		{"dbgenerated parenthesized", `f String @default(dbgenerated("(md5((random())::text))"))`, &schema.Default{Kind: schema.DefaultFunction, Expr: "md5(random()::text)"}},
		{"serial", `f Int @default(autoincrement())`, &schema.Default{Kind: schema.DefaultSequence, Expr: `nextval('"M_f_seq"'::regclass)`, Sequence: seq("M_f_seq")}},
		{"bigserial", `f BigInt @default(autoincrement())`, &schema.Default{Kind: schema.DefaultSequence, Expr: `nextval('"M_f_seq"'::regclass)`, Sequence: seq("M_f_seq")}},
		{"uuid", `f String @default(uuid())`, nil},
		{"uuid(7)", `f String @default(uuid(7))`, nil},
		{"cuid(2)", `f String @default(cuid(2))`, nil},
		{"nanoid(n)", `f String @default(nanoid(10))`, nil},
		{"ulid", `f String @default(ulid())`, nil},
		{"updatedAt", `f DateTime @updatedAt`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fieldColumn(t, enum, "  "+tt.field)
			if d := cmp.Diff(tt.want, c.Default, ignorePos); d != "" {
				t.Errorf("default (-want +got):\n%s", d)
			}
		})
	}
}

func TestIndexes(t *testing.T) {
	s := parseString(t, pgHeader+`
model T {
  id    Int    @id(map: "t_pk")
  a     String @unique(map: "t_a_uq")
  b     String @unique(sort: Desc)
  c     Json
  d     String
  e     Int[]
  @@unique([a, b], name: "ab")
  @@index([d], name: "by_d")
  @@index([c(ops: JsonbPathOps)], type: Gin)
  @@index([d(ops: raw("gin_trgm_ops"))], type: Gin, map: "t_d_trgm")
  @@index([e(ops: ArrayOps)], type: Gin, map: "t_e_gin")
  @@index([b(sort: Desc), a], type: Brin)
  @@index([a], type: Hash, map: "t_a_hash")
  @@index([a], type: BTree, map: "t_a_btree", where: raw("d <> ''"))
}
`)
	tb := s.Table(qn("T"))
	want := []*schema.Index{
		{Name: "T_a_b_key", Unique: true, Parts: []schema.IndexPart{{Column: "a"}, {Column: "b"}}},
		{Name: "T_b_a_idx", Method: "brin", Parts: []schema.IndexPart{{Column: "b", Desc: true}, {Column: "a"}}},
		{Name: "T_b_key", Unique: true, Parts: []schema.IndexPart{{Column: "b", Desc: true}}},
		{Name: "T_c_idx", Method: "gin", Parts: []schema.IndexPart{{Column: "c", OpClass: "jsonb_path_ops"}}},
		{Name: "by_d", Parts: []schema.IndexPart{{Column: "d"}}},
		{Name: "t_a_btree", Parts: []schema.IndexPart{{Column: "a"}}, Where: "d <> ''"},
		{Name: "t_a_hash", Method: "hash", Parts: []schema.IndexPart{{Column: "a"}}},
		{Name: "t_a_uq", Unique: true, Parts: []schema.IndexPart{{Column: "a"}}},
		{Name: "t_d_trgm", Method: "gin", Parts: []schema.IndexPart{{Column: "d", OpClass: "gin_trgm_ops"}}},
		{Name: "t_e_gin", Method: "gin", Parts: []schema.IndexPart{{Column: "e", OpClass: "array_ops"}}},
	}
	if d := cmp.Diff(want, tb.Indexes, ignorePos); d != "" {
		t.Errorf("indexes (-want +got):\n%s", d)
	}
	if d := cmp.Diff(&schema.PrimaryKey{Name: "t_pk", Columns: []string{"id"}}, tb.PrimaryKey, ignorePos); d != "" {
		t.Errorf("primary key (-want +got):\n%s", d)
	}
}

func TestCompoundIDAndActions(t *testing.T) {
	s := parseString(t, pgHeader+`
model Parent {
  a  Int
  b  Int
  cs Child[]
  @@id([a, b], name: "ab", map: "parent_pk")
}
model Child {
  id Int @id
  pa Int
  pb Int
  p  Parent @relation(fields: [pa, pb], references: [a, b], onDelete: SetDefault, onUpdate: Restrict, map: "child_parent_fk")
}
`)
	if d := cmp.Diff(&schema.PrimaryKey{Name: "parent_pk", Columns: []string{"a", "b"}}, s.Table(qn("Parent")).PrimaryKey, ignorePos); d != "" {
		t.Errorf("primary key (-want +got):\n%s", d)
	}
	want := []*schema.ForeignKey{{Name: "child_parent_fk", Columns: []string{"pa", "pb"}, RefTable: qn("Parent"), RefColumns: []string{"a", "b"}, OnDelete: schema.SetDefault, OnUpdate: schema.Restrict}}
	if d := cmp.Diff(want, s.Table(qn("Child")).ForeignKeys, ignorePos); d != "" {
		t.Errorf("foreign keys (-want +got):\n%s", d)
	}
}

func TestNames(t *testing.T) {
	long := strings.Repeat("a", 60)
	tests := []struct {
		name, got, want string
	}{
		{"pkey fits", primaryKeyName("User", 63), "User_pkey"},
		{"pkey cut", primaryKeyName(long, 63), long[:58] + "_pkey"},
		{"key cut", uniqueIndexName("T"+strings.Repeat("b", 57), []string{"c"}, 63), "T" + strings.Repeat("b", 57) + "__key"},
		{"idx joins columns", indexName("T", []string{"a", "b"}, 63), "T_a_b_idx"},
		{"fkey cut", foreignKeyName(long, []string{"col"}, 63), long[:58] + "_fkey"},
		{"cut at a character boundary", cutName(strings.Repeat("é", 40), "_pkey", 63), strings.Repeat("é", 29) + "_pkey"},
		{"sequence fits", pgObjectName("User", "id", "seq", 63), "User_id_seq"},
		{"sequence cuts the longer name first", pgObjectName(long, "id", "seq", 63), long[:56] + "_id_seq"},
		{"sequence cuts both when equal", pgObjectName(strings.Repeat("t", 40), strings.Repeat("c", 40), "seq", 63), strings.Repeat("t", 29) + "_" + strings.Repeat("c", 29) + "_seq"},
		{"regclass lower case unquoted", pgQuoteIdent("users_id_seq"), "users_id_seq"},
		{"regclass mixed case quoted", pgQuoteIdent("User_id_seq"), `"User_id_seq"`},
		{"regclass keyword quoted", pgQuoteIdent("user"), `"user"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestSerialInOtherSchema(t *testing.T) {
	s := parseString(t, `datasource db {
  provider = "postgresql"
  schemas  = ["public", "Auth"]
}
model Session {
  id Int @id @default(autoincrement())
  @@schema("Auth")
}
`)
	d := s.Table(schema.QName{Schema: "Auth", Name: "Session"}).Column("id").Default
	want := &schema.Default{Kind: schema.DefaultSequence, Expr: `nextval('"Auth"."Session_id_seq"'::regclass)`, Sequence: &schema.QName{Schema: "Auth", Name: "Session_id_seq"}}
	if diff := cmp.Diff(want, d, ignorePos); diff != "" {
		t.Errorf("default (-want +got):\n%s", diff)
	}
}
