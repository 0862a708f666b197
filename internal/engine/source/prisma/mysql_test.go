package prisma

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

const myHeader = "datasource db {\n  provider = \"mysql\"\n}\n"

func myTable(s *schema.Schema, name string) *schema.Table { return s.Table(schema.QName{Name: name}) }

// myColumn parses a MySQL model M with the given field lines and returns
// the column of the field named "f".
func myColumn(t *testing.T, pre, fields string) *schema.Column {
	t.Helper()
	s := parseString(t, myHeader+pre+"\nmodel M {\n  id Int @id\n"+fields+"\n}\n")
	c := myTable(s, "M").Column("f")
	if c == nil {
		t.Fatalf("no column f in %v", myTable(s, "M").Columns)
	}
	return c
}

// TestMysqlColumnTypes follows Prisma's MySQL type mapping (the connector's
// SCALAR_TYPE_DEFAULTS and the renderer's native type spellings), spelled
// as information_schema COLUMN_TYPE after dialect.NormalizeMySQLType.
func TestMysqlColumnTypes(t *testing.T) {
	tests := []struct{ field, norm string }{
		{"f String", "varchar(191)"},
		{"f Boolean", "tinyint(1)"},
		{"f Int", "int"},
		{"f BigInt", "bigint"},
		{"f Float", "double"},
		{"f Decimal", "decimal(65,30)"},
		{"f DateTime", "datetime(3)"},
		{"f Json", "json"},
		{"f Bytes", "longblob"},
		{"f E", "enum('A','b','it''s')"},
		{`f Unsupported("POINT")`, "point"},
		{`f Unsupported("int(11) unsigned")`, "int unsigned"},
		{"f Int @db.Int", "int"},
		{"f Int @db.UnsignedInt", "int unsigned"},
		{"f Int @db.SmallInt", "smallint"},
		{"f Int @db.UnsignedSmallInt", "smallint unsigned"},
		{"f Int @db.TinyInt", "tinyint"},
		{"f Boolean @db.TinyInt", "tinyint(1)"},
		{"f Int @db.UnsignedTinyInt", "tinyint unsigned"},
		{"f Int @db.MediumInt", "mediumint"},
		{"f Int @db.UnsignedMediumInt", "mediumint unsigned"},
		{"f BigInt @db.BigInt", "bigint"},
		{"f BigInt @db.UnsignedBigInt", "bigint unsigned"},
		{"f Decimal @db.Decimal(10, 2)", "decimal(10,2)"},
		{"f Decimal @db.Decimal", "decimal(10,0)"},
		{"f Float @db.Float", "float"},
		{"f Float @db.Double", "double"},
		{"f Bytes @db.Bit(8)", "bit(8)"},
		{"f Boolean @db.Bit(1)", "bit(1)"},
		{"f String @db.Char(2)", "char(2)"},
		{"f String @db.VarChar(255)", "varchar(255)"},
		{"f Bytes @db.Binary(16)", "binary(16)"},
		{"f Bytes @db.VarBinary(64)", "varbinary(64)"},
		{"f Bytes @db.TinyBlob", "tinyblob"},
		{"f Bytes @db.Blob", "blob"},
		{"f Bytes @db.MediumBlob", "mediumblob"},
		{"f Bytes @db.LongBlob", "longblob"},
		{"f String @db.TinyText", "tinytext"},
		{"f String @db.Text", "text"},
		{"f String @db.MediumText", "mediumtext"},
		{"f String @db.LongText", "longtext"},
		{"f DateTime @db.Date", "date"},
		{"f DateTime @db.Time(3)", "time(3)"},
		{"f DateTime @db.DateTime(6)", "datetime(6)"},
		{"f DateTime @db.DateTime(0)", "datetime"},
		{"f DateTime @db.Timestamp(3)", "timestamp(3)"},
		{"f Int @db.Year", "year"},
		{"f Json @db.Json", "json"},
	}
	const enum = "enum E {\n  A\n  B @map(\"b\")\n  C @map(\"it's\")\n}\n"
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			c := myColumn(t, enum, "  "+tt.field)
			if c.Type.Norm != tt.norm || c.Type.Ref != nil {
				t.Errorf("type %q (ref %v), want %q", c.Type.Norm, c.Type.Ref, tt.norm)
			}
		})
	}
}

