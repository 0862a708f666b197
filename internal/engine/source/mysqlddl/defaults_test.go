package mysqlddl

import (
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TestParenthesizedDefaultExpressions: DEFAULT (1 + 2), which the TiDB
// grammar refuses, reads as the canonical expression, in CREATE TABLE and
// ALTER TABLE, next to defaults the grammar takes; a string holding
// "DEFAULT (" is left alone, and a real syntax error stays one, with its
// line.
func TestParenthesizedDefaultExpressions(t *testing.T) {
	s := parse(t, "mariadb", `CREATE TABLE c (
  id int PRIMARY KEY,
  n int DEFAULT (1 + 2),
  m varchar(20) DEFAULT (concat('a', 'b')),
  k varchar(40) DEFAULT 'x DEFAULT (y',
  w int DEFAULT ((2 *
    3) - 1)
);
ALTER TABLE c ALTER COLUMN id SET DEFAULT (4 + 5);`)
	tb := s.Table(schema.QName{Name: "c"})
	want := map[string]string{"id": "4+5", "n": "1+2", "m": "concat('a','b')", "k": "'x DEFAULT (y'", "w": "2*3-1"}
	for name, expr := range want {
		c := tb.Column(name)
		if c == nil || c.Default == nil {
			t.Fatalf("column %s has no default", name)
		}
		norm := strings.NewReplacer(" ", "", "(", "", ")", "").Replace
		if norm(c.Default.Expr) != norm(expr) {
			t.Errorf("%s default = %q, want %q", name, c.Default.Expr, expr)
		}
	}
	if tb.Column("n").Default.Kind != schema.DefaultFunction {
		t.Errorf("n default kind = %v, want function", tb.Column("n").Default.Kind)
	}
	_, err := Parse(mustDialect(t, "mariadb"), schema.File{Path: "bad.sql", Data: []byte("CREATE TABLE b (\n  n int DEFAULT (1 + 2),\n  m int DEFAULTS 3\n);")})
	if err == nil || !strings.Contains(err.Error(), "bad.sql:3") {
		t.Errorf("err = %v, want a syntax error on line 3", err)
	}
}
