// Package prismaoracle lets tests ask Prisma's own schema engine (its
// WebAssembly build from npm, driven by tools/prisma-oracle/oracle.mjs) what
// Prisma would do: the SQL `prisma migrate diff --script` prints, what
// `prisma migrate deploy` applies, what is left between a live database and a
// schema, and whether a schema is valid. Tests compare migrate-bot's output
// with these answers.
//
// One Node process per test binary serves every request over stdin/stdout
// (JSON lines); it starts on first use and ends when the test binary exits.
// Requests are serialized.
//
// The schema engine has PostgreSQL and SQLite connectors only; PostgreSQL
// requests need a reachable server even for schema-to-schema diffs (use
// pgtest). Validate works for every provider, MySQL included.
//
// When node or the oracle's packages are missing, tests skip with the command
// that installs them; under CI (CI=true) they fail instead, the same policy
// as pgtest.
package prismaoracle

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// RequestTimeout bounds one request to the oracle; a request that takes longer
// kills the Node process and fails the test.
var RequestTimeout = 3 * time.Minute

// file is a schema file as the oracle takes it.
type file struct {
	Path    string `json:"path"`
	Content string `json:"content"`
}

func files(fs []schema.File) []file {
	if fs == nil {
		return nil
	}
	out := make([]file, len(fs))
	for i, f := range fs {
		out[i] = file{Path: f.Path, Content: string(f.Data)}
	}
	return out
}

// Diff returns the SQL script Prisma generates to go from the schema files
// from (nil: an empty database) to the schema files to, exactly as
// `prisma migrate diff --script` prints it. provider is "postgresql" or
// "sqlite"; pgURL (a reachable PostgreSQL database, e.g. pgtest.New(t).URL) is
// required for postgresql and ignored for sqlite. Schemas without a
// datasource block get one for provider; url/directUrl/shadowDatabaseUrl keys
// (Prisma 6 style) are dropped before Prisma 7's engine sees them.
func Diff(t testing.TB, provider string, from, to []schema.File, pgURL string) string {
	t.Helper()
	var out struct {
		SQL string `json:"sql"`
	}
	req := map[string]any{"cmd": "diff", "provider": normProvider(provider), "from": files(from), "to": files(to)}
	if isPostgres(provider) {
		req["url"] = pgURL
	}
	mustCall(t, req, &out)
	return out.SQL
}

// Apply applies a Prisma migrations folder (<dir>/<name>/migration.sql, with
// its migration_lock.toml) to the database like `prisma migrate deploy`, and
// returns the names of the migrations it applied. url is a PostgreSQL URL, or
// for sqlite a database file path.
func Apply(t testing.TB, provider, url, migrationsDir string) []string {
	t.Helper()
	dir, err := filepath.Abs(migrationsDir)
	if err != nil {
		t.Fatalf("prismaoracle: %v", err)
	}
	var out struct {
		Applied []string `json:"applied"`
	}
	mustCall(t, map[string]any{"cmd": "apply", "provider": normProvider(provider), "url": dbURL(t, provider, url), "migrationsDir": dir}, &out)
	if out.Applied == nil {
		out.Applied = []string{}
	}
	return out.Applied
}

// DBDiff returns the SQL Prisma would run to take the live database at url to
// the schema files to; "" means no drift (Prisma's own migrations table is
// not counted).
func DBDiff(t testing.TB, provider, url string, to []schema.File) string {
	t.Helper()
	var out struct {
		SQL string `json:"sql"`
	}
	mustCall(t, map[string]any{"cmd": "dbdiff", "provider": normProvider(provider), "url": dbURL(t, provider, url), "to": files(to)}, &out)
	return out.SQL
}

// PushResult is what `prisma db push --accept-data-loss` reports.
type PushResult struct {
	ExecutedSteps int      `json:"executedSteps"`
	Warnings      []string `json:"warnings"`
	Unexecutable  []string `json:"unexecutable"`
}

// Push makes the database at url match the schema files like
// `prisma db push --accept-data-loss`: a quick way to get the database Prisma
// would build, without a migrations folder.
func Push(t testing.TB, provider, url string, to []schema.File) PushResult {
	t.Helper()
	var out PushResult
	mustCall(t, map[string]any{"cmd": "push", "provider": normProvider(provider), "url": dbURL(t, provider, url), "to": files(to)}, &out)
	return out
}

