package githubfake

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// emptyInGitHub are keys GitHub sends as [] or null in these payloads and
// that go-github v60's structs (omitempty) leave out; a receiver decoding
// with go-github sees no difference.
var emptyInGitHub = map[string]bool{
	"labels": true, "assignees": true, "requested_reviewers": true, "requested_teams": true,
	"pull_requests": true, "repositories_removed": true, "repositories_added": true,
	"single_file_paths": true, "events": true, "topics": true,
	// client_id is newer than go-github v60's Installation struct.
	"client_id": true,
}

// nonNullKeys lists the keys of obj whose value is not null.
func nonNullKeys(obj map[string]any) []string {
	var out []string
	for k, v := range obj {
		if v != nil {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func decodeObject(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestPayloadShapes compares the deliveries the stand-in builds with the
// repository's GitHub-shaped fixtures: every top-level key and every
// non-null key of the main object the fixture has, the delivery has too.
func TestPayloadShapes(t *testing.T) {
	e := newEnv(t, Options{})
	n := openSchemaPR(t, e)
	_, comment, err := e.s.Comment("acme/shop", n, "alice", "/migrate help")
	if err != nil {
		t.Fatal(err)
	}
	opened, err := e.s.PullRequestDelivery("acme/shop", n, "opened", "", "")
	if err != nil {
		t.Fatal(err)
	}
	sync, err := e.s.PullRequestDelivery("acme/shop", n, "synchronize", "alice", e.s.BranchSHA("acme/shop", "main"))
	if err != nil {
		t.Fatal(err)
	}
	runID := e.s.addCheckRunForTest(t, e, e.s.PullHead("acme/shop", n))
	action, err := e.s.CheckRunDelivery(runID, "requested_action", "regenerate", "alice")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := e.s.InstallationDelivery(e.inst, "created")
	if err != nil {
		t.Fatal(err)
	}
	repos, err := e.s.InstallationRepositoriesDelivery(e.inst, "added", "acme/shop")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		fixture string
		d       *Delivery
		object  string // the main object whose keys are compared too
	}{
		{"pull_request.opened.json", opened, "pull_request"},
		{"pull_request.synchronize.json", sync, "pull_request"},
		{"issue_comment.created.json", comment, "comment"},
		{"check_run.requested_action.json", action, "check_run"},
		{"installation.created.json", inst, "installation"},
		{"installation_repositories.added.json", repos, "installation"},
	}
	for _, tc := range cases {
		t.Run(tc.fixture, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "webhooks", tc.fixture))
			if err != nil {
				t.Fatalf("fixture: %v", err)
			}
			want, got := decodeObject(t, raw), decodeObject(t, tc.d.Payload)
			var missing []string
			for _, k := range nonNullKeys(want) {
				if _, ok := got[k]; !ok && !emptyInGitHub[k] {
					missing = append(missing, k)
				}
			}
			wantObj, _ := want[tc.object].(map[string]any)
			gotObj, _ := got[tc.object].(map[string]any)
			for _, k := range nonNullKeys(wantObj) {
				if _, ok := gotObj[k]; !ok && !emptyInGitHub[k] {
					missing = append(missing, tc.object+"."+k)
				}
			}
			if len(missing) > 0 {
				t.Errorf("%s.%s lacks keys GitHub sends: %s", tc.d.Event, tc.d.Action, strings.Join(missing, ", "))
			}
		})
	}
}
