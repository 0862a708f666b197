package prisma

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// ignorePos leaves positions out of comparisons where a test is about
// something else; TestPositions checks them.
var ignorePos = cmpopts.IgnoreTypes(schema.Pos{})

// parseString parses one in-memory schema file named schema.prisma.
func parseString(t *testing.T, src string) *schema.Schema {
	t.Helper()
	s, err := Parse(schema.File{Path: "schema.prisma", Data: []byte(src)})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return s
}

const pgHeader = "datasource db {\n  provider = \"postgresql\"\n}\n"

func qn(name string) schema.QName { return schema.QName{Schema: "public", Name: name} }

func seq(name string) *schema.QName { q := qn(name); return &q }

func TestParseOneToMany(t *testing.T) {
	s := parseString(t, pgHeader+`
enum Role {
  USER
  ADMIN @map("admin")
  @@map("role")
}
model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  role  Role   @default(ADMIN)
  posts Post[]
  @@map("users")
}
model Post {
  id       Int   @id @default(autoincrement())
  author   User? @relation(fields: [authorId], references: [id])
  authorId Int?  @map("author_id")
}
`)
	role := qn("role")
	want := &schema.Schema{
		Dialect: "postgres",
		Enums:   []*schema.Enum{{Name: role, Values: []string{"USER", "admin"}}},
		Tables: []*schema.Table{
			{
				Name: qn("Post"),
				Columns: []*schema.Column{
					{Name: "id", Type: schema.Type{Raw: "Int", Norm: "integer"}, NotNull: true, Default: &schema.Default{Kind: schema.DefaultSequence, Expr: `nextval('"Post_id_seq"'::regclass)`, Sequence: seq("Post_id_seq")}},
					{Name: "author_id", Type: schema.Type{Raw: "Int", Norm: "integer"}},
				},
				PrimaryKey: &schema.PrimaryKey{Name: "Post_pkey", Columns: []string{"id"}},
				ForeignKeys: []*schema.ForeignKey{{
					Name: "Post_author_id_fkey", Columns: []string{"author_id"}, RefTable: qn("users"), RefColumns: []string{"id"},
					OnDelete: schema.SetNull, OnUpdate: schema.Cascade,
				}},
			},
			{
				Name: qn("users"),
				Columns: []*schema.Column{
					{Name: "id", Type: schema.Type{Raw: "Int", Norm: "integer"}, NotNull: true, Default: &schema.Default{Kind: schema.DefaultSequence, Expr: `nextval('users_id_seq'::regclass)`, Sequence: seq("users_id_seq")}},
					{Name: "email", Type: schema.Type{Raw: "String", Norm: "text"}, NotNull: true},
					{Name: "role", Type: schema.Type{Raw: "Role", Norm: `"public"."role"`, Ref: &role}, NotNull: true, Default: &schema.Default{Expr: "'admin'"}},
				},
				PrimaryKey: &schema.PrimaryKey{Name: "users_pkey", Columns: []string{"id"}},
				Indexes:    []*schema.Index{{Name: "users_email_key", Unique: true, Parts: []schema.IndexPart{{Column: "email"}}}},
			},
		},
	}
	if d := cmp.Diff(want, s, ignorePos); d != "" {
		t.Errorf("schema (-want +got):\n%s", d)
	}
}

