// Package notify talks to Slack on behalf of the bot.
//
// Today it holds the check every inbound Slack request must pass first:
// VerifySlackSignature, the HMAC-SHA256 signing-secret verification Slack
// documents in "Verifying requests from Slack" (base string
// v0:{timestamp}:{raw body}, a five-minute replay window, constant-time
// compare).
//
// Later issues add the rest: approval requests for risky plans (a message
// with Approve and Reject buttons), the interaction endpoint that turns a
// verified click from an allowed approver into a recorded decision and a
// green check run, and channel notifications. See DESIGN.md, step 8.
package notify
