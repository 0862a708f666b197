package myexpr

import (
	"errors"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

func show(d *schema.Default) string {
	if d == nil {
		return "none"
	}
	return d.Kind.String() + " " + d.Expr
}

func TestExpr(t *testing.T) {
	cases := []struct{ in, want string }{
		{"n+1", "`n` + 1"},
		{"`n` + 1", "`n` + 1"},
		{"(`MyCol` > 0)", "`MyCol` > 0"},
		{"((a))", "`a`"},
		{"Upper(MyCol)", "upper(`MyCol`)"},
		{"UCASE(x)", "upper(`x`)"},
		{"concat(_utf8mb4'a','b')", "concat('a', 'b')"},
		{"NOW()", "current_timestamp()"},
		{"CURRENT_TIMESTAMP", "current_timestamp()"},
		{"current_timestamp(3)", "current_timestamp(3)"},
		{"curdate()", "current_date()"},
		{"json_valid(`j`)", "json_valid(`j`)"},
		{"n BETWEEN 1 AND 5 OR n IN (1,2)", "`n` between 1 and 5 or `n` in (1,2)"},
		{"'it''s' = x", "'it''s' = `x`"},
		{"a IS NOT NULL", "`a` is not null"},
		{"NOT (a > 1)", "not (`a` > 1)"},
		{"a->>'$.b'", "json_unquote(json_extract(`a`, '$.b'))"},
	}
	for _, tc := range cases {
		got, err := Expr(tc.in)
		if err != nil {
			t.Errorf("Expr(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("Expr(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if again, err := Expr(got); err != nil || again != got {
			t.Errorf("Expr(%q) = %q, %v: not a fixed point", got, again, err)
		}
	}
}

func TestExprErrors(t *testing.T) {
	for _, in := range []string{"", "a +", "1, 2", "a AS b", "(select 1) from t", "1; drop table t", "a FROM t"} {
		if got, err := Expr(in); err == nil {
			t.Errorf("Expr(%q) = %q, want an error", in, got)
		} else if !errors.Is(err, ErrSyntax) {
			t.Errorf("Expr(%q): %v does not wrap ErrSyntax", in, err)
		}
	}
}

func TestDefaultErrors(t *testing.T) {
	for _, tc := range [][2]string{{"'abc'", "int"}, {"'x'", "decimal(5,2)"}, {"a +", "int"}} {
		if d, err := DefaultText(tc[0], tc[1]); err == nil {
			t.Errorf("DefaultText(%q, %q) = %s, want an error", tc[0], tc[1], show(d))
		}
	}
}

func FuzzExpr(f *testing.F) {
	for _, s := range []string{"a + 1", "concat('a', x)", "current_timestamp(3)", "'x'", "case when a then b end", "(((", "b'101'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := Expr(s)
		if err != nil {
			return
		}
		// Canonical text parses again to itself.
		again, err := Expr(out)
		if err != nil {
			t.Fatalf("Expr(%q) = %q, which does not parse: %v", s, out, err)
		}
		_ = again
		_, _ = DefaultText(s, "datetime(3)")
		_, _ = DefaultText(s, "decimal(10,2)")
	})
}
