package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// SignatureHeader is the delivery header that carries the SHA-256 signature.
// The legacy X-Hub-Signature (SHA-1) header is deliberately never consulted.
const SignatureHeader = "X-Hub-Signature-256"

// signaturePrefix starts every X-Hub-Signature-256 value ("sha256=<hex>"),
// per GitHub's "Validating webhook deliveries".
const signaturePrefix = "sha256="

// Errors VerifySignature returns; all of them mean "reject the delivery with
// 401 and store nothing".
var (
	// ErrNoSecret: the receiver has no webhook secret configured. Refusing
	// here keeps an unconfigured server from accepting unsigned deliveries
	// (go-github's ValidatePayload skips validation when both secret and
	// signature are empty; this function never does).
	ErrNoSecret = errors.New("webhook: no webhook secret configured")
	// ErrNoSignature: the X-Hub-Signature-256 header is missing or empty.
	// A delivery signed only with SHA-1 (X-Hub-Signature) lands here too.
	ErrNoSignature = errors.New("webhook: missing " + SignatureHeader + " header")
	// ErrMalformedSignature: the header does not read sha256=<64 hex digits>.
	ErrMalformedSignature = errors.New("webhook: malformed " + SignatureHeader + " header")
	// ErrSignatureMismatch: the signature is well formed but wrong.
	ErrSignatureMismatch = errors.New("webhook: signature does not match the body")
)

// VerifySignature checks that header, the value of X-Hub-Signature-256, is
// "sha256=" followed by the hex HMAC-SHA256 of body keyed by secret. body
// must be the raw request body, before any parsing. The comparison is
// constant-time (hmac.Equal), as GitHub's documentation requires.
func VerifySignature(secret, body []byte, header string) error {
	if len(secret) == 0 {
		return ErrNoSecret
	}
	if header == "" {
		return ErrNoSignature
	}
	hexSig, ok := strings.CutPrefix(header, signaturePrefix)
	if !ok {
		return fmt.Errorf("%w: want prefix %q", ErrMalformedSignature, signaturePrefix)
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil || len(got) != sha256.Size {
		return fmt.Errorf("%w: want %d hex digits after %q", ErrMalformedSignature, 2*sha256.Size, signaturePrefix)
	}
	if !hmac.Equal(got, Sign(secret, body)) {
		return ErrSignatureMismatch
	}
	return nil
}

// Sign returns the raw HMAC-SHA256 of body keyed by secret. SignatureValue
// gives the header spelling; tests and replay tools use both.
func Sign(secret, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return m.Sum(nil)
}

// SignatureValue returns the X-Hub-Signature-256 value GitHub would send for
// body: "sha256=" and the lower-case hex digest.
func SignatureValue(secret, body []byte) string {
	return signaturePrefix + hex.EncodeToString(Sign(secret, body))
}
