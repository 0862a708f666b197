package pgexpr

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

func TestExpr(t *testing.T) {
	cases := []struct {
		name, in, want string
		cols           Columns
	}{
		{name: "numeric cast of zero", in: "(price > (0)::numeric)", want: "price > 0"},
		{name: "negative integer string", in: "price >= ('-1'::integer)::numeric", want: "price >= -1"},
		{name: "text constant", in: "(status <> ''::text)", want: "status <> ''"},
		{name: "enum constant", in: `(role = 'USER'::"Role")`, want: "role = 'USER'"},
		{name: "any array to in", in: "(status = ANY (ARRAY['a'::text, 'b'::text]))", want: "status IN ('a', 'b')"},
		{name: "all array to not in", in: "(qty <> ALL (ARRAY[1, 2]))", want: "qty NOT IN (1, 2)"},
		{name: "one element in", in: "role IN ('USER')", want: "role = 'USER'"},
		{name: "between", in: "qty BETWEEN 1 AND 10", want: "qty >= 1 AND qty <= 10"},
		{name: "not between", in: "qty NOT BETWEEN 1 AND 10", want: "qty < 1 OR qty > 10"},
		{name: "like operator", in: "(name ~~ 'a%'::text)", want: "name LIKE 'a%'"},
		{name: "not ilike operator", in: "(name !~~* 'a%'::text)", want: "name NOT ILIKE 'a%'"},
		{name: "flatten and", in: "((a > 0) AND ((b > 0) AND (c > 0)))", want: "a > 0 AND b > 0 AND c > 0"},
		{name: "varchar column cast with columns", in: "((name)::text ~~ 'a%'::text)", want: "name LIKE 'a%'",
			cols: Columns{"name": "character varying(30)"}},
		{name: "varchar column cast without columns", in: "((name)::text ~~ 'a%'::text)", want: "name::text LIKE 'a%'"},
		{name: "integer column cast kept", in: "((qty)::text <> '5'::text)", want: "qty::text <> '5'",
			cols: Columns{"qty": "integer"}},
		{name: "integer promotion", in: "(((qty)::numeric * price) < (1000)::numeric)", want: "(qty * price) < 1000",
			cols: Columns{"qty": "integer", "price": "numeric"}},
		{name: "function argument cast", in: "lower('X'::text)", want: "lower('X')"},
		{name: "pg_catalog function", in: "pg_catalog.now()", want: "now()"},
		{name: "nextval plain", in: "nextval('seq')", want: "nextval('seq'::regclass)"},
		{name: "nextval public", in: "nextval('public.seq')", want: "nextval('seq'::regclass)"},
		{name: "nextval upper unquoted folds", in: "nextval('My_Seq')", want: "nextval('my_seq'::regclass)"},
		{name: "nextval quoted", in: `nextval('"My_Seq"'::regclass)`, want: `nextval('"My_Seq"'::regclass)`},
		{name: "nextval keyword name", in: `nextval('"select"')`, want: `nextval('"select"'::regclass)`},
		{name: "interval kept", in: "now() + '1 day'::interval", want: "now() + '1 day'::interval"},
		{name: "numeric typmod kept", in: "1.234::numeric(10,2)", want: "(1.234)::numeric(10, 2)"},
		{name: "coalesce", in: "COALESCE(status, ''::text)", want: "COALESCE(status, '')"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ExprIn(c.in, c.cols)
			if err != nil {
				t.Fatalf("ExprIn(%q): %v", c.in, err)
			}
			if got != c.want {
				t.Errorf("ExprIn(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestExprErrors(t *testing.T) {
	cases := []struct{ name, in string }{
		{"empty", ""},
		{"two statements", "1; DROP TABLE x"},
		{"from clause", "1 FROM t"},
		{"where clause", "1 WHERE true"},
		{"two targets", "1, 2"},
		{"alias", "1 AS x"},
		{"syntax error", "(1 +"},
		{"nul byte", "1\x00"},
		{"not a select", ") ; CREATE TABLE x (a int"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got, err := Expr(c.in); err == nil {
				t.Errorf("Expr(%q) = %q, want an error", c.in, got)
			}
		})
	}
	if _, err := Expr("1, 2"); !errors.Is(err, ErrNotExpression) {
		t.Errorf("Expr(\"1, 2\") error %v, want ErrNotExpression", err)
	}
}

func TestDefault(t *testing.T) {
	cases := []struct {
		name, expr, typ string
		want            schema.Default
	}{
		{"text cast", "'abc'::text", "text", schema.Default{Kind: schema.DefaultLiteral, Expr: "'abc'"}},
		{"varchar cast", "'x'::character varying", "character varying(20)", schema.Default{Kind: schema.DefaultLiteral, Expr: "'x'"}},
		{"bpchar cast", "'ab'::bpchar", "character(2)", schema.Default{Kind: schema.DefaultLiteral, Expr: "'ab'"}},
		{"negative integer", "'-1'::integer", "integer", schema.Default{Kind: schema.DefaultLiteral, Expr: "-1"}},
		{"bigint string", "'5'::bigint", "bigint", schema.Default{Kind: schema.DefaultLiteral, Expr: "5"}},
		{"enum", `'USER'::"Role"`, `"Role"`, schema.Default{Kind: schema.DefaultLiteral, Expr: "'USER'"}},
		{"enum reader spelling", `'USER'::"Role"`, `"public"."Role"`, schema.Default{Kind: schema.DefaultLiteral, Expr: "'USER'"}},
		{"enum other type kept", `'USER'::"Other"`, `"Role"`, schema.Default{Kind: schema.DefaultLiteral, Expr: `'USER'::"Other"`}},
		{"jsonb", "'{}'::jsonb", "jsonb", schema.Default{Kind: schema.DefaultLiteral, Expr: "'{}'"}},
		{"boolean", "true", "boolean", schema.Default{Kind: schema.DefaultLiteral, Expr: "true"}},
		{"boolean string", "'off'", "boolean", schema.Default{Kind: schema.DefaultLiteral, Expr: "false"}},
		{"null", "NULL", "text", schema.Default{Kind: schema.DefaultLiteral, Expr: "NULL"}},
		{"null cast", "NULL::text", "text", schema.Default{Kind: schema.DefaultLiteral, Expr: "NULL"}},
		{"array of text", "ARRAY['a'::text, 'b'::text]", "text[]", schema.Default{Kind: schema.DefaultLiteral, Expr: "ARRAY['a', 'b']"}},
		{"empty array", "ARRAY[]::text[]", "text[]", schema.Default{Kind: schema.DefaultFunction, Expr: "ARRAY[]::text[]"}},
		{"current timestamp", "CURRENT_TIMESTAMP", "timestamp(3) without time zone", schema.Default{Kind: schema.DefaultFunction, Expr: "current_timestamp"}},
		{"now", "now()", "timestamp with time zone", schema.Default{Kind: schema.DefaultFunction, Expr: "now()"}},
		// Ownership is not in the text: nextval() is a function until the
		// caller, knowing the column owns the sequence, says otherwise.
		{"serial", `nextval('"User_id_seq"'::regclass)`, "integer", schema.Default{Kind: schema.DefaultFunction,
			Expr: `nextval('"User_id_seq"'::regclass)`}},
		{"sequence in schema", "nextval('app.s'::regclass)", "bigint", schema.Default{Kind: schema.DefaultFunction,
			Expr: "nextval('app.s'::regclass)"}},
		{"nextval of expression", "nextval(name)", "bigint", schema.Default{Kind: schema.DefaultFunction, Expr: "nextval(name)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Default(c.expr, c.typ)
			if err != nil {
				t.Fatalf("Default(%q, %q): %v", c.expr, c.typ, err)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("Default(%q, %q) (-want +got):\n%s", c.expr, c.typ, diff)
			}
		})
	}
}

func TestNextvalSequence(t *testing.T) {
	cases := []struct {
		name, expr string
		want       schema.QName
		ok         bool
	}{
		{"default namespace", `nextval('"User_id_seq"'::regclass)`, schema.QName{Schema: "public", Name: "User_id_seq"}, true},
		{"qualified", "nextval('app.s'::regclass)", schema.QName{Schema: "app", Name: "s"}, true},
		{"public qualified", "nextval('public.s'::regclass)", schema.QName{Schema: "public", Name: "s"}, true},
		{"expression argument", "nextval(name)", schema.QName{}, false},
		{"inside an expression", "nextval('s'::regclass) + 1", schema.QName{}, false},
		{"other function", "now()", schema.QName{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := NextvalSequence(c.expr)
			if got != c.want || ok != c.ok {
				t.Errorf("NextvalSequence(%q) = %v, %v; want %v, %v", c.expr, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestCheckDef(t *testing.T) {
	cases := []struct {
		name, def, want string
		noInherit, fail bool
	}{
		{name: "plain", def: "CHECK ((price > (0)::numeric))", want: "price > 0"},
		{name: "no inherit", def: "CHECK ((qty > 0)) NO INHERIT", want: "qty > 0", noInherit: true},
		{name: "not valid", def: "CHECK ((qty > 0)) NOT VALID", want: "qty > 0"},
		{name: "not a check", def: "UNIQUE (a)", fail: true},
		{name: "garbage", def: "CHECK (", fail: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, noInherit, err := CheckDef(c.def, nil)
			if c.fail {
				if err == nil {
					t.Fatalf("CheckDef(%q) = %q, want an error", c.def, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("CheckDef(%q): %v", c.def, err)
			}
			if got != c.want || noInherit != c.noInherit {
				t.Errorf("CheckDef(%q) = %q, %v; want %q, %v", c.def, got, noInherit, c.want, c.noInherit)
			}
		})
	}
}

func TestQuoteIdent(t *testing.T) {
	for in, want := range map[string]string{
		"users": "users", "User": `"User"`, "user": `"user"`, "select": `"select"`, "name": "name",
		"a b": `"a b"`, `a"b`: `"a""b"`, "_x1$": "_x1$", "1a": `"1a"`, "": `""`, "t_id_seq": "t_id_seq",
	} {
		if got := QuoteIdent(in); got != want {
			t.Errorf("QuoteIdent(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestSplitQualified(t *testing.T) {
	cases := []struct {
		in   string
		want []string
		ok   bool
	}{
		{"seq", []string{"seq"}, true},
		{"Public.Seq", []string{"public", "seq"}, true},
		{`"My"."Seq"`, []string{"My", "Seq"}, true},
		{`"a""b"`, []string{`a"b`}, true},
		{"a..b", nil, false},
		{"a b", nil, false},
		{`"open`, nil, false},
		{"", nil, false},
		{`x"y"`, nil, false},
	}
	for _, c := range cases {
		got, ok := splitQualified(c.in)
		if ok != c.ok || !cmp.Equal(got, c.want) {
			t.Errorf("splitQualified(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func FuzzExpr(f *testing.F) {
	for _, s := range []string{"price > 0", "(status = ANY (ARRAY['a'::text]))", "qty BETWEEN 1 AND 2",
		"nextval('\"x\"'::regclass)", "'-1'::integer", "x NOT IN (1)", "ROW(1,2)", "(SELECT 1)"} {
		f.Add(s, "integer")
	}
	f.Fuzz(func(t *testing.T, expr, typ string) {
		_, _ = Expr(expr)
		_, _ = ExprIn(expr, Columns{"x": typ, "qty": typ})
		_, _ = Default(expr, typ)
		_, _, _ = CheckDef(expr, nil)
	})
}
