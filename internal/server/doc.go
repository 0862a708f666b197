// Package server is the `migrate-bot serve` process minus the GitHub wiring
// (which lives in cmd/bot): configuration from the environment, the HTTP
// routes (POST /webhook, GET /healthz, GET /readyz, GET /metrics),
// Prometheus metrics, JSON logs that carry the delivery id, repository and
// pull request on every line, and a graceful shutdown on SIGTERM (stop
// taking HTTP requests, let jobs in flight finish for a grace period, then
// cancel them so they run again after the restart).
package server
