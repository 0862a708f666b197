package plan

import (
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TestMysqlAddColumnExpressionDefault: a column whose default calls
// UUID() is added by a table copy (MariaDB refuses INSTANT, error 1845);
// CURRENT_TIMESTAMP and a constant expression stay INSTANT.
func TestMysqlAddColumnExpressionDefault(t *testing.T) {
	d := myDialect(t, "mariadb", "10.11")
	src := &schema.Schema{Tables: []*schema.Table{myTable("t")}}
	tests := []struct {
		name, expr, want string
	}{
		{"uuid", "(uuid())", "LOCK=SHARED"},
		{"sysdate in a string-free expression", "(sysdate())", "LOCK=SHARED"},
		{"current_timestamp", "current_timestamp()", "ALGORITHM=INSTANT"},
		{"arithmetic", "(1 + 2)", "ALGORITHM=INSTANT"},
		{"call-like text in a string", "(concat('uuid(', 'x'))", "LOCK=SHARED"},
		{"string only", "('uuid()')", "ALGORITHM=INSTANT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			col := myCol("c", "varchar(40)")
			col.Default = &schema.Default{Kind: schema.DefaultFunction, Expr: tt.expr}
			p, err := Build([]schema.Change{&schema.AddColumn{Table: schema.QName{Name: "t"}, Column: col}}, src, nil, d)
			if err != nil {
				t.Fatal(err)
			}
			if up := p.Steps[0].Up[0]; !strings.HasSuffix(up, tt.want) {
				t.Errorf("up = %q, want it to end with %s", up, tt.want)
			}
		})
	}
}
