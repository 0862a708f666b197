// Package webhook receives GitHub App webhook deliveries: it verifies,
// records and enqueues; it decides nothing about a pull request.
//
// Handler (POST /webhook) caps the body at 25 MB (GitHub's payload cap),
// checks X-Hub-Signature-256 with VerifySignature (HMAC-SHA256 of the raw
// body, constant time; a missing or wrong signature is 401 and nothing is
// stored; the SHA-1 X-Hub-Signature header is never read), routes the
// event with Route, then records the X-GitHub-Delivery id and enqueues the
// jobs in one database transaction (queue.Queue.Deliver: a crash keeps
// both or neither; a redelivery answers 200 and does nothing more) and
// answers 202.
//
// Routing (Route, a pure function over the payload):
//
//   - pull_request opened, synchronize, reopened, ready_for_review, and
//     edited when changes.base is present -> PullRequestJob for the head;
//   - pull_request closed -> no job: the queued jobs of that pull request
//     are cancelled (nothing is left to plan). Its stored state is kept, so
//     a reopened pull request still knows the commits the bot made;
//   - issue_comment created on a pull request (issue.pull_request present)
//     with a line starting "/migrate" -> CommentJob. Comments written by a
//     bot (comment.user.type or sender.type "Bot", the App itself
//     included) are ignored here, so the App never answers itself;
//     edited and deleted comments are ignored;
//   - check_run rerequested -> a PullRequestJob per check_run.pull_requests
//     entry at check_run.head_sha (none for a fork's head, where GitHub
//     leaves pull_requests empty: the reconciler covers those);
//     requested_action -> CheckRunActionJob;
//   - installation and installation_repositories -> InstallationJob;
//   - every other event and action (ping, push, labeled...) -> 202 and
//     nothing stored.
//
// A pull_request.synchronize caused by the bot's own commit is enqueued
// like any other: the processor recognises its own head and only refreshes
// the report.
package webhook
