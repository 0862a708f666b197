package githubfake

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v4"
	"github.com/google/go-github/v60/github"
)

// Messages GitHub answers for App JWTs it refuses (401).
const (
	msgJWTUndecodable = "A JSON web token could not be decoded"
	msgJWTExpired     = "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"
	msgJWTTooFar      = "'Expiration time' claim ('exp') is too far in the future"
	msgJWTIssuedAt    = "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"
	msgJWTIssuer      = "'Issuer' claim ('iss') must be an Integer"
	msgJWTApp         = "Integration not found"
)

// verifyAppJWT checks an "Authorization: Bearer <jwt>" header as GitHub
// does for App endpoints and returns "" or GitHub's message.
func (s *Server) verifyAppJWT(header string) string {
	raw, ok := strings.CutPrefix(header, "Bearer ")
	if !ok {
		return msgJWTUndecodable
	}
	claims := jwt.MapClaims{}
	parser := jwt.Parser{ValidMethods: []string{"RS256"}, SkipClaimsValidation: true}
	if _, err := parser.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) {
		return &s.key.PublicKey, nil
	}); err != nil {
		return msgJWTUndecodable
	}
	now := s.now()
	exp, ok := numericClaim(claims["exp"])
	if !ok || !now.Before(time.Unix(exp, 0)) {
		return msgJWTExpired
	}
	// "exp: no more than 10 minutes into the future"; a few seconds of slack
	// for the client's clock and rounding.
	if time.Unix(exp, 0).After(now.Add(10*time.Minute + 5*time.Second)) {
		return msgJWTTooFar
	}
	iat, ok := numericClaim(claims["iat"])
	if !ok || time.Unix(iat, 0).After(now.Add(60*time.Second)) {
		return msgJWTIssuedAt
	}
	var iss int64
	switch v := claims["iss"].(type) {
	case float64:
		iss = int64(v)
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return msgJWTIssuer
		}
		iss = n
	default:
		return msgJWTIssuer
	}
	if iss != s.opts.AppID {
		return msgJWTApp
	}
	return ""
}

func numericClaim(v any) (int64, bool) {
	switch n := v.(type) {
	case float64:
		return int64(n), true
	case int64:
		return n, true
	}
	return 0, false
}

// installationTokenLocked returns the live token of an "Authorization:
// token X" (or Bearer X) header, nil when absent, unknown or expired.
func (s *Server) installationTokenLocked(header string) *token {
	_, value, ok := strings.Cut(header, " ")
	if !ok {
		return nil
	}
	t := s.tokens[value]
	if t == nil || !s.now().Before(t.expiresAt) {
		return nil
	}
	return t
}

// authorizeRepoLocked resolves {owner}/{repo} and checks the token reaches
// it: its installation covers the repository; or the repository is public
// and the request only reads; or the repository is a user's fork heading an
// open pull request into the installation whose author allowed edits from
// maintainers (then writes are limited to that branch).
func (s *Server) authorizeRepoLocked(c *call) bool {
	repo := s.repoLocked(c.r.PathValue("owner"), c.r.PathValue("repo"))
	if repo == nil {
		c.notFound()
		return false
	}
	c.repo = repo
	if repo.inst != nil && repo.inst == c.tok.inst {
		return true
	}
	read := c.r.Method == http.MethodGet || c.r.Method == http.MethodHead
	if read && !repo.private {
		return true
	}
	if branches := s.maintainerBranchesLocked(c.tok.inst, repo); len(branches) > 0 && strings.Contains(c.r.URL.Path, "/git/") {
		c.forkBranches = branches
		return true
	}
	if repo.private {
		c.notFound()
		return false
	}
	c.fail(http.StatusForbidden, "Resource not accessible by integration", docs)
	return false
}

// maintainerBranchesLocked lists the branches of fork an installation may
// write because an open pull request from them into one of its repositories
// allows edits from maintainers ("Allow edits from maintainers" exists only
// for forks owned by a user, not by an organization).
func (s *Server) maintainerBranchesLocked(inst *installation, fork *Repo) map[string]bool {
	if fork.owner.typ != "User" {
		return nil
	}
	out := map[string]bool{}
	for _, base := range s.repos {
		if base.inst != inst {
			continue
		}
		for _, pr := range base.pulls {
			if pr.state == "open" && pr.head == fork && pr.maintainerCanModify {
				out[pr.headRef] = true
			}
		}
	}
	return out
}

// rateWindow counts one credential's requests in the current hour.
type rateWindow struct {
	limit int
	used  int
	reset time.Time
}

