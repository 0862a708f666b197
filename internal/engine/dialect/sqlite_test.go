package dialect

import (
	"strings"
	"testing"
)

func TestSqlite(t *testing.T) {
	cases := []struct {
		name, version string
		want          Version
		facts         SqliteFacts
	}{
		{"default", "", Version{3, 45}, SqliteFactsFor(Version{3, 45})},
		{"before rename column", "3.24", Version{3, 24}, SqliteFacts{
			AddColumnNotNullNeedsDefault: true, TableIfExists: true, WithoutRowid: true}},
		{"rename column", "3.25.3", Version{3, 25}, SqliteFacts{RenameColumn: true,
			AddColumnNotNullNeedsDefault: true, TableIfExists: true, WithoutRowid: true}},
		{"generated columns", "3.31", Version{3, 31}, SqliteFacts{RenameColumn: true,
			RenameTableUpdatesReferences: true, GeneratedColumns: true,
			AddColumnNotNullNeedsDefault: true, TableIfExists: true, WithoutRowid: true}},
		{"drop column", "3.35", Version{3, 35}, SqliteFacts{RenameColumn: true,
			RenameTableUpdatesReferences: true, GeneratedColumns: true, DropColumn: true, Returning: true,
			AddColumnNotNullNeedsDefault: true, TableIfExists: true, WithoutRowid: true}},
		{"strict", "3.37", Version{3, 37}, SqliteFacts{RenameColumn: true,
			RenameTableUpdatesReferences: true, GeneratedColumns: true, DropColumn: true, Returning: true,
			StrictTables: true, AddColumnChecksRows: true,
			AddColumnNotNullNeedsDefault: true, TableIfExists: true, WithoutRowid: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Sqlite(tc.version)
			if err != nil {
				t.Fatal(err)
			}
			if d.Name != "sqlite" || d.Version != tc.want {
				t.Errorf("got %s %v, want sqlite %v", d.Name, d.Version, tc.want)
			}
			if d.MaxIdentLen != 0 || d.DefaultNamespace != "" {
				t.Errorf("MaxIdentLen %d, DefaultNamespace %q: want no limit and no namespace", d.MaxIdentLen, d.DefaultNamespace)
			}
			want := Caps{TransactionalDDL: true}
			if d.Caps != want {
				t.Errorf("caps = %+v, want %+v", d.Caps, want)
			}
			if got := SqliteFactsFor(d.Version); got != tc.facts {
				t.Errorf("facts = %+v\nwant %+v", got, tc.facts)
			}
			if q := d.Quote(`a"b`); q != `"a""b"` {
				t.Errorf("Quote = %s", q)
			}
			if q := d.QuoteString(`it's \x`); q != `'it''s \x'` {
				t.Errorf("QuoteString = %s", q)
			}
		})
	}
}

func TestSqliteErrors(t *testing.T) {
	for _, v := range []string{"2.8", "4.0", "x", "3.x", "-3", "3.45.1.2"} {
		if _, err := Sqlite(v); err == nil {
			t.Errorf("Sqlite(%q): no error", v)
		} else if !strings.Contains(err.Error(), v) {
			t.Errorf("Sqlite(%q): error %q does not name the version", v, err)
		}
	}
}

func TestNormalizeSqliteType(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"integer", "INTEGER"},
		{"  varchar( 20 ) ", "VARCHAR(20)"},
		{"decimal(10, 2)", "DECIMAL(10,2)"},
		{"double\n\tprecision", "DOUBLE PRECISION"},
		{"unsigned big int", "UNSIGNED BIG INT"},
		{`"My Type"`, `"My Type"`},
		{`my "odd type" (3)`, `MY "odd type"(3)`},
		{"numeric(+10 , -2)", "NUMERIC(+10,-2)"},
		{`"unterminated`, `"unterminated`},
		{"[bracket type]", "[bracket type]"},
	}
	for _, tc := range cases {
		if got := NormalizeSqliteType(tc.in); got != tc.want {
			t.Errorf("NormalizeSqliteType(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if again := NormalizeSqliteType(NormalizeSqliteType(tc.in)); again != NormalizeSqliteType(tc.in) {
			t.Errorf("NormalizeSqliteType(%q) is not idempotent: %q", tc.in, again)
		}
	}
}

func TestSqliteAffinity(t *testing.T) {
	cases := []struct{ in, want string }{
		{"INT", "INTEGER"}, {"BIGINT", "INTEGER"}, {"POINT", "INTEGER"},
		{"VARCHAR(20)", "TEXT"}, {"CLOB", "TEXT"}, {"text", "TEXT"},
		{"BLOB", "BLOB"}, {"", "BLOB"},
		{"REAL", "REAL"}, {"FLOAT", "REAL"}, {"DOUBLE PRECISION", "REAL"},
		{"DECIMAL(10,2)", "NUMERIC"}, {"BOOLEAN", "NUMERIC"}, {"DATETIME", "NUMERIC"},
	}
	for _, tc := range cases {
		if got := SqliteAffinity(tc.in); got != tc.want {
			t.Errorf("SqliteAffinity(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
