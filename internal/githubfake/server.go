package githubfake

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// Options configure a stand-in. The zero value is usable.
type Options struct {
	// AppID is the GitHub App's id (the JWT's iss). Default 4242.
	AppID int64
	// AppSlug names the App; its bot account is AppSlug+"[bot]". Default
	// "migrate-bot".
	AppSlug string
	// PrivateKey is the App's key; a fresh 2048-bit key when nil.
	PrivateKey *rsa.PrivateKey
	// TokenTTL is the life of an installation token. Default one hour, as
	// GitHub: "Installation tokens expire one hour from the time you create
	// them".
	TokenTTL time.Duration
	// RateLimit is the primary rate limit per installation and per App JWT
	// for one hour. Default 5000, GitHub's installation minimum.
	RateLimit int
	// WebhookURL, when set, receives the deliveries the stand-in causes
	// itself (pull_request.synchronize after a push to a pull request's head
	// branch through the API or git), signed with WebhookSecret.
	WebhookURL    string
	WebhookSecret string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Server is a running GitHub stand-in. Its methods are safe for concurrent
// use.
type Server struct {
	opts      Options
	http      *httptest.Server
	mux       *http.ServeMux
	root      string // GIT_PROJECT_ROOT: bare repositories at root/owner/name.git
	home      string // HOME for git commands
	key       *rsa.PrivateKey
	botID     int64
	deliverWG sync.WaitGroup

	mu             sync.Mutex
	nextID         int64
	users          map[string]*user
	installations  map[int64]*installation
	tokens         map[string]*token
	repos          map[string]*Repo
	checkRuns      map[int64]*checkRun
	issueComments  map[int64]*issueComment
	reviewComments map[int64]*reviewComment
	reviews        map[int64]*review
	faults         []*Fault
	requests       []Request
	deliveries     []DeliveryResult
	rates          map[string]*rateWindow
	diffs          map[string][]*fileDiff
	verified       map[string]bool
}

// New starts a stand-in for the test t; it is closed when the test ends.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := Start(t.TempDir(), opts)
	if err != nil {
		t.Fatalf("githubfake: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts a stand-in whose repositories live under dir (which must
// exist). Close stops it.
func Start(dir string, opts Options) (*Server, error) {
	if opts.AppID == 0 {
		opts.AppID = 4242
	}
	if opts.AppSlug == "" {
		opts.AppSlug = "migrate-bot"
	}
	if opts.TokenTTL == 0 {
		opts.TokenTTL = time.Hour
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = 5000
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	key := opts.PrivateKey
	if key == nil {
		var err error
		if key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			return nil, err
		}
	}
	s := &Server{
		opts:           opts,
		mux:            http.NewServeMux(),
		root:           filepath.Join(dir, "repos"),
		home:           filepath.Join(dir, "home"),
		key:            key,
		nextID:         1000,
		users:          map[string]*user{},
		installations:  map[int64]*installation{},
		tokens:         map[string]*token{},
		repos:          map[string]*Repo{},
		checkRuns:      map[int64]*checkRun{},
		issueComments:  map[int64]*issueComment{},
		reviewComments: map[int64]*reviewComment{},
		reviews:        map[int64]*review{},
		rates:          map[string]*rateWindow{},
		diffs:          map[string][]*fileDiff{},
		verified:       map[string]bool{},
	}
	for _, d := range []string{s.root, s.home} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	bot := s.userLocked(s.BotLogin(), "Bot")
	s.botID = bot.id
	s.routes()
	s.http = httptest.NewServer(s.mux)
	return s, nil
}

// Close waits for deliveries in flight and stops the server.
func (s *Server) Close() {
	s.deliverWG.Wait()
	s.http.Close()
}

// URL is the server's root URL, without a trailing slash.
func (s *Server) URL() string { return s.http.URL }

// APIURL is the REST API base, ending in "/" as go-github requires.
func (s *Server) APIURL() string { return s.http.URL + "/" }

// GitURL is the base of clone URLs, ending in "/": a repository's clone URL
// is GitURL()+"owner/name.git".
func (s *Server) GitURL() string { return s.http.URL + "/git/" }

// AppID is the App's id.
func (s *Server) AppID() int64 { return s.opts.AppID }

// AppSlug is the App's slug.
func (s *Server) AppSlug() string { return s.opts.AppSlug }

// BotLogin is the login of the App's bot account, "<slug>[bot]".
func (s *Server) BotLogin() string { return s.opts.AppSlug + "[bot]" }

// PrivateKeyPEM is the App's private key in PKCS#1 PEM, as GitHub hands it
// out when the App is registered.
func (s *Server) PrivateKeyPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(s.key)})
}

// Client is an HTTP client for the stand-in (the httptest server's client).
func (s *Server) Client() *http.Client { return s.http.Client() }

func (s *Server) now() time.Time { return s.opts.Now() }

// newIDLocked returns a fresh id; ids are shared by every kind of object,
// so a test can never confuse a comment id with a check run id.
func (s *Server) newIDLocked() int64 {
	s.nextID++
	return s.nextID
}
