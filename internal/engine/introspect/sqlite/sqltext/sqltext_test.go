package sqltext

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTokenize(t *testing.T) {
	cases := []struct {
		name, in string
		want     []Kind
	}{
		{"words and punct", "a.b(c)", []Kind{Word, Punct, Word, Punct, Word, Punct}},
		{"quotes", `"a""b" 'it''s' ` + "`x`" + ` [y z]`, []Kind{Ident, Space, String, Space, Ident, Space, Ident}},
		{"comments", "a -- c;\n/* x; */b", []Kind{Word, Space, Comment, Space, Comment, Word}},
		{"numbers", "1 1.5 .5 1e10 0x1F 1_000 2.e-3", []Kind{Number, Space, Number, Space, Number, Space, Number, Space, Number, Space, Number, Space, Number}},
		{"blob and variables", "x'00ff' ? ?1 :a @b $c", []Kind{Blob, Space, Variable, Space, Variable, Space, Variable, Space, Variable, Space, Variable}},
		{"operators", "a->>'$'||b<>c!=d<=e", []Kind{Word, Punct, String, Punct, Word, Punct, Word, Punct, Word, Punct, Word}},
		{"unterminated string", "'abc", []Kind{Illegal}},
		{"unterminated comment", "/* abc", []Kind{Comment}},
		{"illegal byte", "a # b", []Kind{Word, Space, Illegal, Space, Word}},
		{"unicode", "café", []Kind{Word}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			toks := Tokenize(tc.in)
			var got []Kind
			var text strings.Builder
			for _, tok := range toks {
				got = append(got, tok.Kind)
				text.WriteString(tok.Text)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("kinds (-want +got):\n%s", diff)
			}
			if text.String() != tc.in {
				t.Errorf("tokens concatenate to %q", text.String())
			}
		})
	}
}

