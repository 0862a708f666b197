package migration

import (
	"errors"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

func pg(t *testing.T) *dialect.Dialect {
	t.Helper()
	d, err := dialect.Postgres("15")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func users(cols ...*schema.Column) *schema.Schema {
	all := append([]*schema.Column{{Name: "id", Type: schema.Type{Norm: "integer"}, NotNull: true}}, cols...)
	return &schema.Schema{Dialect: "postgres", Tables: []*schema.Table{{
		Name:       schema.QName{Schema: "public", Name: "users"},
		Columns:    all,
		PrimaryKey: &schema.PrimaryKey{Name: "users_pkey", Columns: []string{"id"}},
	}}}
}

func TestGenerateConverges(t *testing.T) {
	from := users()
	to := users(&schema.Column{Name: "email", Type: schema.Type{Norm: "text"}})
	res, err := Generate(from, to, pg(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 1 || res.Changes[0].Kind() != "AddColumn" {
		t.Fatalf("changes = %v, want one AddColumn", res.Changes)
	}
	if res.Plan.Empty() {
		t.Fatal("plan is empty")
	}
	up := strings.Join(res.Plan.Steps[0].Up, "\n")
	if !strings.Contains(up, `ADD COLUMN "email" text`) {
		t.Fatalf("up = %s", up)
	}
}

func TestGenerateNothingToDo(t *testing.T) {
	res, err := Generate(users(), users(), pg(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 0 || !res.Plan.Empty() {
		t.Fatalf("want no changes, got %d changes and %d steps", len(res.Changes), len(res.Plan.Steps))
	}
}

func TestGenerateUsesConfirmedRenames(t *testing.T) {
	from := users(&schema.Column{Name: "phone", Type: schema.Type{Norm: "text"}})
	to := users(&schema.Column{Name: "phone_number", Type: schema.Type{Norm: "text"}})
	r, err := diff.ParseRename("users.phone=users.phone_number", "public")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Generate(from, to, pg(t), Options{Renames: []diff.Rename{r}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 1 || res.Changes[0].Kind() != "RenameColumn" {
		t.Fatalf("changes = %v, want one RenameColumn", kinds(res.Changes))
	}
	// Without the flag the same pair is a likely rename, planned as drop+add.
	res, err = Generate(from, to, pg(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.LikelyRenames) != 1 || res.LikelyRenames[0].Flag != "users.phone=users.phone_number" {
		t.Fatalf("likely renames = %+v", res.LikelyRenames)
	}
}

// A plan that leaves a change out must be refused with the difference named.
func TestConvergesRejectsAnIncompletePlan(t *testing.T) {
	from := users()
	to := users(
		&schema.Column{Name: "email", Type: schema.Type{Norm: "text"}},
		&schema.Column{Name: "age", Type: schema.Type{Norm: "integer"}},
	)
	dr, err := diff.Diff(from, to, diff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Build(dr.Changes, from, to, pg(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := Converges(from, to, p); err != nil {
		t.Fatalf("complete plan rejected: %v", err)
	}
	p.Steps = p.Steps[:len(p.Steps)-1]
	err = Converges(from, to, p)
	if err == nil {
		t.Fatal("incomplete plan accepted")
	}
	if !errors.Is(err, plan.ErrUnsupported) || !errors.Is(err, ErrNotConverged) {
		t.Fatalf("error %v does not wrap ErrUnsupported and ErrNotConverged", err)
	}
	if !strings.Contains(err.Error(), "users") {
		t.Fatalf("error does not name the table: %v", err)
	}
}

func kinds(cs []schema.Change) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Kind())
	}
	return out
}
