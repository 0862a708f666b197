package plan

import (
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TestZeroValue pins the zero values a rollback fills a re-added NOT NULL
// column with, and the types that have none.
func TestZeroValue(t *testing.T) {
	mood := qn("mood")
	src := &schema.Schema{Enums: []*schema.Enum{{Name: mood, Values: []string{"sad", "ok"}}},
		Tables: []*schema.Table{{Name: qn("t"), Columns: []*schema.Column{{Name: "u", Type: schema.Type{Norm: "text"}, NotNull: true}},
			Uniques: []*schema.Unique{{Name: "t_u_key", Columns: []string{"u"}}}}}}
	p := newPostgres(pgDialect(t, "15"), nil, src, nil)
	tests := []struct {
		name, norm string
		ref        *schema.QName
		want       string
	}{
		{"text", "text", nil, "''"},
		{"varchar with length", "character varying(20)", nil, "''"},
		{"integer", "integer", nil, "0"},
		{"numeric with precision", "numeric(10,2)", nil, "0"},
		{"boolean", "boolean", nil, "false"},
		{"date", "date", nil, "'1970-01-01'"},
		{"timestamp with precision", "timestamp(3) without time zone", nil, "'1970-01-01 00:00:00'"},
		{"timestamptz", "timestamp with time zone", nil, "'1970-01-01 00:00:00+00'"},
		{"uuid", "uuid", nil, "'00000000-0000-0000-0000-000000000000'"},
		{"jsonb", "jsonb", nil, "'{}'"},
		{"array", "integer[]", nil, "'{}'"},
		{"enum: its first value", `"public"."mood"`, &mood, "'sad'"},
		{"unknown user type", `"public"."dom"`, &schema.QName{Schema: "public", Name: "dom"}, ""},
		{"geometric type", "point", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &schema.Column{Name: "c", Type: schema.Type{Norm: tt.norm, Ref: tt.ref}, NotNull: true}
			if got := p.zeroValue(c); got != tt.want {
				t.Errorf("zeroValue(%s) = %q, want %q", tt.norm, got, tt.want)
			}
		})
	}
	if got := p.zeroFill(qn("t"), src.Tables[0].Columns[0]); got != "" {
		t.Errorf("a column under a unique constraint is zero-filled with %s; want it nullable", got)
	}
}
