package server

import (
	"context"
	"io"
	"net/http"
	"time"
)

// Pinger answers whether the database is reachable (store.Store).
type Pinger interface {
	Ping(ctx context.Context) error
}

// Routes returns the HTTP routes of serve:
//
//	POST /webhook   the GitHub App webhook (webhook.Handler)
//	GET  /healthz   200 while the process runs
//	GET  /readyz    200 when the database answers within 2 s, else 503
//	GET  /metrics   Prometheus metrics
func Routes(webhook http.Handler, db Pinger, m *Metrics) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/webhook", timed(webhook, m))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			http.Error(w, "database unreachable", http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ready\n")
	})
	mux.Handle("GET /metrics", m.Handler())
	return mux
}

// timed observes how long the webhook takes to answer.
func timed(h http.Handler, m *Metrics) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h.ServeHTTP(w, r)
		m.ackSeconds.Observe(time.Since(start).Seconds())
	})
}
