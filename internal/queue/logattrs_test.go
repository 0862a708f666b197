package queue

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"
)

func TestContextHandler(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewContextHandler(slog.NewJSONHandler(&buf, nil))).With(slog.String("component", "worker"))
	ctx := WithLogAttrs(context.Background(), slog.String("delivery_id", "d-1"), slog.String("repository", "octo/shop"))
	ctx = WithLogAttrs(ctx, slog.Int("pull_request", 7), slog.String("repository", "octo/other"), slog.String("component", "ctx"))
	cases := []struct {
		name string
		log  func()
		want map[string]any
	}{
		{name: "context attributes added, the latest value wins", log: func() { log.InfoContext(ctx, "planning") },
			want: map[string]any{"delivery_id": "d-1", "repository": "octo/other", "pull_request": float64(7), "component": "worker"}},
		{name: "the record's own value is kept", log: func() { log.InfoContext(ctx, "planning", slog.Int("pull_request", 8)) },
			want: map[string]any{"delivery_id": "d-1", "pull_request": float64(8)}},
		{name: "no context, no attributes", log: func() { log.Info("plain") },
			want: map[string]any{"component": "worker"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			buf.Reset()
			c.log()
			var rec map[string]any
			if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
				t.Fatalf("%v: %s", err, buf.String())
			}
			for k, v := range c.want {
				if rec[k] != v {
					t.Errorf("%s = %v, want %v (%s)", k, rec[k], v, buf.String())
				}
			}
			if bytes.Count(buf.Bytes(), []byte(`"pull_request"`)) > 1 || bytes.Count(buf.Bytes(), []byte(`"component"`)) > 1 {
				t.Errorf("a key appears twice: %s", buf.String())
			}
		})
	}
}
