package sqlalchemy

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TestPositions checks that tables, columns, indexes and constraints carry
// the .py file and line they come from, across modules.
func TestPositions(t *testing.T) {
	for _, d := range []string{"postgres", "mariadb", "sqlite"} {
		t.Run(d, func(t *testing.T) {
			s, err := ParseDir(mustDialect(t, d), "testdata/oracle/multi_module")
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{
				"table users":                "users.py:6",
				"column users.id":            "users.py:9",
				"column users.name":          "users.py:10",
				"column users.created_by":    "base.py:16",
				"table orders":               "orders.py:8",
				"column orders.user_id":      "orders.py:12",
				"index ix_orders_user_id":    "orders.py:12",
				"unique uq_users_name":       "users.py:10",
				"fk fk_orders_user_id_users": "orders.py:12",
				"column orders.status":       "orders.py:14",
			}
			got := map[string]string{}
			short := func(p schema.Pos) string { return filepath.Base(p.File) + ":" + itoa(p.Line) }
			for _, tb := range s.Tables {
				got["table "+tb.Name.Name] = short(tb.Pos)
				for _, c := range tb.Columns {
					got["column "+tb.Name.Name+"."+c.Name] = short(c.Pos)
				}
				for _, ix := range tb.Indexes {
					got["index "+ix.Name] = short(ix.Pos)
				}
				for _, u := range tb.Uniques {
					got["unique "+u.Name] = short(u.Pos)
				}
				for _, fk := range tb.ForeignKeys {
					got["fk "+fk.Name] = short(fk.Pos)
				}
			}
			for k, w := range want {
				if d == "mariadb" && strings.HasPrefix(k, "unique ") {
					continue // MariaDB reports unique constraints as unique indexes
				}
				if got[k] != w {
					t.Errorf("%s at %q, want %q (all: %v)", k, got[k], w, got)
				}
			}
		})
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestParseDirSkips checks that ParseDir reads a single file and skips
// caches and migration folders.
func TestParseDirSkips(t *testing.T) {
	dir := t.TempDir()
	write := func(p, s string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("models/m.py", header+"class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n")
	write("models/migrations/versions/x.py", "this is not python (\n")
	write("models/__pycache__/y.py", "nor this (\n")
	s, err := ParseDir(mustDialect(t, "postgres"), filepath.Join(dir, "models"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Tables) != 1 || s.Tables[0].Name.Name != "a" {
		t.Fatalf("tables %v, want just a", s.Tables)
	}
	one, err := ParseDir(mustDialect(t, "sqlite"), filepath.Join(dir, "models", "m.py"))
	if err != nil || len(one.Tables) != 1 {
		t.Fatalf("single file: %v %v", one, err)
	}
}

// TestModuleNames checks how file paths become dotted module names.
func TestModuleNames(t *testing.T) {
	cases := []struct {
		name  string
		paths []string
		want  []string
	}{
		{"one file", []string{"app/models.py"}, []string{"app.models"}},
		{"package", []string{"src/app/models/__init__.py", "src/app/models/user.py", "src/app/models/base.py"},
			[]string{"models.__init__", "models.user", "models.base"}},
		{"nested", []string{"a/m/x.py", "a/m/sub/y.py"}, []string{"m.x", "m.sub.y"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := moduleNames(tc.paths)
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("moduleNames(%v) = %v, want %v", tc.paths, got, tc.want)
			}
		})
	}
}

// TestConventionName checks naming convention tokens against names
// SQLAlchemy 1.4 produced for the same tables (see the oracle fixtures).
func TestConventionName(t *testing.T) {
	tb := &tableDef{name: "offices", schema: "s1"}
	cols := []*colDef{{name: "country", key: "country"}, {name: "region", key: "region"}}
	md := &metaInfo{conv: map[string]string{
		"uq": "uq_%(table_name)s_%(column_0_N_name)s",
		"ix": "ix_%(column_0_label)s",
		"fk": "fk_%(table_name)s_%(column_0N_name)s_%(referred_table_name)s_%(referred_column_0_name)s",
		"ck": "ck_%(table_name)s_%(constraint_name)s",
	}}
	cases := []struct {
		kind, given string
		info        convInfo
		want        string
	}{
		{"uq", "", convInfo{table: tb, cols: cols}, "uq_offices_country_region"},
		{"ix", "", convInfo{table: tb, cols: cols}, "ix_s1_offices_country"},
		{"fk", "", convInfo{table: tb, cols: cols, refTable: "regions", refCols: []string{"country", "code"}}, "fk_offices_countryregion_regions_country"},
		{"ck", "positive", convInfo{table: tb, constraint: "positive"}, "ck_offices_positive"},
		{"pk", "", convInfo{table: tb, cols: cols}, ""},
		{"uq", "explicit", convInfo{table: tb, cols: cols}, "explicit"},
	}
	for _, tc := range cases {
		t.Run(tc.kind+tc.given, func(t *testing.T) {
			got, _, err := conventionName(md, tc.kind, tc.given, tc.info, schema.Pos{})
			if err != nil || got != tc.want {
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	// SQLAlchemy 1.4: "uq_extremely_long_organisational_unit_names_for_testing_first_very_long_column_name_second_very_long_column_name"
	// truncated for PostgreSQL's 63 characters: 55 characters, "_", 4 hex
	// digits (sqlalchemy.sql.compiler _truncate_and_render_maxlen_name).
	long := "uq_extremely_long_organisational_unit_names_for_testing_first_very_long_column_name_second_very_long_column_name"
	if got := truncateName(long, 63); len(got) != 60 || !strings.HasPrefix(got, long[:55]+"_") {
		t.Errorf("truncateName = %q", got)
	}
}
