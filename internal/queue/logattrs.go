package queue

import (
	"context"
	"log/slog"
)

type logAttrsKey struct{}

// WithLogAttrs returns a context carrying attrs (added to those already
// there) for every log line written with it: internal/server's log handler
// adds them to each record, so the processor's lines name the delivery,
// repository and pull request without passing them around.
func WithLogAttrs(ctx context.Context, attrs ...slog.Attr) context.Context {
	prev := LogAttrs(ctx)
	all := make([]slog.Attr, 0, len(prev)+len(attrs))
	all = append(all, prev...)
	all = append(all, attrs...)
	return context.WithValue(ctx, logAttrsKey{}, all)
}

// LogAttrs returns the attributes WithLogAttrs put in ctx.
func LogAttrs(ctx context.Context) []slog.Attr {
	a, _ := ctx.Value(logAttrsKey{}).([]slog.Attr)
	return a
}

// ContextHandler is a slog.Handler that adds the attributes WithLogAttrs
// put in a record's context (delivery id, repository, pull request...) to
// every record, before the inner handler formats it. Attributes already set
// on the record or the logger with the same key are kept, the context's
// are skipped, so no line names a key twice.
type ContextHandler struct {
	inner slog.Handler
	keys  map[string]bool // keys set with WithAttrs on this logger
}

// NewContextHandler wraps inner.
func NewContextHandler(inner slog.Handler) *ContextHandler {
	return &ContextHandler{inner: inner}
}

// Enabled implements slog.Handler.
func (h *ContextHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.inner.Enabled(ctx, l)
}

// Handle implements slog.Handler.
func (h *ContextHandler) Handle(ctx context.Context, r slog.Record) error {
	attrs := LogAttrs(ctx)
	if len(attrs) == 0 {
		return h.inner.Handle(ctx, r)
	}
	have := map[string]bool{}
	for k := range h.keys {
		have[k] = true
	}
	r.Attrs(func(a slog.Attr) bool { have[a.Key] = true; return true })
	out := slog.NewRecord(r.Time, r.Level, r.Message, r.PC)
	seen := map[string]bool{}
	// Later WithLogAttrs calls refine earlier ones: keep the last value.
	for i := len(attrs) - 1; i >= 0; i-- {
		a := attrs[i]
		if have[a.Key] || seen[a.Key] {
			continue
		}
		seen[a.Key] = true
		out.AddAttrs(a)
	}
	r.Attrs(func(a slog.Attr) bool { out.AddAttrs(a); return true })
	return h.inner.Handle(ctx, out)
}

// WithAttrs implements slog.Handler.
func (h *ContextHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	keys := map[string]bool{}
	for k := range h.keys {
		keys[k] = true
	}
	for _, a := range attrs {
		keys[a.Key] = true
	}
	return &ContextHandler{inner: h.inner.WithAttrs(attrs), keys: keys}
}

// WithGroup implements slog.Handler.
func (h *ContextHandler) WithGroup(name string) slog.Handler {
	return &ContextHandler{inner: h.inner.WithGroup(name), keys: h.keys}
}
