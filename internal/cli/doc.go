// Package cli is the migrate-bot command line: subcommands, flag parsing,
// SOURCE resolution (files, folders, REV:PATH at a git revision, database
// URLs, `empty`), the plan command in its two modes (--from/--to, and
// --repo/--base/--head as the bot runs it on a pull request), and exit
// statuses.
//
// Run is the whole program minus os.Exit, so tests drive it in-process:
//
//	code := cli.Run([]string{"plan", "--from", "empty", "--to", "schema.prisma"}, stdout, stderr)
//
// Exit statuses: ExitOK (0) when the plan is written or there is nothing to
// do, ExitError (1) for bad input or an internal error (one message on
// stderr naming file:line where known, never a stack), ExitFindings (2) when
// a finding at or above --fail-on exists.
package cli
