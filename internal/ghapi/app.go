package ghapi

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/golang-jwt/jwt/v4"
	"github.com/google/go-github/v60/github"

	"github.com/migrate-bot/migrate-bot/internal/queue"
)

// Repo names a repository: the job queue's type, so jobs pass theirs as is.
type Repo = queue.Repo

// App is the GitHub App: it signs JWTs for App-level calls and hands out
// one cached Client per installation.
type App struct {
	appID   int64
	key     *rsa.PrivateKey
	apiURL  string
	baseURL *url.URL
	base    http.RoundTripper
	metrics Metrics
	policy  RetryPolicy
	// app calls GitHub as the App (JWT).
	app *github.Client

	mu      sync.Mutex
	clients map[int64]*Client
}

// DefaultAPIURL is github.com's REST API.
const DefaultAPIURL = "https://api.github.com/"

// NewApp makes the App from its id and PEM private key. apiURL is the REST
// base ending in "/" (empty: DefaultAPIURL); httpClient's transport is used
// underneath (nil: http.DefaultTransport); metrics may be nil.
func NewApp(appID int64, privateKeyPEM []byte, apiURL string, httpClient *http.Client, metrics Metrics) (*App, error) {
	return NewAppWithPolicy(appID, privateKeyPEM, apiURL, httpClient, metrics, RetryPolicy{})
}

// NewAppWithPolicy is NewApp with explicit retry bounds (tests shorten them).
func NewAppWithPolicy(appID int64, privateKeyPEM []byte, apiURL string, httpClient *http.Client, metrics Metrics, policy RetryPolicy) (*App, error) {
	if appID <= 0 {
		return nil, errors.New("GitHub App id must be a positive number")
	}
	key, err := jwt.ParseRSAPrivateKeyFromPEM(privateKeyPEM)
	if err != nil {
		return nil, fmt.Errorf("GitHub App private key: %w", err)
	}
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	if !strings.HasSuffix(apiURL, "/") {
		apiURL += "/"
	}
	u, err := url.Parse(apiURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("GitHub API URL %q: want an absolute http(s) URL", apiURL)
	}
	base := http.DefaultTransport
	if httpClient != nil && httpClient.Transport != nil {
		base = httpClient.Transport
	}
	a := &App{appID: appID, key: key, apiURL: apiURL, baseURL: u, base: base, metrics: metrics,
		policy: policy.withDefaults(), clients: map[int64]*Client{}}
	lim := a.limiter(0)
	atr := ghinstallation.NewAppsTransportFromPrivateKey(lim, appID, key)
	atr.BaseURL = strings.TrimSuffix(apiURL, "/")
	a.app = newGitHub(atr, u)
	return a, nil
}

func (a *App) limiter(installationID int64) *limiter {
	return &limiter{next: a.base, installationID: installationID, metrics: a.metrics, policy: a.policy, now: time.Now}
}

// newGitHub makes a go-github client on rt whose base is exactly base
// (WithEnterpriseURLs would append api/v3/ to a bare host).
func newGitHub(rt http.RoundTripper, base *url.URL) *github.Client {
	c := github.NewClient(&http.Client{Transport: rt})
	c.BaseURL, c.UploadURL = base, base
	return c
}

// Installations lists the App's installation ids (paginated).
func (a *App) Installations(ctx context.Context) ([]int64, error) {
	var ids []int64
	opts := &github.ListOptions{PerPage: 100}
	for {
		page, resp, err := a.app.Apps.ListInstallations(ctx, opts)
		if err != nil {
			return nil, wrap("list installations", err)
		}
		for _, in := range page {
			ids = append(ids, in.GetID())
		}
		if resp.NextPage == 0 {
			return ids, nil
		}
		opts.Page = resp.NextPage
	}
}

// Client returns the client of one installation, made once and cached:
// its token is refreshed before it expires and its writes are serialized.
func (a *App) Client(installationID int64) *Client {
	a.mu.Lock()
	defer a.mu.Unlock()
	if c, ok := a.clients[installationID]; ok {
		return c
	}
	lim := a.limiter(installationID)
	atr := ghinstallation.NewAppsTransportFromPrivateKey(lim, a.appID, a.key)
	atr.BaseURL = strings.TrimSuffix(a.apiURL, "/")
	itr := ghinstallation.NewFromAppsTransport(atr, installationID)
	c := &Client{installationID: installationID, gh: newGitHub(itr, a.baseURL), tokens: itr}
	a.clients[installationID] = c
	return c
}

// Client calls GitHub as one installation of the App.
type Client struct {
	installationID int64
	gh             *github.Client
	tokens         *ghinstallation.Transport
}

// InstallationID is the installation the client acts for.
func (c *Client) InstallationID() int64 { return c.installationID }

// Token returns a valid installation token (for git over HTTPS as
// x-access-token:<token>); it is minted or refreshed when needed.
func (c *Client) Token(ctx context.Context) (string, error) {
	tok, err := c.tokens.Token(ctx)
	if err != nil {
		return "", tokenError(err)
	}
	return tok, nil
}

// tokenError maps ghinstallation's failure to mint a token.
func tokenError(err error) error {
	var he *ghinstallation.HTTPError
	if errors.As(err, &he) && he.Response != nil {
		ae := &APIError{Status: he.Response.StatusCode, Endpoint: "POST /app/installations/{n}/access_tokens", Message: he.Message}
		switch he.Response.StatusCode {
		case http.StatusUnauthorized:
			ae.kind = ErrUnauthorized
		case http.StatusNotFound:
			ae.kind = ErrNotFound
		case http.StatusForbidden:
			ae.kind = ErrForbidden
		}
		return fmt.Errorf("installation token: %w", ae)
	}
	return fmt.Errorf("installation token: %w", err)
}

// Repositories lists the repositories the installation can access.
func (c *Client) Repositories(ctx context.Context) ([]Repo, error) {
	var out []Repo
	opts := &github.ListOptions{PerPage: 100}
	for {
		page, resp, err := c.gh.Apps.ListRepos(ctx, opts)
		if err != nil {
			return nil, c.wrap("list installation repositories", err)
		}
		for _, r := range page.Repositories {
			out = append(out, Repo{Owner: r.GetOwner().GetLogin(), Name: r.GetName()})
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}

// wrap maps errors, including a failure to mint the token underneath.
func (c *Client) wrap(op string, err error) error {
	var he *ghinstallation.HTTPError
	if errors.As(err, &he) {
		return fmt.Errorf("%s: %w", op, tokenError(err))
	}
	return wrap(op, err)
}
