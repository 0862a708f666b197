package prismaoracle

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// TestObservedPostgresSamples keeps tools/prisma-oracle/observed honest: the
// committed SQL is what the pinned engine generates (from an empty database to
// postgres-sample.prisma, then from it to postgres-alter.prisma;
// MIGRATE_BOT_UPDATE_OBSERVED=1 rewrites the .sql files), both scripts run on
// PostgreSQL in turn, and the only drift Prisma then sees is the table whose
// 67-character name PostgreSQL truncated (Prisma shortens constraint and index
// names, not table or column names).
func TestObservedPostgresSamples(t *testing.T) {
	dir, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	obs := filepath.Join(dir, "observed")
	read := func(name string) []schema.File {
		src, err := os.ReadFile(filepath.Join(obs, name))
		if err != nil {
			t.Fatal(err)
		}
		return []schema.File{{Path: name, Data: src}}
	}
	d := pgtest.New(t)
	steps := []struct {
		from, to, sql string
	}{
		{"", "postgres-sample.prisma", "postgres-sample.sql"},
		{"postgres-sample.prisma", "postgres-alter.prisma", "postgres-alter.sql"},
	}
	for _, st := range steps {
		var from []schema.File
		if st.from != "" {
			from = read(st.from)
		}
		to := read(st.to)
		got := Diff(t, "postgresql", from, to, d.URL)
		path := filepath.Join(obs, st.sql)
		if os.Getenv("MIGRATE_BOT_UPDATE_OBSERVED") == "1" {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Fatalf("Prisma's SQL from %q to %s differs from %s (MIGRATE_BOT_UPDATE_OBSERVED=1 rewrites it):\n%s", st.from, st.to, path, got)
		}
		d.Exec(t, got)

		drift := DBDiff(t, "postgresql", d.URL, to)
		if !strings.Contains(drift, `DROP TABLE "billing"."AccountingLedgerEntryWithAnExtremelyLongModelNameForTruncationT";`) {
			t.Errorf("%s: expected drift on the truncated table name; got:\n%s", st.to, drift)
		}
		for _, name := range []string{`"User"`, `"Post"`, `"Profile"`, `"Category"`, `"Reviewer"`, `"_CategoryToPost"`, `"user_role"`, `"billing"."Invoice" `} {
			if strings.Contains(drift, name) {
				t.Errorf("%s: unexpected drift on %s:\n%s", st.to, name, drift)
			}
		}
	}
}
