package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// botBinary is the migrate-bot binary built from ./cmd/bot for the run.
var botBinary string

// TestMain builds the real binary once: every scenario runs
// `migrate-bot serve` exactly as an operator would.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "migrate-bot-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	botBinary = filepath.Join(dir, "migrate-bot")
	build := exec.Command("go", "build", "-o", botBinary, "github.com/migrate-bot/migrate-bot/cmd/bot")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: go build ./cmd/bot: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
