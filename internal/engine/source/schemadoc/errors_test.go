package schemadoc

import (
	"errors"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TestErrors feeds bad documents and requires a *schema.PosError at the
// right file:line with a message that says what is wrong.
func TestErrors(t *testing.T) {
	cases := []struct {
		name, dialect, doc string
		line               int
		want               string
	}{
		{"unknown top key", "postgres", "tables: {}\nviews: {}\n", 2, `unknown key "views"`},
		{"unknown column key", "postgres", "tables:\n  t:\n    columns:\n      a:\n        type: integer\n        nullible: true\n", 6, `unknown key "nullible"`},
		{"wrong type of value", "postgres", "tables:\n  t:\n    columns:\n      a:\n        type: integer\n        nullable: maybe\n", 6, "want true or false"},
		{"columns not a mapping", "postgres", "tables:\n  t:\n    columns: [a, b]\n", 3, "want a mapping"},
		{"no columns", "postgres", "tables:\n  t:\n    comment: x\n", 2, "columns are required"},
		{"no type", "postgres", "tables:\n  t:\n    columns:\n      a:\n        nullable: false\n", 4, "type is required"},
		{"unknown index column", "postgres", "tables:\n  t:\n    columns:\n      a: integer\n    indexes:\n      - columns: [b]\n", 6, `unknown column "b"`},
		{"unknown referenced table", "postgres", "tables:\n  t:\n    columns:\n      a:\n        type: integer\n        references: u.id\n", 6, `unknown table "u"`},
		{"unknown referenced column", "mariadb", "tables:\n  u:\n    columns:\n      id: integer\n  t:\n    columns:\n      a:\n        type: integer\n        references: u.uid\n", 9, "unknown column u.uid"},
		{"unknown primary key column", "sqlite", "tables:\n  t:\n    columns:\n      a: integer\n    primary_key: [b]\n", 5, `unknown column "b"`},
		{"duplicate column", "postgres", "tables:\n  t:\n    columns:\n      a: integer\n      a: text\n", 5, `"a" given twice (first on line 4)`},
		{"duplicate table across files", "postgres", "tables:\n  t:\n    columns:\n      a: integer\n", 2, "declared twice"},
		{"bad type name", "postgres", "tables:\n  t:\n    columns:\n      a: \"int); DROP TABLE x; --\"\n", 4, "is not a type name"},
		{"unknown type", "postgres", "tables:\n  t:\n    columns:\n      a: integr\n", 4, "integr"},
		{"statement in a check", "postgres", "tables:\n  t:\n    columns:\n      a: integer\n    checks:\n      - a > 0); DROP TABLE t; --\n", 6, "unbalanced"},
		{"unbalanced default", "mariadb", "tables:\n  t:\n    columns:\n      a:\n        type: integer\n        default: {sql: \"1)\"}\n", 6, "unbalanced"},
		{"enum without values", "postgres", "tables:\n  t:\n    columns:\n      a: enum\n", 4, "needs values"},
		{"enum types on mysql", "mariadb", "enums:\n  mood: [a, b]\ntables: {}\n", 2, "no enum types"},
		{"partial index on mysql", "mariadb", "tables:\n  t:\n    columns:\n      a: integer\n    indexes:\n      - columns: [a]\n        where: a > 0\n", 6, "no partial indexes"},
		{"comment on sqlite", "sqlite", "tables:\n  t:\n    comment: hi\n    columns:\n      a: integer\n", 2, "no table comments"},
		{"dialect mismatch", "sqlite", "dialect: postgres\ntables: {}\n", 1, "written for postgres"},
		{"yaml syntax", "postgres", "tables:\n  t: [\n", 2, "not valid YAML or JSON"},
		{"json syntax", "postgres", "{\"tables\": [}\n", 1, "not valid YAML or JSON"},
		{"alias", "postgres", "tables:\n  t: &x\n    columns:\n      a: integer\n  u: *x\n", 2, "anchors and aliases"},
		{"hex number default", "postgres", "tables:\n  t:\n    columns:\n      a:\n        type: integer\n        default: 0x1F\n", 6, "not a plain decimal number"},
		{"bad action", "postgres", "tables:\n  u:\n    columns:\n      id: increments\n  t:\n    columns:\n      a:\n        type: integer\n        references: {table: u, column: id, on_delete: explode}\n", 9, "want cascade"},
		{"fk column count", "postgres", "tables:\n  u:\n    columns:\n      id: integer\n  t:\n    columns:\n      a: integer\n      b: integer\n    foreign_keys:\n      - columns: [a, b]\n        references: {table: u, columns: [id]}\n", 10, "2 column(s) but references 1"},
		{"primary twice", "postgres", "tables:\n  t:\n    columns:\n      a: increments\n    primary_key: [a]\n", 5, "say it once"},
		{"expression index without name", "postgres", "tables:\n  t:\n    columns:\n      a: text\n    indexes:\n      - columns: [{expr: lower(a)}]\n", 6, "needs a name"},
		{"server rejects the expression", "postgres", "tables:\n  t:\n    columns:\n      a: integer\n    checks:\n      - a >\n", 6, "syntax error"},
		{"statement in a default on sqlite", "sqlite", "tables:\n  t:\n    columns:\n      a:\n        type: integer\n        default: {sql: \"1; DROP TABLE t\"}\n", 6, "not allowed"},
		{"unknown mysql type", "mariadb", "tables:\n  t:\n    columns:\n      a: varchr(10)\n", 4, "unknown type"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := []schema.File{{Path: "db/schema.yaml", Data: []byte(c.doc)}}
			if c.name == "duplicate table across files" {
				files = append([]schema.File{{Path: "db/first.yaml", Data: []byte(c.doc)}}, files...)
			}
			_, err := Parse(lookup(t, c.dialect), files...)
			if err == nil {
				t.Fatalf("no error for\n%s", c.doc)
			}
			var pe *schema.PosError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *schema.PosError", err, err)
			}
			if pe.Pos.File != "db/schema.yaml" || pe.Pos.Line != c.line {
				t.Errorf("error at %v, want db/schema.yaml:%d: %v", pe.Pos, c.line, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
		})
	}
}

// TestEmptyDocument reads an empty file and an empty mapping as no tables.
func TestEmptyDocument(t *testing.T) {
	for _, doc := range []string{"", "# nothing yet\n", "{}", "tables: {}\n"} {
		s, err := Parse(lookup(t, "postgres"), schema.File{Path: "s.yaml", Data: []byte(doc)})
		if err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		if len(s.Tables) != 0 {
			t.Errorf("%q: %d tables", doc, len(s.Tables))
		}
	}
}
