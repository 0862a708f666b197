package plan

import (
	"slices"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TestSetTableOptionsSQL proves the SQL of a table options change in each
// dialect: MySQL ENGINE= and CONVERT TO (a copy), PostgreSQL SET LOGGED and
// storage parameters, SQLite a rebuild into a STRICT table.
func TestSetTableOptionsSQL(t *testing.T) {
	sq, err := dialect.Sqlite("")
	if err != nil {
		t.Fatal(err)
	}
	tq := schema.QName{Name: "t"}
	myFrom := &schema.Schema{Tables: []*schema.Table{myTable("t", myCol("a", "varchar(20)"))}}
	tests := []struct {
		name     string
		d        *dialect.Dialect
		from     *schema.Schema
		c        *schema.SetTableOptions
		up, down []string
	}{
		{"mariadb engine and charset", myDialect(t, "mariadb", "10.11"), myFrom,
			&schema.SetTableOptions{Table: tq, From: map[string]string{"engine": "MyISAM", "charset": "latin1", "collate": "latin1_swedish_ci"}},
			[]string{"ALTER TABLE `t` ENGINE=InnoDB, CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci, LOCK=SHARED"},
			[]string{"ALTER TABLE `t` ENGINE=MyISAM, CONVERT TO CHARACTER SET latin1 COLLATE latin1_swedish_ci"}},
		{"postgres unlogged and fillfactor", pgDialect(t, "16"), minimalSource(),
			&schema.SetTableOptions{Table: qn("t"), From: map[string]string{"persistence": "unlogged", "autovacuum_enabled": "false"},
				To: map[string]string{"fillfactor": "70"}},
			[]string{`ALTER TABLE "public"."t" SET LOGGED, SET (fillfactor = 70), RESET (autovacuum_enabled)`},
			[]string{`ALTER TABLE "public"."t" SET UNLOGGED, SET (autovacuum_enabled = false), RESET (fillfactor)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Build([]schema.Change{tt.c}, tt.from, nil, tt.d)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Steps) != 1 {
				t.Fatalf("steps = %d, want 1", len(p.Steps))
			}
			s := p.Steps[0]
			if !slices.Equal(s.Up, tt.up) || !slices.Equal(s.Down, tt.down) {
				t.Errorf("up %q down %q\nwant up %q down %q", s.Up, s.Down, tt.up, tt.down)
			}
			if !s.Rewrite {
				t.Error("step does not claim a rewrite")
			}
		})
	}
	t.Run("sqlite strict rebuild", func(t *testing.T) {
		from := &schema.Schema{Tables: []*schema.Table{{Name: tq, Columns: []*schema.Column{{Name: "id", Type: schema.Type{Norm: "INTEGER"}}}}}}
		c := &schema.SetTableOptions{Table: tq, To: map[string]string{sqliteStrict: "true"}}
		p, err := Build([]schema.Change{c}, from, nil, sq)
		if err != nil {
			t.Fatal(err)
		}
		var up, down []string
		for _, s := range p.Steps {
			up, down = append(up, s.Up...), append(down, s.Down...)
		}
		if u := strings.Join(up, "\n"); !strings.Contains(u, ") STRICT") || !strings.Contains(u, "INSERT INTO") {
			t.Errorf("up does not rebuild into a STRICT table:\n%s", u)
		}
		if d := strings.Join(down, "\n"); strings.Contains(d, "STRICT") || !strings.Contains(d, "INSERT INTO") {
			t.Errorf("down does not rebuild into a plain table:\n%s", d)
		}
	})
}