func TestParseManyToMany(t *testing.T) {
	s := parseString(t, pgHeader+`
model Tag {
  id    String @id @db.Uuid
  posts Post[]
}
model Post {
  id   Int   @id @default(autoincrement())
  tags Tag[]
}
model Person {
  id        Int      @id
  friends   Person[] @relation("Friends")
  friendsOf Person[] @relation("Friends")
}
`)
	tests := []struct {
		name string
		want *schema.Table
	}{
		{"alphabetical order decides A and B", &schema.Table{
			Name: qn("_PostToTag"),
			Columns: []*schema.Column{
				{Name: "A", Type: schema.Type{Raw: "Int", Norm: "integer"}, NotNull: true},
				{Name: "B", Type: schema.Type{Raw: "String @db.Uuid", Norm: "uuid"}, NotNull: true},
			},
			PrimaryKey: &schema.PrimaryKey{Name: "_PostToTag_AB_pkey", Columns: []string{"A", "B"}},
			Indexes:    []*schema.Index{{Name: "_PostToTag_B_index", Parts: []schema.IndexPart{{Column: "B"}}}},
			ForeignKeys: []*schema.ForeignKey{
				{Name: "_PostToTag_A_fkey", Columns: []string{"A"}, RefTable: qn("Post"), RefColumns: []string{"id"}, OnDelete: schema.Cascade, OnUpdate: schema.Cascade},
				{Name: "_PostToTag_B_fkey", Columns: []string{"B"}, RefTable: qn("Tag"), RefColumns: []string{"id"}, OnDelete: schema.Cascade, OnUpdate: schema.Cascade},
			},
		}},
		{"a named self relation", &schema.Table{
			Name: qn("_Friends"),
			Columns: []*schema.Column{
				{Name: "A", Type: schema.Type{Raw: "Int", Norm: "integer"}, NotNull: true},
				{Name: "B", Type: schema.Type{Raw: "Int", Norm: "integer"}, NotNull: true},
			},
			PrimaryKey: &schema.PrimaryKey{Name: "_Friends_AB_pkey", Columns: []string{"A", "B"}},
			Indexes:    []*schema.Index{{Name: "_Friends_B_index", Parts: []schema.IndexPart{{Column: "B"}}}},
			ForeignKeys: []*schema.ForeignKey{
				{Name: "_Friends_A_fkey", Columns: []string{"A"}, RefTable: qn("Person"), RefColumns: []string{"id"}, OnDelete: schema.Cascade, OnUpdate: schema.Cascade},
				{Name: "_Friends_B_fkey", Columns: []string{"B"}, RefTable: qn("Person"), RefColumns: []string{"id"}, OnDelete: schema.Cascade, OnUpdate: schema.Cascade},
			},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Table(tt.want.Name)
			if d := cmp.Diff(tt.want, got, ignorePos); d != "" {
				t.Errorf("join table (-want +got):\n%s", d)
			}
		})
	}
}

func TestParseRelationModePrisma(t *testing.T) {
	s := parseString(t, `datasource db {
  provider     = "postgresql"
  relationMode = "prisma"
}
model A {
  id Int @id
  bs B[]
  cs C[]
}
model B {
  id  Int @id
  aId Int
  a   A   @relation(fields: [aId], references: [id])
  @@index([aId])
}
model C {
  id Int @id
  as A[]
}
`)
	for _, tb := range s.Tables {
		if len(tb.ForeignKeys) != 0 {
			t.Errorf("table %s has foreign keys %v; relationMode prisma creates none", tb.Name, tb.ForeignKeys)
		}
	}
	if s.Table(qn("_AToC")) == nil {
		t.Errorf("the join table _AToC is missing: Prisma creates it without foreign keys")
	}
}

