package server

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func testKeyPEM(t testing.TB) []byte {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
}

func TestConfigFromEnv(t *testing.T) {
	key := testKeyPEM(t)
	keyFile := filepath.Join(t.TempDir(), "app.pem")
	if err := os.WriteFile(keyFile, key, 0o600); err != nil {
		t.Fatal(err)
	}
	base := map[string]string{
		"MIGRATE_BOT_APP_ID":           "987654",
		"MIGRATE_BOT_PRIVATE_KEY_FILE": keyFile,
		"MIGRATE_BOT_WEBHOOK_SECRET":   "s3cret",
	}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	cases := []struct {
		name    string
		env     map[string]string
		wantErr []string // each must appear in the error
		check   func(t *testing.T, c Config)
	}{
		{name: "defaults", env: base, check: func(t *testing.T, c Config) {
			if c.AppID != 987654 || c.Listen != ":8080" || c.Workers != 4 || c.SQLitePath != "./migrate-bot.db" ||
				c.DatabaseURL != "" || c.GitHubAPIURL != "https://api.github.com/" || c.GitURL != "https://github.com/" ||
				c.ReconcileInterval != 10*time.Minute || c.JobTimeout != 10*time.Minute || c.RescueAfter != 15*time.Minute || string(c.PrivateKey) != string(key) {
				t.Fatalf("defaults wrong: %+v", c)
			}
		}},
		{name: "key as a value with escaped newlines", env: with("MIGRATE_BOT_PRIVATE_KEY_FILE", "", "MIGRATE_BOT_PRIVATE_KEY", strings.ReplaceAll(string(key), "\n", `\n`)),
			check: func(t *testing.T, c Config) {
				if string(c.PrivateKey) != string(key) {
					t.Fatal("key value not restored")
				}
			}},
		{name: "everything set", env: with("DATABASE_URL", "postgres://bot@db:5432/bot", "MIGRATE_BOT_LISTEN", "127.0.0.1:9000",
			"MIGRATE_BOT_WORKERS", "8", "MIGRATE_BOT_GITHUB_API_URL", "https://ghe.example.com/api/v3", "MIGRATE_BOT_RECONCILE_INTERVAL", "off",
			"MIGRATE_BOT_LOG_LEVEL", "debug", "MIGRATE_BOT_SHADOW_POSTGRES", "postgres://shadow@127.0.0.1/"),
			check: func(t *testing.T, c Config) {
				if c.DatabaseURL == "" || c.Workers != 8 || c.GitHubAPIURL != "https://ghe.example.com/api/v3/" || c.ReconcileInterval >= 0 ||
					c.LogLevel.String() != "DEBUG" || c.ShadowPostgres == "" || c.Listen != "127.0.0.1:9000" {
					t.Fatalf("config wrong: %+v", c)
				}
			}},
		{name: "nothing set names every required variable", env: map[string]string{},
			wantErr: []string{"MIGRATE_BOT_APP_ID: not set", "MIGRATE_BOT_PRIVATE_KEY_FILE: neither", "MIGRATE_BOT_WEBHOOK_SECRET: not set"}},
		{name: "bad app id", env: with("MIGRATE_BOT_APP_ID", "my-app"), wantErr: []string{`MIGRATE_BOT_APP_ID: "my-app" is not a positive integer`}},
		{name: "both key forms", env: with("MIGRATE_BOT_PRIVATE_KEY", string(key)), wantErr: []string{"MIGRATE_BOT_PRIVATE_KEY: set together"}},
		{name: "key file missing", env: with("MIGRATE_BOT_PRIVATE_KEY_FILE", "/nonexistent/app.pem"), wantErr: []string{"MIGRATE_BOT_PRIVATE_KEY_FILE: open /nonexistent/app.pem"}},
		{name: "key not PEM", env: with("MIGRATE_BOT_PRIVATE_KEY_FILE", "", "MIGRATE_BOT_PRIVATE_KEY", "ghp_notakey"), wantErr: []string{"MIGRATE_BOT_PRIVATE_KEY: not a PEM private key"}},
		{name: "bad workers", env: with("MIGRATE_BOT_WORKERS", "0"), wantErr: []string{"MIGRATE_BOT_WORKERS"}},
		{name: "bad listen", env: with("MIGRATE_BOT_LISTEN", "8080"), wantErr: []string{"MIGRATE_BOT_LISTEN"}},
		{name: "bad database url", env: with("DATABASE_URL", "mysql://root@db/bot"), wantErr: []string{"DATABASE_URL: want a postgres:// URL"}},
		{name: "bad interval", env: with("MIGRATE_BOT_RECONCILE_INTERVAL", "5s"), wantErr: []string{"MIGRATE_BOT_RECONCILE_INTERVAL"}},
		{name: "bad api url", env: with("MIGRATE_BOT_GITHUB_API_URL", "api.github.com"), wantErr: []string{"MIGRATE_BOT_GITHUB_API_URL"}},
		{name: "rescue shorter than the job timeout", env: with("MIGRATE_BOT_JOB_TIMEOUT", "2m", "MIGRATE_BOT_RESCUE_AFTER", "90s"), wantErr: []string{"MIGRATE_BOT_RESCUE_AFTER: 1m30s must be longer"}},
		{name: "short rescue for crash tests", env: with("MIGRATE_BOT_JOB_TIMEOUT", "5s", "MIGRATE_BOT_RESCUE_AFTER", "8s"), check: func(t *testing.T, c Config) {
			if c.JobTimeout != 5*time.Second || c.RescueAfter != 8*time.Second {
				t.Fatalf("timeouts %s %s", c.JobTimeout, c.RescueAfter)
			}
		}},
		{name: "bad log level", env: with("MIGRATE_BOT_LOG_LEVEL", "loud"), wantErr: []string{"MIGRATE_BOT_LOG_LEVEL"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := ConfigFromEnv(func(k string) string { return c.env[k] })
			if len(c.wantErr) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				c.check(t, cfg)
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}
