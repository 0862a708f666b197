package schemadoc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/mysqlddl"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqlddl"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqliteddl"
)

func lookup(t *testing.T, name string) *dialect.Dialect {
	t.Helper()
	d, err := dialect.Lookup(name, "")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// ddlReader is the DDL reader of a dialect.
func ddlReader(d *dialect.Dialect) func(*dialect.Dialect, ...schema.File) (*schema.Schema, error) {
	switch {
	case d.Name == "postgres":
		return sqlddl.Parse
	case d.MySQL != nil:
		return mysqlddl.Parse
	}
	return sqliteddl.Parse
}

// TestEqualsDDL reads each testdata/equal/<name>.txtar case, a document
// and the DDL it means for each dialect, and requires the two readers to
// give the same schema.
func TestEqualsDDL(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "equal", "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sections := readTxtar(string(data))
		doc, ok := sections["schema.yaml"]
		if !ok {
			doc, ok = sections["schema.json"]
		}
		if !ok {
			t.Fatalf("%s: no schema.yaml or schema.json section", p)
		}
		compared := 0
		for _, dn := range []string{"postgres", "mariadb", "sqlite"} {
			ddl, ok := sections[dn+".sql"]
			if !ok {
				continue
			}
			compared++
			t.Run(strings.TrimSuffix(filepath.Base(p), ".txtar")+"/"+dn, func(t *testing.T) {
				d := lookup(t, dn)
				got, err := Parse(d, schema.File{Path: "schema.yaml", Data: []byte(doc)})
				if err != nil {
					t.Fatalf("document: %v", err)
				}
				want, err := ddlReader(d)(d, schema.File{Path: "schema.sql", Data: []byte(ddl)})
				if err != nil {
					t.Fatalf("DDL: %v", err)
				}
				if ds := schema.Differences(want, got); len(ds) > 0 {
					t.Errorf("the document and the DDL differ (want = DDL, got = document):\n  %s", strings.Join(ds, "\n  "))
				}
				for _, tb := range got.Tables {
					if tb.Pos.File != "schema.yaml" || tb.Pos.Line == 0 {
						t.Errorf("table %s has position %v, want a line of schema.yaml", tb.Name, tb.Pos)
					}
					for _, c := range tb.Columns {
						if c.Pos.File != "schema.yaml" || c.Pos.Line == 0 {
							t.Errorf("column %s.%s has position %v, want a line of schema.yaml", tb.Name, c.Name, c.Pos)
						}
					}
				}
			})
		}
		if compared == 0 {
			t.Errorf("%s: no <dialect>.sql section", p)
		}
	}
}

// readTxtar splits a txtar archive into its named sections.
func readTxtar(data string) map[string]string {
	out := map[string]string{}
	name := ""
	var cur strings.Builder
	flush := func() {
		if name != "" {
			out[name] = cur.String()
		}
		cur.Reset()
	}
	for line := range strings.Lines(data) {
		l := strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") && len(l) > 6 {
			flush()
			name = strings.TrimSpace(l[3 : len(l)-3])
			continue
		}
		cur.WriteString(line)
	}
	flush()
	return out
}

// TestPositions checks that objects point at the document lines they
// were written on, also across several files, and that rename hints and
// Knex's default names are kept.
func TestPositions(t *testing.T) {
	users := "tables:\n  users:\n    renamed_from: members\n    columns:\n      id: increments\n      email:\n        type: string(100)\n        unique: true\n        renamed_from: mail\n"
	orders := "tables:\n  orders:\n    columns:\n      id: increments\n      user_id:\n        type: integer\n        unsigned: true\n        references: users.id\n        index: true\n"
	for _, dn := range []string{"postgres", "mariadb", "sqlite"} {
		t.Run(dn, func(t *testing.T) {
			s, err := Parse(lookup(t, dn), schema.File{Path: "users.yaml", Data: []byte(users)}, schema.File{Path: "orders.yml", Data: []byte(orders)})
			if err != nil {
				t.Fatal(err)
			}
			tables := map[string]*schema.Table{}
			for _, tb := range s.Tables {
				tables[tb.Name.Name] = tb
			}
			u, o := tables["users"], tables["orders"]
			if u == nil || o == nil {
				t.Fatalf("tables: %v", s.Tables)
			}
			cases := []struct {
				name string
				got  schema.Pos
				want schema.Pos
			}{
				{"users", u.Pos, schema.Pos{File: "users.yaml", Line: 2}},
				{"users.email", u.Columns[1].Pos, schema.Pos{File: "users.yaml", Line: 6}},
				{"orders", o.Pos, schema.Pos{File: "orders.yml", Line: 2}},
				{"orders.user_id", o.Columns[1].Pos, schema.Pos{File: "orders.yml", Line: 5}},
				{"orders foreign key", o.ForeignKeys[0].Pos, schema.Pos{File: "orders.yml", Line: 8}},
			}
			for _, c := range cases {
				if c.got != c.want {
					t.Errorf("%s at %v, want %v", c.name, c.got, c.want)
				}
			}
			if u.RenamedFrom != "members" || u.Columns[1].RenamedFrom != "mail" {
				t.Errorf("rename hints: table %q, column %q", u.RenamedFrom, u.Columns[1].RenamedFrom)
			}
			if o.ForeignKeys[0].Name != "orders_user_id_foreign" {
				t.Errorf("foreign key named %q, want Knex's orders_user_id_foreign", o.ForeignKeys[0].Name)
			}
			found := false
			for _, ix := range o.Indexes {
				found = found || ix.Name == "orders_user_id_index"
			}
			if !found {
				t.Errorf("no index orders_user_id_index in %v", o.Indexes)
			}
		})
	}
}
