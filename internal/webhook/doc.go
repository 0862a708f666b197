// Package webhook receives GitHub App webhook deliveries.
//
// Today it holds the first thing a receiver must do with a delivery:
// VerifySignature checks the X-Hub-Signature-256 header (an HMAC-SHA256 of
// the raw request body keyed by the App's webhook secret) in constant time.
//
// The HTTP handler arrives with the `serve` command in a later issue: it will
// verify the signature (401 and nothing stored on failure), record the
// X-GitHub-Delivery id so a redelivery does nothing, enqueue a durable job
// keyed by repository, pull request and head SHA, and answer 202 within
// milliseconds, routing pull_request, issue_comment, check_run and
// installation events to their workers. See DESIGN.md, "Data flow of one
// pull request".
package webhook
