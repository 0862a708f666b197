// Package ghapi is migrate-bot's GitHub adapter: the only package that sees
// go-github (v60) and ghinstallation (v2.10.0). It authenticates as the App
// (an RS256 JWT signed with the App's private key) and as its installations
// (tokens from POST /app/installations/{id}/access_tokens), and offers the
// calls the bot makes in domain types: pull requests and their changed
// files, file contents, check runs, comments, reactions, reviews,
// permissions, and commits written through the Git Data API.
//
// Every request goes through one transport per installation that
//
//   - honours GitHub's rate limits: a 403 or 429 that is a primary limit
//     (x-ratelimit-remaining: 0, wait until x-ratelimit-reset) or a secondary
//     limit (Retry-After seconds, else at least a minute, then exponential
//     backoff) is retried in process while the waits fit a small budget
//     (RetryPolicy.Budget, 60 s by default); past it the call fails with a
//     *RateLimitError carrying RetryAfter, which the job queue turns into a
//     snooze;
//   - retries 502, 503 and 504 a few times with backoff, and never retries
//     any other 4xx;
//   - serializes content-creating requests (POST, PATCH, PUT, DELETE) per
//     installation, as GitHub's guidance on secondary limits asks;
//   - reports every call and the x-ratelimit-remaining header to Metrics.
//
// Errors wrap the sentinels ErrNotFound, ErrUnauthorized, ErrForbidden and
// ErrNotFastForward so callers decide with errors.Is.
//
// Check run summaries are cut to GitHub's 65,535 characters keeping the
// verdict: the summary's first paragraph (everything before the first
// blank line) is always kept whole, the rest is cut at a line boundary and
// a note says so. Callers therefore put the verdict in the first paragraph.
package ghapi
