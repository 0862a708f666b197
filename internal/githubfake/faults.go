package githubfake

import (
	"net/http"
	"path"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Fault makes the next Times requests matching Method and Path answer
// Status instead of being served.
type Fault struct {
	// Method matches the request method; "" matches any.
	Method string
	// Path is a path.Match pattern over the URL path ("*" stops at "/"),
	// e.g. "/repos/*/*/pulls/*/files"; "" matches any path.
	Path string
	// Times is how many matching requests fail; then the fault is spent.
	Times int
	// Status is the answer's status code.
	Status int
	// RetryAfter, when positive, is sent as the Retry-After header.
	RetryAfter time.Duration
	// Message is the error body's message; a fitting one when empty.
	Message string
	// Doc is the error body's documentation_url.
	Doc string
	// Hold, when not nil, makes a matching request wait until Hold is
	// closed (at most two minutes) before it is answered: with Status 0 it
	// is then served normally, even if the client has gone away meanwhile
	// (as GitHub completes a write whose caller crashed), else it gets
	// Status. Held receives a value (without blocking) when a request
	// starts waiting.
	Hold chan struct{}
	Held chan struct{}
	// Hit counts the requests the fault answered.
	Hit int
}

// secondaryLimitDoc is the documentation_url GitHub sends with a secondary
// rate limit; go-github v60 recognises an AbuseRateLimitError by its suffix.
const secondaryLimitDoc = "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"

// Fail makes the next times requests of method and path (a path.Match
// pattern) answer status; it returns the fault to read Hit from.
func (s *Server) Fail(method, pathPattern string, times, status int) *Fault {
	return s.AddFault(&Fault{Method: method, Path: pathPattern, Times: times, Status: status})
}

// SecondaryLimit makes the next times matching requests answer GitHub's
// secondary rate limit: 403, Retry-After, and its message and
// documentation_url.
func (s *Server) SecondaryLimit(method, pathPattern string, times int, retryAfter time.Duration) *Fault {
	return s.AddFault(&Fault{
		Method: method, Path: pathPattern, Times: times, Status: http.StatusForbidden, RetryAfter: retryAfter,
		Message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID FAKE.",
		Doc:     secondaryLimitDoc,
	})
}

// HoldNext makes the next matching request wait until the returned release
// function is called, then serves it normally; the channel receives a value
// when the request starts waiting.
func (s *Server) HoldNext(method, pathPattern string) (held <-chan struct{}, release func()) {
	f := s.AddFault(&Fault{Method: method, Path: pathPattern, Times: 1, Hold: make(chan struct{}), Held: make(chan struct{}, 1)})
	var once sync.Once
	return f.Held, func() { once.Do(func() { close(f.Hold) }) }
}

// AddFault installs f.
func (s *Server) AddFault(f *Fault) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
	return f
}

// FaultHits is how many requests f answered.
func (s *Server) FaultHits(f *Fault) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return f.Hit
}

// injectFault answers r with the first live matching fault, if any.
func (s *Server) injectFault(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	var f *Fault
	for _, cand := range s.faults {
		if cand.Hit >= cand.Times || (cand.Method != "" && cand.Method != r.Method) {
			continue
		}
		if cand.Path != "" {
			if ok, _ := path.Match(cand.Path, r.URL.Path); !ok {
				continue
			}
		}
		cand.Hit++
		f = cand
		break
	}
	var msg, doc string
	if f != nil {
		msg, doc = f.Message, f.Doc
	}
	s.mu.Unlock()
	if f == nil {
		return false
	}
	if f.Hold != nil {
		if f.Held != nil {
			select {
			case f.Held <- struct{}{}:
			default:
			}
		}
		select {
		case <-f.Hold:
		case <-time.After(2 * time.Minute):
		}
		if f.Status == 0 {
			return false
		}
	}
	if msg == "" {
		msg = http.StatusText(f.Status)
	}
	if doc == "" {
		doc = docs
	}
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((f.RetryAfter+time.Second-1)/time.Second)))
	}
	if f.Status >= 500 {
		// GitHub's front end answers 502/503 with an HTML page, not JSON.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte("<html><body><h1>" + msg + "</h1></body></html>\n"))
		return true
	}
	writeError(w, f.Status, msg, doc)
	return true
}

// Request is one request the stand-in received.
type Request struct {
	Method string
	// Path is the URL path; Query the raw query.
	Path, Query string
	// Route is the pattern that served it ("" for git and unknown paths).
	Route string
	Body  []byte
	// Status is the status answered.
	Status int
	// Auth is the Authorization header's scheme ("Bearer", "token", "Basic").
	Auth string
	// At is when the request arrived.
	At time.Time
}

// Requests returns a copy of the request log, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// CountRequests counts logged requests of method (any when "") whose path
// matches pattern (path.Match) and, when status != 0, answered status.
func (s *Server) CountRequests(method, pattern string, status int) int {
	n := 0
	for _, r := range s.Requests() {
		if method != "" && r.Method != method {
			continue
		}
		if ok, _ := path.Match(pattern, r.Path); !ok {
			continue
		}
		if status != 0 && r.Status != status {
			continue
		}
		n++
	}
	return n
}

var requestSeq atomic.Int64

func (s *Server) nextRequestSeq() int64 { return requestSeq.Add(1) }

func (s *Server) record(r *http.Request, body []byte, status int, route string, at time.Time) {
	auth := r.Header.Get("Authorization")
	if i := indexByte(auth, ' '); i > 0 {
		auth = auth[:i]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, Request{
		Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Route: route,
		Body: body, Status: status, Auth: auth, At: at,
	})
}

func indexByte(s string, b byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return i
		}
	}
	return -1
}
