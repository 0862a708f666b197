package pipeline

import (
	"context"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/config"
	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/shadow"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// pgShadow is the test server as a shadow server (skipped, or failed
// under CI, when it is unreachable).
func pgShadow(t *testing.T) ShadowFunc {
	t.Helper()
	srv, err := shadow.Open(pgtest.ServerURL())
	if err != nil {
		t.Fatal(err)
	}
	open := ShadowServers(srv)
	d, err := dialect.Lookup("postgres", "")
	if err != nil {
		t.Fatal(err)
	}
	_, release, err := open(context.Background(), d)
	if err != nil {
		pgtest.Unavailable(t, "PostgreSQL", err)
	}
	release()
	return open
}

// TestHandWrittenOnAShadowDatabase: statements PostgreSQL's reader does
// not model (DROP COLUMN) are checked by running them on a shadow
// database; without one the project says why it cannot be checked.
func TestHandWrittenOnAShadowDatabase(t *testing.T) {
	base := "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name text NOT NULL,\n  phone text\n);\n"
	head := "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name text NOT NULL,\n  email text,\n  nickname text\n);\nCREATE INDEX users_email ON users (email);\n"
	open := pgShadow(t)
	cases := []struct {
		name        string
		migration   string
		converges   bool
		wantMissing string
		wantCode    string
	}{
		{name: "complete, with a drop and a concurrent index",
			migration: "ALTER TABLE users DROP COLUMN phone;\nALTER TABLE users ADD COLUMN email text;\nALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n",
			converges: true, wantCode: "MB102"},
		{name: "missing a column",
			migration:   "ALTER TABLE users DROP COLUMN phone;\nALTER TABLE users ADD COLUMN email text;\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n",
			wantMissing: `ADD COLUMN "nickname" text`, wantCode: "MB102"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := change{
				base: map[string]string{config.Path: cfgYAML(pgProject), "db/schema.sql": base},
				head: map[string]string{"db/schema.sql": head, "db/migrations/20250601000000_contact.up.sql": tc.migration},
			}
			without := runChange(t, c, nil)
			if len(without.Errors) != 1 || !strings.Contains(without.Errors[0].Error, "DROP COLUMN") {
				t.Fatalf("without a shadow database: %+v, want the reader's refusal of DROP COLUMN", without.Errors)
			}
			res := runChange(t, c, func(in *Input) { in.Shadow = open })
			if len(res.Errors) != 0 || len(res.Projects) != 1 || res.Projects[0].HandWritten == nil {
				t.Fatalf("result = %+v", res)
			}
			hw := res.Projects[0].HandWritten
			t.Logf("converges=%v missing=%q extra=%q", hw.Converges, hw.Missing, hw.Extra)
			if hw.Converges != tc.converges || len(hw.Extra) != 0 {
				t.Fatalf("Converges = %v, extra %q; want %v", hw.Converges, hw.Extra, tc.converges)
			}
			if tc.wantMissing != "" && !containsAny(hw.Missing, tc.wantMissing) {
				t.Fatalf("Missing %q lacks %q", hw.Missing, tc.wantMissing)
			}
			var codes []string
			for _, f := range hw.Findings {
				codes = append(codes, f.Code)
			}
			if !containsAny(codes, tc.wantCode) {
				t.Fatalf("findings %v lack %s", codes, tc.wantCode)
			}
		})
	}
}
