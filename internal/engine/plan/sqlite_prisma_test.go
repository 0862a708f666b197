package plan_test

import "testing"

// TestSqlitePrismaScenarios: Prisma schemas with provider sqlite. The base
// and head databases are what Prisma's engine writes for each schema
// (tools/prisma-oracle); the plan, made from the Prisma reader's schemas,
// must take the seeded base to a database equal to Prisma's head, and
// Prisma's own base-to-head migration must give that database too.
func TestSqlitePrismaScenarios(t *testing.T) {
	const user = `model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  posts Post[]
}
`
	const post = `model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
  @@index([authorId])
}
`
	const seed = `INSERT INTO "User" (id, email, name) VALUES (1, 'a@x', 'Ann'), (2, 'b@x', NULL);
INSERT INTO "Post" (id, title, authorId) VALUES (1, 'hello', 1), (2, 'again', 1), (3, 'bye', 2);`
	const rows = `SELECT id, email, name FROM "User" ORDER BY id; SELECT id, title, authorId FROM "Post" ORDER BY id`
	scenarios := []sqliteScenario{
		{
			name: "prisma add optional field",
			base: user + post, seed: seed, rowsBase: rows,
			head: user[:len(user)-2] + "  bio String?\n}\n" + post,
		},
		{
			name: "prisma required field with default on the referenced table",
			base: user + post, seed: seed, rebuild: true,
			head: `model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String  @default("anon")
  age   Int     @default(0)
  posts Post[]
}
` + post,
			// NULL names become 'anon' for good; the query reads both alike.
			rowsBase: `SELECT id, email, CASE name WHEN 'anon' THEN NULL ELSE name END FROM "User" ORDER BY id; SELECT id, title, authorId FROM "Post" ORDER BY id`,
		},
		{
			name: "prisma drop optional field",
			base: user + post, seed: seed, rowsBase: `SELECT id, email FROM "User" ORDER BY id; SELECT id, title, authorId FROM "Post" ORDER BY id`,
			head: `model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  posts Post[]
}
` + post,
		},
		{
			name: "prisma change field type",
			base: user + post, seed: seed, rowsBase: rows, rebuild: true,
			head: `model User {
  id    Int      @id @default(autoincrement())
  email String   @unique
  name  Decimal?
  posts Post[]
}
` + post,
		},
		{
			name: "prisma change referential action",
			base: user + post, seed: seed, rowsBase: rows, rebuild: true,
			head: user + `model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id], onDelete: Cascade)
  authorId Int
  @@index([authorId])
}
`,
		},
		{
			name: "prisma add model with relation",
			base: user + post, seed: seed, rowsBase: rows,
			head: `model User {
  id       Int       @id @default(autoincrement())
  email    String    @unique
  name     String?
  posts    Post[]
  comments Comment[]
}
` + post + `model Comment {
  id     Int    @id @default(autoincrement())
  body   String
  user   User   @relation(fields: [userId], references: [id])
  userId Int
}
`,
		},
		{
			name: "prisma add and drop index and unique",
			base: user + post, seed: seed, rowsBase: rows,
			head: `model User {
  id    Int     @id @default(autoincrement())
  email String
  name  String?
  posts Post[]
  @@index([name])
}
` + `model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
  @@unique([authorId, title])
}
`,
		},
		{
			name: "prisma optional to required with default and datetime default",
			base: user + post, seed: seed, rowsBase: `SELECT id, title, authorId FROM "Post" ORDER BY id`, rebuild: true,
			head: user + `model Post {
  id        Int      @id @default(autoincrement())
  title     String
  createdAt DateTime @default(now())
  author    User     @relation(fields: [authorId], references: [id])
  authorId  Int
  @@index([authorId])
}
`,
		},
		{
			name: "prisma mapped names and composite id",
			base: `model Tag {
  name String
  kind String
  note String?
  @@id([name, kind])
  @@map("tags")
}
`,
			seed:     `INSERT INTO tags (name, kind, note) VALUES ('go', 'lang', NULL), ('pg', 'db', 'x');`,
			rowsBase: `SELECT name, kind, CASE note WHEN '' THEN NULL ELSE note END FROM tags ORDER BY name`, rebuild: true,
			head: `model Tag {
  name String
  kind String
  note String @default("")
  @@id([name, kind])
  @@map("tags")
}
`,
		},
	}
	for _, sc := range scenarios {
		sc.prisma = true
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			runSqliteScenario(t, sc)
		})
	}
}
