package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"
)

// The exit statuses of every subcommand.
const (
	ExitOK       = 0
	ExitError    = 1
	ExitFindings = 2
)

// Version is the release version, set at build time with
// -ldflags "-X github.com/migrate-bot/migrate-bot/internal/cli.Version=v1.2.3".
var Version = "dev"

// env is what a command needs from the outside world, passed explicitly so
// tests control it.
type env struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
	// now is the clock used for migration version timestamps.
	now func() time.Time
}

// Run runs migrate-bot with args (without the program name) and returns the
// exit status. It never panics: an unexpected panic in a command becomes an
// internal-error message and ExitError.
func Run(args []string, stdout, stderr io.Writer) int {
	return RunContext(context.Background(), args, stdout, stderr)
}

// RunContext is Run with a context that cancels database work (cmd/bot
// passes one that ends on SIGINT/SIGTERM).
func RunContext(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	e := &env{ctx: ctx, stdout: stdout, stderr: stderr, now: time.Now}
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "migrate-bot: internal error: %v\nThis is a bug; please report it with the command you ran.\n", r)
			code = ExitError
		}
	}()
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage)
		return ExitError
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "help", "-h", "-help", "--help":
		return e.help(rest)
	case "version", "-version", "--version":
		return e.version(rest)
	case "plan":
		return e.plan(rest)
	case "rules":
		return e.rules(rest)
	default:
		fmt.Fprintf(stderr, "migrate-bot: unknown command %q\nRun 'migrate-bot help' for the list of commands.\n", cmd)
		return ExitError
	}
}

const mainUsage = `migrate-bot plans safe database migrations from schema changes.

Usage:
  migrate-bot <command> [flags]

Commands:
  plan      diff two schemas and write the migration (SQL, Prisma, Alembic or Knex, with its
            rollback) and a safety report
  serve     run the GitHub App (configured by environment variables: migrate-bot serve -h)
  rules     list the safety rules, or explain one: migrate-bot rules MB401
  version   print the version of this binary
  help      explain a command: migrate-bot help plan

Examples:
  migrate-bot plan --from empty --to prisma/schema.prisma --out migrations
  migrate-bot plan --repo . --base main --head feature --report markdown
`

func (e *env) help(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(e.stdout, mainUsage)
		return ExitOK
	}
	switch args[0] {
	case "plan":
		fmt.Fprint(e.stdout, planUsage)
	case "version":
		fmt.Fprint(e.stdout, versionUsage)
	case "rules":
		fmt.Fprint(e.stdout, rulesUsage)
	case "help":
		fmt.Fprint(e.stdout, mainUsage)
	default:
		fmt.Fprintf(e.stderr, "migrate-bot help: unknown command %q\nRun 'migrate-bot help' for the list of commands.\n", args[0])
		return ExitError
	}
	return ExitOK
}

const versionUsage = `Usage:
  migrate-bot version

Prints the release version of this binary and the git commit it was built
from, when known. It takes no flags.

Example:
  migrate-bot version
`

func (e *env) version(args []string) int {
	if len(args) > 0 {
		if args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
			fmt.Fprint(e.stdout, versionUsage)
			return ExitOK
		}
		fmt.Fprintf(e.stderr, "migrate-bot version: unexpected argument %q\n", args[0])
		return ExitError
	}
	fmt.Fprintf(e.stdout, "migrate-bot %s\n", versionString())
	return ExitOK
}

// versionString is Version plus the VCS revision the binary was built from.
func versionString() string {
	v := Version
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	if v == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	parts := []string{v}
	if rev != "" {
		parts = append(parts, "("+rev+dirty+")")
	}
	parts = append(parts, info.GoVersion)
	return strings.Join(parts, " ")
}

// cwd is the working directory, for REV:PATH sources.
func cwd() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("current directory: %w", err)
	}
	return d, nil
}
