package queue

import (
	"errors"
	"fmt"
	"time"
)

// permanentError marks an error that retrying cannot fix.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return "permanent: " + e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent wraps err so the worker cancels the job (river.JobCancel)
// instead of retrying it. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err: err}
}

// IsPermanent reports whether err (or an error it wraps) came from Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// retryAfterError asks for the job to run again after a delay.
type retryAfterError struct {
	err   error
	delay time.Duration
}

func (e *retryAfterError) Error() string {
	return fmt.Sprintf("retry after %s: %v", e.delay, e.err)
}
func (e *retryAfterError) Unwrap() error { return e.err }

// RetryAfter wraps err with the delay GitHub asked for (Retry-After, a rate
// limit reset): the worker snoozes the job for d (river.JobSnooze), which
// does not consume an attempt. RetryAfter(nil, d) is nil; d below one
// second is raised to one second.
func RetryAfter(err error, d time.Duration) error {
	if err == nil {
		return nil
	}
	if d < time.Second {
		d = time.Second
	}
	return &retryAfterError{err: err, delay: d}
}

// RetryDelay returns the delay of a RetryAfter error and true, or 0 and false.
func RetryDelay(err error) (time.Duration, bool) {
	var r *retryAfterError
	if errors.As(err, &r) {
		return r.delay, true
	}
	return 0, false
}
