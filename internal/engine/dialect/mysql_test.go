package dialect

import (
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

func TestLookupMySQLFamily(t *testing.T) {
	cases := []struct {
		name, version string
		wantName      string
		wantVersion   string
		mariadb       bool
	}{
		{"mysql", "", "mysql", "8.0", false},
		{"MySQL", "8.4", "mysql", "8.4", false},
		{"mysql", "8.0.29", "mysql", "8.0", false},
		{"mariadb", "", "mariadb", "10.11", true},
		{"mariadb", "10.6", "mariadb", "10.6", true},
	}
	for _, tc := range cases {
		d, err := Lookup(tc.name, tc.version)
		if err != nil {
			t.Errorf("Lookup(%q, %q): %v", tc.name, tc.version, err)
			continue
		}
		if d.Name != tc.wantName || d.Version.String() != tc.wantVersion || d.MySQL == nil || d.MySQL.MariaDB != tc.mariadb {
			t.Errorf("Lookup(%q, %q) = %s %s (facts %+v)", tc.name, tc.version, d.Name, d.Version, d.MySQL)
		}
		if d.MaxIdentLen != 64 || d.Caps.Namespaces || d.Caps.EnumTypes || d.Caps.TransactionalDDL || d.DefaultNamespace != "" {
			t.Errorf("Lookup(%q, %q): wrong shared facts %+v", tc.name, tc.version, d)
		}
	}
	for _, bad := range [][2]string{{"mysql", "5.6"}, {"mysql", "8.x"}, {"mariadb", "10.1"}, {"mariadb", "10.11.1.2"}, {"oracle", ""}} {
		if _, err := Lookup(bad[0], bad[1]); err == nil {
			t.Errorf("Lookup(%q, %q) succeeded", bad[0], bad[1])
		}
	}
}

func TestMySQLCapsByVersion(t *testing.T) {
	type caps struct{ addAny, drop, rename, instantAdd, check, desc, funcIdx, renameSyntax, width bool }
	cases := []struct {
		dialect, version string
		want             caps
	}{
		{"mysql", "5.7", caps{width: true}},
		{"mysql", "8.0.11", caps{desc: true, renameSyntax: true, width: true}},
		{"mysql", "8.0.12", caps{instantAdd: true, desc: true, renameSyntax: true, width: true}},
		{"mysql", "8.0.28", caps{instantAdd: true, rename: true, check: true, desc: true, funcIdx: true, renameSyntax: true}},
		{"mysql", "8.0.29", caps{addAny: true, drop: true, rename: true, instantAdd: true, check: true, desc: true, funcIdx: true, renameSyntax: true}},
		{"mysql", "8.0", caps{addAny: true, drop: true, rename: true, instantAdd: true, check: true, desc: true, funcIdx: true, renameSyntax: true}},
		{"mysql", "8.4", caps{addAny: true, drop: true, rename: true, instantAdd: true, check: true, desc: true, funcIdx: true, renameSyntax: true}},
		{"mariadb", "10.2", caps{check: true, width: true}},
		{"mariadb", "10.3.1", caps{check: true, width: true}},
		{"mariadb", "10.3.2", caps{instantAdd: true, check: true, width: true}},
		{"mariadb", "10.4", caps{addAny: true, drop: true, rename: true, instantAdd: true, check: true, width: true}},
		{"mariadb", "10.11", caps{addAny: true, drop: true, rename: true, instantAdd: true, check: true, desc: true, renameSyntax: true, width: true}},
	}
	for _, tc := range cases {
		d, err := Lookup(tc.dialect, tc.version)
		if err != nil {
			t.Fatal(err)
		}
		c := d.Caps
		got := caps{c.InstantAddColumnAnyPosition, c.InstantDropColumn, c.InstantRenameColumn, c.InstantAddColumn,
			c.CheckConstraints, c.DescendingIndexes, c.FunctionalIndexes, c.RenameColumnSyntax, c.IntDisplayWidth}
		if got != tc.want {
			t.Errorf("%s %s: caps %+v, want %+v", tc.dialect, tc.version, got, tc.want)
		}
		if !c.InplaceIndex || !c.DDLImplicitCommit || c.ConcurrentIndex || c.NotValidConstraints {
			t.Errorf("%s %s: shared caps wrong: %+v", tc.dialect, tc.version, c)
		}
		if c.JSONAsLongtext != (tc.dialect == "mariadb") || c.IfExists != (tc.dialect == "mariadb") {
			t.Errorf("%s %s: JSONAsLongtext/IfExists wrong: %+v", tc.dialect, tc.version, c)
		}
	}
}

func TestMySQLQuoting(t *testing.T) {
	my, _ := Mysql("")
	pg, _ := Postgres("")
	cases := []struct {
		d        *Dialect
		in, want string
	}{
		{my, "users", "`users`"},
		{my, "a`b", "`a``b`"},
		{my, `a"b`, "`a\"b`"},
		{pg, `a"b`, `"a""b"`},
		{pg, "a`b", "\"a`b\""},
	}
	for _, tc := range cases {
		if got := tc.d.Quote(tc.in); got != tc.want {
			t.Errorf("%s Quote(%q) = %s, want %s", tc.d.Name, tc.in, got, tc.want)
		}
	}
	if got := my.QuoteName(schema.QName{Schema: "db", Name: "t"}); got != "`t`" {
		t.Errorf("QuoteName = %s, want `t` (no namespaces)", got)
	}
	strs := []struct {
		d        *Dialect
		in, want string
	}{
		{my, "it's", `'it''s'`},
		{my, `a\b`, `'a\\b'`},
		{my, "x\ny\x00\x1a", `'x\ny\0\Z'`},
		{pg, `it's a\b`, `'it''s a\b'`},
	}
	for _, tc := range strs {
		if got := tc.d.QuoteString(tc.in); got != tc.want {
			t.Errorf("%s QuoteString(%q) = %s, want %s", tc.d.Name, tc.in, got, tc.want)
		}
	}
}

func TestMySQLNamingAndCharsets(t *testing.T) {
	my, _ := Mysql("")
	ma, _ := Mariadb("")
	if got := my.MySQL.CheckName("t", 2, "c"); got != "t_chk_2" {
		t.Errorf("mysql check name %s", got)
	}
	if got := ma.MySQL.CheckName("t", 2, ""); got != "CONSTRAINT_2" {
		t.Errorf("mariadb table check name %s", got)
	}
	if got := ma.MySQL.CheckName("t", 1, "price"); got != "price" {
		t.Errorf("mariadb column check name %s", got)
	}
	if got := ma.MySQL.ForeignKeyName("orders", 3); got != "orders_ibfk_3" {
		t.Errorf("fk name %s", got)
	}
	colls := []struct {
		f                  *MySQLFacts
		charset, collation string
		want               string
	}{
		{my.MySQL, "utf8mb4", "", "utf8mb4_0900_ai_ci"},
		{ma.MySQL, "UTF8MB4", "", "utf8mb4_general_ci"},
		{ma.MySQL, "utf8", "", "utf8mb3_general_ci"},
		{ma.MySQL, "latin1", "", "latin1_swedish_ci"},
		{ma.MySQL, "", "utf8_bin", "utf8mb3_bin"},
		{ma.MySQL, "utf8mb4", "UTF8MB4_BIN", "utf8mb4_bin"},
		{ma.MySQL, "klingon", "", ""},
	}
	for _, tc := range colls {
		if got := tc.f.CollationOf(tc.charset, tc.collation); got != tc.want {
			t.Errorf("CollationOf(%q, %q) = %q, want %q", tc.charset, tc.collation, got, tc.want)
		}
	}
	if got := CharsetOfCollation("utf8_general_ci"); got != "utf8mb3" {
		t.Errorf("CharsetOfCollation = %s", got)
	}
	if got := CanonicalEngine("innodb"); got != "InnoDB" {
		t.Errorf("CanonicalEngine = %s", got)
	}
}
