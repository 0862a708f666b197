// Command migrate-bot is the migrate-bot binary: a database migration
// agent for pull requests, and the same engine on the command line
// (`migrate-bot plan ...`). All behaviour lives in internal/cli; this file
// only wires the process to it.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/migrate-bot/migrate-bot/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.RunContext(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
