package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var codeRE = regexp.MustCompile(`^MB[0-9]{3}$`)

// TestRegistry checks every rule in All: a well-formed unique code, a
// title, documentation from its doc comment, a file named after its code,
// and test cases that both fire and stay quiet.
func TestRegistry(t *testing.T) {
	if len(All) < 40 {
		t.Errorf("All has %d rules, want at least 40", len(All))
	}
	seen := map[string]bool{}
	for _, r := range All {
		code := r.Code()
		t.Run(code, func(t *testing.T) {
			if !codeRE.MatchString(code) || code == "MB000" {
				t.Errorf("code %q does not match MBnnn (MB000 is reserved)", code)
			}
			if seen[code] {
				t.Errorf("duplicate code %s", code)
			}
			seen[code] = true
			if r.Title() == "" {
				t.Error("no title")
			}
			doc := r.Doc()
			if len(doc) < 120 || !strings.Contains(strings.ToLower(doc), "alternative") {
				t.Errorf("doc %q: want the doc comment, with why it is unsafe and the safe alternative", doc)
			}
			files, _ := filepath.Glob("mb" + code[2:] + "_*.go")
			if len(files) != 1 {
				t.Errorf("files for %s: %v, want exactly one mb%s_<slug>.go", code, files, code[2:])
			}
			cases := caseFiles(t, code)
			if len(cases) < 2 {
				t.Fatalf("testdata/%s has %d cases, want at least one that fires and one that does not", code, len(cases))
			}
			fires, quiet := false, false
			for _, path := range cases {
				c := readCase(t, path)
				n := 0
				for _, e := range c.expect {
					if strings.HasPrefix(e, code+" ") {
						n++
					}
				}
				fires, quiet = fires || n > 0, quiet || n == 0
			}
			if !fires || !quiet {
				t.Errorf("testdata/%s: fires in some case %v, quiet in some case %v: want both", code, fires, quiet)
			}
		})
	}
	// Every testdata directory belongs to a rule.
	dirs, _ := os.ReadDir("testdata")
	for _, d := range dirs {
		if !seen[d.Name()] {
			t.Errorf("testdata/%s: no rule in All has this code", d.Name())
		}
	}
}

// TestCases runs every case and reports the corpus's precision and recall:
// expected findings produced, over findings produced and over findings
// expected.
func TestCases(t *testing.T) {
	var expected, produced, matched int
	for _, r := range All {
		for _, path := range caseFiles(t, r.Code()) {
			name := strings.TrimSuffix(filepath.Base(path), ".txtar")
			t.Run(r.Code()+"/"+name, func(t *testing.T) {
				c := readCase(t, path)
				res := runCase(t, c, r.Code())
				for _, f := range res.findings {
					t.Logf("%s  // %s", expectLine(f), f.Message)
				}
				expected += len(c.expect)
				produced += len(res.got)
				left := slices.Clone(res.got)
				for _, e := range c.expect {
					if i := slices.Index(left, e); i >= 0 {
						matched++
						left = slices.Delete(left, i, i+1)
					}
				}
				if !slices.Equal(sorted(res.got), sorted(c.expect)) {
					var msgs []string
					for _, f := range res.findings {
						msgs = append(msgs, "  "+expectLine(f)+"  // "+f.Message)
					}
					t.Errorf("%s:\ngot:\n%s\nwant:\n  %s", path, strings.Join(msgs, "\n"), strings.Join(c.expect, "\n  "))
				}
			})
		}
	}
	if produced > 0 && expected > 0 {
		t.Logf("corpus: %d expected, %d produced, %d matched: precision %.3f, recall %.3f",
			expected, produced, matched, float64(matched)/float64(produced), float64(matched)/float64(expected))
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestByCode(t *testing.T) {
	if r := ByCode("MB101"); r == nil || r.Title() != "Table dropped" {
		t.Errorf("ByCode(MB101) = %v", r)
	}
	if r := ByCode("MB999"); r != nil {
		t.Errorf("ByCode(MB999) = %v, want nil", r)
	}
}
