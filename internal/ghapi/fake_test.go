package ghapi

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v4"
)

const testAppID = 4242

var (
	keyOnce          sync.Once
	testKey, other   *rsa.PrivateKey
	testPEM, otherPM []byte
)

// keys makes the App's key pair and an unrelated one, once per test binary.
func keys(t *testing.T) {
	t.Helper()
	keyOnce.Do(func() {
		gen := func() (*rsa.PrivateKey, []byte) {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				panic(err)
			}
			return k, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
		}
		testKey, testPEM = gen()
		other, otherPM = gen()
	})
}

// request is one request the fake received.
type request struct {
	Method, Path, Query, Auth string
	Body                      []byte
}

// fakeGitHub is an httptest server answering like api.github.com: it
// verifies the App JWT with the App's public key, mints installation
// tokens, requires them on installation calls (401 "Bad credentials"
// otherwise) and routes the rest to handlers the test registers.
type fakeGitHub struct {
	t   *testing.T
	srv *httptest.Server
	mux *http.ServeMux

	mu       sync.Mutex
	requests []request
	// tokenCalls counts POST /app/installations/{id}/access_tokens.
	tokenCalls int
	remaining  int
}

func newFake(t *testing.T) *fakeGitHub {
	t.Helper()
	keys(t)
	f := &fakeGitHub{t: t, mux: http.NewServeMux(), remaining: 4999}
	f.mux.HandleFunc("POST /app/installations/{id}/access_tokens", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.tokenCalls++
		f.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"token":"ghs_inst%s","expires_at":%q,"permissions":{"checks":"write","contents":"write"},"repository_selection":"all"}`,
			r.PathValue("id"), time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
	})
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the API base, ending in "/" as go-github requires.
func (f *fakeGitHub) URL() string { return f.srv.URL + "/" }

func (f *fakeGitHub) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.requests = append(f.requests, request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Auth: r.Header.Get("Authorization"), Body: body})
	f.remaining--
	remaining := f.remaining
	f.mu.Unlock()
	r.Body = io.NopCloser(strings.NewReader(string(body)))
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-GitHub-Media-Type", "github.v3; format=json")
	w.Header().Set("X-Ratelimit-Limit", "5000")
	w.Header().Set("X-Ratelimit-Remaining", strconv.Itoa(remaining))
	w.Header().Set("X-Ratelimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
	w.Header().Set("X-Ratelimit-Resource", "core")
	auth := r.Header.Get("Authorization")
	if strings.HasPrefix(r.URL.Path, "/app/") || r.URL.Path == "/app" {
		if err := verifyJWT(auth); err != nil {
			unauthorized(w, "'Issuer' claim ('iss') must be an Integer: "+err.Error())
			return
		}
	} else if !strings.HasPrefix(auth, "token ghs_inst") {
		unauthorized(w, "Bad credentials")
		return
	}
	f.mux.ServeHTTP(w, r)
}

func unauthorized(w http.ResponseWriter, msg string) {
	w.WriteHeader(http.StatusUnauthorized)
	fmt.Fprintf(w, `{"message":%q,"documentation_url":"https://docs.github.com/rest","status":"401"}`, msg)
}

// verifyJWT checks "Bearer <jwt>": RS256, signed by the App's key, issued
// by the App id, not expired.
func verifyJWT(auth string) error {
	raw, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok {
		return fmt.Errorf("no bearer token")
	}
	claims := &jwt.RegisteredClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(tok *jwt.Token) (any, error) {
		if tok.Method.Alg() != "RS256" {
			return nil, fmt.Errorf("alg %s", tok.Method.Alg())
		}
		return &testKey.PublicKey, nil
	})
	if err != nil {
		return err
	}
	if claims.Issuer != strconv.Itoa(testAppID) {
		return fmt.Errorf("issuer %q", claims.Issuer)
	}
	if claims.ExpiresAt == nil || claims.ExpiresAt.Sub(claims.IssuedAt.Time) > 10*time.Minute {
		return fmt.Errorf("expiry beyond GitHub's 10 minutes")
	}
	return nil
}

// calls returns the requests whose path is p (all when p is empty).
func (f *fakeGitHub) calls(method, p string) []request {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []request
	for _, r := range f.requests {
		if (method == "" || r.Method == method) && (p == "" || r.Path == p) {
			out = append(out, r)
		}
	}
	return out
}

// link writes GitHub's pagination header for page of last.
func link(w http.ResponseWriter, r *http.Request, page, last int) {
	if last <= 1 {
		return
	}
	u := "http://" + r.Host + r.URL.Path
	q := r.URL.Query()
	mk := func(p int, rel string) string {
		q.Set("page", strconv.Itoa(p))
		return fmt.Sprintf(`<%s?%s>; rel="%s"`, u, q.Encode(), rel)
	}
	var parts []string
	if page > 1 {
		parts = append(parts, mk(page-1, "prev"), mk(1, "first"))
	}
	if page < last {
		parts = append(parts, mk(page+1, "next"), mk(last, "last"))
	}
	w.Header().Set("Link", strings.Join(parts, ", "))
}

func pageOf(r *http.Request) int {
	p, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || p < 1 {
		return 1
	}
	return p
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// recordMetrics is a Metrics that keeps what it was told.
type recordMetrics struct {
	mu        sync.Mutex
	calls     map[string]int
	remaining map[int64]int
}

func (m *recordMetrics) APICall(endpoint string, status int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.calls == nil {
		m.calls = map[string]int{}
	}
	m.calls[fmt.Sprintf("%s %d", endpoint, status)]++
}

func (m *recordMetrics) RateLimitRemaining(id int64, n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.remaining == nil {
		m.remaining = map[int64]int{}
	}
	m.remaining[id] = n
}

// fastPolicy keeps 5xx and backoff waits short; rate-limit waits stay real
// (Retry-After: 1 waits one second).
var fastPolicy = RetryPolicy{Budget: 5 * time.Second, Backoff: 10 * time.Millisecond, SecondaryWait: 20 * time.Second}

func newTestApp(t *testing.T, f *fakeGitHub, m Metrics) *App {
	t.Helper()
	a, err := NewAppWithPolicy(testAppID, testPEM, f.URL(), nil, m, fastPolicy)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

var testRepo = Repo{Owner: "octo-org", Name: "shop"}
