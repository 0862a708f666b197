package dialect

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// pgTypeCase is one type spelling: how it is written in SQL, what the
// parser hands NormalizePGType for it, and what format_type reports.
type pgTypeCase struct {
	sql  string
	name string
	mods []string
	dims int
	want string
}

var pgTypeCases = []pgTypeCase{
	{"smallint", "pg_catalog.int2", nil, 0, "smallint"},
	{"int2", "int2", nil, 0, "smallint"},
	{"int", "pg_catalog.int4", nil, 0, "integer"},
	{"integer", "pg_catalog.int4", nil, 0, "integer"},
	{"int4", "int4", nil, 0, "integer"},
	{"bigint", "pg_catalog.int8", nil, 0, "bigint"},
	{"int8", "int8", nil, 0, "bigint"},
	{"serial", "serial", nil, 0, "integer"},
	{"serial4", "serial4", nil, 0, "integer"},
	{"bigserial", "bigserial", nil, 0, "bigint"},
	{"serial8", "serial8", nil, 0, "bigint"},
	{"smallserial", "smallserial", nil, 0, "smallint"},
	{"serial2", "serial2", nil, 0, "smallint"},
	{"real", "pg_catalog.float4", nil, 0, "real"},
	{"float4", "float4", nil, 0, "real"},
	{"float(24)", "float", []string{"24"}, 0, "real"},
	{"float(25)", "float", []string{"25"}, 0, "double precision"},
	{"float", "pg_catalog.float8", nil, 0, "double precision"},
	{"double precision", "pg_catalog.float8", nil, 0, "double precision"},
	{"float8", "float8", nil, 0, "double precision"},
	{"numeric", "pg_catalog.numeric", nil, 0, "numeric"},
	{"numeric(10,2)", "pg_catalog.numeric", []string{"10", "2"}, 0, "numeric(10,2)"},
	{"numeric(5)", "pg_catalog.numeric", []string{"5"}, 0, "numeric(5,0)"},
	{"decimal(12,4)", "pg_catalog.numeric", []string{"12", "4"}, 0, "numeric(12,4)"},
	{"decimal", "decimal", nil, 0, "numeric"},
	{"money", "money", nil, 0, "money"},
	{"varchar", "pg_catalog.varchar", nil, 0, "character varying"},
	{"varchar(20)", "pg_catalog.varchar", []string{"20"}, 0, "character varying(20)"},
	{"character varying(255)", "pg_catalog.varchar", []string{"255"}, 0, "character varying(255)"},
	{"char", "pg_catalog.bpchar", []string{"1"}, 0, "character(1)"},
	{"char(3)", "pg_catalog.bpchar", []string{"3"}, 0, "character(3)"},
	{"character(10)", "pg_catalog.bpchar", []string{"10"}, 0, "character(10)"},
	{"bpchar", "bpchar", nil, 0, "bpchar"},
	{"bpchar(4)", "bpchar", []string{"4"}, 0, "character(4)"},
	{`"char"`, `"char"`, nil, 0, `"char"`},
	{"text", "text", nil, 0, "text"},
	{"name", "name", nil, 0, "name"},
	{"boolean", "pg_catalog.bool", nil, 0, "boolean"},
	{"bool", "bool", nil, 0, "boolean"},
	{"bytea", "bytea", nil, 0, "bytea"},
	{"date", "date", nil, 0, "date"},
	{"time", "pg_catalog.time", nil, 0, "time without time zone"},
	{"time(3)", "pg_catalog.time", []string{"3"}, 0, "time(3) without time zone"},
	{"timetz", "timetz", nil, 0, "time with time zone"},
	{"time with time zone", "pg_catalog.timetz", nil, 0, "time with time zone"},
	{"time(2) with time zone", "pg_catalog.timetz", []string{"2"}, 0, "time(2) with time zone"},
	{"timestamp", "pg_catalog.timestamp", nil, 0, "timestamp without time zone"},
	{"timestamp(3)", "pg_catalog.timestamp", []string{"3"}, 0, "timestamp(3) without time zone"},
	{"timestamp(0) without time zone", "pg_catalog.timestamp", []string{"0"}, 0, "timestamp(0) without time zone"},
	{"timestamptz", "timestamptz", nil, 0, "timestamp with time zone"},
	{"timestamptz(6)", "timestamptz", []string{"6"}, 0, "timestamp(6) with time zone"},
	{"timestamp with time zone", "pg_catalog.timestamptz", nil, 0, "timestamp with time zone"},
	{"timestamp(3) with time zone", "pg_catalog.timestamptz", []string{"3"}, 0, "timestamp(3) with time zone"},
	{"interval", "pg_catalog.interval", nil, 0, "interval"},
	{"interval(2)", "pg_catalog.interval", []string{"32767", "2"}, 0, "interval(2)"},
	{"interval year", "pg_catalog.interval", []string{"4"}, 0, "interval year"},
	{"interval year to month", "pg_catalog.interval", []string{"6"}, 0, "interval year to month"},
	{"interval day", "pg_catalog.interval", []string{"8"}, 0, "interval day"},
	{"interval day to second(3)", "pg_catalog.interval", []string{"7176", "3"}, 0, "interval day to second(3)"},
	{"interval hour to minute", "pg_catalog.interval", []string{"3072"}, 0, "interval hour to minute"},
	{"interval minute to second", "pg_catalog.interval", []string{"6144"}, 0, "interval minute to second"},
	{"bit", "pg_catalog.bit", []string{"1"}, 0, "bit(1)"},
	{"bit(8)", "pg_catalog.bit", []string{"8"}, 0, "bit(8)"},
	{"bit varying", "pg_catalog.varbit", nil, 0, "bit varying"},
	{"bit varying(5)", "pg_catalog.varbit", []string{"5"}, 0, "bit varying(5)"},
	{"varbit(7)", "varbit", []string{"7"}, 0, "bit varying(7)"},
	{"uuid", "uuid", nil, 0, "uuid"},
	{"json", "json", nil, 0, "json"},
	{"jsonb", "jsonb", nil, 0, "jsonb"},
	{"xml", "xml", nil, 0, "xml"},
	{"inet", "inet", nil, 0, "inet"},
	{"cidr", "cidr", nil, 0, "cidr"},
	{"macaddr", "macaddr", nil, 0, "macaddr"},
	{"macaddr8", "macaddr8", nil, 0, "macaddr8"},
	{"tsvector", "tsvector", nil, 0, "tsvector"},
	{"tsquery", "tsquery", nil, 0, "tsquery"},
	{"point", "point", nil, 0, "point"},
	{"box", "box", nil, 0, "box"},
	{"polygon", "polygon", nil, 0, "polygon"},
	{"circle", "circle", nil, 0, "circle"},
	{"int4range", "int4range", nil, 0, "int4range"},
	{"tstzrange", "tstzrange", nil, 0, "tstzrange"},
	{"daterange", "daterange", nil, 0, "daterange"},
	{"int[]", "pg_catalog.int4", nil, 1, "integer[]"},
	{"integer[][]", "pg_catalog.int4", nil, 2, "integer[]"},
	{"text[]", "text", nil, 1, "text[]"},
	{"varchar(10)[]", "pg_catalog.varchar", []string{"10"}, 1, "character varying(10)[]"},
	{"numeric(10,2)[3]", "pg_catalog.numeric", []string{"10", "2"}, 1, "numeric(10,2)[]"},
	{"timestamptz[]", "timestamptz", nil, 1, "timestamp with time zone[]"},
	{"pg_catalog.int4", "pg_catalog.int4", nil, 0, "integer"},
	{"oid", "oid", nil, 0, "oid"},
}