// countRateLocked spends one request of key's primary limit and sets the
// x-ratelimit-* headers; past the limit it answers GitHub's 403.
func (s *Server) countRateLocked(w http.ResponseWriter, key string, tok *token) bool {
	if key == "" {
		return true
	}
	now := s.now()
	win := s.rates[key]
	if win == nil || !now.Before(win.reset) {
		win = &rateWindow{limit: s.opts.RateLimit, reset: now.Add(time.Hour).Truncate(time.Second)}
		s.rates[key] = win
	}
	win.used++
	remaining := max(win.limit-win.used, 0)
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(win.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Used", strconv.Itoa(min(win.used, win.limit)))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(win.reset.Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
	if win.used > win.limit {
		msg := "API rate limit exceeded for the App."
		if tok != nil {
			msg = fmt.Sprintf("API rate limit exceeded for installation ID %d.", tok.inst.id)
		}
		writeError(w, http.StatusForbidden, msg, "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-rate-limits")
		return false
	}
	return true
}

// unauthenticatedRate sets the headers GitHub sends with a refused
// credential: the unauthenticated limit of 60 an hour.
func (s *Server) unauthenticatedRate(w http.ResponseWriter) {
	h := w.Header()
	h.Set("X-RateLimit-Limit", "60")
	h.Set("X-RateLimit-Remaining", "59")
	h.Set("X-RateLimit-Used", "1")
	h.Set("X-RateLimit-Reset", strconv.FormatInt(s.now().Add(time.Hour).Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
}

// SetRateLimitRemaining leaves installation id remaining requests in the
// current hour (0: the next request gets the primary-limit 403).
func (s *Server) SetRateLimitRemaining(installationID int64, remaining int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := fmt.Sprintf("installation:%d", installationID)
	s.rates[key] = &rateWindow{limit: s.opts.RateLimit, used: s.opts.RateLimit - remaining, reset: s.now().Add(time.Hour).Truncate(time.Second)}
}

var appPermissions = map[string]string{
	"checks": "write", "contents": "write", "issues": "write", "metadata": "read", "pull_requests": "write",
}

func (s *Server) installationJSON(in *installation) *github.Installation {
	target := "User"
	if in.account.typ == "Organization" {
		target = "Organization"
	}
	return &github.Installation{
		ID:                  github.Int64(in.id),
		NodeID:              github.String(fmt.Sprintf("I_%d", in.id)),
		AppID:               github.Int64(s.opts.AppID),
		AppSlug:             github.String(s.opts.AppSlug),
		TargetID:            github.Int64(in.account.id),
		TargetType:          github.String(target),
		Account:             s.userJSON(in.account),
		AccessTokensURL:     github.String(fmt.Sprintf("%sapp/installations/%d/access_tokens", s.APIURL(), in.id)),
		RepositoriesURL:     github.String(s.APIURL() + "installation/repositories"),
		HTMLURL:             github.String(fmt.Sprintf("%s/settings/installations/%d", s.URL(), in.id)),
		RepositorySelection: github.String("selected"),
		Events:              []string{"check_run", "issue_comment", "pull_request"},
		Permissions: &github.InstallationPermissions{
			Checks: github.String("write"), Contents: github.String("write"), Issues: github.String("write"),
			Metadata: github.String("read"), PullRequests: github.String("write"),
		},
		CreatedAt:              ts(in.createdAt),
		UpdatedAt:              ts(in.createdAt),
		HasMultipleSingleFiles: github.Bool(false),
	}
}

func (s *Server) listInstallations(c *call) {
	ids := make([]int64, 0, len(s.installations))
	for id := range s.installations {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	out := make([]*github.Installation, 0, len(ids))
	for _, id := range ids {
		out = append(out, s.installationJSON(s.installations[id]))
	}
	c.json(http.StatusOK, paginate(c, out))
}

func (s *Server) createToken(c *call) {
	id, ok := c.intPath("id")
	if !ok {
		return
	}
	in := s.installations[id]
	if in == nil {
		c.notFound()
		return
	}
	var req struct {
		Repositories  []string          `json:"repositories"`
		RepositoryIDs []int64           `json:"repository_ids"`
		Permissions   map[string]string `json:"permissions"`
	}
	if !c.decode(&req) {
		return
	}
	for _, name := range req.Repositories {
		r := s.repoLocked(in.account.login, name)
		if r == nil || r.inst != in {
			c.invalid(docs, "There is at least one repository that does not exist or is not accessible to the parent installation.")
			return
		}
	}
	for p, level := range req.Permissions {
		if granted, ok := appPermissions[p]; !ok || (level == "write" && granted != "write") {
			c.invalid(docs, fmt.Sprintf("The permissions requested are not granted to this installation: %s", p))
			return
		}
	}
	value := "ghs_" + randomToken(36)
	t := &token{value: value, inst: in, expiresAt: s.now().Add(s.opts.TokenTTL)}
	s.tokens[value] = t
	c.json(http.StatusCreated, map[string]any{
		"token":                value,
		"expires_at":           t.expiresAt.UTC().Format(time.RFC3339),
		"permissions":          appPermissions,
		"repository_selection": "selected",
	})
}

func randomToken(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, n)
	for i := range b {
		k, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}

func (s *Server) listInstallationRepos(c *call) {
	var repos []*Repo
	for _, r := range s.repos {
		if r.inst == c.tok.inst {
			repos = append(repos, r)
		}
	}
	sort.Slice(repos, func(i, j int) bool { return repos[i].ID < repos[j].ID })
	out := make([]*github.Repository, 0, len(repos))
	for _, r := range repos {
		out = append(out, s.repoJSON(r))
	}
	c.json(http.StatusOK, map[string]any{
		"total_count":          len(out),
		"repository_selection": "selected",
		"repositories":         paginate(c, out),
	})
}

func (s *Server) getRepo(c *call) {
	c.json(http.StatusOK, s.repoJSON(c.repo))
}
