package githubfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// authKind says which credential a route takes.
type authKind int

const (
	authApp          authKind = iota // an App JWT
	authInstallation                 // an installation token, not tied to a repository
	authRepo                         // an installation token whose installation reaches {owner}/{repo}
)

// call is one API request being answered.
type call struct {
	s    *Server
	w    http.ResponseWriter
	r    *http.Request
	body []byte
	tok  *token
	repo *Repo
	// forkWrite is set when the token reaches repo only as the head of a pull
	// request whose author allowed edits from maintainers; refs lists the
	// branches it may then update.
	forkBranches map[string]bool
}

// docs is GitHub's documentation_url for errors without a more precise page.
const docs = "https://docs.github.com/rest"

// routes registers every endpoint.
func (s *Server) routes() {
	s.handle("GET /app/installations", authApp, s.listInstallations)
	s.handle("POST /app/installations/{id}/access_tokens", authApp, s.createToken)
	s.handle("GET /installation/repositories", authInstallation, s.listInstallationRepos)
	s.handle("GET /repos/{owner}/{repo}", authRepo, s.getRepo)
	s.handle("GET /repos/{owner}/{repo}/pulls", authRepo, s.listPulls)
	s.handle("GET /repos/{owner}/{repo}/pulls/{number}", authRepo, s.getPull)
	s.handle("GET /repos/{owner}/{repo}/pulls/{number}/files", authRepo, s.listPullFiles)
	s.handle("GET /repos/{owner}/{repo}/pulls/{number}/comments", authRepo, s.listReviewComments)
	s.handle("GET /repos/{owner}/{repo}/pulls/{number}/reviews", authRepo, s.listReviews)
	s.handle("POST /repos/{owner}/{repo}/pulls/{number}/reviews", authRepo, s.createReview)
	s.handle("GET /repos/{owner}/{repo}/contents/{path...}", authRepo, s.getContents)
	s.handle("GET /repos/{owner}/{repo}/collaborators/{user}/permission", authRepo, s.getPermission)
	s.handle("POST /repos/{owner}/{repo}/check-runs", authRepo, s.createCheckRun)
	s.handle("GET /repos/{owner}/{repo}/check-runs/{id}", authRepo, s.getCheckRun)
	s.handle("PATCH /repos/{owner}/{repo}/check-runs/{id}", authRepo, s.updateCheckRun)
	s.handle("GET /repos/{owner}/{repo}/check-runs/{id}/annotations", authRepo, s.listAnnotations)
	s.handle("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", authRepo, s.listCheckRunsForRef)
	// /issues/{number}/comments and /issues/comments/{id} overlap for the
	// mux (neither pattern is more specific); one route tells them apart.
	s.handle("GET /repos/{owner}/{repo}/issues/{a}/{b}", authRepo, s.getIssuesTwo)
	s.handle("POST /repos/{owner}/{repo}/issues/{number}/comments", authRepo, s.createIssueComment)
	s.handle("PATCH /repos/{owner}/{repo}/issues/comments/{id}", authRepo, s.editIssueComment)
	s.handle("POST /repos/{owner}/{repo}/issues/comments/{id}/reactions", authRepo, s.createReaction)
	s.handle("GET /repos/{owner}/{repo}/issues/comments/{id}/reactions", authRepo, s.listReactions)
	s.handle("POST /repos/{owner}/{repo}/git/blobs", authRepo, s.createBlob)
	s.handle("GET /repos/{owner}/{repo}/git/blobs/{sha}", authRepo, s.getBlob)
	s.handle("POST /repos/{owner}/{repo}/git/trees", authRepo, s.createTree)
	s.handle("GET /repos/{owner}/{repo}/git/trees/{sha}", authRepo, s.getTree)
	s.handle("POST /repos/{owner}/{repo}/git/commits", authRepo, s.createCommit)
	s.handle("GET /repos/{owner}/{repo}/git/commits/{sha}", authRepo, s.getCommit)
	s.handle("GET /repos/{owner}/{repo}/git/ref/{ref...}", authRepo, s.getRef)
	s.handle("GET /repos/{owner}/{repo}/git/refs/{ref...}", authRepo, s.getRef)
	s.handle("POST /repos/{owner}/{repo}/git/refs", authRepo, s.createRef)
	s.handle("PATCH /repos/{owner}/{repo}/git/refs/{ref...}", authRepo, s.patchRef)
	s.handle("GET /raw/{owner}/{repo}/{sha}/{path...}", authRepo, s.rawFile)
	s.mux.Handle("/git/", http.HandlerFunc(s.serveGit))
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.record(r, nil, http.StatusNotFound, "", time.Now())
		writeError(w, http.StatusNotFound, "Not Found", docs)
	})
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// handle registers pattern with the stand-in's middleware: request log,
// fault injection, authentication, rate-limit accounting, then h under the
// server's lock.
func (s *Server) handle(pattern string, kind authKind, h func(*call)) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
		if err != nil {
			writeError(w, http.StatusBadRequest, "Problems parsing JSON", docs)
			return
		}
		sw := &statusWriter{ResponseWriter: w}
		at := time.Now()
		defer func() { s.record(r, body, sw.status, pattern, at) }()
		w.Header().Set("X-GitHub-Request-Id", fmt.Sprintf("FAKE:%X", s.nextRequestSeq()))
		w.Header().Set("X-GitHub-Media-Type", "github.v3; format=json")
		if s.injectFault(sw, r) {
			return
		}
		c := &call{s: s, w: sw, r: r, body: body}
		s.mu.Lock()
		defer s.mu.Unlock()
		var rateKey string
		switch kind {
		case authApp:
			if msg := s.verifyAppJWT(r.Header.Get("Authorization")); msg != "" {
				s.unauthenticatedRate(sw)
				writeError(sw, http.StatusUnauthorized, msg, docs)
				return
			}
			rateKey = "app"
		case authInstallation, authRepo:
			c.tok = s.installationTokenLocked(r.Header.Get("Authorization"))
			if c.tok == nil {
				s.unauthenticatedRate(sw)
				writeError(sw, http.StatusUnauthorized, "Bad credentials", docs)
				return
			}
			rateKey = fmt.Sprintf("installation:%d", c.tok.inst.id)
		}
		if !s.countRateLocked(sw, rateKey, c.tok) {
			return
		}
		if kind == authRepo && !s.authorizeRepoLocked(c) {
			return
		}
		h(c)
	})
}

