package postgres

import (
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TestInspectTypes covers namespaces, extensions, enums and sequences.
func TestInspectTypes(t *testing.T) {
	runInspectCases(t, []inspectCase{
		{
			name: "namespaces, public never listed",
			ddl: `CREATE SCHEMA app; COMMENT ON SCHEMA app IS 'application';
				CREATE SCHEMA "Mixed Case";
				COMMENT ON SCHEMA public IS 'the default';`,
			want: &schema.Schema{Namespaces: []*schema.Namespace{
				{Name: "Mixed Case"},
				{Name: "app", Comment: "application"},
			}},
		},
		{
			name: "extensions without plpgsql, extension types as user types",
			ddl: `CREATE EXTENSION citext; CREATE SCHEMA ext; CREATE EXTENSION hstore SCHEMA ext;
				CREATE TABLE people (email citext, attrs ext.hstore);`,
			want: &schema.Schema{
				Namespaces: []*schema.Namespace{{Name: "ext"}},
				Extensions: []*schema.Extension{{Name: "citext"}, {Name: "hstore", Schema: "ext"}},
				Tables: []*schema.Table{{
					Name:    q("public", "people"),
					Columns: []*schema.Column{userCol("email", "public", "citext", false), userCol("attrs", "ext", "hstore", false)},
				}},
			},
		},
		{
			name: "enums in order, enum arrays, enum defaults",
			ddl: `CREATE TYPE "Role" AS ENUM ('user', 'admin'); COMMENT ON TYPE "Role" IS 'who';
				CREATE SCHEMA app; CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
				ALTER TYPE app.mood ADD VALUE 'meh' BEFORE 'ok';
				CREATE TYPE app.empty AS ENUM ();
				CREATE TABLE t (r "Role" NOT NULL DEFAULT 'user', rs "Role"[], m app.mood[][]);`,
			want: &schema.Schema{
				Namespaces: []*schema.Namespace{{Name: "app"}},
				Enums: []*schema.Enum{
					{Name: q("public", "Role"), Values: []string{"user", "admin"}, Comment: "who"},
					{Name: q("app", "mood"), Values: []string{"sad", "meh", "ok", "happy"}},
					{Name: q("app", "empty")},
				},
				Tables: []*schema.Table{{
					Name: q("public", "t"),
					Columns: []*schema.Column{
						func() *schema.Column {
							c := userCol("r", "public", "Role", false)
							c.NotNull = true
							c.Default = &schema.Default{Kind: schema.DefaultLiteral, Expr: "'user'"}
							return c
						}(),
						userCol("rs", "public", "Role", true),
						userCol("m", "app", "mood", true),
					},
				}},
			},
		},
		{
			name: "standalone sequences listed, serial sequences folded into defaults",
			ddl: `CREATE SEQUENCE s1; COMMENT ON SEQUENCE s1 IS 'counter';
				CREATE SCHEMA app;
				CREATE SEQUENCE app.s2 AS integer START 10 INCREMENT 5 MINVALUE 10 MAXVALUE 1000 CACHE 3 CYCLE;
				CREATE TABLE o (n int, ord bigint DEFAULT nextval('s1'));
				CREATE SEQUENCE o_seq OWNED BY o.n;
				CREATE TABLE app.ser (id serial, b bigserial, s smallserial);`,
			want: &schema.Schema{
				Namespaces: []*schema.Namespace{{Name: "app"}},
				Sequences: []*schema.Sequence{
					{Name: q("public", "s1"), Type: "bigint", Start: 1, Increment: 1, Min: 1, Max: 9223372036854775807, Cache: 1, Comment: "counter"},
					{Name: q("app", "s2"), Type: "integer", Start: 10, Increment: 5, Min: 10, Max: 1000, Cache: 3, Cycle: true},
					{Name: q("public", "o_seq"), Type: "bigint", Start: 1, Increment: 1, Min: 1, Max: 9223372036854775807, Cache: 1, OwnedBy: "o.n"},
				},
				Tables: []*schema.Table{
					// nextval() of a sequence the column does not own is a function.
					{Name: q("public", "o"), Columns: []*schema.Column{col("n", "integer"),
						withDefault(col("ord", "bigint"), schema.DefaultFunction, "nextval('s1'::regclass)")}},
					{Name: q("app", "ser"), Columns: []*schema.Column{
						serial("id", "integer", "app", "ser_id_seq", `nextval('app.ser_id_seq'::regclass)`),
						serial("b", "bigint", "app", "ser_b_seq", `nextval('app.ser_b_seq'::regclass)`),
						serial("s", "smallint", "app", "ser_s_seq", `nextval('app.ser_s_seq'::regclass)`),
					}},
				},
			},
		},
	})
}

// TestInspectColumns covers column types, nullability, defaults, identity,
// generated columns, collations and comments.
func TestInspectColumns(t *testing.T) {
	runInspectCases(t, []inspectCase{
		{
			name: "types, defaults, collation, comments",
			ddl: `CREATE TABLE items (
					id bigserial PRIMARY KEY,
					name varchar(20) NOT NULL DEFAULT 'x',
					code text COLLATE "C",
					price numeric(10,2) DEFAULT 0,
					n int DEFAULT -1,
					active boolean NOT NULL DEFAULT true,
					tags text[] DEFAULT '{}',
					at timestamptz(3) DEFAULT now(),
					payload jsonb
				);
				COMMENT ON TABLE items IS 'things we sell';
				COMMENT ON COLUMN items.name IS 'display name';`,
			want: &schema.Schema{Tables: []*schema.Table{{
				Name:    q("public", "items"),
				Comment: "things we sell",
				Columns: []*schema.Column{
					serial("id", "bigint", "public", "items_id_seq", `nextval('items_id_seq'::regclass)`),
					func() *schema.Column {
						c := withDefault(notNull("name", "character varying(20)"), schema.DefaultLiteral, "'x'")
						c.Comment = "display name"
						return c
					}(),
					{Name: "code", Type: schema.Type{Norm: "text"}, Collation: "C"},
					withDefault(col("price", "numeric(10,2)"), schema.DefaultLiteral, "0"),
					withDefault(col("n", "integer"), schema.DefaultLiteral, "-1"),
					withDefault(notNull("active", "boolean"), schema.DefaultLiteral, "true"),
					withDefault(col("tags", "text[]"), schema.DefaultLiteral, "'{}'"),
					withDefault(col("at", "timestamp(3) with time zone"), schema.DefaultFunction, "now()"),
					col("payload", "jsonb"),
				},
				PrimaryKey: &schema.PrimaryKey{Name: "items_pkey", Columns: []string{"id"}},
			}}},
		},
		{
			name: "identity and generated columns",
			ddl: `CREATE TABLE g (
					id int GENERATED ALWAYS AS IDENTITY,
					b bigint GENERATED BY DEFAULT AS IDENTITY (START 100 INCREMENT 10),
					price numeric,
					tax numeric GENERATED ALWAYS AS (price * 0.2) STORED
				);`,
			want: &schema.Schema{Tables: []*schema.Table{{
				Name: q("public", "g"),
				Columns: []*schema.Column{
					{Name: "id", Type: schema.Type{Norm: "integer"}, NotNull: true, Identity: &schema.Identity{Always: true, Start: 1, Increment: 1}},
					{Name: "b", Type: schema.Type{Norm: "bigint"}, NotNull: true, Identity: &schema.Identity{Start: 100, Increment: 10}},
					col("price", "numeric"),
					{Name: "tax", Type: schema.Type{Norm: "numeric"}, Generated: &schema.Generated{Expr: "price * 0.2", Stored: true}},
				},
			}}},
		},
		{
			name: "quoting-hostile names",
			ddl: `CREATE SCHEMA "My Schema";
				CREATE TYPE "My Schema"."we""ird" AS ENUM ('a b', 'it''s');
				CREATE TABLE "My Schema"."a""; drop table x; --" (
					"Mixed Case" int PRIMARY KEY,
					"with space" text,
					"e" "My Schema"."we""ird"
				);
				CREATE INDEX "idx ""q""" ON "My Schema"."a""; drop table x; --" ("with space" DESC);`,
			want: &schema.Schema{
				Namespaces: []*schema.Namespace{{Name: "My Schema"}},
				Enums:      []*schema.Enum{{Name: q("My Schema", `we"ird`), Values: []string{"a b", "it's"}}},
				Tables: []*schema.Table{{
					Name: q("My Schema", `a"; drop table x; --`),
					Columns: []*schema.Column{
						notNull("Mixed Case", "integer"),
						col("with space", "text"),
						{Name: "e", Type: schema.Type{Norm: `"My Schema"."we""ird"`, Ref: qp("My Schema", `we"ird`)}},
					},
					PrimaryKey: &schema.PrimaryKey{Name: `a"; drop table x; --_pkey`, Columns: []string{"Mixed Case"}},
					Indexes:    []*schema.Index{{Name: `idx "q"`, Parts: []schema.IndexPart{{Column: "with space", Desc: true}}}},
				}},
			},
		},
		{
			name: "schema filter",
			ddl: `CREATE SCHEMA app; CREATE SCHEMA other;
				CREATE TABLE app.a (id int); CREATE TABLE other.b (id int); CREATE TABLE c (id int);
				CREATE TYPE other.e AS ENUM ('x'); CREATE SEQUENCE other.s;`,
			opts: Options{Schemas: []string{"app"}},
			want: &schema.Schema{
				Namespaces: []*schema.Namespace{{Name: "app"}},
				Tables:     []*schema.Table{{Name: q("app", "a"), Columns: []*schema.Column{col("id", "integer")}}},
			},
		},
	})
}
