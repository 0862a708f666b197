// Package bot is migrate-bot's job processor: it implements
// queue.Processor, turning the queue's jobs into what a pull request shows.
//
// A pull request job (Bot.PullRequest) takes the pull request's lock, skips
// closed pull requests and heads that a newer push superseded, opens the
// `migrate-bot` check run in progress, reads .github/migrate-bot.yml from
// the base branch (a pull request cannot change the rules it is judged
// by), lists the changed files, fetches the merge base and the head
// (refs/pull/N/head of the base repository, which serves forks too) and
// runs the engine (internal/pipeline). Then:
//
//   - a pull request that adds its own migration is checked, not
//     generated for: the report says which statements are missing or extra;
//   - otherwise the generated files are committed to the head branch when
//     they differ from it (one commit, parent = the head, no force: a race
//     with a push fails and the job is retried); the commits the bot makes
//     and the blob of every file it writes are remembered, so the
//     synchronize its own commit causes only refreshes the report, and a
//     generated file a person changed is left alone until a regenerate;
//   - a fork the bot cannot push to gets the files in the summary comment,
//     ready to copy, with the reason;
//   - the check run completes (success, neutral, action_required or
//     failure) with the Markdown report, annotations on the schema and
//     migration lines at fault and a Regenerate button; one summary
//     comment, found again by a hidden marker, is edited in place; one
//     review carries the findings on lines of the diff, each only once.
//
// Comment jobs run the `/migrate` commands (regenerate, help, rename,
// accept) of people with write access; CheckRunAction runs the Regenerate
// button; Reconcile finds open pull requests whose head has no result.
// Installation queues the open pull requests of repositories that join an
// installation and removes the fetched copies of those that leave; their
// pull request state stays in the store (no code in it, and it keeps the
// comment and commit bookkeeping right if a repository comes back).
//
// Errors a user can fix (configuration, schema, planning) end as a failed
// check run that says what to fix; errors they cannot (GitHub 5xx, the
// network) are returned so the queue retries, and a rate limit is returned
// as queue.RetryAfter.
//
// The bot depends on small interfaces it owns (GitHub, Installations,
// StateStore, Fetcher, Planner); New wires the real ones and NewWith takes
// any, as the tests do.
//
// # State
//
// Per pull request the bot stores one JSON document (State) through
// StateStore:
//
//	{
//	  "version": 1,
//	  "comment_id": 123,                       // the summary comment
//	  "comment_sha": "<sha256 of its body>",   // skip unchanged edits
//	  "check_run": {"head_sha": "...", "id": 9, "completed": true},
//	  "bot_commits": ["<sha>", ...],           // commits the bot made
//	  "last_commit": {"sha": "...", "written": ["path"], "deleted": ["path"]},
//	  "generated": {"path": "<git blob sha>"}, // what the bot wrote
//	  "person_edited": ["path"],               // left alone until regenerate
//	  "timestamp": "2026-11-25T14:00:00Z",     // names migrations stably
//	  "reviewed": ["MB102-<hash>"],            // findings already commented
//	  "renames": {"": ["users.phone=users.mobile"], "app": [...]},
//	  "accept": {"MB102": "reason"}
//	}
package bot
