package plan

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TestBuildCoversEveryChangeKind fails when a change kind has no minimal
// instance here or Build gives it no step: a new change cannot be skipped.
func TestBuildCoversEveryChangeKind(t *testing.T) {
	d := pgDialect(t, "15")
	minimal := minimalChanges()
	for _, zero := range schema.AllChangeKinds() {
		kind := zero.Kind()
		t.Run(kind, func(t *testing.T) {
			c, ok := minimal[kind]
			if !ok {
				t.Fatalf("no minimal instance of %s in minimalChanges: add one (and a planner case)", kind)
			}
			p, err := Build([]schema.Change{c}, minimalSource(), nil, d)
			if err != nil {
				t.Fatalf("Build(%s): %v", kind, err)
			}
			if p.Empty() {
				t.Fatalf("Build(%s) gave no steps", kind)
			}
			for i, s := range p.Steps {
				if len(s.Up) == 0 {
					t.Errorf("step %d has no up statement", i)
				}
				if s.Change != c {
					t.Errorf("step %d: Change = %v, want the planned change", i, s.Change)
				}
				for _, stmt := range append(slices.Clone(s.Up), s.Down...) {
					if strings.HasSuffix(strings.TrimSpace(stmt), ";") {
						t.Errorf("statement ends with a semicolon: %q", stmt)
					}
				}
			}
		})
	}
}

// TestBuildZeroValuesFailCleanly proves an empty change is an error
// wrapping ErrUnsupported, never a panic.
func TestBuildZeroValuesFailCleanly(t *testing.T) {
	d := pgDialect(t, "15")
	for _, zero := range schema.AllChangeKinds() {
		t.Run(zero.Kind(), func(t *testing.T) {
			_, err := Build([]schema.Change{zero}, nil, nil, d)
			if !errors.Is(err, ErrUnsupported) {
				t.Fatalf("Build(zero %s) = %v, want ErrUnsupported", zero.Kind(), err)
			}
		})
	}
}

func TestBuildRejectsOtherDialects(t *testing.T) {
	tests := []struct {
		name string
		d    *dialect.Dialect
	}{
		{"nil dialect", nil},
		{"mysql", &dialect.Dialect{Name: "mysql"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(nil, nil, nil, tt.d)
			if !errors.Is(err, ErrUnsupported) {
				t.Fatalf("err = %v, want ErrUnsupported", err)
			}
		})
	}
}

func TestBuildNilChange(t *testing.T) {
	if _, err := Build([]schema.Change{nil}, nil, nil, pgDialect(t, "")); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("err = %v, want ErrUnsupported", err)
	}
}

func TestBinaryCoercible(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		want     bool
	}{
		{"same type", "integer", "integer", true},
		{"varchar longer", "character varying(20)", "character varying(40)", true},
		{"varchar shorter", "character varying(40)", "character varying(20)", false},
		{"varchar unbounded", "character varying(20)", "character varying", true},
		{"varchar to text", "character varying(20)", "text", true},
		{"text to varchar(n)", "text", "character varying(20)", false},
		{"text to varchar", "text", "character varying", true},
		{"numeric more precision", "numeric(10,2)", "numeric(12,2)", true},
		{"numeric other scale", "numeric(10,2)", "numeric(12,3)", false},
		{"numeric unconstrained", "numeric(10,2)", "numeric", true},
		{"numeric constrained", "numeric", "numeric(10,2)", false},
		{"timestamp precision up", "timestamp(3) without time zone", "timestamp(6) without time zone", true},
		{"timestamp to timestamptz", "timestamp without time zone", "timestamp with time zone", false},
		{"int to bigint", "integer", "bigint", false},
		{"array", "character varying(2)[]", "character varying(4)[]", false},
		{"cidr to inet", "cidr", "inet", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := binaryCoercible(tt.from, tt.to); got != tt.want {
				t.Fatalf("binaryCoercible(%q, %q) = %v, want %v", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestVolatileExpr(t *testing.T) {
	tests := []struct {
		expr string
		want bool
	}{
		{"now()", false},
		{"CURRENT_TIMESTAMP", false},
		{"'x'::character varying(20)", false},
		{"gen_random_uuid()", true},
		{"random()", true},
		{"lower('A')", false},
		{"my_func(1)", true},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			if got := volatileExpr(tt.expr); got != tt.want {
				t.Fatalf("volatileExpr(%q) = %v, want %v", tt.expr, got, tt.want)
			}
		})
	}
}

func TestIdentStaysWithinLimit(t *testing.T) {
	p := newPostgres(pgDialect(t, ""), nil, nil, nil)
	long := strings.Repeat("é", 40) // 80 bytes
	got := p.ident(long + "_mb_not_null")
	if len(got) > 63 {
		t.Fatalf("len = %d, want <= 63", len(got))
	}
	if got2 := p.ident(long + "_mb_not_nulL"); got2 == got {
		t.Fatalf("two long names cut to the same identifier %q", got)
	}
	if !strings.HasPrefix(got, "éé") || strings.ContainsRune(got, '\uFFFD') {
		t.Fatalf("cut splits a character: %q", got)
	}
}

func TestStatementsOrder(t *testing.T) {
	p := &Plan{Steps: []*Step{{Up: []string{"a1", "a2"}, Down: []string{"da"}}, {Up: []string{"b"}, Down: []string{"db1", "db2"}}}}
	if got, want := p.Statements(true), []string{"a1", "a2", "b"}; !slices.Equal(got, want) {
		t.Errorf("up = %v, want %v", got, want)
	}
	if got, want := p.Statements(false), []string{"db1", "db2", "da"}; !slices.Equal(got, want) {
		t.Errorf("down = %v, want %v", got, want)
	}
}
