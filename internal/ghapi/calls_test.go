package ghapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestChangedFilesPaginates400Files(t *testing.T) {
	f := newFake(t)
	const total = 400
	f.mux.HandleFunc("GET /repos/{owner}/{repo}/pulls/{n}/files", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("per_page") != "100" {
			t.Errorf("per_page = %q, want 100", r.URL.Query().Get("per_page"))
		}
		page := pageOf(r)
		link(w, r, page, total/100)
		var files []map[string]any
		for i := (page - 1) * 100; i < min(page*100, total); i++ {
			fm := map[string]any{"sha": fmt.Sprintf("%040x", i), "filename": fmt.Sprintf("src/file%03d.go", i), "status": "modified",
				"additions": 1, "deletions": 0, "changes": 1, "patch": "@@ -1 +1,2 @@\n line\n+added"}
			if i == 399 {
				fm["status"], fm["previous_filename"] = "renamed", "db/old.prisma"
			}
			files = append(files, fm)
		}
		writeJSON(w, 200, files)
	})
	files, err := newTestApp(t, f, nil).Client(101).ChangedFiles(context.Background(), testRepo, 12)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != total {
		t.Fatalf("%d files, want %d", len(files), total)
	}
	if n := len(f.calls("GET", "/repos/octo-org/shop/pulls/12/files")); n != 4 {
		t.Fatalf("%d pages fetched, want 4", n)
	}
	last := files[399]
	if last.Path != "src/file399.go" || last.PreviousPath != "db/old.prisma" || last.Status != "renamed" || !strings.Contains(last.Patch, "+added") {
		t.Fatalf("last file = %+v", last)
	}
}

func TestFileContent(t *testing.T) {
	f := newFake(t)
	content := "model User {\n  id Int @id\n}\n"
	f.mux.HandleFunc("GET /repos/{owner}/{repo}/contents/{path...}", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("ref") != "main" {
			t.Errorf("ref = %q", r.URL.Query().Get("ref"))
		}
		if r.PathValue("path") != "prisma/schema.prisma" {
			writeJSON(w, 404, map[string]string{"message": "Not Found", "documentation_url": "https://docs.github.com/rest/repos/contents#get-repository-content"})
			return
		}
		enc := base64.StdEncoding.EncodeToString([]byte(content))
		// GitHub wraps base64 at 60 columns.
		enc = enc[:20] + "\n" + enc[20:]
		writeJSON(w, 200, map[string]any{"type": "file", "encoding": "base64", "size": len(content), "name": "schema.prisma",
			"path": "prisma/schema.prisma", "content": enc, "sha": "3d21ec53a331a6f037a91c368710b99387d012c1"})
	})
	c := newTestApp(t, f, nil).Client(101)
	got, err := c.FileContent(context.Background(), testRepo, "main", "prisma/schema.prisma")
	if err != nil || string(got) != content {
		t.Fatalf("FileContent = %q, %v", got, err)
	}
	if _, err := c.FileContent(context.Background(), testRepo, "main", ".github/migrate-bot.yml"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing file: %v, want ErrNotFound", err)
	}
}