func TestName(t *testing.T) {
	cases := map[string]string{`"a""b"`: `a"b`, "`x``y`": "x`y", "[a b]": "a b", "'s''t'": "s't", "plain": "plain"}
	for in, want := range cases {
		if got := Tokenize(in)[0].Name(); got != want {
			t.Errorf("Name(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestSplit(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
	}{
		{"simple", "CREATE TABLE a(x);\n\nCREATE TABLE b(y);", []string{"CREATE TABLE a(x);", "CREATE TABLE b(y);"}},
		{"no final semicolon", "-- lead\nSELECT 1;\n  SELECT 2  ", []string{"SELECT 1;", "SELECT 2"}},
		{"semicolons in quotes and comments", "SELECT ';' /* ; */ -- ;\n, \"a;b\";", []string{"SELECT ';' /* ; */ -- ;\n, \"a;b\";"}},
		{"trigger body", "CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES(1); DELETE FROM c; END; SELECT 1;",
			[]string{"CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES(1); DELETE FROM c; END;", "SELECT 1;"}},
		{"empty statements", ";;  ; -- only\n", nil},
		{"trigger with CASE END", "CREATE TRIGGER t BEFORE UPDATE ON a BEGIN SELECT CASE WHEN 1 THEN 2 END; END;",
			[]string{"CREATE TRIGGER t BEFORE UPDATE ON a BEGIN SELECT CASE WHEN 1 THEN 2 END; END;"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, s := range Split(tc.in) {
				got = append(got, s.Text)
				if tc.in[s.Off:s.Off+len(s.Text)] != s.Text {
					t.Errorf("offset %d does not locate %q", s.Off, s.Text)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCanon(t *testing.T) {
	cases := []struct{ in, want string }{
		{"a>0", "a > 0"},
		{"( ( a  >  0 ) )", "a > 0"},
		{"a==b and c!=d", "a = b AND c <> d"},
		{"LOWER( `Name` )", `lower("Name")`},
		{"x in(1,2 ,3)", "x IN (1, 2, 3)"},
		{"-1 + -a", "-1 + -a"},
		{"a - 1", "a - 1"},
		{"(a) - (b)", "(a) - (b)"},
		{"not exists(select 1)", "NOT EXISTS (SELECT 1)"},
		{"cast(a as integer)", "CAST(a AS integer)"},
		{"t.a||'x'", "t.a || 'x'"},
		{"x'00' is not null", "X'00' IS NOT NULL"},
		{"case when a then 1 else -2 end", "CASE WHEN a THEN 1 ELSE -2 END"},
		{"[b] /* c */ glob 'x*'", `"b" GLOB 'x*'`},
		{"json_extract(d, '$.a') ->> 'b'", "json_extract(d, '$.a') ->> 'b'"},
	}
	for _, tc := range cases {
		got := CanonExpr(Significant(Tokenize(tc.in)))
		if got != tc.want {
			t.Errorf("CanonExpr(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if again := CanonText(got); again != got {
			t.Errorf("Canon(%q) = %q: not idempotent", got, again)
		}
	}
}

func TestCanonDefault(t *testing.T) {
	cases := []struct {
		in      string
		want    string
		literal bool
	}{
		{"", "", false},
		{"'x''y'", "'x''y'", true},
		{"-1.5", "-1.5", true},
		{"+ 3", "3", true},
		{"(( 7 ))", "7", true},
		{"null", "NULL", true},
		{"true", "TRUE", true},
		{"x'0A'", "X'0A'", true},
		{"abc", "'abc'", true},
		{`"q"`, "'q'", true},
		{"current_timestamp", "CURRENT_TIMESTAMP", false},
		{"1+2", "(1 + 2)", false},
		{"datetime('now')", "(datetime('now'))", false},
		{"- a", "(-a)", false},
	}
	for _, tc := range cases {
		got, lit := CanonDefault(tc.in)
		if got != tc.want || lit != tc.literal {
			t.Errorf("CanonDefault(%q) = %q, %t; want %q, %t", tc.in, got, lit, tc.want, tc.literal)
		}
	}
}

func TestParseCreateTable(t *testing.T) {
	sql := `CREATE TABLE IF NOT EXISTS main."u s" (
  id INTEGER NOT NULL CONSTRAINT pk PRIMARY KEY AUTOINCREMENT,
  email varchar( 20 ) COLLATE nocase UNIQUE,
  parent INT REFERENCES "u s"(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
  g INT GENERATED ALWAYS AS (id*2) STORED,
  h AS (id+1),
  d DEFAULT -1 CHECK(d<>0),
  CONSTRAINT two CHECK (d > 0) UNIQUE (email, d) FOREIGN KEY (parent) REFERENCES other ON UPDATE CASCADE,
  CONSTRAINT fk FOREIGN KEY (d, g) REFERENCES other (a, b) NOT DEFERRABLE
) WITHOUT ROWID, STRICT`
	got := ParseCreateTable(sql)
	if got == nil {
		t.Fatal("nil")
	}
	zero := func(cs []*Constraint) {
		for _, c := range cs {
			c.Off = 0
		}
	}
	for _, c := range got.Columns {
		c.Off = 0
		zero(c.Constraints)
	}
	zero(got.Constraints)
	got.Off = 0
	want := &Table{Schema: "main", Name: "u s", WithoutRowid: true, Strict: true,
		Columns: []*Column{
			{Name: "id", Type: "INTEGER", Constraints: []*Constraint{{Kind: NotNull}, {Kind: PrimaryKey, Name: "pk", Autoincrement: true}}},
			{Name: "email", Type: "varchar (20)", Constraints: []*Constraint{{Kind: Collate, Expr: "NOCASE"}, {Kind: Unique}}},
			{Name: "parent", Type: "INT", Constraints: []*Constraint{{Kind: ForeignKey,
				Ref: &Reference{Table: "u s", Columns: []string{"id"}, OnDelete: "SET NULL", Deferred: true}}}},
			{Name: "g", Type: "INT", Constraints: []*Constraint{{Kind: Generated, Expr: "id * 2", Stored: true}}},
			{Name: "h", Constraints: []*Constraint{{Kind: Generated, Expr: "id + 1"}}},
			{Name: "d", Constraints: []*Constraint{{Kind: Default, Expr: "-1"}, {Kind: Check, Expr: "d <> 0"}}},
		},
		Constraints: []*Constraint{
			{Kind: Check, Name: "two", Expr: "d > 0"},
			{Kind: Unique, Columns: []string{"email", "d"}},
			{Kind: ForeignKey, Columns: []string{"parent"}, Ref: &Reference{Table: "other", OnUpdate: "CASCADE"}},
			{Kind: ForeignKey, Name: "fk", Columns: []string{"d", "g"}, Ref: &Reference{Table: "other", Columns: []string{"a", "b"}}},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseCreateTableOddities(t *testing.T) {
	cases := []struct {
		name, sql string
		check     func(*Table) bool
	}{
		{"not create", "SELECT 1", func(t *Table) bool { return t == nil }},
		{"index", "CREATE INDEX i ON t(a)", func(t *Table) bool { return t == nil }},
		{"virtual", "CREATE VIRTUAL TABLE f USING fts5(a)", func(t *Table) bool { return t.Virtual && t.Name == "f" }},
		{"as select", "CREATE TEMP TABLE x AS SELECT 1", func(t *Table) bool { return t.AsSelect && t.Temp }},
		{"truncated", "CREATE TABLE t (a INT CHECK (a >", func(t *Table) bool { return len(t.Columns) == 1 }},
		{"empty", "CREATE TABLE", func(t *Table) bool { return t.Name == "" }},
	}
	for _, tc := range cases {
		if got := ParseCreateTable(tc.sql); !tc.check(got) {
			t.Errorf("%s: unexpected %+v", tc.name, got)
		}
	}
}

func TestParseCreateIndex(t *testing.T) {
	got := ParseCreateIndex(`CREATE UNIQUE INDEX IF NOT EXISTS "ix" ON t (a DESC, lower( b ), b COLLATE nocase ASC, (c)) WHERE a>0 AND b IS NOT NULL`)
	want := &Index{Name: "ix", Table: "t", Unique: true, Off: got.Off,
		Parts: []IndexPart{{Column: "a", Desc: true}, {Expr: "lower(b)"}, {Column: "b", Collation: "NOCASE"}, {Column: "c"}},
		Where: "a > 0 AND b IS NOT NULL"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if ParseCreateIndex("CREATE TABLE t(a)") != nil {
		t.Error("a table parsed as an index")
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"CREATE TABLE t(a INT PRIMARY KEY, CHECK (a>0))", "CREATE INDEX i ON t(lower(a)) WHERE a", "'", "(((", "x'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		for _, tok := range Tokenize(s) {
			b.WriteString(tok.Text)
		}
		if b.String() != s {
			t.Fatalf("tokens do not concatenate to the input")
		}
		ParseCreateTable(s)
		ParseCreateIndex(s)
		CanonDefault(s)
		Split(s)
		if c := CanonText(s); CanonText(c) != c && !strings.ContainsAny(s, "'\"`[-/x") {
			t.Fatalf("Canon not idempotent on %q: %q", s, c)
		}
	})
}
