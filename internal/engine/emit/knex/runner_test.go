package knex

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// runner is one Node process running tools/knex/runner.js: Knex's
// migrate.latest() and migrate.rollback() (what `knex migrate:latest` and
// `knex migrate:rollback` call) for many scenarios, so that a loaded
// machine starts Node once rather than four times per scenario.
type runner struct {
	mu      sync.Mutex
	stdin   io.WriteCloser
	next    int
	waiting map[int]chan runnerAnswer
	dead    error
}

type runnerRequest struct {
	ID         int    `json:"id"`
	Cmd        string `json:"cmd"`
	Client     string `json:"client"`
	Connection string `json:"connection"`
	Directory  string `json:"directory"`
}

type runnerAnswer struct {
	ID    int      `json:"id"`
	OK    bool     `json:"ok"`
	Error string   `json:"error"`
	Log   []string `json:"log"`
}

// startRunner starts the runner with ts-node registered (transpile only)
// so .ts migrations load too; it ends with the test.
func startRunner(t *testing.T) *runner {
	t.Helper()
	cmd := exec.Command("node", "-r", filepath.Join(toolsDir, "node_modules", "ts-node", "register"), filepath.Join(toolsDir, "runner.js"))
	cmd.Env = append(os.Environ(), knexEnv()...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start the Knex runner: %v", err)
	}
	r := &runner{stdin: stdin, waiting: map[int]chan runnerAnswer{}}
	go r.read(stdout)
	t.Cleanup(func() {
		stdin.Close()
		_ = cmd.Wait()
	})
	return r
}

// knexEnv is the environment Knex runs in: better-sqlite3 from the Prisma
// oracle's packages, ts-node transpiling without a project.
func knexEnv() []string {
	return []string{
		"NODE_PATH=" + sqliteModules, "TS_NODE_TRANSPILE_ONLY=true", "TS_NODE_SKIP_PROJECT=true",
		`TS_NODE_COMPILER_OPTIONS={"module":"commonjs","esModuleInterop":true}`, "NO_COLOR=1",
	}
}

func (r *runner) read(stdout io.Reader) {
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var a runnerAnswer
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			continue // not an answer: a migration's own console output
		}
		r.mu.Lock()
		ch := r.waiting[a.ID]
		delete(r.waiting, a.ID)
		r.mu.Unlock()
		if ch != nil {
			ch <- a
		}
	}
	r.mu.Lock()
	r.dead = fmt.Errorf("the Knex runner stopped: %v", sc.Err())
	for id, ch := range r.waiting {
		ch <- runnerAnswer{ID: id, Error: r.dead.Error()}
		delete(r.waiting, id)
	}
	r.mu.Unlock()
}

// run sends one command and waits for its answer.
func (r *runner) run(tg *target, dir, cmd string) error {
	ch := make(chan runnerAnswer, 1)
	r.mu.Lock()
	if r.dead != nil {
		r.mu.Unlock()
		return r.dead
	}
	r.next++
	req := runnerRequest{ID: r.next, Cmd: cmd, Client: tg.client, Connection: tg.connection, Directory: filepath.Join(dir, "migrations")}
	r.waiting[req.ID] = ch
	line, _ := json.Marshal(req)
	_, err := r.stdin.Write(append(line, '\n'))
	r.mu.Unlock()
	if err != nil {
		return fmt.Errorf("send to the Knex runner: %w", err)
	}
	a := <-ch
	if !a.OK {
		return fmt.Errorf("knex migrate:%s: %s", cmd, a.Error)
	}
	return nil
}
