package ghapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// gitDataFake answers the Git Data API for one branch whose tip is tip.
func gitDataFake(t *testing.T, tip *atomic.Value) (*fakeGitHub, *[]map[string]any) {
	f := newFake(t)
	var bodies []map[string]any
	decode := func(r *http.Request) map[string]any {
		var b map[string]any
		if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
			t.Error(err)
		}
		bodies = append(bodies, b)
		return b
	}
	parent := strings.Repeat("a", 40)
	f.mux.HandleFunc("GET /repos/{owner}/{repo}/git/commits/{sha}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("sha") != parent {
			writeJSON(w, 404, map[string]string{"message": "Not Found"})
			return
		}
		writeJSON(w, 200, map[string]any{"sha": parent, "tree": map[string]any{"sha": strings.Repeat("7", 40)}, "message": "add email", "parents": []any{}})
	})
	n := 0
	f.mux.HandleFunc("POST /repos/{owner}/{repo}/git/blobs", func(w http.ResponseWriter, r *http.Request) {
		decode(r)
		n++
		writeJSON(w, 201, map[string]any{"sha": strings.Repeat(string(rune('0'+n)), 40), "url": "x"})
	})
	f.mux.HandleFunc("POST /repos/{owner}/{repo}/git/trees", func(w http.ResponseWriter, r *http.Request) {
		decode(r)
		writeJSON(w, 201, map[string]any{"sha": strings.Repeat("e", 40), "tree": []any{}, "truncated": false})
	})
	f.mux.HandleFunc("POST /repos/{owner}/{repo}/git/commits", func(w http.ResponseWriter, r *http.Request) {
		decode(r)
		writeJSON(w, 201, map[string]any{"sha": strings.Repeat("c", 40), "tree": map[string]any{"sha": strings.Repeat("e", 40)},
			"verification": map[string]any{"verified": true, "reason": "valid"}})
	})
	f.mux.HandleFunc("PATCH /repos/{owner}/{repo}/git/refs/{ref...}", func(w http.ResponseWriter, r *http.Request) {
		b := decode(r)
		if tip.Load().(string) != parent {
			writeJSON(w, 422, map[string]string{"message": "Update is not a fast forward", "documentation_url": "https://docs.github.com/rest/git/refs#update-a-reference", "status": "422"})
			return
		}
		tip.Store(b["sha"].(string))
		writeJSON(w, 200, map[string]any{"ref": "refs/" + r.PathValue("ref"), "object": map[string]any{"sha": b["sha"], "type": "commit"}})
	})
	return f, &bodies
}

func TestCommitFiles(t *testing.T) {
	var tip atomic.Value
	parent := strings.Repeat("a", 40)
	tip.Store(parent)
	f, bodies := gitDataFake(t, &tip)
	c := newTestApp(t, f, nil).Client(101)
	files := []FileChange{
		{Path: "migrations/20250101000000_add_email.up.sql", Content: []byte("ALTER TABLE users ADD COLUMN email text;\n")},
		{Path: "migrations/20250101000000_add_email.down.sql", Content: []byte("ALTER TABLE users DROP COLUMN email;\n")},
		{Path: "migrations/old.sql", Delete: true},
	}
	sha, err := c.CommitFiles(context.Background(), testRepo, "feature/email", parent, "migrate-bot: add email", files)
	if err != nil {
		t.Fatal(err)
	}
	if sha != strings.Repeat("c", 40) || tip.Load() != sha {
		t.Fatalf("commit %s, branch at %v", sha, tip.Load())
	}
	b := *bodies
	if len(b) != 5 {
		t.Fatalf("%d write bodies, want 2 blobs, tree, commit, ref", len(b))
	}
	if b[0]["encoding"] != "base64" {
		t.Fatalf("blob = %v", b[0])
	}
	if raw, _ := base64.StdEncoding.DecodeString(b[0]["content"].(string)); string(raw) != string(files[0].Content) {
		t.Fatalf("blob content = %q", raw)
	}
	tree := b[2]
	if tree["base_tree"] != strings.Repeat("7", 40) {
		t.Fatalf("tree base_tree = %v", tree["base_tree"])
	}
	entries := tree["tree"].([]any)
	del := entries[2].(map[string]any)
	if sha, ok := del["sha"]; !ok || sha != nil || del["path"] != "migrations/old.sql" {
		t.Fatalf("delete entry = %v, want sha null", del)
	}
	if e := entries[0].(map[string]any); e["sha"] != strings.Repeat("1", 40) || e["mode"] != "100644" || e["type"] != "blob" {
		t.Fatalf("entry = %v", e)
	}
	commit := b[3]
	if ps := commit["parents"].([]any); len(ps) != 1 || ps[0] != parent || commit["tree"] != strings.Repeat("e", 40) {
		t.Fatalf("commit = %v", commit)
	}
	if _, ok := commit["author"]; ok {
		t.Fatal("commit sets an author: GitHub would not sign it as the App")
	}
	if ref := b[4]; ref["force"] != false || ref["sha"] != sha {
		t.Fatalf("ref update = %v", ref)
	}
	if got := f.calls("PATCH", "/repos/octo-org/shop/git/refs/heads/feature/email"); len(got) != 1 {
		t.Fatalf("ref PATCH path: %v", f.calls("PATCH", ""))
	}
}

func TestCommitFilesNotFastForward(t *testing.T) {
	var tip atomic.Value
	tip.Store(strings.Repeat("b", 40)) // someone pushed since
	f, _ := gitDataFake(t, &tip)
	c := newTestApp(t, f, nil).Client(101)
	_, err := c.CommitFiles(context.Background(), testRepo, "feature", strings.Repeat("a", 40), "m",
		[]FileChange{{Path: "a.sql", Content: []byte("SELECT 1;")}})
	if !errors.Is(err, ErrNotFastForward) {
		t.Fatalf("err = %v, want ErrNotFastForward", err)
	}
	if n := len(f.calls("PATCH", "")); n != 1 {
		t.Fatalf("%d ref updates, want 1 (never retried, never forced)", n)
	}
	if _, err := c.CommitFiles(context.Background(), testRepo, "feature", strings.Repeat("9", 40), "m",
		[]FileChange{{Path: "a.sql", Content: []byte("x")}}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown parent: %v, want ErrNotFound", err)
	}
}
