package postgres

import (
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TestInspectConstraints covers primary keys, unique, foreign key and check
// constraints.
func TestInspectConstraints(t *testing.T) {
	runInspectCases(t, []inspectCase{
		{
			name: "composite keys, multi-column foreign keys with actions",
			ddl: `CREATE SCHEMA app;
				CREATE TABLE app.orgs (region text, id int, code text,
					CONSTRAINT orgs_pk PRIMARY KEY (region, id),
					CONSTRAINT orgs_code_key UNIQUE NULLS NOT DISTINCT (code),
					CONSTRAINT orgs_late UNIQUE (region, code) DEFERRABLE INITIALLY DEFERRED);
				CREATE TABLE members (
					id int PRIMARY KEY,
					org_id int, org_region text, parent int,
					CONSTRAINT members_org_fk FOREIGN KEY (org_id, org_region) REFERENCES app.orgs (id, region)
						ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
					CONSTRAINT members_parent_fk FOREIGN KEY (parent) REFERENCES members (id) ON DELETE RESTRICT,
					CONSTRAINT members_org_default FOREIGN KEY (org_region, org_id) REFERENCES app.orgs
						ON DELETE SET DEFAULT ON UPDATE NO ACTION);`,
			want: &schema.Schema{
				Namespaces: []*schema.Namespace{{Name: "app"}},
				Tables: []*schema.Table{
					{
						Name:       q("app", "orgs"),
						Columns:    []*schema.Column{notNull("region", "text"), notNull("id", "integer"), col("code", "text")},
						PrimaryKey: &schema.PrimaryKey{Name: "orgs_pk", Columns: []string{"region", "id"}},
						Uniques: []*schema.Unique{
							{Name: "orgs_code_key", Columns: []string{"code"}, NullsNotDistinct: true},
							{Name: "orgs_late", Columns: []string{"region", "code"}, Deferrable: true, Deferred: true},
						},
					},
					{
						Name: q("public", "members"),
						Columns: []*schema.Column{
							notNull("id", "integer"), col("org_id", "integer"), col("org_region", "text"), col("parent", "integer"),
						},
						PrimaryKey: &schema.PrimaryKey{Name: "members_pkey", Columns: []string{"id"}},
						ForeignKeys: []*schema.ForeignKey{
							{
								Name: "members_org_fk", Columns: []string{"org_id", "org_region"},
								RefTable: q("app", "orgs"), RefColumns: []string{"id", "region"},
								OnDelete: schema.Cascade, OnUpdate: schema.SetNull, Deferrable: true, Deferred: true,
							},
							{
								Name: "members_parent_fk", Columns: []string{"parent"},
								RefTable: q("public", "members"), RefColumns: []string{"id"}, OnDelete: schema.Restrict,
							},
							{
								Name: "members_org_default", Columns: []string{"org_region", "org_id"},
								RefTable: q("app", "orgs"), RefColumns: []string{"region", "id"}, OnDelete: schema.SetDefault,
							},
						},
					},
				},
			},
		},
		{
			name: "check constraints",
			ddl: `CREATE TABLE products (
					price numeric CHECK (price > 0),
					email text,
					active boolean,
					code varchar(10) CHECK (code IN ('a', 'b')),
					CONSTRAINT email_not_empty CHECK (email <> '') NO INHERIT,
					CONSTRAINT "Active only" CHECK (active)
				);`,
			want: &schema.Schema{Tables: []*schema.Table{{
				Name: q("public", "products"),
				Columns: []*schema.Column{col("price", "numeric"), col("email", "text"), col("active", "boolean"),
					col("code", "character varying(10)")},
				Checks: []*schema.Check{
					{Name: "products_price_check", Expr: "price > 0"},
					{Name: "email_not_empty", Expr: "email <> ''", NoInherit: true},
					{Name: "Active only", Expr: "active"},
					{Name: "products_code_check", Expr: "code IN ('a', 'b')"},
				},
			}}},
		},
	})
}

// TestInspectIndexes covers indexes that do not back a constraint.
func TestInspectIndexes(t *testing.T) {
	runInspectCases(t, []inspectCase{{
		name: "partial, expression, include, ordering, opclass, collation, methods",
		ddl: `CREATE TABLE docs (
				id int PRIMARY KEY,
				email text UNIQUE,
				title varchar(100),
				body jsonb,
				tags jsonb,
				rank int,
				code text COLLATE "C"
			);
			CREATE INDEX docs_partial ON docs (title) WHERE rank > 5;
			CREATE UNIQUE INDEX docs_lower_email ON docs (lower(email));
			CREATE INDEX docs_expr ON docs ((rank + 1) DESC);
			CREATE INDEX docs_include ON docs (rank) INCLUDE (title, email);
			CREATE INDEX docs_order ON docs (rank DESC NULLS LAST, title NULLS FIRST, id DESC);
			CREATE INDEX docs_path ON docs USING gin (body jsonb_path_ops);
			CREATE INDEX docs_tags ON docs USING gin (tags);
			CREATE INDEX docs_pattern ON docs (title varchar_pattern_ops);
			CREATE INDEX docs_coll ON docs (title COLLATE "C", code, code COLLATE "POSIX");
			CREATE INDEX docs_hash ON docs USING hash (email);
			CREATE UNIQUE INDEX docs_nnd ON docs (rank, code) NULLS NOT DISTINCT;`,
		want: &schema.Schema{Tables: []*schema.Table{{
			Name: q("public", "docs"),
			Columns: []*schema.Column{
				notNull("id", "integer"), col("email", "text"), col("title", "character varying(100)"),
				col("body", "jsonb"), col("tags", "jsonb"), col("rank", "integer"),
				{Name: "code", Type: schema.Type{Norm: "text"}, Collation: "C"},
			},
			PrimaryKey: &schema.PrimaryKey{Name: "docs_pkey", Columns: []string{"id"}},
			Uniques:    []*schema.Unique{{Name: "docs_email_key", Columns: []string{"email"}}},
			Indexes: []*schema.Index{
				{Name: "docs_partial", Parts: []schema.IndexPart{{Column: "title"}}, Where: "rank > 5"},
				{Name: "docs_lower_email", Unique: true, Parts: []schema.IndexPart{{Expr: "lower(email)"}}},
				{Name: "docs_expr", Parts: []schema.IndexPart{{Expr: "rank + 1", Desc: true}}},
				{Name: "docs_include", Parts: []schema.IndexPart{{Column: "rank"}}, Include: []string{"title", "email"}},
				{Name: "docs_order", Parts: []schema.IndexPart{
					{Column: "rank", Desc: true, NullsLast: true},
					{Column: "title", NullsFirst: true},
					{Column: "id", Desc: true},
				}},
				{Name: "docs_path", Method: "gin", Parts: []schema.IndexPart{{Column: "body", OpClass: "jsonb_path_ops"}}},
				{Name: "docs_tags", Method: "gin", Parts: []schema.IndexPart{{Column: "tags"}}},
				{Name: "docs_pattern", Parts: []schema.IndexPart{{Column: "title", OpClass: "varchar_pattern_ops"}}},
				{Name: "docs_coll", Parts: []schema.IndexPart{
					{Column: "title", Collation: "C"},
					{Column: "code"},
					{Column: "code", Collation: "POSIX"},
				}},
				{Name: "docs_hash", Method: "hash", Parts: []schema.IndexPart{{Column: "email"}}},
				{Name: "docs_nnd", Unique: true, NullsNotDistinct: true, Parts: []schema.IndexPart{{Column: "rank"}, {Column: "code"}}},
			},
		}}},
	}})
}
