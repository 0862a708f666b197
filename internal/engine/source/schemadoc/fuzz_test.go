package schemadoc

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// FuzzParse feeds arbitrary documents to every dialect: the reader must
// return a schema or a *schema.PosError, never panic, and a document it
// accepts must name no table it did not declare (no text of the document
// may become a statement of its own).
func FuzzParse(f *testing.F) {
	seeds := []string{
		"",
		"tables: {}\n",
		"tables:\n  t:\n    columns:\n      id: increments\n      name: string(20)\n",
		"tables:\n  t:\n    columns:\n      a:\n        type: integer\n        default: {sql: \"1); DROP TABLE x; --\"}\n",
		"tables:\n  t:\n    columns:\n      a: integer\n    checks:\n      - \"a > 0) ; CREATE TABLE evil (x int\"\n",
		"{\"tables\": {\"t\": {\"columns\": {\"a\": {\"type\": \"enum\", \"values\": [\"x'\", \"y\"]}}}}}",
		"enums:\n  m: [a, b]\ntables:\n  t:\n    columns:\n      a: m\n",
		"tables:\n  t: &a\n    columns: {a: text}\n  u: *a\n",
		"tables:\n  u:\n    columns:\n      id: increments\n  t:\n    columns:\n      u_id:\n        type: integer\n        unsigned: true\n        references: {table: u, column: id, on_delete: set null}\n        index: true\n",
	}
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			seeds = append(seeds, string(data))
		}
	}
	for _, s := range seeds {
		f.Add(s)
	}
	dialects := []string{"postgres", "mariadb", "sqlite"}
	f.Fuzz(func(t *testing.T, doc string) {
		for _, dn := range dialects {
			s, err := Parse(lookup(t, dn), schema.File{Path: "f.yaml", Data: []byte(doc)})
			if err != nil {
				var pe *schema.PosError
				if !errors.As(err, &pe) {
					t.Fatalf("%s: error %v (%T) is not a *schema.PosError", dn, err, err)
				}
				continue
			}
			docs, err := read(schema.File{Path: "f.yaml", Data: []byte(doc)})
			if err != nil {
				t.Fatalf("%s: parsed, but reading again fails: %v", dn, err)
			}
			declared := map[string]bool{}
			for _, tb := range docs.tables {
				declared[tb.name] = true
			}
			for _, tb := range s.Tables {
				if !declared[tb.Name.Name] {
					t.Fatalf("%s: table %q appears that the document does not declare", dn, tb.Name.Name)
				}
			}
		}
	})
}