// Validate checks the schema files with Prisma's own validator
// (@prisma/prisma-schema-wasm) and returns its message when they are invalid.
// Any provider works, MySQL included. A non-empty provider must match the
// datasource's (files without a datasource block get one for provider).
func Validate(t testing.TB, provider string, fs []schema.File) error {
	t.Helper()
	var out struct {
		OK     bool   `json:"ok"`
		Errors string `json:"errors"`
	}
	mustCall(t, map[string]any{"cmd": "validate", "provider": normProvider(provider), "files": files(fs)}, &out)
	if out.OK {
		return nil
	}
	return errors.New(out.Errors)
}

// Format returns the files as `prisma format` writes them; it fails the test
// when they are invalid.
func Format(t testing.TB, provider string, fs []schema.File) []schema.File {
	t.Helper()
	var out struct {
		OK     bool   `json:"ok"`
		Files  []file `json:"files"`
		Errors string `json:"errors"`
	}
	mustCall(t, map[string]any{"cmd": "format", "provider": normProvider(provider), "files": files(fs)}, &out)
	if !out.OK {
		t.Fatalf("prismaoracle: format: schema is invalid:\n%s", out.Errors)
	}
	res := make([]schema.File, len(out.Files))
	for i, f := range out.Files {
		res[i] = schema.File{Path: f.Path, Data: []byte(f.Content)}
	}
	return res
}

// Versions reports the pinned package versions the oracle runs.
func Versions(t testing.TB) map[string]string {
	t.Helper()
	out := map[string]string{}
	mustCall(t, map[string]any{"cmd": "version"}, &out)
	return out
}

func normProvider(p string) string {
	if p == "postgres" {
		return "postgresql"
	}
	return p
}

func isPostgres(p string) bool { return p == "postgres" || p == "postgresql" }

// dbURL makes a SQLite file path absolute: the oracle runs in its own folder.
func dbURL(t testing.TB, provider, url string) string {
	t.Helper()
	if isPostgres(provider) || url == "" || url == ":memory:" {
		return url
	}
	p := strings.TrimPrefix(url, "file:")
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatalf("prismaoracle: %v", err)
	}
	return abs
}

// OracleError is a request the oracle answered with an error (an invalid
// schema, an unreachable database, a failing migration...).
type OracleError struct {
	Cmd     string
	Message string
	Code    string
}

func (e *OracleError) Error() string {
	if e.Code != "" {
		return fmt.Sprintf("prisma oracle %s: [%s] %s", e.Cmd, e.Code, e.Message)
	}
	return fmt.Sprintf("prisma oracle %s: %s", e.Cmd, e.Message)
}

func mustCall(t testing.TB, req map[string]any, out any) {
	t.Helper()
	if err := Call(t, req, out); err != nil {
		t.Fatalf("%v", err)
	}
}

// Call sends one raw request ({"cmd": ..., ...} as oracle.mjs documents it)
// and decodes the reply into out. An answer with an error is returned as an
// *OracleError; a missing installation ends the test (skip, or fail in CI).
func Call(t testing.TB, req map[string]any, out any) error {
	t.Helper()
	dir := ensureInstalled(t)
	raw, err := shared.call(dir, req)
	if err != nil {
		return err
	}
	var e struct {
		Error *struct {
			Message string          `json:"message"`
			Code    json.RawMessage `json:"code"`
		} `json:"error"`
	}
	if err := json.Unmarshal(raw, &e); err != nil {
		return fmt.Errorf("prisma oracle: bad reply %q: %v", truncate(string(raw), 500), err)
	}
	if e.Error != nil {
		code := strings.Trim(string(e.Error.Code), `"`)
		if code == "null" {
			code = ""
		}
		cmd, _ := req["cmd"].(string)
		return &OracleError{Cmd: cmd, Message: e.Error.Message, Code: code}
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("prisma oracle: decode reply %q: %v", truncate(string(raw), 500), err)
		}
	}
	return nil
}

// ---------- installation ----------