func TestNormalizePGType(t *testing.T) {
	d, err := Postgres("15")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range pgTypeCases {
		t.Run(c.sql, func(t *testing.T) {
			got, err := d.NormalizePGType(c.name, c.mods, c.dims)
			if err != nil {
				t.Fatalf("NormalizePGType(%q, %q, %d): %v", c.name, c.mods, c.dims, err)
			}
			if got != c.want {
				t.Errorf("NormalizePGType(%q, %q, %d) = %q, want %q", c.name, c.mods, c.dims, got, c.want)
			}
		})
	}
}

func TestNormalizePGTypeErrors(t *testing.T) {
	d, err := Postgres("15")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, typ  string
		mods       []string
		notBuiltin bool
	}{
		{name: "enum", typ: "Role", notBuiltin: true},
		{name: "extension type", typ: "citext", notBuiltin: true},
		{name: "qualified user type", typ: "app.mood", notBuiltin: true},
		{name: "text with modifier", typ: "text", mods: []string{"3"}},
		{name: "varchar zero", typ: "varchar", mods: []string{"0"}},
		{name: "varchar two mods", typ: "varchar", mods: []string{"1", "2"}},
		{name: "numeric precision zero", typ: "numeric", mods: []string{"0"}},
		{name: "numeric three mods", typ: "numeric", mods: []string{"1", "2", "3"}},
		{name: "float precision too big", typ: "float", mods: []string{"54"}},
		{name: "not a number", typ: "varchar", mods: []string{"x"}},
		{name: "interval bad mask", typ: "interval", mods: []string{"5"}},
		{name: "interval precision without second", typ: "interval", mods: []string{"4", "3"}},
		{name: "timestamp negative", typ: "timestamp", mods: []string{"-1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := d.NormalizePGType(c.typ, c.mods, 0)
			if err == nil {
				t.Fatalf("NormalizePGType(%q, %q) = %q, want an error", c.typ, c.mods, got)
			}
			if errors.Is(err, ErrNotBuiltin) != c.notBuiltin {
				t.Errorf("error %v: ErrNotBuiltin = %v, want %v", err, !c.notBuiltin, c.notBuiltin)
			}
		})
	}
}

func TestIsPGSerial(t *testing.T) {
	for name, want := range map[string]bool{
		"serial": true, "SERIAL": true, "bigserial": true, "smallserial": true, "serial8": true,
		"pg_catalog.serial4": true, "int4": false, "integer": false, "serialx": false,
	} {
		if got := IsPGSerial(name); got != want {
			t.Errorf("IsPGSerial(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestNormalizePGTypeMatchesServer creates one column per spelling on a
// real PostgreSQL and checks format_type agrees with each expectation.
func TestNormalizePGTypeMatchesServer(t *testing.T) {
	db := pgtest.New(t)
	var cols []string
	for i, c := range pgTypeCases {
		cols = append(cols, fmt.Sprintf("c%d %s", i, c.sql))
	}
	db.Exec(t, "CREATE TABLE types (\n"+strings.Join(cols, ",\n")+"\n)")
	rows, err := db.DB.QueryContext(context.Background(), `
		SELECT attnum, format_type(atttypid, atttypmod) FROM pg_attribute
		WHERE attrelid = 'types'::regclass AND attnum > 0 ORDER BY attnum`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var num int
		var got string
		if err := rows.Scan(&num, &got); err != nil {
			t.Fatal(err)
		}
		c := pgTypeCases[num-1]
		if got != c.want {
			t.Errorf("%s: format_type = %q, test expects %q", c.sql, got, c.want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
