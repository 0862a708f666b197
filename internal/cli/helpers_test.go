package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// result is one in-process run of the binary.
type result struct {
	code           int
	stdout, stderr string
}

// run runs migrate-bot with args in-process.
func run(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, &out, &errb)
	r := result{code: code, stdout: out.String(), stderr: errb.String()}
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic:") {
		t.Fatalf("stderr shows a stack or panic:\n%s", r.stderr)
	}
	return r
}

// wantCode fails the test when the run ended with another status.
func (r result) wantCode(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit status %d, want %d\n--- stdout ---\n%s\n--- stderr ---\n%s", r.code, code, r.stdout, r.stderr)
	}
}

// testdata returns the absolute path of a file under testdata/.
func testdata(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// readFile returns a file's content or fails the test.
func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return string(b)
}

// jsonDoc is the part of the JSON report the tests look at.
type jsonDoc struct {
	Version        int    `json:"version"`
	Project        string `json:"project"`
	Dialect        string `json:"dialect"`
	DialectVersion string `json:"dialect_version"`
	Verdict        struct {
		Status  string `json:"status"`
		Failed  bool   `json:"failed"`
		Summary string `json:"summary"`
	} `json:"verdict"`
	Steps []struct {
		Up            []string `json:"up"`
		Down          []string `json:"down"`
		Transactional *bool    `json:"transactional"`
		Lock          *struct {
			Level string `json:"level"`
		} `json:"lock"`
		Rewrite       *bool `json:"rewrite"`
		Scan          *bool `json:"scan"`
		DownLosesData *bool `json:"down_loses_data"`
		Hazards       []struct {
			Kind string `json:"kind"`
		} `json:"hazards"`
		Change struct {
			Kind   string `json:"kind"`
			Object string `json:"object"`
		} `json:"change"`
		Source string `json:"source"`
	} `json:"steps"`
	Changes []struct {
		Kind   string `json:"kind"`
		Object string `json:"object"`
	} `json:"changes"`
	LikelyRenames []struct {
		Kind string `json:"kind"`
		From string `json:"from"`
		To   string `json:"to"`
		Flag string `json:"flag"`
	} `json:"likely_renames"`
	Findings []struct {
		Severity      string `json:"severity"`
		Code          string `json:"code"`
		Title         string `json:"title"`
		Step          int    `json:"step"`
		Source        string `json:"source"`
		MigrationFile string `json:"migration_file"`
		MigrationLine int    `json:"migration_line"`
		Accepted      bool   `json:"accepted"`
	} `json:"findings"`
	Files []struct {
		Name     string `json:"name"`
		Kind     string `json:"kind"`
		Path     string `json:"path"`
		RepoPath string `json:"repo_path"`
	} `json:"files"`
}

// decode unmarshals a JSON report strictly enough to catch shape changes.
func decode[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("the report is not JSON: %v\n%s", err, s)
	}
	return v
}

// changeKinds lists the kinds of a document's changes.
func (d jsonDoc) changeKinds() []string {
	var out []string
	for _, c := range d.Changes {
		out = append(out, c.Kind)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
