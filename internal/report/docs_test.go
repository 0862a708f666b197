package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestJSONFieldsDocumented: every field of the JSON document that holds a
// value or a list appears in docs/report-json.md, as `path` or as `.leaf`
// on a row shared with a sibling.
func TestJSONFieldsDocumented(t *testing.T) {
	docs, err := os.ReadFile("../../docs/report-json.md")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	doc := sample(t, SeverityError)
	doc.Project, doc.Schema = "app", "schema.prisma"
	doc.Files[0].Path, doc.Files[0].RepoPath = "out/1_x.up.sql", "db/1_x.up.sql"
	if err := JSON(&buf, doc); err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	text := string(docs)
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, child := range v {
				p := k
				if path != "" {
					p = path + "." + k
				}
				_, container := child.(map[string]any)
				// changes[] documents its fields as steps[].change does.
				alias := strings.Replace(p, "changes[].", "steps[].change.", 1)
				if !container && !strings.Contains(text, "`"+p+"`") && !strings.Contains(text, "`"+alias+"`") && !strings.Contains(text, "`."+k+"`") {
					t.Errorf("docs/report-json.md does not document %s", p)
				}
				walk(p, child)
			}
		case []any:
			for _, child := range v {
				walk(path+"[]", child)
			}
		}
	}
	walk("", v)
}
