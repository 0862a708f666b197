package plan_test

import (
	"context"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/emit/sqlfile"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// TestPostgresStepsFailInsteadOfLosingData proves that steps whose hazard
// is may-fail stop on bad rows, and leave the data as it was.
func TestPostgresStepsFailInsteadOfLosingData(t *testing.T) {
	tests := []struct {
		name    string
		changes []schema.Change
		// wantErr is a substring of the server's error.
		wantErr string
		// intact is a query that must return "ok" after the failure.
		intact string
	}{
		{
			name: "varchar narrowing refuses a long value",
			changes: []schema.Change{&schema.AlterColumn{Table: qn("users"), What: schema.ChangeType,
				From: col("name", "character varying(20)"), To: col("name", "character varying(2)")}},
			wantErr: "too long",
			intact:  `SELECT CASE WHEN name = 'ann' THEN 'ok' END FROM public.users WHERE id = 1`,
		},
		{
			name: "set not null stops at validation on a NULL",
			changes: []schema.Change{&schema.AlterColumn{Table: qn("users"), What: schema.ChangeNull,
				From: col("name", "character varying(20)"), To: nn(col("name", "character varying(20)"))}},
			wantErr: "violated",
			intact:  `SELECT CASE WHEN attnotnull THEN 'no' ELSE 'ok' END FROM pg_attribute WHERE attrelid = 'public.users'::regclass AND attname = 'name'`,
		},
		{
			name: "removing an enum value still in use fails",
			changes: []schema.Change{&schema.DropEnumValue{From: &schema.Enum{Name: qn("mood"), Values: []string{"sad", "ok"}},
				To: &schema.Enum{Name: qn("mood"), Values: []string{"ok"}}, Values: []string{"sad"},
				Columns: []schema.ColumnRef{{Table: qn("users"), Column: "mood"}}}},
			wantErr: "invalid input value",
			intact:  `SELECT CASE WHEN mood::text = 'sad' THEN 'ok' END FROM public.users WHERE id = 1`,
		},
	}
	d, err := dialect.Postgres("15")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			from := base()
			from.Enums = []*schema.Enum{{Name: qn("mood"), Values: []string{"sad", "ok"}}}
			from.Tables[0].Columns = append(from.Tables[0].Columns, enumCol("mood", "mood"))
			db := pgtest.New(t)
			applyPlan(t, db.DB, mustBuild(t, creates(from), nil, from, d), true)
			db.Exec(t, `INSERT INTO public.users VALUES (1, 'a@x', 'ann', 'sad'), (2, 'b@x', NULL, 'ok')`)
			p := mustBuild(t, tt.changes, from, nil, d)
			err := tryPlan(db, p)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
			if got := queryOne(t, db.DB, tt.intact); got != "ok" {
				t.Fatalf("data or column changed after the failure (%s)", tt.intact)
			}
		})
	}
}

// tryPlan runs the up batches as applyPlan does and returns the first
// error instead of failing the test.
func tryPlan(db *pgtest.DB, p *plan.Plan) error {
	ctx := context.Background()
	conn, err := db.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return runBatches(ctx, conn, sqlfile.Statements(p, true))
}
