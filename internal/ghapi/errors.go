package ghapi

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
)

// Sentinels wrapped by the errors of this package.
var (
	// ErrNotFound: GitHub answered 404 (or the file is absent).
	ErrNotFound = errors.New("not found")
	// ErrUnauthorized: GitHub answered 401 (a bad App JWT or token).
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden: GitHub answered 403 for a reason other than a rate
	// limit (missing permission, a protected branch...).
	ErrForbidden = errors.New("forbidden")
	// ErrNotFastForward: the branch moved since the parent commit was read;
	// the ref update (force=false) was refused with 422.
	ErrNotFastForward = errors.New("update is not a fast forward")
)

// RateLimitError says GitHub asked to wait longer than the client waits in
// process. The job should come back after RetryAfter.
type RateLimitError struct {
	// RetryAfter is how long GitHub asked to wait.
	RetryAfter time.Duration
	// Secondary is true for a secondary (abuse) limit, false for the
	// primary hourly limit.
	Secondary bool
	// Endpoint is the call that was limited ("GET /repos/{owner}/{repo}/pulls/{n}").
	Endpoint string
}

// Error describes the limit and the wait.
func (e *RateLimitError) Error() string {
	kind := "primary"
	if e.Secondary {
		kind = "secondary"
	}
	return fmt.Sprintf("GitHub %s rate limit on %s: retry after %s", kind, e.Endpoint, e.RetryAfter.Round(time.Second))
}

// APIError is an HTTP error answer from GitHub. It unwraps to the
// sentinel that matches its status.
type APIError struct {
	// Status is the HTTP status code.
	Status int
	// Endpoint is the normalized call ("PATCH /repos/{owner}/{repo}/git/refs/{ref}").
	Endpoint string
	// Message is GitHub's message (the JSON "message" field and errors).
	Message string
	kind    error
}

// Error renders the status, call and GitHub's message.
func (e *APIError) Error() string {
	return fmt.Sprintf("GitHub %s: %d %s: %s", e.Endpoint, e.Status, http.StatusText(e.Status), e.Message)
}

// Unwrap returns the sentinel for the status (nil when there is none).
func (e *APIError) Unwrap() error { return e.kind }

// wrap turns a go-github error into this package's errors: a transport's
// *RateLimitError passes through, an *ErrorResponse becomes an *APIError.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var rl *RateLimitError
	if errors.As(err, &rl) {
		return fmt.Errorf("%s: %w", op, rl)
	}
	var er *github.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return fmt.Errorf("%s: %w", op, apiError(er))
	}
	var rle *github.RateLimitError
	if errors.As(err, &rle) {
		return fmt.Errorf("%s: %w", op, &RateLimitError{RetryAfter: time.Until(rle.Rate.Reset.Time), Endpoint: op})
	}
	var abuse *github.AbuseRateLimitError
	if errors.As(err, &abuse) {
		wait := time.Minute
		if abuse.RetryAfter != nil {
			wait = *abuse.RetryAfter
		}
		return fmt.Errorf("%s: %w", op, &RateLimitError{RetryAfter: wait, Secondary: true, Endpoint: op})
	}
	return fmt.Errorf("%s: %w", op, err)
}

func apiError(er *github.ErrorResponse) *APIError {
	msg := er.Message
	for _, e := range er.Errors {
		if e.Message != "" {
			msg += "; " + e.Message
		} else if e.Code != "" {
			msg += fmt.Sprintf("; %s %s %s", e.Resource, e.Field, e.Code)
		}
	}
	ae := &APIError{Status: er.Response.StatusCode, Message: msg}
	if er.Response.Request != nil {
		ae.Endpoint = Endpoint(er.Response.Request.Method, er.Response.Request.URL.Path)
	}
	switch ae.Status {
	case http.StatusNotFound:
		ae.kind = ErrNotFound
	case http.StatusUnauthorized:
		ae.kind = ErrUnauthorized
	case http.StatusForbidden:
		ae.kind = ErrForbidden
	case http.StatusUnprocessableEntity, http.StatusConflict:
		if strings.Contains(strings.ToLower(msg), "fast forward") {
			ae.kind = ErrNotFastForward
		}
	}
	return ae
}
