package sqlfile

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	pgintro "github.com/migrate-bot/migrate-bot/internal/engine/introspect/postgres"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// runGoose runs one section of a goose file the way goose does: statements
// end at a line ending in ";" or at -- +goose StatementEnd; with
// -- +goose NO TRANSACTION each is sent on its own, otherwise all of them
// in one transaction.
func runGoose(ctx context.Context, conn *sql.Conn, text string, up bool) error {
	noTx := strings.Contains(text, "-- +goose NO TRANSACTION")
	section := ""
	var stmts []string
	var cur strings.Builder
	inBlock := false
	for _, line := range strings.Split(text, "\n") {
		switch strings.TrimSpace(line) {
		case "-- +goose Up":
			section = "up"
			continue
		case "-- +goose Down":
			section = "down"
			continue
		case "-- +goose StatementBegin":
			inBlock = true
			continue
		case "-- +goose StatementEnd":
			inBlock = false
			stmts = append(stmts, cur.String())
			cur.Reset()
			continue
		}
		if section != map[bool]string{true: "up", false: "down"}[up] || (!inBlock && cur.Len() == 0 && (strings.HasPrefix(line, "--") || strings.TrimSpace(line) == "")) {
			continue
		}
		cur.WriteString(line + "\n")
		if !inBlock && strings.HasSuffix(strings.TrimSpace(line), ";") {
			stmts = append(stmts, cur.String())
			cur.Reset()
		}
	}
	if !noTx {
		stmts = append(append([]string{"BEGIN"}, stmts...), "COMMIT")
	}
	for _, s := range stmts {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			if !noTx {
				conn.ExecContext(ctx, "ROLLBACK")
			}
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// runDbmate runs one section of a dbmate file the way dbmate does: the
// whole section as one query, inside a transaction unless the marker says
// transaction:false.
func runDbmate(ctx context.Context, conn *sql.Conn, text string, up bool) error {
	upAt, downAt := strings.Index(text, "-- migrate:up"), strings.Index(text, "-- migrate:down")
	section := text[upAt:downAt]
	if !up {
		section = text[downAt:]
	}
	marker, body, _ := strings.Cut(section, "\n")
	if strings.Contains(marker, "transaction:false") {
		_, err := conn.ExecContext(ctx, body)
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, body); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// applyBatches runs a plan as Statements groups it (the reference runner).
func applyBatches(t *testing.T, ctx context.Context, conn *sql.Conn, p *plan.Plan, up bool) {
	t.Helper()
	for _, b := range Statements(p, up) {
		for _, s := range b.SQL {
			if _, err := conn.ExecContext(ctx, s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
	}
}

func inspectPG(t *testing.T, db *sql.DB) *schema.Schema {
	t.Helper()
	s, err := pgintro.Inspect(context.Background(), db, pgintro.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestConventionsRunOnPostgres applies goose, dbmate and golang-migrate
// files, up then down, on PostgreSQL, parsing goose and dbmate markers as
// the tools do (golang-migrate pairs through psql -f), and compares the
// database with the plan applied by the reference runner, then with the base.
func TestConventionsRunOnPostgres(t *testing.T) {
	ctx := context.Background()
	base := buildPlan(t, []schema.Change{&schema.AddTable{Table: users()}})
	for _, name := range []string{"add_table_index_fk", "add_index_concurrently", "hostile_names", "add_foreign_key"} {
		changes := goldenPlans()[name]
		for _, tool := range []Tool{Goose, Dbmate, GolangMigrate} {
			t.Run(name+"/"+string(tool), func(t *testing.T) {
				p := buildPlan(t, changes)
				setup := func() (*pgtest.DB, *sql.Conn) {
					db := pgtest.New(t)
					conn, err := db.DB.Conn(ctx)
					if err != nil {
						t.Fatal(err)
					}
					t.Cleanup(func() { conn.Close() })
					applyBatches(t, ctx, conn, base, true)
					switch name {
					case "add_foreign_key":
						db.Exec(t, `CREATE TABLE orders (id bigint PRIMARY KEY, user_id integer)`)
					}
					return db, conn
				}
				ref, refConn := setup()
				applyBatches(t, ctx, refConn, p, true)
				want := inspectPG(t, ref.DB)

				db, conn := setup()
				before := inspectPG(t, db.DB)
				dir := t.TempDir()
				files := FilesFor(p, Convention{Tool: tool, Versioning: Sequence, Width: 4}, []string{"0001_base.sql"}, Options{Name: name})
				for _, f := range files {
					if err := os.WriteFile(filepath.Join(dir, f.Path), f.Data, 0o600); err != nil {
						t.Fatal(err)
					}
				}
				run := func(up bool) {
					if tool == GolangMigrate {
						suffix := ".down.sql"
						if up {
							suffix = ".up.sql"
						}
						psqlFile(t, db, filepath.Join(dir, strings.TrimSuffix(files[0].Path, ".up.sql")+suffix))
						return
					}
					order := files
					if !up {
						order = nil
						for i := len(files) - 1; i >= 0; i-- {
							order = append(order, files[i])
						}
					}
					for _, f := range order {
						var err error
						if tool == Goose {
							err = runGoose(ctx, conn, string(f.Data), up)
						} else {
							err = runDbmate(ctx, conn, string(f.Data), up)
						}
						if err != nil {
							t.Fatalf("%s up=%v: %v\n%s", f.Path, up, err, f.Data)
						}
					}
				}
				run(true)
				for _, d := range schema.Differences(inspectPG(t, db.DB), want) {
					t.Errorf("after up: %s", d)
				}
				run(false)
				for _, d := range schema.Differences(inspectPG(t, db.DB), before) {
					t.Errorf("after down: %s", d)
				}
			})
		}
	}
}
