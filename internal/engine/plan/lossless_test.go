package plan

import "testing"

func TestCastCannotFail(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		want     bool
	}{
		{"int to bigint", "integer", "bigint", true},
		{"smallint to integer", "smallint", "integer", true},
		{"int to unbounded numeric", "integer", "numeric", true},
		{"int to bounded numeric", "integer", "numeric(5,0)", false},
		{"anything to text", "uuid", "text", true},
		{"bigint to int narrows", "bigint", "integer", false},
		{"text to integer", "text", "integer", false},
		{"timestamp to timestamptz", "timestamp(3) without time zone", "timestamp(3) with time zone", true},
		{"array to text is not an array", "integer[]", "text", false},
		{"real to double", "real", "double precision", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := castCannotFail(tt.from, tt.to); got != tt.want {
				t.Errorf("castCannotFail(%q, %q) = %v, want %v", tt.from, tt.to, got, tt.want)
			}
		})
	}
}
