package server

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is serve's configuration, read from the environment by
// ConfigFromEnv (README.md, "Running the App", lists each variable).
type Config struct {
	AppID         int64  // MIGRATE_BOT_APP_ID
	PrivateKey    []byte // MIGRATE_BOT_PRIVATE_KEY or the file MIGRATE_BOT_PRIVATE_KEY_FILE (PEM)
	WebhookSecret []byte // MIGRATE_BOT_WEBHOOK_SECRET

	DatabaseURL string // DATABASE_URL (PostgreSQL); empty: SQLite
	SQLitePath  string // MIGRATE_BOT_SQLITE_PATH, default ./migrate-bot.db

	Listen            string        // MIGRATE_BOT_LISTEN, default :8080
	Workers           int           // MIGRATE_BOT_WORKERS, default 4
	ReconcileInterval time.Duration // MIGRATE_BOT_RECONCILE_INTERVAL, default 10m ("0" or "off" disables)
	JobTimeout        time.Duration // MIGRATE_BOT_JOB_TIMEOUT, default 10m
	RescueAfter       time.Duration // MIGRATE_BOT_RESCUE_AFTER, default JobTimeout + 5m
	ShutdownGrace     time.Duration // MIGRATE_BOT_SHUTDOWN_GRACE, default 25s

	GitHubAPIURL string // MIGRATE_BOT_GITHUB_API_URL, default https://api.github.com/
	GitURL       string // MIGRATE_BOT_GIT_URL, default https://github.com/
	WorkDir      string // MIGRATE_BOT_WORKDIR, default: migrate-bot under the temporary directory

	// Shadow database servers the engine may use per dialect (optional).
	ShadowPostgres string // MIGRATE_BOT_SHADOW_POSTGRES
	ShadowMariaDB  string // MIGRATE_BOT_SHADOW_MARIADB
	ShadowSQLite   string // MIGRATE_BOT_SHADOW_SQLITE

	LogLevel slog.Level // MIGRATE_BOT_LOG_LEVEL: debug, info (default), warn, error
}

