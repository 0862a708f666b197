package webhook

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/migrate-bot/migrate-bot/internal/queue"
)

// MaxBodyBytes caps a delivery's body: GitHub never sends more than 25 MB
// (larger events are not delivered at all, "Webhook events and payloads",
// payload cap).
const MaxBodyBytes = 25 << 20

// Header names GitHub sets on every delivery.
const (
	EventHeader    = "X-GitHub-Event"
	DeliveryHeader = "X-GitHub-Delivery"
)

// Queue is where the handler puts work (*queue.Queue implements it).
type Queue interface {
	// Deliver records the delivery id and enqueues its jobs in one
	// transaction; fresh is false for an id already recorded.
	Deliver(ctx context.Context, d queue.Delivery) (fresh bool, err error)
	// CancelPullRequest cancels the queued jobs of a closed pull request.
	CancelPullRequest(ctx context.Context, repo queue.Repo, number int) (int, error)
}

// Observer counts deliveries by event and outcome (internal/server's
// metrics implement it).
type Observer interface {
	Delivery(event, outcome string)
}

// Delivery outcomes, as reported to the Observer and logged.
const (
	OutcomeAccepted     = "accepted"     // 202, work enqueued
	OutcomeIgnored      = "ignored"      // 202, nothing to do
	OutcomeRedelivery   = "redelivery"   // 200, id already recorded
	OutcomeUnauthorized = "unauthorized" // 401, signature missing or wrong
	OutcomeBadRequest   = "bad_request"  // 400, headers or payload unusable
	OutcomeTooLarge     = "too_large"    // 413
	OutcomeError        = "error"        // 500, database or queue failure
)

// Handler is the POST /webhook endpoint.
type Handler struct {
	secret []byte
	queue  Queue
	log    *slog.Logger
	obs    Observer
}

// NewHandler returns the webhook endpoint. secret is the App's webhook
// secret (an empty one rejects every delivery); obs may be nil.
func NewHandler(secret []byte, q Queue, log *slog.Logger, obs Observer) *Handler {
	if log == nil {
		log = slog.Default()
	}
	return &Handler{secret: secret, queue: q, log: log, obs: obs}
}

// ServeHTTP verifies, records and enqueues one delivery; it decides nothing
// about the pull request itself.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	event := r.Header.Get(EventHeader)
	delivery := r.Header.Get(DeliveryHeader)
	ctx := queue.WithLogAttrs(r.Context(), slog.String("delivery_id", delivery), slog.String("event", event))

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.finish(ctx, w, event, OutcomeTooLarge, http.StatusRequestEntityTooLarge, "body larger than 25 MB", nil)
			return
		}
		h.finish(ctx, w, event, OutcomeBadRequest, http.StatusBadRequest, "cannot read body", err)
		return
	}
	// Only X-Hub-Signature-256 counts; the SHA-1 X-Hub-Signature is never read.
	if err := VerifySignature(h.secret, body, r.Header.Get(SignatureHeader)); err != nil {
		h.finish(ctx, w, event, OutcomeUnauthorized, http.StatusUnauthorized, "signature missing or wrong", err)
		return
	}
	if event == "" || delivery == "" {
		h.finish(ctx, w, event, OutcomeBadRequest, http.StatusBadRequest, "missing "+EventHeader+" or "+DeliveryHeader, nil)
		return
	}
	work, err := Route(event, delivery, body)
	ctx = queue.WithLogAttrs(ctx, slog.String("action", work.Action))
	if work.Repo.Owner != "" {
		ctx = queue.WithLogAttrs(ctx, slog.String("repository", work.Repo.FullName()))
	}
	if work.Number > 0 {
		ctx = queue.WithLogAttrs(ctx, slog.Int("pull_request", work.Number))
	}
	if err != nil {
		h.finish(ctx, w, event, OutcomeBadRequest, http.StatusBadRequest, "unreadable payload", err)
		return
	}
	if work.Ignored != "" {
		h.log.DebugContext(ctx, "delivery ignored", slog.String("reason", work.Ignored))
		h.finish(ctx, w, event, OutcomeIgnored, http.StatusAccepted, "ignored: "+work.Ignored, nil)
		return
	}
	fresh, err := h.queue.Deliver(ctx, queue.Delivery{
		ID: delivery, Event: event, Action: work.Action,
		PullRequests: work.PullRequests, Comment: work.Comment,
		CheckRunAction: work.CheckRunAction, Installation: work.Installation,
	})
	if err != nil {
		// Nothing was kept (one transaction), so a redelivery will work.
		h.finish(ctx, w, event, OutcomeError, http.StatusInternalServerError, "cannot record and enqueue the delivery", err)
		return
	}
	if !fresh {
		h.finish(ctx, w, event, OutcomeRedelivery, http.StatusOK, "already received", nil)
		return
	}
	if work.ClosePullRequest {
		// Best effort: a queued job left behind only costs a run that finds
		// the pull request closed.
		n, err := h.queue.CancelPullRequest(ctx, work.Repo, work.Number)
		if err != nil {
			h.log.WarnContext(ctx, "pull request closed: cannot cancel its queued jobs", slog.String("error", err.Error()))
		}
		if n > 0 {
			h.log.InfoContext(ctx, "pull request closed: queued jobs cancelled", slog.Int("cancelled", n))
		}
	}
	h.finish(ctx, w, event, OutcomeAccepted, http.StatusAccepted, "accepted", nil)
}

// finish answers, logs one line and counts the delivery.
func (h *Handler) finish(ctx context.Context, w http.ResponseWriter, event, outcome string, status int, msg string, err error) {
	if h.obs != nil {
		h.obs.Delivery(eventLabel(event), outcome)
	}
	attrs := []any{slog.String("outcome", outcome), slog.Int("status", status)}
	level := slog.LevelInfo
	switch {
	case status >= 500:
		level = slog.LevelError
	case status >= 400:
		level = slog.LevelWarn
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	h.log.Log(ctx, level, "webhook delivery", attrs...)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	io.WriteString(w, msg+"\n")
}

// knownEvents bounds the event label of the deliveries metric: any other
// X-GitHub-Event value (attacker-chosen before the signature check) is
// counted as "other".
var knownEvents = map[string]bool{
	"pull_request": true, "issue_comment": true, "check_run": true, "check_suite": true,
	"installation": true, "installation_repositories": true, "ping": true, "push": true,
}

func eventLabel(event string) string {
	if knownEvents[event] {
		return event
	}
	return "other"
}
