package githubfake

import (
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v4"
	"github.com/google/go-github/v60/github"
)

func TestAppJWT(t *testing.T) {
	e := newEnv(t, Options{})
	now := time.Now()
	otherKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	signWith := func(key *rsa.PrivateKey, claims jwt.MapClaims) string {
		v, err := jwt.NewWithClaims(jwt.SigningMethodRS256, claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	hs, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"iat": now.Unix(), "exp": now.Add(time.Minute).Unix(), "iss": e.s.AppID()}).SignedString([]byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		jwt     string
		status  int
		message string
	}{
		{"valid", e.s.signJWTForTest(t, now.Add(-30*time.Second), now.Add(9*time.Minute), e.s.AppID()), 200, ""},
		{"iss as string", signWith(e.s.key, jwt.MapClaims{"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "iss": "4242"}), 200, ""},
		{"another key", signWith(otherKey, jwt.MapClaims{"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "iss": e.s.AppID()}), 401, msgJWTUndecodable},
		{"HS256", hs, 401, msgJWTUndecodable},
		{"garbage", "not-a-jwt", 401, msgJWTUndecodable},
		{"expired", e.s.signJWTForTest(t, now.Add(-11*time.Minute), now.Add(-time.Minute), e.s.AppID()), 401, msgJWTExpired},
		{"exp beyond ten minutes", e.s.signJWTForTest(t, now, now.Add(15*time.Minute), e.s.AppID()), 401, msgJWTTooFar},
		{"iat in the future", e.s.signJWTForTest(t, now.Add(5*time.Minute), now.Add(9*time.Minute), e.s.AppID()), 401, msgJWTIssuedAt},
		{"another app", e.s.signJWTForTest(t, now, now.Add(5*time.Minute), 99), 401, msgJWTApp},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			insts, resp, err := e.appClient(t, tc.jwt).Apps.ListInstallations(e.ctx, nil)
			if tc.status == 200 {
				if err != nil {
					t.Fatal(err)
				}
				if len(insts) != 1 || insts[0].GetID() != e.inst || insts[0].GetAccount().GetLogin() != "acme" || insts[0].GetAppID() != e.s.AppID() {
					t.Fatalf("installations = %+v", insts)
				}
				if resp.Rate.Limit != 5000 || resp.Rate.Remaining >= 5000 {
					t.Errorf("rate = %+v", resp.Rate)
				}
				return
			}
			status, msg := errStatus(t, err)
			if status != tc.status || msg != tc.message {
				t.Errorf("got %d %q, want %d %q", status, msg, tc.status, tc.message)
			}
		})
	}
}

func TestInstallationToken(t *testing.T) {
	var clock time.Time
	e := newEnv(t, Options{TokenTTL: time.Hour, Now: func() time.Time {
		if clock.IsZero() {
			return time.Now()
		}
		return clock
	}})
	// ghinstallation (what the bot uses) gets a token and calls the API.
	pr, _, err := e.client(t).Repositories.Get(e.ctx, "acme", "shop")
	if err != nil {
		t.Fatal(err)
	}
	if pr.GetFullName() != "acme/shop" || !pr.GetPrivate() || pr.GetDefaultBranch() != "main" {
		t.Fatalf("repository = %+v", pr)
	}
	app := e.appClient(t, e.s.signJWTForTest(t, time.Now(), time.Now().Add(9*time.Minute), e.s.AppID()))
	tok, resp, err := app.Apps.CreateInstallationToken(e.ctx, e.inst, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusCreated || !strings.HasPrefix(tok.GetToken(), "ghs_") || time.Until(tok.GetExpiresAt().Time) < 59*time.Minute {
		t.Fatalf("token = %+v (status %d)", tok, resp.StatusCode)
	}
	if _, _, err := app.Apps.CreateInstallationToken(e.ctx, 999999, nil); err == nil {
		t.Fatal("a token for an unknown installation was issued")
	} else if status, _ := errStatus(t, err); status != 404 {
		t.Errorf("unknown installation: %d, want 404", status)
	}

	// A second installation and a private repository of its own.
	other := e.s.AddInstallation("globex", "Organization")
	if _, err := e.s.CreateRepo(RepoSpec{Owner: "globex", Name: "secret", Installation: other, Private: true, Files: map[string]string{"a": "b"}}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		token  string
		repo   string
		status int
		msg    string
	}{
		{"own repository", tok.GetToken(), "shop", 200, ""},
		{"unknown token", "ghs_nope", "shop", 401, "Bad credentials"},
		{"the JWT instead of a token", e.s.signJWTForTest(t, time.Now(), time.Now().Add(time.Minute), e.s.AppID()), "shop", 401, "Bad credentials"},
		{"another installation's private repository", tok.GetToken(), "secret", 404, "Not Found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			owner := "acme"
			if tc.repo == "secret" {
				owner = "globex"
			}
			_, _, err := e.tokenClient(tc.token).PullRequests.List(e.ctx, owner, tc.repo, nil)
			if tc.status == 200 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if status, msg := errStatus(t, err); status != tc.status || msg != tc.msg {
				t.Errorf("got %d %q, want %d %q", status, msg, tc.status, tc.msg)
			}
		})
	}
	t.Run("expired token", func(t *testing.T) {
		clock = time.Now().Add(61 * time.Minute)
		defer func() { clock = time.Time{} }()
		_, _, err := e.tokenClient(tok.GetToken()).PullRequests.List(e.ctx, "acme", "shop", nil)
		if status, msg := errStatus(t, err); status != 401 || msg != "Bad credentials" {
			t.Errorf("got %d %q", status, msg)
		}
	})
	t.Run("installation repositories", func(t *testing.T) {
		list, _, err := e.tokenClient(tok.GetToken()).Apps.ListRepos(e.ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if list.GetTotalCount() != 1 || list.Repositories[0].GetFullName() != "acme/shop" {
			t.Errorf("repositories = %+v", list)
		}
	})
}

func TestPrimaryRateLimit(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.tokenClient(e.token(t))
	_, resp, err := c.PullRequests.List(e.ctx, "acme", "shop", nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Rate.Limit != 5000 || resp.Rate.Remaining != 4999 || resp.Rate.Reset.IsZero() || resp.Header.Get("X-RateLimit-Resource") != "core" {
		t.Fatalf("rate headers = %+v", resp.Rate)
	}
	e.s.SetRateLimitRemaining(e.inst, 0)
	_, _, err = c.PullRequests.List(e.ctx, "acme", "shop", nil)
	var rl *github.RateLimitError
	if !asErr(err, &rl) || rl.Rate.Remaining != 0 || rl.Response.StatusCode != 403 {
		t.Fatalf("want a RateLimitError with remaining 0, got %T %v", err, err)
	}
}