func TestParseMultiSchema(t *testing.T) {
	s := parseString(t, `datasource db {
  provider = "postgresql"
  schemas  = ["public", "auth", "billing", "unused"]
}
enum Plan {
  FREE
  PRO
  @@schema("billing")
}
model Account {
  id   Int  @id
  plan Plan[]
  subs Subscription[]
  @@schema("auth")
}
model Subscription {
  id        Int     @id
  plan      Plan    @default(FREE)
  accountId Int
  account   Account @relation(fields: [accountId], references: [id], onDelete: Cascade, onUpdate: NoAction)
  @@schema("billing")
}
`)
	plan := schema.QName{Schema: "billing", Name: "Plan"}
	tests := []struct {
		name string
		got  any
		want any
	}{
		// Prisma's engine creates only the listed schemas a model or enum
		// is in (tools/prisma-oracle).
		{"namespaces leave out the default schema and unused ones", s.Namespaces, []*schema.Namespace{{Name: "auth"}, {Name: "billing"}}},
		{"the enum is in its schema", s.Enums, []*schema.Enum{{Name: plan, Values: []string{"FREE", "PRO"}}}},
		{"an enum list column is quoted and qualified", s.Table(schema.QName{Schema: "auth", Name: "Account"}).Column("plan").Type,
			schema.Type{Raw: "Plan[]", Norm: `"billing"."Plan"[]`, Ref: &plan}},
		{"the foreign key crosses schemas", s.Table(schema.QName{Schema: "billing", Name: "Subscription"}).ForeignKeys,
			[]*schema.ForeignKey{{Name: "Subscription_accountId_fkey", Columns: []string{"accountId"}, RefTable: schema.QName{Schema: "auth", Name: "Account"}, RefColumns: []string{"id"}, OnDelete: schema.Cascade}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, tt.got, ignorePos); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestParseIgnoreStillCreates(t *testing.T) {
	s := parseString(t, pgHeader+`
model Legacy {
  id  Int @id
  old String @ignore
  @@ignore
}
model Kept {
  id  Int @id
  old String @ignore
}
`)
	if s.Table(qn("Legacy")) == nil {
		t.Errorf("@@ignore model: want a table, as Prisma's engine creates one")
	}
	if s.Table(qn("Kept")).Column("old") == nil {
		t.Errorf("@ignore field: want a column, as Prisma's engine creates one")
	}
}

func TestParseViewsAndCompositeTypesSkipped(t *testing.T) {
	s := parseString(t, pgHeader+`
view ActiveUser {
  id Int @unique
}
type Address {
  street String
}
model User {
  id Int @id
}
`)
	if len(s.Tables) != 1 || s.Tables[0].Name != qn("User") {
		t.Errorf("tables = %v, want only User", s.Tables)
	}
}

func TestParseRenameHints(t *testing.T) {
	s := parseString(t, pgHeader+`
/// The users.
/// @renamed from=people
model User {
  id Int @id
  /// @renamed from="full_name"
  name String
}
/// @renamed from=Kind
enum Category {
  A
}
`)
	if got := s.Table(qn("User")).RenamedFrom; got != "people" {
		t.Errorf("table RenamedFrom = %q, want people", got)
	}
	if got := s.Table(qn("User")).Column("name").RenamedFrom; got != "full_name" {
		t.Errorf("column RenamedFrom = %q, want full_name", got)
	}
	if got := s.Enums[0].RenamedFrom; got != "Kind" {
		t.Errorf("enum RenamedFrom = %q, want Kind", got)
	}
	if got := s.Table(qn("User")).Comment; got != "" {
		t.Errorf("Comment = %q: Prisma writes no COMMENT ON for doc comments", got)
	}
}

func TestPositions(t *testing.T) {
	s := parseString(t, pgHeader+`model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  @@index([email, id])
}
`)
	u := s.Table(qn("User"))
	tests := []struct {
		name string
		got  schema.Pos
		want schema.Pos
	}{
		{"table at the model keyword", u.Pos, schema.Pos{File: "schema.prisma", Line: 4, Col: 1}},
		{"column at the field name", u.Column("email").Pos, schema.Pos{File: "schema.prisma", Line: 6, Col: 3}},
		{"default at the attribute", u.Column("id").Default.Pos, schema.Pos{File: "schema.prisma", Line: 5, Col: 20}},
		{"primary key at @id", u.PrimaryKey.Pos, schema.Pos{File: "schema.prisma", Line: 5, Col: 16}},
		{"unique index at @unique", u.Index("User_email_key").Pos, schema.Pos{File: "schema.prisma", Line: 6, Col: 16}},
		{"index at @@index", u.Index("User_email_id_idx").Pos, schema.Pos{File: "schema.prisma", Line: 7, Col: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("pos = %v, want %v", tt.got, tt.want)
			}
		})
	}
}
