package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/migrate-bot/migrate-bot/internal/bot"
	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/pipeline"
	"github.com/migrate-bot/migrate-bot/internal/queue"
	"github.com/migrate-bot/migrate-bot/internal/server"
	"github.com/migrate-bot/migrate-bot/internal/shadow"
)

const serveUsage = `Usage: migrate-bot serve

Runs the GitHub App: answers webhooks on POST /webhook and works the job
queue, with /healthz, /readyz and /metrics. Configuration comes from the
environment (README.md, "Running the App"):

  MIGRATE_BOT_APP_ID              App ID (required)
  MIGRATE_BOT_PRIVATE_KEY_FILE    path of the App's private key, PEM (or:)
  MIGRATE_BOT_PRIVATE_KEY         the PEM itself
  MIGRATE_BOT_WEBHOOK_SECRET      webhook secret (required)
  DATABASE_URL                    PostgreSQL URL; unset: embedded SQLite
  MIGRATE_BOT_SQLITE_PATH         SQLite file (default ./migrate-bot.db)
  MIGRATE_BOT_LISTEN              listen address (default :8080)
  MIGRATE_BOT_WORKERS             concurrent jobs (default 4)
  MIGRATE_BOT_RECONCILE_INTERVAL  reconciler period (default 10m; off disables)
  MIGRATE_BOT_JOB_TIMEOUT         limit of one job (default 10m)
  MIGRATE_BOT_RESCUE_AFTER        rerun a job whose process died after this (default job timeout + 5m)
  MIGRATE_BOT_SHUTDOWN_GRACE      time jobs get to finish on SIGTERM (default 25s)
  MIGRATE_BOT_GITHUB_API_URL      REST API base (default https://api.github.com/)
  MIGRATE_BOT_GIT_URL             git base for clones (default https://github.com/)
  MIGRATE_BOT_WORKDIR             where repositories are fetched
  MIGRATE_BOT_SHADOW_POSTGRES, MIGRATE_BOT_SHADOW_MARIADB, MIGRATE_BOT_SHADOW_SQLITE
                                  optional shadow database servers (URLs; the login may
                                  CREATE DATABASE): Prisma histories are replayed and
                                  checked for drift, branch migrations checked on them
  MIGRATE_BOT_LOG_LEVEL           debug, info (default), warn, error

Logs are JSON lines on standard error. SIGTERM or SIGINT stops gracefully.
`

// serve runs `migrate-bot serve` until ctx ends and returns the exit status.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "-h", "-help", "--help", "help":
			fmt.Fprint(stdout, serveUsage)
			return 0
		default:
			fmt.Fprintf(stderr, "migrate-bot serve: unexpected argument %q (serve is configured by environment variables)\n\n%s", args[0], serveUsage)
			return 1
		}
	}
	cfg, err := server.ConfigFromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "migrate-bot serve: %v\n", err)
		return 1
	}
	log := server.NewLogger(stderr, cfg.LogLevel)
	err = server.Run(ctx, cfg, server.Options{Logger: log, NewProcessor: newProcessor})
	if err != nil {
		log.Error("serve failed", "error", err.Error())
		return 1
	}
	return 0
}

// newProcessor wires the GitHub App processor (internal/bot on
// internal/ghapi, internal/gitfetch and internal/pipeline) to the store,
// the queue and the metrics.
func newProcessor(d server.Deps) (queue.Processor, error) {
	shadows, err := shadowServers(d.Config)
	if err != nil {
		return nil, err
	}
	return bot.New(bot.Config{
		AppID:        d.Config.AppID,
		PrivateKey:   d.Config.PrivateKey,
		GitHubAPIURL: d.Config.GitHubAPIURL,
		GitURL:       d.Config.GitURL,
		WorkDir:      d.Config.WorkDir,
		Logger:       d.Logger,
		Metrics:      d.Metrics,
		Shadow:       shadows,
	}, d.Store, d.Queue)
}

// shadowServers opens the MIGRATE_BOT_SHADOW_* servers; nil when none is
// set. A URL of another family than its variable says is an error naming
// the variable.
func shadowServers(c server.Config) (pipeline.ShadowFunc, error) {
	var servers []*shadow.Server
	for _, v := range []struct{ name, url, family string }{
		{"MIGRATE_BOT_SHADOW_POSTGRES", c.ShadowPostgres, dialect.FamilyPostgres},
		{"MIGRATE_BOT_SHADOW_MARIADB", c.ShadowMariaDB, dialect.FamilyMySQL},
		{"MIGRATE_BOT_SHADOW_SQLITE", c.ShadowSQLite, dialect.FamilySQLite},
	} {
		if v.url == "" {
			continue
		}
		s, err := shadow.Open(v.url)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", v.name, err)
		}
		if s.Family != v.family {
			return nil, fmt.Errorf("%s: %s is a %s server, want %s", v.name, s, s.Family, v.family)
		}
		servers = append(servers, s)
	}
	if len(servers) == 0 {
		return nil, nil
	}
	return pipeline.ShadowServers(servers...), nil
}
