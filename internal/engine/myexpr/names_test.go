package myexpr

import (
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
)

// TestNames: each dialect's FunctionNames spell calls as its server stores
// them, inside any expression, in defaults too; spelling twice changes
// nothing; no names keeps the written name.
func TestNames(t *testing.T) {
	names := func(lookup func(string) (*dialect.Dialect, error)) Names {
		d, err := lookup("")
		if err != nil {
			t.Fatal(err)
		}
		return Names(d.MySQL.FunctionNames)
	}
	mariadb, mysql := names(dialect.Mariadb), names(dialect.Mysql)
	cases := []struct {
		name         string
		names        Names
		in, want     string
		isDefaultFor string // a column type: canonicalize as a default
	}{
		{"mariadb length", mariadb, "length(a) > 0", "octet_length(`a`) > 0", ""},
		{"mariadb upper case", mariadb, "LENGTH(a)", "octet_length(`a`)", ""},
		{"mariadb lengthb", mariadb, "lengthb(a)", "octet_length(`a`)", ""},
		{"mariadb octet_length kept", mariadb, "octet_length(a)", "octet_length(`a`)", ""},
		{"mariadb character_length", mariadb, "character_length(a) < 10", "char_length(`a`) < 10", ""},
		{"mariadb nested", mariadb, "concat(length(a), upper(b)) = 'x' and length(c) in (1, 2)",
			"concat(octet_length(`a`), upper(`b`)) = 'x' and octet_length(`c`) in (1,2)", ""},
		{"mariadb default", mariadb, "(length('abc'))", "function octet_length('abc')", "int"},
		{"mysql octet_length", mysql, "octet_length(a) > 0", "length(`a`) > 0", ""},
		{"mysql length kept", mysql, "length(a)", "length(`a`)", ""},
		{"mysql character_length", mysql, "CHARACTER_LENGTH(a)", "char_length(`a`)", ""},
		{"no names", nil, "length(a) + octet_length(b)", "length(`a`) + octet_length(`b`)", ""},
		{"no names synonyms", nil, "ucase(a)", "upper(`a`)", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			if tc.isDefaultFor != "" {
				d, err := tc.names.DefaultText(tc.in, tc.isDefaultFor)
				if err != nil {
					t.Fatal(err)
				}
				got = show(d)
			} else {
				var err error
				if got, err = tc.names.Expr(tc.in); err != nil {
					t.Fatal(err)
				}
				again, err := tc.names.Expr(got)
				if err != nil || again != got {
					t.Errorf("spelled again: %q, %v; want %q", again, err, got)
				}
			}
			if got != tc.want {
				t.Errorf("%q = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
