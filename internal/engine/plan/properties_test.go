package plan

import (
	"slices"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// want is the expected envelope of one step.
type want struct {
	up        string // a substring of the joined up statements
	down      string // a substring of the joined down statements
	tx        bool
	newTx     bool
	lock      string
	reads     bool
	writes    bool
	rewrite   bool
	scan      bool
	downLoses bool
	hazards   []HazardKind
}

func TestStepProperties(t *testing.T) {
	tq := qn("t")
	serialDefault := &schema.Default{Kind: schema.DefaultSequence, Expr: `nextval('public.t_n_seq'::regclass)`,
		Sequence: &schema.QName{Schema: "public", Name: "t_n_seq"}}
	tests := []struct {
		name    string
		version string
		changes []schema.Change
		steps   []want
	}{
		{
			name:    "index on existing table is built concurrently",
			changes: []schema.Change{&schema.AddIndex{Table: tq, Index: &schema.Index{Name: "t_a_idx", Parts: []schema.IndexPart{{Column: "a"}}}}},
			steps: []want{{up: `CREATE INDEX CONCURRENTLY "t_a_idx" ON "public"."t" ("a")`, down: `DROP INDEX CONCURRENTLY IF EXISTS "public"."t_a_idx"`,
				lock: LockShareUpdateExclusive, scan: true}},
		},
		{
			name: "index on new table is plain",
			changes: []schema.Change{&schema.AddTable{Table: table("n")},
				&schema.AddIndex{Table: qn("n"), NewTable: true, Index: &schema.Index{Name: "n_id_idx", Parts: []schema.IndexPart{{Column: "id"}}}}},
			steps: []want{{up: `CREATE TABLE "public"."n"`, down: `DROP TABLE IF EXISTS "public"."n"`, tx: true},
				{up: `CREATE INDEX "n_id_idx" ON "public"."n" ("id")`, down: `DROP INDEX IF EXISTS`, tx: true}},
		},
		{
			name:    "unique constraint uses a concurrent index",
			changes: []schema.Change{&schema.AddUnique{Table: tq, Unique: &schema.Unique{Name: "t_a_key", Columns: []string{"a"}}}},
			steps: []want{
				{up: `CREATE UNIQUE INDEX CONCURRENTLY "t_a_key"`, lock: LockShareUpdateExclusive, scan: true, hazards: []HazardKind{HazardMayFail}},
				{up: `ADD CONSTRAINT "t_a_key" UNIQUE USING INDEX "t_a_key"`, down: `DROP CONSTRAINT IF EXISTS "t_a_key"`, tx: true,
					lock: LockAccessExclusive, reads: true, writes: true}},
		},
		{
			name: "foreign key on existing table: not valid then validate",
			changes: []schema.Change{&schema.AddForeignKey{Table: tq, ForeignKey: &schema.ForeignKey{Name: "t_u_fkey",
				Columns: []string{"id"}, RefTable: qn("u"), RefColumns: []string{"id"}, OnDelete: schema.Cascade}}},
			steps: []want{
				{up: `FOREIGN KEY ("id") REFERENCES "public"."u" ("id") ON DELETE CASCADE NOT VALID`, tx: true, lock: LockShareRowExclusive, writes: true},
				{up: `VALIDATE CONSTRAINT "t_u_fkey"`, tx: true, newTx: true, lock: LockShareUpdateExclusive, scan: true, hazards: []HazardKind{HazardMayFail}}},
		},
		{
			name:    "check on existing table: not valid then validate",
			changes: []schema.Change{&schema.AddCheck{Table: tq, Check: &schema.Check{Name: "t_a_check", Expr: "(a <> '')"}}},
			steps: []want{
				{up: `CHECK ((a <> '')) NOT VALID`, tx: true, lock: LockAccessExclusive, reads: true, writes: true},
				{up: `VALIDATE CONSTRAINT "t_a_check"`, tx: true, newTx: true, lock: LockShareUpdateExclusive, scan: true, hazards: []HazardKind{HazardMayFail}}},
		},
		{
			name:    "set not null on PG 15 goes through a validated check",
			changes: []schema.Change{&schema.AlterColumn{Table: tq, From: textCol("a"), To: notNull(textCol("a")), What: schema.ChangeNull}},
			steps: []want{
				{up: `ADD CONSTRAINT "t_a_mb_not_null" CHECK ("a" IS NOT NULL) NOT VALID`, down: `DROP CONSTRAINT IF EXISTS "t_a_mb_not_null"`, tx: true, lock: LockAccessExclusive, reads: true, writes: true},
				{up: `VALIDATE CONSTRAINT "t_a_mb_not_null"`, tx: true, newTx: true, lock: LockShareUpdateExclusive, scan: true, hazards: []HazardKind{HazardMayFail}},
				{up: `ALTER COLUMN "a" SET NOT NULL`, down: `DROP NOT NULL`, tx: true, newTx: true, lock: LockAccessExclusive, reads: true, writes: true}},
		},
		{
			name:    "set not null on PG 11 scans under the lock",
			version: "11",
			changes: []schema.Change{&schema.AlterColumn{Table: tq, From: textCol("a"), To: notNull(textCol("a")), What: schema.ChangeNull}},
			steps: []want{{up: `SET NOT NULL`, tx: true, lock: LockAccessExclusive, reads: true, writes: true, scan: true,
				hazards: []HazardKind{HazardBlockingLock, HazardMayFail}}},
		},
		{
			name: "varchar widening does not rewrite",
			changes: []schema.Change{&schema.AlterColumn{Table: tq, What: schema.ChangeType,
				From: &schema.Column{Name: "a", Type: schema.Type{Norm: "character varying(20)"}},
				To:   &schema.Column{Name: "a", Type: schema.Type{Norm: "character varying(40)"}}}},
			steps: []want{{up: `ALTER COLUMN "a" TYPE character varying(40)`, down: `TYPE character varying(20)`, tx: true,
				lock: LockAccessExclusive, reads: true, writes: true}},
		},
		{
			name: "varchar narrowing relies on the failing assignment cast, not a truncating USING",
			changes: []schema.Change{&schema.AlterColumn{Table: tq, What: schema.ChangeType,
				From: &schema.Column{Name: "a", Type: schema.Type{Norm: "character varying(40)"}},
				To:   &schema.Column{Name: "a", Type: schema.Type{Norm: "character varying(20)"}}}},
			steps: []want{{up: `ALTER COLUMN "a" TYPE character varying(20)`, down: `TYPE character varying(40)`, tx: true,
				lock: LockAccessExclusive, reads: true, writes: true, rewrite: true, scan: true,
				hazards: []HazardKind{HazardRewrite, HazardBlockingLock, HazardMayFail}}},
		},
		{
			name: "numeric scale down rounds",
			changes: []schema.Change{&schema.AlterColumn{Table: tq, What: schema.ChangeType,
				From: &schema.Column{Name: "a", Type: schema.Type{Norm: "numeric(10,4)"}},
				To:   &schema.Column{Name: "a", Type: schema.Type{Norm: "numeric(10,2)"}}}},
			steps: []want{{up: `TYPE numeric(10,2) USING "a"::numeric(10,2)`, tx: true,
				lock: LockAccessExclusive, reads: true, writes: true, rewrite: true, scan: true,
				hazards: []HazardKind{HazardRewrite, HazardBlockingLock, HazardMayFail, HazardDataLoss}}},
		},
		{
			name: "int to bigint rewrites",
			changes: []schema.Change{&schema.AlterColumn{Table: tq, What: schema.ChangeType,
				From: intCol("a"), To: &schema.Column{Name: "a", Type: schema.Type{Norm: "bigint"}}}},
			steps: []want{{up: `TYPE bigint USING "a"::bigint`, tx: true, lock: LockAccessExclusive, reads: true, writes: true,
				rewrite: true, scan: true, hazards: []HazardKind{HazardRewrite, HazardBlockingLock}}},
		},
		{
			name: "bigint to int can fail on large values",
			changes: []schema.Change{&schema.AlterColumn{Table: tq, What: schema.ChangeType,
				From: &schema.Column{Name: "a", Type: schema.Type{Norm: "bigint"}}, To: intCol("a")}},
			steps: []want{{up: `TYPE integer USING "a"::integer`, tx: true, lock: LockAccessExclusive, reads: true, writes: true,
				rewrite: true, scan: true, hazards: []HazardKind{HazardRewrite, HazardBlockingLock, HazardMayFail}}},
		},
		{
			name:    "drop not null column: rollback fills the rows with the zero value, then drops the default",
			changes: []schema.Change{&schema.DropColumn{Table: tq, Column: notNull(textCol("a"))}},
			steps: []want{{up: `DROP COLUMN "a"`,
				down: "ADD COLUMN IF NOT EXISTS \"a\" text DEFAULT '' NOT NULL\nALTER TABLE \"public\".\"t\" ALTER COLUMN \"a\" DROP DEFAULT",
				tx:   true, lock: LockAccessExclusive, reads: true, writes: true, downLoses: true,
				hazards: []HazardKind{HazardDataLoss, HazardBreaking, HazardIrreversible}}},
		},
		{
			name:    "drop not null column of a type without zero value: rollback re-adds it nullable",
			changes: []schema.Change{&schema.DropColumn{Table: tq, Column: notNull(&schema.Column{Name: "a", Type: schema.Type{Norm: "point"}})}},
			steps: []want{{up: `DROP COLUMN "a"`, down: `ADD COLUMN IF NOT EXISTS "a" point`, tx: true, lock: LockAccessExclusive,
				reads: true, writes: true, downLoses: true, hazards: []HazardKind{HazardDataLoss, HazardBreaking, HazardIrreversible}}},
		},
		{
			name:    "drop column with default: rollback keeps NOT NULL",
			changes: []schema.Change{&schema.DropColumn{Table: tq, Column: notNull(withDefault(textCol("a"), "'x'"))}},
			steps: []want{{up: `DROP COLUMN "a"`, down: `ADD COLUMN IF NOT EXISTS "a" text DEFAULT 'x' NOT NULL`, tx: true, lock: LockAccessExclusive,
				reads: true, writes: true, downLoses: true, hazards: []HazardKind{HazardDataLoss, HazardBreaking}}},
		},
		{
			name:    "add serial column rewrites",
			changes: []schema.Change{&schema.AddColumn{Table: tq, Column: &schema.Column{Name: "n", Type: schema.Type{Norm: "bigint"}, NotNull: true, Default: serialDefault}}},
			steps: []want{{up: `ADD COLUMN "n" bigserial NOT NULL`, down: `DROP COLUMN IF EXISTS "n"`, tx: true, lock: LockAccessExclusive,
				reads: true, writes: true, rewrite: true, hazards: []HazardKind{HazardRewrite, HazardBlockingLock}}},
		},
		{
			name:    "add column with constant default does not rewrite",
			changes: []schema.Change{&schema.AddColumn{Table: tq, Column: notNull(withDefault(textCol("b"), "'x'"))}},
			steps:   []want{{up: `ADD COLUMN "b" text DEFAULT 'x' NOT NULL`, tx: true, lock: LockAccessExclusive, reads: true, writes: true}},
		},
		{
			name:    "add column with volatile default rewrites",
			changes: []schema.Change{&schema.AddColumn{Table: tq, Column: &schema.Column{Name: "u", Type: schema.Type{Norm: "uuid"}, Default: &schema.Default{Kind: schema.DefaultFunction, Expr: "gen_random_uuid()"}}}},
			steps: []want{{up: `DEFAULT gen_random_uuid()`, tx: true, lock: LockAccessExclusive, reads: true, writes: true, rewrite: true,
				hazards: []HazardKind{HazardRewrite, HazardBlockingLock}}},
		},
		{
			name:    "enum value on PG 11 is not transactional",
			version: "11",
			changes: []schema.Change{&schema.AddEnumValue{Enum: qn("mood"), Value: "happy", Before: "ok"}},
			steps:   []want{{up: `ALTER TYPE "public"."mood" ADD VALUE 'happy' BEFORE 'ok'`, down: `CREATE TYPE "public"."mood_mb_new" AS ENUM ('sad', 'ok')`, hazards: []HazardKind{HazardIrreversible}}},
		},
		{
			name: "enum value used by a later default is committed first",
			changes: []schema.Change{&schema.AddEnumValue{Enum: qn("mood"), Value: "happy"},
				&schema.AlterColumn{Table: tq, What: schema.ChangeDefault,
					From: &schema.Column{Name: "m", Type: schema.Type{Norm: "public.mood"}},
					To:   withDefault(&schema.Column{Name: "m", Type: schema.Type{Norm: "public.mood"}}, "'happy'")}},
			steps: []want{{up: `ADD VALUE 'happy'`, hazards: []HazardKind{HazardIrreversible}},
				{up: `SET DEFAULT 'happy'`, down: `DROP DEFAULT`, tx: true, lock: LockAccessExclusive, reads: true, writes: true}},
		},
		{
			name:    "enum value removal recreates the type",
			changes: []schema.Change{minimalChanges()["DropEnumValue"]},
			steps: []want{{up: `ALTER COLUMN "m" TYPE "public"."mood_mb_new" USING "m"::text::"public"."mood_mb_new"`, down: `AS ENUM ('sad', 'ok')`,
				tx: true, lock: LockAccessExclusive, reads: true, writes: true, rewrite: true, scan: true,
				hazards: []HazardKind{HazardRewrite, HazardBlockingLock, HazardMayFail, HazardDataLoss, HazardBreaking}}},
		},
		{
			name:    "drop table: rollback re-creates it",
			changes: []schema.Change{&schema.DropTable{Table: table("t", textCol("a"))}},
			steps: []want{{up: `DROP TABLE "public"."t"`, down: `CREATE TABLE IF NOT EXISTS "public"."t"`, tx: true, lock: LockAccessExclusive,
				reads: true, writes: true, downLoses: true, hazards: []HazardKind{HazardDataLoss, HazardBreaking}}},
		},
		{
			name:    "rename table",
			changes: []schema.Change{&schema.RenameTable{From: tq, To: qn("t2")}},
			steps: []want{{up: `ALTER TABLE "public"."t" RENAME TO "t2"`, down: `ALTER TABLE IF EXISTS "public"."t2" RENAME TO "t"`, tx: true,
				lock: LockAccessExclusive, reads: true, writes: true, hazards: []HazardKind{HazardBreaking}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.version
			if v == "" {
				v = "15"
			}
			p, err := Build(tt.changes, minimalSource(), nil, pgDialect(t, v))
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Steps) != len(tt.steps) {
				for _, s := range p.Steps {
					t.Logf("step: %q", s.Up)
				}
				t.Fatalf("got %d steps, want %d", len(p.Steps), len(tt.steps))
			}
			for i, w := range tt.steps {
				checkStep(t, i, p.Steps[i], w)
			}
		})
	}
}

func checkStep(t *testing.T, i int, s *Step, w want) {
	t.Helper()
	up, down := strings.Join(s.Up, "\n"), strings.Join(s.Down, "\n")
	if !strings.Contains(up, w.up) {
		t.Errorf("step %d: up %q does not contain %q", i, up, w.up)
	}
	if !strings.Contains(down, w.down) {
		t.Errorf("step %d: down %q does not contain %q", i, down, w.down)
	}
	type env struct {
		Tx, NewTx, Reads, Writes, Rewrite, Scan, DownLoses bool
		Lock                                               string
	}
	got := env{s.Transactional, s.NewTransaction, s.Lock.BlocksReads, s.Lock.BlocksWrites, s.Rewrite, s.Scan, s.DownLosesData, s.Lock.Level}
	exp := env{w.tx, w.newTx, w.reads, w.writes, w.rewrite, w.scan, w.downLoses, w.lock}
	if got != exp {
		t.Errorf("step %d (%q): envelope\n got %+v\nwant %+v", i, up, got, exp)
	}
	var kinds []HazardKind
	for _, h := range s.Hazards {
		if !slices.Contains(kinds, h.Kind) {
			kinds = append(kinds, h.Kind)
		}
	}
	if !slices.Equal(kinds, w.hazards) {
		t.Errorf("step %d (%q): hazards %v, want %v", i, up, kinds, w.hazards)
	}
}