// json answers status with v marshalled.
func (c *call) json(status int, v any) {
	writeJSON(c.w, status, v)
}

// fail answers an error with GitHub's body.
func (c *call) fail(status int, message, doc string, errs ...any) {
	writeError(c.w, status, message, doc, errs...)
}

// notFound answers GitHub's 404.
func (c *call) notFound() { c.fail(http.StatusNotFound, "Not Found", docs) }

// invalid answers 422 Validation Failed with GitHub's error list shape.
func (c *call) invalid(doc string, errs ...any) {
	c.fail(http.StatusUnprocessableEntity, "Validation Failed", doc, errs...)
}

// decode reads the JSON body into v, answering 400 "Problems parsing JSON"
// when it does not parse.
func (c *call) decode(v any) bool {
	if len(bytes.TrimSpace(c.body)) == 0 {
		c.body = []byte("{}")
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		c.fail(http.StatusBadRequest, "Problems parsing JSON", docs)
		return false
	}
	return true
}

// intPath parses a numeric path value, answering 404 when it is not one.
func (c *call) intPath(name string) (int64, bool) {
	n, err := strconv.ParseInt(c.r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		c.notFound()
		return 0, false
	}
	return n, true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeError writes GitHub's error object: message, documentation_url,
// status (a string, as api.github.com sends it) and errors when given.
func writeError(w http.ResponseWriter, status int, message, doc string, errs ...any) {
	body := map[string]any{"message": message, "documentation_url": doc, "status": strconv.Itoa(status)}
	if len(errs) > 0 {
		body["errors"] = errs
	}
	writeJSON(w, status, body)
}

// fieldError is one entry of a 422's errors list.
func fieldError(resource, field, code string) map[string]string {
	return map[string]string{"resource": resource, "field": field, "code": code}
}

// paginate answers items (already in order) a page at a time, with GitHub's
// page/per_page parameters (30 by default, 100 at most) and Link header.
func paginate[T any](c *call, items []T) []T {
	q := c.r.URL.Query()
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 {
		per = 30
	}
	if per > 100 {
		per = 100
	}
	page, _ := strconv.Atoi(q.Get("page"))
	if page <= 0 {
		page = 1
	}
	last := (len(items) + per - 1) / per
	if last == 0 {
		last = 1
	}
	link := func(p int, rel string) string {
		u := url.URL{Scheme: "http", Host: c.r.Host, Path: c.r.URL.Path}
		v := c.r.URL.Query()
		v.Set("per_page", strconv.Itoa(per))
		v.Set("page", strconv.Itoa(p))
		u.RawQuery = v.Encode()
		return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
	}
	var links []string
	if page > 1 {
		links = append(links, link(page-1, "prev"))
	}
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		links = append(links, link(1, "first"))
	}
	if len(links) > 0 {
		c.w.Header().Set("Link", strings.Join(links, ", "))
	}
	start := (page - 1) * per
	if start >= len(items) {
		return []T{}
	}
	end := min(start+per, len(items))
	return items[start:end]
}
