package postgres

import (
	"context"
	"errors"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// TestInspectObjects covers views, materialized views, functions,
// procedures and triggers.
func TestInspectObjects(t *testing.T) {
	runInspectCases(t, []inspectCase{{
		name: "view, materialized view, function, procedure, trigger",
		ddl: `CREATE SCHEMA app;
			CREATE TABLE app.t (id int, price numeric);
			CREATE VIEW app.v AS SELECT id, price FROM app.t WHERE id > 1;
			COMMENT ON VIEW app.v IS 'cheap';
			CREATE MATERIALIZED VIEW mv AS SELECT count(*) AS n FROM app.t;
			CREATE FUNCTION app.add(a int, b text DEFAULT 'x') RETURNS int LANGUAGE sql AS $$ SELECT a $$;
			CREATE FUNCTION app.add(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$;
			CREATE PROCEDURE noop() LANGUAGE sql AS $$ SELECT 1 $$;
			CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
			CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE ON app.t FOR EACH ROW EXECUTE FUNCTION app.touch();
			COMMENT ON TRIGGER t_touch ON app.t IS 'stamp';`,
		want: &schema.Schema{
			Namespaces: []*schema.Namespace{{Name: "app"}},
			Tables: []*schema.Table{{
				Name: q("app", "t"), Columns: []*schema.Column{col("id", "integer"), col("price", "numeric")},
			}},
			Objects: []*schema.Object{
				{
					Kind: schema.ObjectView, Name: q("app", "v"), Comment: "cheap",
					Definition: "CREATE VIEW app.v AS SELECT t.id, t.price FROM app.t WHERE t.id > 1",
					DependsOn:  []schema.QName{q("app", "t")},
				},
				{
					Kind: schema.ObjectMaterializedView, Name: q("public", "mv"),
					Definition: "CREATE MATERIALIZED VIEW public.mv AS SELECT count(*) AS n FROM app.t",
					DependsOn:  []schema.QName{q("app", "t")},
				},
				{
					Kind: schema.ObjectFunction, Name: q("app", "add"), Signature: "(integer, text)",
					Definition: "CREATE FUNCTION app.add(a int, b text = 'x'::text) RETURNS int LANGUAGE sql AS $$ SELECT a $$",
				},
				{
					Kind: schema.ObjectFunction, Name: q("app", "add"), Signature: "(integer)",
					Definition: "CREATE FUNCTION app.add(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$",
				},
				{
					Kind: schema.ObjectProcedure, Name: q("public", "noop"), Signature: "()",
					Definition: "CREATE PROCEDURE public.noop() LANGUAGE sql AS $$ SELECT 1 $$",
				},
				{
					Kind: schema.ObjectFunction, Name: q("app", "touch"), Signature: "()",
					Definition: "CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
				},
				{
					Kind: schema.ObjectTrigger, Name: q("app", "t_touch"), Table: qp("app", "t"), Comment: "stamp",
					Definition: "CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE ON app.t FOR EACH ROW EXECUTE FUNCTION app.touch()",
					DependsOn:  []schema.QName{q("app", "t"), q("app", "touch")},
				},
			},
		},
	}})
}

// TestInspectUnsupported checks that objects the model cannot carry are
// refused with ErrUnsupported rather than left out.
func TestInspectUnsupported(t *testing.T) {
	cases := []struct {
		name string
		ddl  string
	}{
		{"partition", `CREATE TABLE m (at date) PARTITION BY RANGE (at);
			CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`},
		{"exclusion constraint", `CREATE EXTENSION btree_gist;
			CREATE TABLE r (room int, during tsrange, EXCLUDE USING gist (room WITH =, during WITH &&));`},
		{"foreign key MATCH FULL", `CREATE TABLE p (a int, b int, PRIMARY KEY (a, b));
			CREATE TABLE c (a int, b int, FOREIGN KEY (a, b) REFERENCES p MATCH FULL);`},
		{"foreign key SET NULL column list", `CREATE TABLE p (a int PRIMARY KEY);
			CREATE TABLE c (a int, b int, FOREIGN KEY (a) REFERENCES p ON DELETE SET NULL (a));`},
		{"aggregate", `CREATE AGGREGATE total(int) (SFUNC = int4pl, STYPE = int);`},
		{"foreign table", `CREATE EXTENSION postgres_fdw;
			CREATE SERVER elsewhere FOREIGN DATA WRAPPER postgres_fdw;
			CREATE FOREIGN TABLE remote (id int) SERVER elsewhere;`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := pgtest.New(t)
			db.Exec(t, tc.ddl)
			_, err := Inspect(context.Background(), db.DB, Options{})
			if !errors.Is(err, ErrUnsupported) {
				t.Fatalf("Inspect error = %v, want ErrUnsupported", err)
			}
		})
	}
}

// TestInspectExtensionObjectsLeftOut checks that the objects an extension
// creates (functions, types, tables) are not listed as the user's own.
func TestInspectExtensionObjectsLeftOut(t *testing.T) {
	db := pgtest.New(t)
	db.Exec(t, `CREATE EXTENSION pg_trgm; CREATE EXTENSION hstore;
		CREATE TABLE words (w text);
		CREATE INDEX words_trgm ON words USING gin (w gin_trgm_ops);`)
	got, err := Inspect(context.Background(), db.DB, Options{})
	if err != nil {
		t.Fatalf("Inspect: %v", err)
	}
	want := (&schema.Schema{
		Dialect:    "postgres",
		Extensions: []*schema.Extension{{Name: "hstore"}, {Name: "pg_trgm"}},
		Tables: []*schema.Table{{
			Name:    q("public", "words"),
			Columns: []*schema.Column{col("w", "text")},
			Indexes: []*schema.Index{{Name: "words_trgm", Method: "gin", Parts: []schema.IndexPart{{Column: "w", OpClass: "gin_trgm_ops"}}}},
		}},
	}).Normalize()
	assertSchema(t, want, got)
}
