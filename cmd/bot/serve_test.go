package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestServeRejectsIncompleteConfiguration(t *testing.T) {
	for _, k := range []string{"MIGRATE_BOT_APP_ID", "MIGRATE_BOT_PRIVATE_KEY", "MIGRATE_BOT_PRIVATE_KEY_FILE", "MIGRATE_BOT_WEBHOOK_SECRET", "DATABASE_URL"} {
		t.Setenv(k, "")
	}
	t.Setenv("MIGRATE_BOT_APP_ID", "12x")
	var stdout, stderr bytes.Buffer
	if code := serve(context.Background(), nil, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	for _, want := range []string{"MIGRATE_BOT_APP_ID: \"12x\"", "MIGRATE_BOT_PRIVATE_KEY_FILE", "MIGRATE_BOT_WEBHOOK_SECRET"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	stdout.Reset()
	if code := serve(context.Background(), []string{"-h"}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "MIGRATE_BOT_WEBHOOK_SECRET") {
		t.Fatalf("serve -h: exit %d\n%s", code, stdout.String())
	}
}

// TestServeStartsAndStops runs the real serve wiring (internal/bot
// included) on a SQLite file: it answers /healthz and /readyz, refuses an
// unsigned webhook, and stops cleanly when its context ends (SIGTERM).
func TestServeStartsAndStops(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "app.pem")
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	env := map[string]string{
		"MIGRATE_BOT_APP_ID": "987654", "MIGRATE_BOT_PRIVATE_KEY_FILE": keyFile, "MIGRATE_BOT_PRIVATE_KEY": "",
		"MIGRATE_BOT_WEBHOOK_SECRET": "s3cret", "DATABASE_URL": "", "MIGRATE_BOT_SQLITE_PATH": filepath.Join(dir, "bot.db"),
		"MIGRATE_BOT_LISTEN": addr, "MIGRATE_BOT_RECONCILE_INTERVAL": "off", "MIGRATE_BOT_WORKDIR": filepath.Join(dir, "work"),
		"MIGRATE_BOT_GITHUB_API_URL": "http://127.0.0.1:1/", "MIGRATE_BOT_GIT_URL": "http://127.0.0.1:1/",
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &lockedBuffer{}
	done := make(chan int, 1)
	go func() { done <- serve(ctx, nil, io.Discard, stderr) }()

	base := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d before it was ready:\n%s", code, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve not ready: %v\n%s", err, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	resp, err := http.Post(base+"/webhook", "application/json", strings.NewReader(`{"zen":"hi"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("unsigned webhook: %d, want 401", resp.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d after shutdown:\n%s", code, stderr.String())
		}
	case <-time.After(40 * time.Second):
		t.Fatal("serve did not stop")
	}
	var msgs []string
	for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		var rec struct{ Msg string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line not JSON: %s", line)
		}
		msgs = append(msgs, rec.Msg)
	}
	got := strings.Join(msgs, "|")
	for _, want := range []string{"serving", "webhook delivery", "shutting down", "stopped"} {
		if !strings.Contains(got, want) {
			t.Errorf("logs lack %q: %s", want, fmt.Sprint(msgs))
		}
	}
}
