// Package githubfake is a GitHub stand-in for tests: an httptest server
// that answers the REST endpoints migrate-bot calls with GitHub's request
// and response shapes (go-github v60's structs marshal every response), its
// status codes, error bodies and headers, and serves real bare git
// repositories over smart HTTP through git http-backend.
//
// What it models, and where GitHub's documentation says so:
//
//   - App authentication: GET /app/installations and
//     POST /app/installations/{id}/access_tokens take an App JWT (RS256,
//     iss = App id, exp at most 10 minutes ahead) checked with the App's
//     public key; installation tokens expire (one hour by default) and every
//     installation-scoped call, git fetch and git push needs a valid one
//     for an installation that covers the repository ("Bad credentials"
//     with 401 otherwise, 404 for a repository outside the installation).
//   - Pull requests, their files (per_page up to 100, Link pagination,
//     GitHub's 3000-file cap, patch hunks computed by git from the merge base
//     to the head), contents, collaborator permissions.
//   - Check runs with GitHub's validation (50 annotations per request,
//     65535-character summary and text, three actions with 20/40/20
//     character fields, a non-blank name on update), annotations accumulated
//     across updates.
//   - Issue comments, reactions, reviews whose comments must sit on lines of
//     the diff (422 "Line could not be resolved"), review comments.
//   - The Git Data API (blobs, trees with base_tree, commits, refs with a
//     fast-forward check) run with the git CLI on the same bare repository
//     that git http-backend serves, so a commit made through the API is seen
//     by the next fetch. refs/pull/N/head follows each pull request's head,
//     fork pull requests included (objects copied into the base repository).
//   - Fault injection (the next K calls of an endpoint answer 502, a
//     secondary rate limit with Retry-After, 429...), a log of every request,
//     x-ratelimit-* headers on every answer.
//
// Scenario helpers create repositories from files or a directory (real
// commits), fork them, push commits as a person, open pull requests, post
// comments as users with given permissions, and build webhook deliveries
// with GitHub's payload shapes, signed like GitHub signs them, ready to POST
// to the bot. With Options.WebhookURL set, events the stand-in causes itself
// (a push to a pull request's branch through the API or git) are delivered
// to the bot as GitHub would, with the App's bot account as sender.
package githubfake
