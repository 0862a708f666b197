package ghapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
)

func TestCommentsReactionsReviewsPermission(t *testing.T) {
	f := newFake(t)
	f.mux.HandleFunc("GET /repos/{owner}/{repo}/issues/{n}/comments", func(w http.ResponseWriter, r *http.Request) {
		page := pageOf(r)
		link(w, r, page, 2)
		writeJSON(w, 200, []map[string]any{
			{"id": page*10 + 1, "body": fmt.Sprintf("comment %d", page), "user": map[string]any{"login": "alice", "type": "User"}, "author_association": "MEMBER"},
			{"id": page*10 + 2, "body": "<!-- migrate-bot -->", "user": map[string]any{"login": "migrate-bot[bot]", "type": "Bot"}},
		})
	})
	var reaction, review, edited map[string]any
	f.mux.HandleFunc("POST /repos/{owner}/{repo}/issues/comments/{id}/reactions", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewDecoder(r.Body).Decode(&reaction)
		writeJSON(w, 201, map[string]any{"id": 1, "content": reaction["content"]})
	})
	f.mux.HandleFunc("PATCH /repos/{owner}/{repo}/issues/comments/{id}", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewDecoder(r.Body).Decode(&edited)
		writeJSON(w, 200, map[string]any{"id": 12, "body": edited["body"]})
	})
	f.mux.HandleFunc("GET /repos/{owner}/{repo}/pulls/{n}/comments", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, []map[string]any{{"id": 5, "path": "db/schema.sql", "line": 4, "side": "RIGHT", "body": "```suggestion\nx\n```"}})
	})
	f.mux.HandleFunc("POST /repos/{owner}/{repo}/pulls/{n}/reviews", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewDecoder(r.Body).Decode(&review)
		writeJSON(w, 200, map[string]any{"id": 80, "state": "COMMENTED"})
	})
	f.mux.HandleFunc("GET /repos/{owner}/{repo}/collaborators/{user}/permission", func(w http.ResponseWriter, r *http.Request) {
		perm := map[string]string{"alice": "write", "mallory": "read"}[r.PathValue("user")]
		writeJSON(w, 200, map[string]any{"permission": perm, "role_name": perm, "user": map[string]any{"login": r.PathValue("user")}})
	})
	c := newTestApp(t, f, nil).Client(101)
	ctx := context.Background()
	cs, err := c.Comments(ctx, testRepo, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 4 || cs[2] != (Comment{ID: 21, Body: "comment 2", Author: "alice"}) || !cs[3].AuthorIsBot {
		t.Fatalf("comments = %+v", cs)
	}
	if err := c.EditComment(ctx, testRepo, 12, "new body"); err != nil || edited["body"] != "new body" {
		t.Fatalf("EditComment: %v, %v", err, edited)
	}
	if err := c.AddReaction(ctx, testRepo, 21, "eyes"); err != nil || reaction["content"] != "eyes" {
		t.Fatalf("AddReaction: %v, %v", err, reaction)
	}
	rcs, err := c.ReviewComments(ctx, testRepo, 3)
	if err != nil || len(rcs) != 1 || rcs[0].Path != "db/schema.sql" || rcs[0].Line != 4 {
		t.Fatalf("ReviewComments = %+v, %v", rcs, err)
	}
	err = c.CreateReview(ctx, testRepo, 3, "abc", "", []ReviewComment{{Path: "db/schema.sql", Line: 7, Body: "```suggestion\nALTER\n```"}})
	if err != nil {
		t.Fatal(err)
	}
	if review["event"] != "COMMENT" || review["commit_id"] != "abc" {
		t.Fatalf("review = %v", review)
	}
	rc := review["comments"].([]any)[0].(map[string]any)
	if rc["side"] != "RIGHT" || rc["line"] != float64(7) || rc["position"] != nil {
		t.Fatalf("review comment = %v", rc)
	}
	for user, want := range map[string]string{"alice": "write", "mallory": "read"} {
		if got, err := c.Permission(ctx, testRepo, user); err != nil || got != want {
			t.Fatalf("Permission(%s) = %q, %v", user, got, err)
		}
	}
}
