package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/queue"
)

// errBranchMoved is returned when the pull request's branch moved while
// the bot was committing: the job is retried, finds the newer head and
// leaves the work to that head's job.
var errBranchMoved = errors.New("the pull request's branch moved while committing; retrying on the new head")

// forQueue turns an error from GitHub or git into what the queue expects:
// a rate limit becomes queue.RetryAfter (a snooze), a 401 or 403 that no
// retry can fix becomes queue.Permanent (a 404 may be GitHub's eventual
// consistency right after an event, so it is retried), anything else (5xx, network) is
// returned as is and retried with backoff.
func forQueue(op string, err error) error {
	if err == nil {
		return nil
	}
	err = fmt.Errorf("%s: %w", op, err)
	var rl *ghapi.RateLimitError
	switch {
	case errors.As(err, &rl):
		return queue.RetryAfter(err, rl.RetryAfter)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, ghapi.ErrForbidden), errors.Is(err, ghapi.ErrUnauthorized):
		// The installation lacks a permission or was removed: retrying
		// cannot help; the reconciler finds the pull request again if the
		// access comes back.
		return queue.Permanent(err)
	}
	return err
}
