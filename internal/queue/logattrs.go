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
