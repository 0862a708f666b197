package githubfake

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/golang-jwt/jwt/v4"
	"github.com/google/go-github/v60/github"
)

// env is a stand-in with one installation on "acme" and one repository.
type env struct {
	s    *Server
	inst int64
	repo *Repo
	ctx  context.Context
}

const schemaV1 = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
}
`

func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	s := New(t, opts)
	inst := s.AddInstallation("acme", "Organization")
	repo, err := s.CreateRepo(RepoSpec{Owner: "acme", Name: "shop", Installation: inst, Private: true, Files: map[string]string{
		"prisma/schema.prisma": schemaV1,
		"README.md":            "# shop\n",
	}})
	if err != nil {
		t.Fatal(err)
	}
	return &env{s: s, inst: inst, repo: repo, ctx: context.Background()}
}

// client is a go-github v60 client on the installation, authenticated the
// way the bot does it (ghinstallation v2.10.0 with the App's key).
func (e *env) client(t *testing.T) *github.Client {
	t.Helper()
	return clientFor(t, e.s, e.inst)
}

func clientFor(t *testing.T, s *Server, inst int64) *github.Client {
	t.Helper()
	tr, err := ghinstallation.New(http.DefaultTransport, s.AppID(), inst, s.PrivateKeyPEM())
	if err != nil {
		t.Fatal(err)
	}
	tr.BaseURL = s.URL()
	c := github.NewClient(&http.Client{Transport: tr})
	c.BaseURL, _ = url.Parse(s.APIURL())
	return c
}

// token returns a fresh installation token for e's installation.
func (e *env) token(t *testing.T) string {
	t.Helper()
	tok, _, err := e.appClient(t, e.s.signJWTForTest(t, time.Now(), time.Now().Add(9*time.Minute), e.s.AppID())).
		Apps.CreateInstallationToken(e.ctx, e.inst, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tok.GetToken()
}

// appClient is a go-github client sending jwt as the App.
func (e *env) appClient(t *testing.T, jwtValue string) *github.Client {
	t.Helper()
	c := github.NewClient(nil).WithAuthToken(jwtValue)
	c.BaseURL, _ = url.Parse(e.s.APIURL())
	return c
}

// tokenClient is a go-github client sending an installation token.
func (e *env) tokenClient(tok string) *github.Client {
	c := github.NewClient(nil).WithAuthToken(tok)
	c.BaseURL, _ = url.Parse(e.s.APIURL())
	return c
}

// signJWTForTest signs an App JWT with the App's key.
func (s *Server) signJWTForTest(t *testing.T, iat, exp time.Time, iss int64) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iat": iat.Unix(), "exp": exp.Unix(), "iss": iss})
	v, err := tok.SignedString(s.key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// errStatus is the HTTP status of a go-github error.
func errStatus(t *testing.T, err error) (int, string) {
	t.Helper()
	if err == nil {
		t.Fatal("want an error, got nil")
	}
	switch e := err.(type) {
	case *github.ErrorResponse:
		return e.Response.StatusCode, errText(e)
	case *github.AbuseRateLimitError:
		return e.Response.StatusCode, e.Message
	case *github.RateLimitError:
		return e.Response.StatusCode, e.Message
	}
	t.Fatalf("unexpected error type %T: %v", err, err)
	return 0, ""
}

func errText(e *github.ErrorResponse) string {
	msg := e.Message
	for _, x := range e.Errors {
		msg += " | " + x.Message + x.Code + x.Field
	}
	return msg
}

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }

func readAll(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
