package myexpr

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/testutil/mytest"
)

// TestDefaultsMatchMariaDB creates one column per case on MariaDB and
// checks that Default of the written text equals Default of the text the
// server reports in COLUMN_DEFAULT, and that both are the expected
// canonical form.
func TestDefaultsMatchMariaDB(t *testing.T) {
	cases := []struct {
		typ, def string
		want     string // "kind expr", or "none"
	}{
		{"int", "7", "literal 7"},
		{"int", "'7'", "literal 7"},
		{"int", "-3", "literal -3"},
		{"int", "(5)", "literal 5"},
		{"int", "0x10", "literal 16"},
		{"bigint unsigned", "18446744073709551", "literal 18446744073709551"},
		{"bigint", "NULL", "none"},
		{"tinyint(1)", "true", "literal 1"},
		{"bool", "FALSE", "literal 0"},
		{"decimal(10,2)", "1.5", "literal 1.50"},
		{"decimal(10,2)", "'3'", "literal 3.00"},
		{"decimal(10,0)", "2", "literal 2"},
		{"float", "1.5", "literal 1.5"},
		{"double", "1e3", "literal 1000"},
		{"double", "-0.25", "literal -0.25"},
		{"bit(1)", "b'1'", "literal b'1'"},
		{"bit(8)", "5", "literal b'101'"},
		{"varchar(20)", "'it''s'", "literal 'it''s'"},
		{"varchar(20)", `'a\\b'`, `literal 'a\\b'`},
		{"varchar(20)", "'NULL'", "literal 'NULL'"},
		{"varchar(20)", "''", "literal ''"},
		{"varchar(20)", "12", "literal '12'"},
		{"char(2)", "'é'", "literal 'é'"},
		{"enum('a','b')", "'b'", "literal 'b'"},
		{"set('x','y')", "'x,y'", "literal 'x,y'"},
		{"datetime", "'2020-01-01'", "literal '2020-01-01 00:00:00'"},
		{"datetime(3)", "'2020-1-2 3:04:05.5'", "literal '2020-01-02 03:04:05.500'"},
		{"date", "'2020-01-02'", "literal '2020-01-02'"},
		{"time", "'10:00'", "literal '10:00:00'"},
		{"timestamp", "CURRENT_TIMESTAMP", "function current_timestamp()"},
		{"timestamp(3)", "CURRENT_TIMESTAMP(3)", "function current_timestamp(3)"},
		{"datetime", "now()", "function current_timestamp()"},
		{"datetime(6)", "localtimestamp(6)", "function current_timestamp(6)"},
		{"date", "(curdate())", "function current_date()"},
		{"varchar(40)", "(concat('a', 'b'))", "function concat('a', 'b')"},
		{"char(36)", "(uuid())", "function uuid()"},
		{"int", "(1 + 2)", "function 1 + 2"},
		{"varchar(10)", "(upper('x'))", "function upper('x')"},
		{"year", "2024", "literal 2024"},
	}
	db := mytest.New(t)
	var cols []string
	for i, tc := range cases {
		cols = append(cols, fmt.Sprintf("c%d %s NULL DEFAULT %s", i, tc.typ, tc.def))
	}
	db.Exec(t, "CREATE TABLE t ("+strings.Join(cols, ",\n")+")")
	rows, err := db.DB.QueryContext(context.Background(), `SELECT COLUMN_DEFAULT FROM information_schema.COLUMNS
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' ORDER BY ORDINAL_POSITION`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	my, _ := dialect.Mariadb("")
	for i := 0; rows.Next(); i++ {
		var server sql.NullString
		if err := rows.Scan(&server); err != nil {
			t.Fatal(err)
		}
		tc := cases[i]
		typ, err := my.NormalizeMySQLType(tc.typ)
		if err != nil {
			t.Fatal(err)
		}
		fromSource, err := DefaultText(tc.def, typ)
		if err != nil {
			t.Errorf("%s DEFAULT %s: %v", tc.typ, tc.def, err)
			continue
		}
		if got := show(fromSource); got != tc.want {
			t.Errorf("%s DEFAULT %s: source gives %s, want %s", tc.typ, tc.def, got, tc.want)
		}
		fromServer, err := DefaultText(server.String, typ)
		if err != nil {
			t.Errorf("%s DEFAULT %s: server text %q: %v", tc.typ, tc.def, server.String, err)
			continue
		}
		if got := show(fromServer); got != tc.want {
			t.Errorf("%s DEFAULT %s: server text %q gives %s, want %s", tc.typ, tc.def, server.String, got, tc.want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
