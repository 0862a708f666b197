package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The request headers Slack signs with.
const (
	SignatureHeader = "X-Slack-Signature"
	TimestampHeader = "X-Slack-Request-Timestamp"
)

// MaxSkew is how far a request's timestamp may be from the local clock.
// Slack: "If the time difference is more than five minutes, the request
// could be a replay attack" (Verifying requests from Slack).
const MaxSkew = 5 * time.Minute

// signatureVersion is the only version Slack has defined ("v0").
const signatureVersion = "v0"

// Errors VerifySlackSignature returns; each means "reject the request".
var (
	ErrNoSigningSecret    = errors.New("slack: no signing secret configured")
	ErrMissingHeaders     = errors.New("slack: missing " + SignatureHeader + " or " + TimestampHeader + " header")
	ErrBadTimestamp       = errors.New("slack: malformed " + TimestampHeader + " header")
	ErrExpiredTimestamp   = errors.New("slack: request timestamp is more than 5 minutes from now")
	ErrMalformedSignature = errors.New("slack: malformed " + SignatureHeader + " header")
	ErrSignatureMismatch  = errors.New("slack: signature does not match the body")
)

// VerifySlackSignature checks a request from Slack: the X-Slack-Signature
// header must be "v0=" and the hex HMAC-SHA256, keyed by the app's signing
// secret, of "v0:" + X-Slack-Request-Timestamp + ":" + body, and the
// timestamp must be within MaxSkew of now (in either direction). body is the
// raw request body, before the form is parsed. now is passed in so tests and
// callers control the clock.
func VerifySlackSignature(signingSecret string, header http.Header, body []byte, now time.Time) error {
	if signingSecret == "" {
		return ErrNoSigningSecret
	}
	sig, ts := header.Get(SignatureHeader), header.Get(TimestampHeader)
	if sig == "" || ts == "" {
		return ErrMissingHeaders
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %q is not Unix seconds", ErrBadTimestamp, ts)
	}
	if skew := now.Sub(time.Unix(secs, 0)); skew > MaxSkew || skew < -MaxSkew {
		return fmt.Errorf("%w (off by %s)", ErrExpiredTimestamp, skew.Round(time.Second))
	}
	hexSig, ok := strings.CutPrefix(sig, signatureVersion+"=")
	if !ok {
		return fmt.Errorf("%w: want prefix %q", ErrMalformedSignature, signatureVersion+"=")
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil || len(got) != sha256.Size {
		return fmt.Errorf("%w: want %d hex digits", ErrMalformedSignature, 2*sha256.Size)
	}
	if !hmac.Equal(got, slackMAC(signingSecret, ts, body)) {
		return ErrSignatureMismatch
	}
	return nil
}

// SlackSignature returns the X-Slack-Signature value Slack would send for
// body at timestamp ts (Unix seconds, as sent in X-Slack-Request-Timestamp).
func SlackSignature(signingSecret, ts string, body []byte) string {
	return signatureVersion + "=" + hex.EncodeToString(slackMAC(signingSecret, ts, body))
}

func slackMAC(signingSecret, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(signingSecret))
	m.Write([]byte(signatureVersion + ":" + ts + ":"))
	m.Write(body)
	return m.Sum(nil)
}
