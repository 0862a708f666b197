package githubfake

import (
	"net/http"
	"net/http/cgi"
	"strings"
	"time"
)

// gitHTTPBackend is git's smart-HTTP CGI program.
const gitHTTPBackend = "/usr/lib/git-core/git-http-backend"

// serveGit answers /git/{owner}/{name}.git/... with git http-backend after
// checking Basic auth x-access-token:<installation token>. A push that moves
// the head branch of a pull request updates refs/pull/N/head and, with
// Options.WebhookURL set, delivers pull_request.synchronize.
func (s *Server) serveGit(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w}
	at := time.Now()
	defer func() { s.record(r, nil, sw.status, "git", at) }()
	if s.injectFault(sw, r) {
		return
	}
	rest := strings.TrimPrefix(r.URL.Path, "/git/")
	parts := strings.SplitN(rest, "/", 3)
	if len(parts) < 3 || !strings.HasSuffix(parts[1], ".git") {
		http.Error(sw, "Repository not found.", http.StatusNotFound)
		return
	}
	owner, name := parts[0], strings.TrimSuffix(parts[1], ".git")
	push := r.URL.Query().Get("service") == "git-receive-pack" || strings.HasSuffix(r.URL.Path, "/git-receive-pack")

	s.mu.Lock()
	_, password, ok := r.BasicAuth()
	var tok *token
	if ok {
		tok = s.installationTokenLocked("token " + password)
	}
	if tok == nil {
		s.mu.Unlock()
		sw.Header().Set("WWW-Authenticate", `Basic realm="GitHub"`)
		http.Error(sw, "Invalid username or token. Password authentication is not supported for Git operations.", http.StatusUnauthorized)
		return
	}
	repo := s.repoLocked(owner, name)
	allowed := repo != nil && ((repo.inst != nil && repo.inst == tok.inst) ||
		(!push && !repo.private) ||
		(push && len(s.maintainerBranchesLocked(tok.inst, repo)) > 0))
	if !allowed {
		s.mu.Unlock()
		if repo != nil && push && !repo.private {
			http.Error(sw, "Permission to "+owner+"/"+name+".git denied to "+s.BotLogin()+".", http.StatusForbidden)
			return
		}
		http.Error(sw, "Repository not found.", http.StatusNotFound)
		return
	}
	s.mu.Unlock()

	h := &cgi.Handler{
		Path: gitHTTPBackend,
		Root: "/git",
		Env: []string{
			"GIT_PROJECT_ROOT=" + s.root, "GIT_HTTP_EXPORT_ALL=1", "REMOTE_USER=" + s.BotLogin(),
			"HOME=" + s.home, "GIT_CONFIG_NOSYSTEM=1",
			"GIT_COMMITTER_NAME=" + s.BotLogin(), "GIT_COMMITTER_EMAIL=" + s.botEmail(),
		},
	}
	h.ServeHTTP(sw, r)
	if push && r.Method == http.MethodPost {
		s.mu.Lock()
		deliveries := s.syncPullsLocked(repo, s.users[s.BotLogin()])
		s.mu.Unlock()
		s.deliverAsync(deliveries)
	}
}

// botEmail is the noreply address of the App's bot account.
func (s *Server) botEmail() string {
	return itoa(s.botID) + "+" + s.BotLogin() + "@users.noreply.github.com"
}

// DeliveryResult is a delivery the stand-in sent on its own, with the
// receiver's answer.
type DeliveryResult struct {
	Delivery *Delivery
	Status   int
	Err      error
}

// deliverAsync posts deliveries to Options.WebhookURL in the background, in
// order, as GitHub does after the request that caused them.
func (s *Server) deliverAsync(ds []*Delivery) {
	if s.opts.WebhookURL == "" || len(ds) == 0 {
		return
	}
	s.deliverWG.Add(1)
	go func() {
		defer s.deliverWG.Done()
		for _, d := range ds {
			status, err := d.Post(s.http.Client(), s.opts.WebhookURL, s.opts.WebhookSecret)
			s.mu.Lock()
			s.deliveries = append(s.deliveries, DeliveryResult{Delivery: d, Status: status, Err: err})
			s.mu.Unlock()
		}
	}()
}

// Deliveries returns what the stand-in delivered on its own so far.
func (s *Server) Deliveries() []DeliveryResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]DeliveryResult(nil), s.deliveries...)
}

// WaitDeliveries waits until the deliveries started so far are answered.
func (s *Server) WaitDeliveries() { s.deliverWG.Wait() }