// TestMysqlDefaults: defaults as MariaDB 10.11 shows them in
// information_schema.COLUMNS.COLUMN_DEFAULT for the SQL Prisma's renderer
// writes (checked on the server by TestMysqlMatchesServer).
func TestMysqlDefaults(t *testing.T) {
	const enum = "enum E {\n  A\n  B @map(\"b\")\n}\n"
	lit := func(e string) *schema.Default { return &schema.Default{Expr: e} }
	tests := []struct {
		field string
		want  *schema.Default
	}{
		{`f String @default("it's")`, lit("'it''s'")},
		{`f Int @default(-3)`, lit("-3")},
		{`f Boolean @default(true)`, lit("1")},
		{`f Boolean @default(false)`, lit("0")},
		{`f Float @default(1.0)`, lit("1")},
		{`f Float @default(2.50)`, lit("2.5")},
		{`f Float @default(0.1) @db.Float`, lit("0.1")},
		{`f Decimal @default(2.5)`, lit("2.500000000000000000000000000000")},
		{`f Decimal @default(3) @db.Decimal(10, 2)`, lit("3.00")},
		{`f E @default(B)`, lit("'b'")},
		{`f DateTime @default("2020-01-02T03:04:05.5Z")`, lit("'2020-01-02 03:04:05.500'")},
		{`f DateTime @default("2020-01-02T03:04:05+09:00") @db.DateTime(0)`, lit("'2020-01-01 18:04:05'")},
		{`f DateTime @default("2020-01-02T03:04:05Z") @db.Date`, lit("'2020-01-02'")},
		{`f DateTime @default(now())`, &schema.Default{Kind: schema.DefaultFunction, Expr: "current_timestamp(3)"}},
		{`f DateTime @default(now()) @db.Timestamp(6)`, &schema.Default{Kind: schema.DefaultFunction, Expr: "current_timestamp(6)"}},
		{`f DateTime @default(now()) @db.DateTime(0)`, &schema.Default{Kind: schema.DefaultFunction, Expr: "current_timestamp()"}},
		{`f Json @default("{}")`, nil},
		{`f Bytes @default("aGk=")`, nil},
		{`f String @default(uuid())`, nil},
		{`f DateTime @updatedAt`, nil},
		{`f Int @unique @default(autoincrement())`, &schema.Default{Kind: schema.DefaultSequence, Expr: "auto_increment"}},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			c := myColumn(t, enum, "  "+tt.field)
			if d := cmp.Diff(tt.want, c.Default, ignorePos); d != "" {
				t.Errorf("default (-want +got):\n%s", d)
			}
		})
	}
}

// TestMysqlKeys: PRIMARY, per-table index names, full-text indexes,
// prefix lengths, the join table's unique index, and the indexes InnoDB
// adds for foreign keys no index starts with.
func TestMysqlKeys(t *testing.T) {
	s := parseString(t, myHeader+`
model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  bio   String @db.Text
  posts Post[]
  @@index([bio(length: 100)])
  @@fulltext([bio], map: "User_bio_ft")
}
model Post {
  id       Int    @id
  title    String
  authorId Int
  editorId Int
  author   User   @relation(fields: [authorId], references: [id])
  editor   Editor @relation(fields: [editorId], references: [id])
  tags     Tag[]
  @@index([editorId, title])
}
model Editor {
  id    Int    @id
  posts Post[]
}
model Tag {
  id    Int    @id
  posts Post[]
}
`)
	if s.Dialect != "mysql" || len(s.Enums) != 0 {
		t.Errorf("dialect %q, enums %v", s.Dialect, s.Enums)
	}
	user := myTable(s, "User")
	if user.PrimaryKey.Name != "PRIMARY" {
		t.Errorf("primary key %q", user.PrimaryKey.Name)
	}
	got := map[string]string{}
	for _, ix := range user.Indexes {
		got[ix.Name] = indexDefinition(ix)
	}
	wantUser := map[string]string{"User_bio_ft": "fulltext (bio)", "User_bio_idx": "(bio(100))", "User_email_key": "unique (email)"}
	if d := cmp.Diff(wantUser, got); d != "" {
		t.Errorf("User indexes (-want +got):\n%s", d)
	}
	post := myTable(s, "Post")
	got = map[string]string{}
	for _, ix := range post.Indexes {
		got[ix.Name] = indexDefinition(ix)
	}
	wantPost := map[string]string{
		"Post_authorId_fkey":      "(authorId)", // InnoDB's index for the foreign key
		"Post_editorId_title_idx": "(editorId,title)",
	}
	if d := cmp.Diff(wantPost, got); d != "" {
		t.Errorf("Post indexes (-want +got):\n%s", d)
	}
	join := myTable(s, "_PostToTag")
	if join.PrimaryKey != nil {
		t.Errorf("join table has a primary key %v", join.PrimaryKey)
	}
	got = map[string]string{}
	for _, ix := range join.Indexes {
		got[ix.Name] = indexDefinition(ix)
	}
	if d := cmp.Diff(map[string]string{"_PostToTag_AB_unique": "unique (A,B)", "_PostToTag_B_index": "(B)"}, got); d != "" {
		t.Errorf("join table indexes (-want +got):\n%s", d)
	}
}

// indexDefinition writes an index compactly: "unique (a,b(10))".
func indexDefinition(ix *schema.Index) string {
	s := ""
	switch {
	case ix.Unique:
		s = "unique "
	case ix.Method != "":
		s = strings.ToLower(ix.Method) + " "
	}
	parts := make([]string, len(ix.Parts))
	for i, p := range ix.Parts {
		parts[i] = p.Column
		if p.Length > 0 {
			parts[i] += "(" + strconv.Itoa(p.Length) + ")"
		}
		if p.Desc {
			parts[i] += " desc"
		}
	}
	return s + "(" + strings.Join(parts, ",") + ")"
}
