package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/queue"
	"github.com/migrate-bot/migrate-bot/internal/store"
	"github.com/migrate-bot/migrate-bot/internal/webhook"
)

// NewLogger returns the JSON logger of serve: every record also carries the
// attributes queue.WithLogAttrs put in its context (delivery id,
// repository, pull request, job).
func NewLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(queue.NewContextHandler(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})))
}

// Deps are what a Processor is built from.
type Deps struct {
	Config  Config
	Store   *store.Store
	Queue   *queue.Queue
	Metrics *Metrics
	Logger  *slog.Logger
}

// Options are the parts of Run that cmd/bot (and tests) supply.
type Options struct {
	// NewProcessor builds the job processor (cmd/bot wires internal/bot).
	NewProcessor func(Deps) (queue.Processor, error)
	// Logger defaults to NewLogger(os.Stderr-like discard) when nil.
	Logger *slog.Logger
	// Listener, when set, is used instead of listening on Config.Listen.
	Listener net.Listener
	// Queue tunes the queue beyond Config (tests shorten the rescue time);
	// its Workers, JobTimeout, ReconcileInterval, Logger and Observer are
	// taken from Config and Run, and RescueStuckJobsAfter too when
	// Config.RescueAfter is set.
	Queue queue.Config
	// Ready, when set, receives the listening address once serving.
	Ready func(addr string)
}

// Run is `migrate-bot serve`: it opens the store (running migrations),
// creates the queue, builds the processor, starts the workers and the HTTP
// server, and serves until ctx ends. Then it shuts down gracefully: the
// HTTP server stops accepting and finishes the requests in flight (up to
// 10 s), the queue stops fetching and gives running jobs cfg.ShutdownGrace
// to finish before cancelling them (they run again after the restart),
// and the database is closed.
func Run(ctx context.Context, cfg Config, opts Options) error {
	log := opts.Logger
	if log == nil {
		log = NewLogger(io.Discard, cfg.LogLevel)
	}
	if opts.NewProcessor == nil {
		return errors.New("serve: no processor")
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, cfg.SQLitePath)
	if err != nil {
		return err
	}
	defer st.Close()
	backend := string(st.Backend())
	log.Info("database ready", slog.String("backend", backend))

	metrics := NewMetrics()
	qcfg := opts.Queue
	qcfg.Workers = cfg.Workers
	qcfg.JobTimeout = cfg.JobTimeout
	qcfg.ReconcileInterval = cfg.ReconcileInterval
	if cfg.RescueAfter > 0 {
		qcfg.RescueStuckJobsAfter = cfg.RescueAfter
	}
	qcfg.Logger = log
	qcfg.Observer = metrics
	q, err := queue.New(st, qcfg)
	if err != nil {
		return err
	}
	metrics.WatchQueue(q.Depth)
	proc, err := opts.NewProcessor(Deps{Config: cfg, Store: st, Queue: q, Metrics: metrics, Logger: log})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}

	ln := opts.Listener
	if ln == nil {
		ln, err = net.Listen("tcp", cfg.Listen)
		if err != nil {
			return fmt.Errorf("serve: MIGRATE_BOT_LISTEN %s: %w", cfg.Listen, err)
		}
	}
	hook := webhook.NewHandler(cfg.WebhookSecret, q, log, metrics)
	srv := &http.Server{
		Handler:           Routes(hook, st, metrics),
		ReadHeaderTimeout: 10 * time.Second,
		// GitHub waits 10 s for an answer; a 25 MB body on a slow link is
		// the worst case the read timeout must allow.
		ReadTimeout:  60 * time.Second,
		WriteTimeout: 30 * time.Second,
		IdleTimeout:  120 * time.Second,
		ErrorLog:     slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}

	// Workers run on a context of their own: ctx ending must not cancel
	// jobs before the grace period.
	if err := q.Start(context.WithoutCancel(ctx), proc); err != nil {
		ln.Close()
		return err
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	log.Info("serving", slog.String("addr", ln.Addr().String()), slog.Int("workers", cfg.Workers), slog.String("backend", backend))
	if opts.Ready != nil {
		opts.Ready(ln.Addr().String())
	}

	var runErr error
	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case err := <-serveErr:
		runErr = fmt.Errorf("serve: HTTP server: %w", err)
	}
	httpCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(httpCtx); err != nil {
		log.Warn("HTTP shutdown", slog.String("error", err.Error()))
	}
	if err := q.Stop(context.Background(), cfg.ShutdownGrace); err != nil {
		log.Warn("queue stop", slog.String("error", err.Error()))
		runErr = errors.Join(runErr, err)
	}
	log.Info("stopped")
	return runErr
}
