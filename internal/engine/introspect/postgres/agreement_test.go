package postgres_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/introspect/postgres"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqlddl"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// TestAgreesWithSQLReader runs DDL on a server and reads the same DDL with
// the SQL reader: the two schemas must be equal (positions and the types'
// source spelling aside). This is the contract that lets the engine compare
// a repository's schema with a live or shadow database.
func TestAgreesWithSQLReader(t *testing.T) {
	cases := []struct {
		name string
		ddl  string
	}{
		{"types, defaults, generated, identity", `CREATE EXTENSION citext;
CREATE SCHEMA app;
CREATE TYPE app.role AS ENUM ('user', 'admin');
CREATE SEQUENCE app.tickets START 100;
CREATE TABLE app.orgs (id bigserial PRIMARY KEY, name citext NOT NULL UNIQUE,
	roles app.role[] DEFAULT '{}', r app.role NOT NULL DEFAULT 'user');
CREATE TABLE app.users (
	id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint REFERENCES app.orgs ON DELETE CASCADE,
	email varchar(100) NOT NULL CHECK (email <> ''),
	score numeric(10,2) DEFAULT 0,
	double_score numeric GENERATED ALWAYS AS (score * 2) STORED,
	created timestamptz NOT NULL DEFAULT now(),
	flag boolean DEFAULT false,
	code text COLLATE "C"
);
COMMENT ON TABLE app.users IS 'people';
COMMENT ON COLUMN app.users.email IS 'login';`},
		{"quoting-hostile names and checks", `CREATE TABLE "Weird ""T""" ("Id" serial PRIMARY KEY,
	v int CHECK (v BETWEEN 1 AND 10), s varchar(5) CHECK (s IN ('a', 'b')),
	tags text[] NOT NULL DEFAULT ARRAY[]::text[]);
CREATE TABLE "a""; drop table x; --" ("Mixed Case" int, "with space" text, PRIMARY KEY ("Mixed Case"));`},
		{"keys and indexes", `CREATE TABLE p (a int, b text, c jsonb, d timestamptz, PRIMARY KEY (a, b),
	CONSTRAINT p_c UNIQUE NULLS NOT DISTINCT (c));
CREATE TABLE ch (id int PRIMARY KEY, a int, b text,
	CONSTRAINT ch_p FOREIGN KEY (a, b) REFERENCES p (a, b) ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED);
CREATE INDEX p_lower ON p (lower(b)) INCLUDE (a) WHERE a > 0;
CREATE INDEX p_order ON p (d DESC NULLS LAST, b COLLATE "POSIX");
CREATE INDEX p_gin ON p USING gin (c jsonb_path_ops);
CREATE UNIQUE INDEX p_u ON p (a) WHERE b IS NOT NULL;`},
		// Definitions agree when the source spells objects as the server
		// prints them: names qualified, view columns qualified, literals
		// cast. The server's rewriting is not undone (see canonDefinition).
		{"views, functions, triggers written as the server prints them", `CREATE SCHEMA app;
CREATE TABLE app.t (id int, price numeric);
CREATE VIEW app.v AS SELECT t.id, t.price FROM app.t WHERE t.id > 1;
CREATE MATERIALIZED VIEW public.mv AS SELECT count(*) AS n FROM app.t;
CREATE FUNCTION app.add(a int, b text DEFAULT 'x'::text) RETURNS int LANGUAGE sql AS $$ SELECT a $$;
CREATE OR REPLACE PROCEDURE public.noop() LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE ON app.t FOR EACH ROW EXECUTE FUNCTION app.touch();`},
	}
	d, err := dialect.Postgres("15")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := pgtest.New(t)
			db.Exec(t, tc.ddl)
			got, err := postgres.Inspect(context.Background(), db.DB, postgres.Options{})
			if err != nil {
				t.Fatalf("Inspect: %v", err)
			}
			src, err := sqlddl.Parse(d, schema.File{Path: "schema.sql", Data: []byte(tc.ddl)})
			if err != nil {
				t.Fatalf("sqlddl.Parse: %v", err)
			}
			src.Normalize()
			opts := []cmp.Option{cmpopts.IgnoreTypes(schema.Pos{}), cmpopts.IgnoreFields(schema.Type{}, "Raw")}
			if df := cmp.Diff(src, got, opts...); df != "" {
				t.Errorf("reader and introspection disagree (-reader +introspect):\n%s", df)
			}
		})
	}
}