func TestUpdateCheckRunSendsAnnotationsIn50s(t *testing.T) {
	f := newFake(t)
	var bodies []map[string]any
	f.mux.HandleFunc("PATCH /repos/{owner}/{repo}/check-runs/{id}", func(w http.ResponseWriter, r *http.Request) {
		var b map[string]any
		if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
			t.Error(err)
		}
		bodies = append(bodies, b)
		writeJSON(w, 200, map[string]any{"id": 77, "name": "migrate-bot", "status": "completed"})
	})
	var anns []Annotation
	for i := range 120 {
		anns = append(anns, Annotation{Path: "prisma/schema.prisma", StartLine: i + 1, Level: "failure", Title: "MB101", Message: "drops a column"})
	}
	long := "**Unsafe**: 2 errors.\n\n" + strings.Repeat("| step | lock |\n", 6000)
	err := newTestApp(t, f, nil).Client(101).UpdateCheckRun(context.Background(), testRepo, 77, CheckRun{
		Name: "migrate-bot", Status: "completed", Conclusion: "failure", Title: "2 errors", Summary: long, Annotations: anns,
		Actions: []CheckAction{{Label: "Regenerate", Description: "Write the migration again", Identifier: "regenerate"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(bodies) != 3 {
		t.Fatalf("%d PATCHes, want 3", len(bodies))
	}
	for i, want := range []int{50, 50, 20} {
		b := bodies[i]
		if b["name"] != "migrate-bot" {
			t.Errorf("PATCH %d has name %v, want migrate-bot", i, b["name"])
		}
		out := b["output"].(map[string]any)
		if got := len(out["annotations"].([]any)); got != want {
			t.Errorf("PATCH %d carries %d annotations, want %d", i, got, want)
		}
		summary := out["summary"].(string)
		if utf8.RuneCountInString(summary) > MaxSummaryChars || !strings.HasPrefix(summary, "**Unsafe**: 2 errors.\n\n") {
			t.Errorf("PATCH %d summary: %d characters, verdict kept: %v", i, utf8.RuneCountInString(summary), strings.HasPrefix(summary, "**Unsafe**"))
		}
		_, hasConclusion := b["conclusion"]
		if hasConclusion != (i == 2) {
			t.Errorf("PATCH %d conclusion present = %v, want only on the last", i, hasConclusion)
		}
	}
	first := bodies[0]["output"].(map[string]any)["annotations"].([]any)[0].(map[string]any)
	if first["path"] != "prisma/schema.prisma" || first["start_line"] != float64(1) || first["end_line"] != float64(1) || first["annotation_level"] != "failure" {
		t.Fatalf("first annotation = %v", first)
	}
	if acts := bodies[2]["actions"].([]any); len(acts) != 1 {
		t.Fatalf("actions = %v", acts)
	}
}

func TestCreateCheckRun(t *testing.T) {
	f := newFake(t)
	var created map[string]any
	f.mux.HandleFunc("POST /repos/{owner}/{repo}/check-runs", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewDecoder(r.Body).Decode(&created)
		writeJSON(w, 201, map[string]any{"id": 4, "name": "migrate-bot", "head_sha": created["head_sha"], "status": "in_progress"})
	})
	id, err := newTestApp(t, f, nil).Client(101).CreateCheckRun(context.Background(), testRepo, CheckRun{
		Name: "migrate-bot", HeadSHA: strings.Repeat("a", 40), Status: "in_progress", Title: "Planning", Summary: "Reading the schemas."})
	if err != nil || id != 4 {
		t.Fatalf("CreateCheckRun = %d, %v", id, err)
	}
	if created["status"] != "in_progress" || created["head_sha"] != strings.Repeat("a", 40) || created["conclusion"] != nil {
		t.Fatalf("body = %v", created)
	}
}

func TestCheckActionLimits(t *testing.T) {
	cases := []struct {
		name    string
		actions []CheckAction
	}{
		{"four actions", []CheckAction{{"a", "b", "c"}, {"a", "b", "d"}, {"a", "b", "e"}, {"a", "b", "f"}}},
		{"label over 20", []CheckAction{{strings.Repeat("L", 21), "b", "c"}}},
		{"description over 40", []CheckAction{{"a", strings.Repeat("d", 41), "c"}}},
		{"identifier over 20", []CheckAction{{"a", "b", strings.Repeat("i", 21)}}},
		{"empty identifier", []CheckAction{{"a", "b", ""}}},
	}
	f := newFake(t)
	c := newTestApp(t, f, nil).Client(101)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := c.UpdateCheckRun(context.Background(), testRepo, 1, CheckRun{Name: "migrate-bot", Actions: tc.actions}); err == nil {
				t.Fatal("no error")
			}
		})
	}
	if n := len(f.calls("PATCH", "")); n != 0 {
		t.Fatalf("%d requests sent for refused actions", n)
	}
}

func TestCutSummary(t *testing.T) {
	cases := []struct {
		name, in string
		max      int
	}{
		{"fits", "verdict\n\nbody", 100},
		{"long body", "verdict line\n\n" + strings.Repeat("row é\n", 50), 120},
		{"long verdict", strings.Repeat("v", 200) + "\n\nbody", 120},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := CutSummary(tc.in, tc.max)
			if n := utf8.RuneCountInString(got); n > tc.max {
				t.Fatalf("%d characters > %d", n, tc.max)
			}
			if utf8.RuneCountInString(tc.in) <= tc.max && got != tc.in {
				t.Fatalf("changed a summary that fits: %q", got)
			}
			if utf8.RuneCountInString(tc.in) > tc.max && !strings.HasSuffix(got, cutNote) {
				t.Fatalf("no cut note: %q", got)
			}
			if verdict, _, _ := strings.Cut(tc.in, "\n\n"); len(verdict) < tc.max/2 && !strings.HasPrefix(got, verdict+"\n\n") {
				t.Fatalf("verdict lost: %q", got)
			}
		})
	}
}

// FuzzCutSummary: any summary fits GitHub's limit, stays valid UTF-8, and
// one that fits is unchanged.
func FuzzCutSummary(f *testing.F) {
	for _, s := range []string{"", "verdict\n\nbody", "é\n\n" + strings.Repeat("ü\n", 40), strings.Repeat("x", 100)} {
		f.Add(s, 30)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < len(cutNote)+1 || max > 1<<16 || !utf8.ValidString(s) {
			return
		}
		got := CutSummary(s, max)
		if utf8.RuneCountInString(got) > max || !utf8.ValidString(got) {
			t.Fatalf("CutSummary(%q, %d) = %q", s, max, got)
		}
		if utf8.RuneCountInString(s) <= max && got != s {
			t.Fatalf("changed a summary that fits")
		}
	})
}
