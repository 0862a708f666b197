// Command migrate-bot is the migrate-bot binary: a database migration
// agent for pull requests (`migrate-bot serve`, the GitHub App), and the
// same engine on the command line (`migrate-bot plan ...`). The engine
// commands live in internal/cli; this file wires the process to them and
// to serve (serve.go), the one place that knows every concrete type of the
// App.
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
	var code int
	if len(os.Args) > 1 && os.Args[1] == "serve" {
		code = serve(ctx, os.Args[2:], os.Stdout, os.Stderr)
	} else {
		code = cli.RunContext(ctx, os.Args[1:], os.Stdout, os.Stderr)
	}
	stop()
	os.Exit(code)
}
