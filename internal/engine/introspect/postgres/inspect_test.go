package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// everything is DDL touching every object kind Inspect reads.
const everything = `CREATE EXTENSION citext;
CREATE SCHEMA app; COMMENT ON SCHEMA app IS 'application';
CREATE TYPE app.role AS ENUM ('user', 'admin');
CREATE SEQUENCE app.tickets START 100;
CREATE TABLE app.orgs (id bigserial PRIMARY KEY, name citext NOT NULL UNIQUE, roles app.role[]);
CREATE TABLE app.users (
	id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id bigint REFERENCES app.orgs ON DELETE CASCADE,
	email text NOT NULL CHECK (email <> ''),
	score numeric DEFAULT 0,
	double_score numeric GENERATED ALWAYS AS (score * 2) STORED,
	created timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE app.users IS 'people';
CREATE INDEX users_email ON app.users (lower(email)) INCLUDE (org_id) WHERE score > 0;
CREATE VIEW app.active AS SELECT id, email FROM app.users WHERE score > 0;
CREATE FUNCTION app.stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created := now(); RETURN NEW; END $$;
CREATE TRIGGER users_stamp BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app.stamp();`

// TestInspectDeterministic inspects the same database twice, through each
// kind of Querier, and requires identical results down to the JSON bytes.
func TestInspectDeterministic(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	db.Exec(t, everything)
	first, err := Inspect(ctx, db.DB, Options{})
	if err != nil {
		t.Fatalf("Inspect via *sql.DB: %v", err)
	}
	if len(first.Tables) != 2 || len(first.Objects) != 3 || len(first.Enums) != 1 || len(first.Sequences) != 1 {
		t.Fatalf("unexpected shape: %d tables, %d objects, %d enums, %d sequences",
			len(first.Tables), len(first.Objects), len(first.Enums), len(first.Sequences))
	}
	conn, err := db.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tx, err := db.DB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	queriers := []struct {
		name string
		q    Querier
	}{{"*sql.DB again", db.DB}, {"*sql.Conn", conn}, {"*sql.Tx", tx}}
	want, _ := json.Marshal(first)
	for _, qr := range queriers {
		t.Run(qr.name, func(t *testing.T) {
			again, err := Inspect(ctx, qr.q, Options{})
			if err != nil {
				t.Fatalf("Inspect: %v", err)
			}
			if d := cmp.Diff(first, again); d != "" {
				t.Errorf("second inspection differs (-first +again):\n%s", d)
			}
			if got, _ := json.Marshal(again); string(got) != string(want) {
				t.Errorf("JSON differs:\n%s\n%s", want, got)
			}
		})
	}
}

// countingQuerier counts the queries Inspect sends.
type countingQuerier struct {
	Querier
	n int
}

func (c *countingQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	c.n++
	return c.Querier.QueryContext(ctx, query, args...)
}

// TestInspectQueryCount checks that the number of queries does not grow
// with the number of tables: one per object kind.
func TestInspectQueryCount(t *testing.T) {
	cases := []struct {
		name   string
		tables int
	}{{"one table", 1}, {"forty tables", 40}}
	counts := map[int]int{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := pgtest.New(t)
			db.Exec(t, generatedSchema(tc.tables))
			cq := &countingQuerier{Querier: db.DB}
			s, err := Inspect(context.Background(), cq, Options{})
			if err != nil {
				t.Fatalf("Inspect: %v", err)
			}
			if len(s.Tables) != tc.tables {
				t.Fatalf("got %d tables, want %d", len(s.Tables), tc.tables)
			}
			counts[tc.tables] = cq.n
		})
	}
	if counts[1] != counts[40] {
		t.Errorf("queries grow with tables: %v", counts)
	}
}

// generatedSchema is DDL for n tables, each with a key, a foreign key to
// the previous one, a unique constraint, a check and an index.
func generatedSchema(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `CREATE TABLE t%d (
	id bigserial PRIMARY KEY,
	prev bigint%s,
	code text NOT NULL UNIQUE,
	qty int CHECK (qty >= 0),
	price numeric(10,2) DEFAULT 0,
	note text,
	created timestamptz DEFAULT now()
);
CREATE INDEX t%d_created ON t%d (created DESC) WHERE note IS NOT NULL;
`, i, prevRef(i), i, i)
	}
	return b.String()
}

func prevRef(i int) string {
	if i == 0 {
		return ""
	}
	return fmt.Sprintf(" REFERENCES t%d ON DELETE CASCADE", i-1)
}

// BenchmarkInspect inspects a generated 500-table database.
func BenchmarkInspect(b *testing.B) {
	db := pgtest.New(b)
	db.Exec(b, generatedSchema(500))
	ctx := context.Background()
	start := time.Now()
	for b.Loop() {
		s, err := Inspect(ctx, db.DB, Options{})
		if err != nil {
			b.Fatalf("Inspect: %v", err)
		}
		if len(s.Tables) != 500 {
			b.Fatalf("got %d tables", len(s.Tables))
		}
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/inspect")
}