// Dir is the oracle's folder, tools/prisma-oracle in the repository.
func Dir() (string, error) {
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, "tools", "prisma-oracle"), nil
}

func repoRoot() (string, error) {
	var start string
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		start = filepath.Dir(file)
	} else if wd, err := os.Getwd(); err == nil {
		start = wd
	} else {
		return "", err
	}
	for d := start; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod above %s", start)
		}
	}
}

var (
	installOnce sync.Once
	installDir  string
	installErr  error
)

// ensureInstalled returns the oracle's folder, or ends the test when node or
// the packages are missing or stale.
func ensureInstalled(t testing.TB) string {
	t.Helper()
	installOnce.Do(func() { installDir, installErr = checkInstalled() })
	if installErr != nil {
		unavailable(t, installErr)
	}
	return installDir
}

func checkInstalled() (string, error) {
	dir, err := Dir()
	if err != nil {
		return "", err
	}
	if _, err := exec.LookPath("node"); err != nil {
		return dir, fmt.Errorf("node is not on PATH (Node.js 20 or later is needed)")
	}
	lock, err := os.ReadFile(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		return dir, err
	}
	sum := sha256.Sum256(lock)
	stamp, err := os.ReadFile(filepath.Join(dir, "node_modules", ".migrate-bot-lock-sha256"))
	switch {
	case err != nil:
		return dir, fmt.Errorf("its Node packages are not installed")
	case strings.TrimSpace(string(stamp)) != hex.EncodeToString(sum[:]):
		return dir, fmt.Errorf("its Node packages are older than package-lock.json")
	}
	return dir, nil
}

func unavailable(t testing.TB, err error) {
	t.Helper()
	dir, _ := Dir()
	install := filepath.Join(dir, "install.sh")
	if os.Getenv("CI") == "true" {
		t.Fatalf("the Prisma oracle is required in CI but unusable: %v; run %s", err, install)
	}
	t.Skipf("the Prisma oracle is unusable: %v; install it with `%s`, or set CI=true to make this a failure", err, install)
}

// ---------- the long-lived Node process ----------

type server struct {
	mu     sync.Mutex
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *bufio.Reader
	stderr *tail
	done   chan struct{} // closed when the process has exited
}

var shared server

func (s *server) start(dir string) error {
	cmd := exec.Command("node", filepath.Join(dir, "oracle.mjs"), "serve")
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	s.stderr = &tail{max: 16 << 10}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("prisma oracle: start node: %v", err)
	}
	s.cmd, s.stdin, s.out = cmd, stdin, bufio.NewReaderSize(stdout, 1<<20)
	s.done = make(chan struct{})
	done := s.done
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	return nil
}

func (s *server) stop() {
	if s.cmd == nil {
		return
	}
	_ = s.stdin.Close()
	select {
	case <-s.done:
	case <-time.After(2 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	s.cmd = nil
}

func (s *server) call(dir string, req map[string]any) (json.RawMessage, error) {
	line, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		select {
		case <-s.done: // died after a panic or a crash: start a new one
			s.cmd = nil
		default:
		}
	}
	if s.cmd == nil {
		if err := s.start(dir); err != nil {
			return nil, err
		}
	}
	type result struct {
		line []byte
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		if _, err := s.stdin.Write(append(line, '\n')); err != nil {
			ch <- result{err: err}
			return
		}
		l, err := s.out.ReadBytes('\n')
		ch <- result{l, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			s.stop()
			return nil, fmt.Errorf("prisma oracle: node process failed (%v); its stderr:\n%s", r.err, s.stderr.String())
		}
		return bytes.TrimSpace(r.line), nil
	case <-time.After(RequestTimeout):
		_ = s.cmd.Process.Kill()
		<-s.done
		<-ch
		s.cmd = nil
		return nil, fmt.Errorf("prisma oracle: request %s took more than %s; node killed; its stderr:\n%s", req["cmd"], RequestTimeout, s.stderr.String())
	}
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (w *tail) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	if len(w.buf) > w.max {
		w.buf = append([]byte(nil), w.buf[len(w.buf)-w.max:]...)
	}
	return len(p), nil
}

func (w *tail) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(w.buf)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
