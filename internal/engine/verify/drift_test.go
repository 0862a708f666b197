package verify

import (
	"errors"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqliteddl"
)

func parse(t *testing.T, ddl string) *schema.Schema {
	t.Helper()
	d, err := dialect.Lookup("sqlite", "")
	if err != nil {
		t.Fatal(err)
	}
	s, err := sqliteddl.Parse(d, schema.File{Path: "s.sql", Data: []byte(ddl)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDrift(t *testing.T) {
	base := "CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT);\n"
	for _, tc := range []struct {
		name, replayed, declared string
		want                     []string
	}{
		{"same", base, base, nil},
		{"history lacks a column", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n", base, []string{"AddColumn"}},
		{"history has an extra table", base + "CREATE TABLE b (id INTEGER PRIMARY KEY);\n", base, []string{"DropTable"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Drift(parse(t, tc.replayed), parse(t, tc.declared), "migrations", "schema.sql")
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Drift = %v, want nil", err)
				}
				return
			}
			var de *DriftError
			if !errors.As(err, &de) || len(de.Changes) != len(tc.want) {
				t.Fatalf("Drift = %v, want changes %v", err, tc.want)
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(de.Changes[i], w) {
					t.Errorf("change %d = %q, want %s", i, de.Changes[i], w)
				}
			}
			if !strings.Contains(err.Error(), "migrations") || !strings.Contains(err.Error(), "schema.sql") {
				t.Errorf("message %q does not name both sides", err)
			}
		})
	}
}

func TestDriftErrorListsAtMostTen(t *testing.T) {
	e := &DriftError{History: "h", Declared: "d"}
	for i := 0; i < 14; i++ {
		e.Changes = append(e.Changes, "AddTable t")
	}
	if msg := e.Error(); !strings.Contains(msg, "and 4 more") || !strings.Contains(msg, "14 change(s)") {
		t.Fatalf("message %q", msg)
	}
}
