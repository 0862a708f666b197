package dialect

import (
	"errors"
	"testing"
)

func TestNormalizeMySQLType(t *testing.T) {
	d, err := Mariadb("")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ in, want string }{
		{"int", "int"},
		{"INT(11)", "int"},
		{"integer", "int"},
		{"int(10) unsigned", "int unsigned"},
		{"INT(11) UNSIGNED ZEROFILL", "int unsigned zerofill"},
		{"smallint(6) unsigned zerofill", "smallint unsigned zerofill"},
		{"int signed", "int"},
		{"bigint(20) unsigned", "bigint unsigned"},
		{"tinyint(4)", "tinyint"},
		{"tinyint(1)", "tinyint(1)"},
		{"tinyint(1) unsigned", "tinyint(1) unsigned"},
		{"bool", "tinyint(1)"},
		{"BOOLEAN", "tinyint(1)"},
		{"serial", "bigint unsigned"},
		{"middleint", "mediumint"},
		{"int8", "bigint"},
		{"decimal", "decimal(10,0)"},
		{"numeric(10,2)", "decimal(10,2)"},
		{"dec(5)", "decimal(5,0)"},
		{"fixed(65,30)", "decimal(65,30)"},
		{"float", "float"},
		{"float(10)", "float"},
		{"float(30)", "double"},
		{"float(7,3)", "float(7,3)"},
		{"real", "double"},
		{"double precision", "double"},
		{"DOUBLE(10,2)", "double(10,2)"},
		{"varchar(191)", "varchar(191)"},
		{"character varying(20)", "varchar(20)"},
		{"national varchar(10)", "varchar(10)"},
		{"nvarchar(10)", "varchar(10)"},
		{"char", "char(1)"},
		{"char(36)", "char(36)"},
		{"national char(3)", "char(3)"},
		{"varchar(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", "varchar(20)"},
		{"varchar(20) charset latin1", "varchar(20)"},
		{"binary", "binary(1)"},
		{"varbinary(16)", "varbinary(16)"},
		{"text", "text"},
		{"text(100)", "text"},
		{"text(50)", "tinytext"},
		{"text(20000)", "mediumtext"},
		{"blob(100)", "tinyblob"},
		{"long varchar", "mediumtext"},
		{"long", "mediumtext"},
		{"long varbinary", "mediumblob"},
		{"longtext", "longtext"},
		{"datetime", "datetime"},
		{"datetime(0)", "datetime"},
		{"datetime(3)", "datetime(3)"},
		{"TIMESTAMP(6)", "timestamp(6)"},
		{"time(2)", "time(2)"},
		{"year(4)", "year"},
		{"year", "year"},
		{"bit", "bit(1)"},
		{"bit(8)", "bit(8)"},
		{"json", "json"},
		{"ENUM('a','b')", "enum('a','b')"},
		{"enum('it''s', \"x\", 'a\\'b')", "enum('it''s','x','a''b')"},
		{"set('x','y')", "set('x','y')"},
		{"enum('a,b','(c)')", "enum('a,b','(c)')"},
		{"geometry", "geometry"},
		{"geomcollection", "geometrycollection"},
		{"point", "point"},
		{"inet6", "inet6"},
		{"uuid", "uuid"},
	}
	for _, tc := range cases {
		got, err := d.NormalizeMySQLType(tc.in)
		if err != nil {
			t.Errorf("NormalizeMySQLType(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("NormalizeMySQLType(%q) = %q, want %q", tc.in, got, tc.want)
		}
		// The canonical spelling is a fixed point.
		if again, err := d.NormalizeMySQLType(got); err != nil || again != got {
			t.Errorf("NormalizeMySQLType(%q) = %q, %v; want it unchanged", got, again, err)
		}
	}
}

func TestNormalizeMySQLTypeErrors(t *testing.T) {
	d, _ := Mysql("")
	cases := []struct {
		in         string
		notBuiltin bool
	}{
		{"widget", true},
		{"", false},
		{"varchar", false},
		{"varchar(x)", false},
		{"varchar(10", false},
		{"decimal(5,6)", false},
		{"float(60)", false},
		{"datetime(7)", false},
		{"enum()", false},
		{"enum('a'", false},
		{"enum(1,2)", false},
		{"int(1,2)", false},
		{"json(3)", false},
		{"int frobnicated", false},
		{"int unsigned (3)", false},
	}
	for _, tc := range cases {
		got, err := d.NormalizeMySQLType(tc.in)
		if err == nil {
			t.Errorf("NormalizeMySQLType(%q) = %q, want an error", tc.in, got)
			continue
		}
		if errors.Is(err, ErrNotBuiltin) != tc.notBuiltin {
			t.Errorf("NormalizeMySQLType(%q): %v; ErrNotBuiltin = %v, want %v", tc.in, err, !tc.notBuiltin, tc.notBuiltin)
		}
	}
}

func TestMySQLTypeValues(t *testing.T) {
	vals, ok := MySQLTypeValues("enum('a','it''s')")
	if !ok || len(vals) != 2 || vals[1] != "it's" {
		t.Errorf("MySQLTypeValues = %q, %v", vals, ok)
	}
	if _, ok := MySQLTypeValues("int"); ok {
		t.Error("MySQLTypeValues(int) is ok")
	}
}