// ConfigFromEnv reads and validates the configuration; getenv is
// os.Getenv in production. Every error names the variable at fault; all
// problems are reported at once.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL:    strings.TrimSpace(getenv("DATABASE_URL")),
		SQLitePath:     or(getenv("MIGRATE_BOT_SQLITE_PATH"), "./migrate-bot.db"),
		Listen:         or(getenv("MIGRATE_BOT_LISTEN"), ":8080"),
		GitHubAPIURL:   withSlash(or(getenv("MIGRATE_BOT_GITHUB_API_URL"), "https://api.github.com/")),
		GitURL:         withSlash(or(getenv("MIGRATE_BOT_GIT_URL"), "https://github.com/")),
		WorkDir:        getenv("MIGRATE_BOT_WORKDIR"),
		ShadowPostgres: getenv("MIGRATE_BOT_SHADOW_POSTGRES"),
		ShadowMariaDB:  getenv("MIGRATE_BOT_SHADOW_MARIADB"),
		ShadowSQLite:   getenv("MIGRATE_BOT_SHADOW_SQLITE"),
	}
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
	}

	if v := getenv("MIGRATE_BOT_APP_ID"); v == "" {
		bad("MIGRATE_BOT_APP_ID", "not set (the App ID from the App's settings page)")
	} else if id, err := strconv.ParseInt(v, 10, 64); err != nil || id <= 0 {
		bad("MIGRATE_BOT_APP_ID", "%q is not a positive integer", v)
	} else {
		c.AppID = id
	}

	keyValue, keyFile := getenv("MIGRATE_BOT_PRIVATE_KEY"), getenv("MIGRATE_BOT_PRIVATE_KEY_FILE")
	switch {
	case keyValue != "" && keyFile != "":
		bad("MIGRATE_BOT_PRIVATE_KEY", "set together with MIGRATE_BOT_PRIVATE_KEY_FILE; set only one")
	case keyValue != "":
		// A PEM value passed through an environment often has its newlines
		// written as \n.
		c.PrivateKey = []byte(strings.ReplaceAll(keyValue, `\n`, "\n"))
		if err := checkPrivateKey(c.PrivateKey); err != nil {
			bad("MIGRATE_BOT_PRIVATE_KEY", "%v", err)
		}
	case keyFile != "":
		b, err := os.ReadFile(keyFile)
		if err != nil {
			bad("MIGRATE_BOT_PRIVATE_KEY_FILE", "%v", err)
		} else if err := checkPrivateKey(b); err != nil {
			bad("MIGRATE_BOT_PRIVATE_KEY_FILE", "%s: %v", keyFile, err)
		} else {
			c.PrivateKey = b
		}
	default:
		bad("MIGRATE_BOT_PRIVATE_KEY_FILE", "neither it nor MIGRATE_BOT_PRIVATE_KEY is set (the App's private key, PEM)")
	}

	if s := getenv("MIGRATE_BOT_WEBHOOK_SECRET"); s == "" {
		bad("MIGRATE_BOT_WEBHOOK_SECRET", "not set (the webhook secret given when registering the App)")
	} else {
		c.WebhookSecret = []byte(s)
	}

	if c.DatabaseURL != "" {
		if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			bad("DATABASE_URL", "want a postgres:// URL")
		}
	}
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		bad("MIGRATE_BOT_LISTEN", "%q is not host:port (e.g. :8080): %v", c.Listen, err)
	}
	c.Workers = 4
	if v := getenv("MIGRATE_BOT_WORKERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 256 {
			bad("MIGRATE_BOT_WORKERS", "%q is not a number from 1 to 256", v)
		}
		c.Workers = n
	}
	c.ReconcileInterval = duration(getenv, "MIGRATE_BOT_RECONCILE_INTERVAL", 10*time.Minute, time.Minute, bad)
	c.JobTimeout = duration(getenv, "MIGRATE_BOT_JOB_TIMEOUT", 10*time.Minute, time.Second, bad)
	c.RescueAfter = duration(getenv, "MIGRATE_BOT_RESCUE_AFTER", c.JobTimeout+5*time.Minute, time.Second, bad)
	if c.RescueAfter <= c.JobTimeout {
		bad("MIGRATE_BOT_RESCUE_AFTER", "%s must be longer than MIGRATE_BOT_JOB_TIMEOUT (%s)", c.RescueAfter, c.JobTimeout)
	}
	c.ShutdownGrace = duration(getenv, "MIGRATE_BOT_SHUTDOWN_GRACE", 25*time.Second, 0, bad)
	for _, u := range []struct{ name, value string }{
		{"MIGRATE_BOT_GITHUB_API_URL", c.GitHubAPIURL}, {"MIGRATE_BOT_GIT_URL", c.GitURL},
	} {
		if p, err := url.Parse(u.value); err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
			bad(u.name, "%q is not an http(s) URL", u.value)
		}
	}
	switch strings.ToLower(getenv("MIGRATE_BOT_LOG_LEVEL")) {
	case "", "info":
		c.LogLevel = slog.LevelInfo
	case "debug":
		c.LogLevel = slog.LevelDebug
	case "warn", "warning":
		c.LogLevel = slog.LevelWarn
	case "error":
		c.LogLevel = slog.LevelError
	default:
		bad("MIGRATE_BOT_LOG_LEVEL", "%q is not debug, info, warn or error", getenv("MIGRATE_BOT_LOG_LEVEL"))
	}
	if len(errs) > 0 {
		return c, fmt.Errorf("serve configuration:\n  %w", joinLines(errs))
	}
	return c, nil
}

// duration reads a Go duration ("90s", "10m"); "0" or "off" gives a
// negative value (disabled) where min is positive.
func duration(getenv func(string) string, name string, def, min time.Duration, bad func(string, string, ...any)) time.Duration {
	v := getenv(name)
	switch v {
	case "":
		return def
	case "0", "off":
		if min > 0 && name == "MIGRATE_BOT_RECONCILE_INTERVAL" {
			return -1
		}
		if min == 0 {
			return 0
		}
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < min {
		bad(name, "%q is not a duration of at least %s (e.g. 10m, 90s)", v, min)
		return def
	}
	return d
}

// checkPrivateKey checks that b is a PEM RSA private key (GitHub App keys
// are PKCS#1 "RSA PRIVATE KEY"; PKCS#8 is accepted too).
func checkPrivateKey(b []byte) error {
	block, _ := pem.Decode(b)
	if block == nil {
		return errors.New("not a PEM private key (want -----BEGIN RSA PRIVATE KEY-----)")
	}
	if _, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return fmt.Errorf("PEM block %q is not an RSA private key: %v", block.Type, err)
	}
	if _, ok := k.(*rsa.PrivateKey); !ok {
		return fmt.Errorf("PEM block %q is not an RSA private key", block.Type)
	}
	return nil
}

func or(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return strings.TrimSpace(v)
}

func withSlash(u string) string {
	if strings.HasSuffix(u, "/") {
		return u
	}
	return u + "/"
}

type lines []error

func (l lines) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n  ")
}

func joinLines(errs []error) error { return lines(errs) }
