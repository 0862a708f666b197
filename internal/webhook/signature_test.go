package webhook

import (
	"errors"
	"strings"
	"testing"
)

// The test vector from GitHub's "Validating webhook deliveries" page
// (docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries,
// "Testing the webhook payload validation").
const (
	docSecret    = "It's a Secret to Everybody"
	docPayload   = "Hello, World!"
	docSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
)

func TestVerifySignature(t *testing.T) {
	tests := []struct {
		name   string
		secret string
		body   string
		header string
		want   error
	}{
		{name: "github doc vector", secret: docSecret, body: docPayload, header: docSignature},
		{name: "upper-case hex accepted", secret: docSecret, body: docPayload, header: "sha256=" + strings.ToUpper(strings.TrimPrefix(docSignature, "sha256="))},
		{name: "body changed by one byte", secret: docSecret, body: "Hello, World?", header: docSignature, want: ErrSignatureMismatch},
		{name: "wrong secret", secret: "It's a secret to everybody", body: docPayload, header: docSignature, want: ErrSignatureMismatch},
		{name: "missing header", secret: docSecret, body: docPayload, header: "", want: ErrNoSignature},
		{name: "no secret configured", secret: "", body: docPayload, header: docSignature, want: ErrNoSecret},
		{name: "no secret and no header", secret: "", body: docPayload, header: "", want: ErrNoSecret},
		// A SHA-1 value (the legacy X-Hub-Signature header) is never
		// accepted, even when it is the correct SHA-1 HMAC of the body.
		{name: "sha1 header rejected", secret: docSecret, body: docPayload, header: "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59", want: ErrMalformedSignature},
		{name: "bare hex without prefix", secret: docSecret, body: docPayload, header: strings.TrimPrefix(docSignature, "sha256="), want: ErrMalformedSignature},
		{name: "not hex", secret: docSecret, body: docPayload, header: "sha256=zz07107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1", want: ErrMalformedSignature},
		{name: "truncated digest", secret: docSecret, body: docPayload, header: docSignature[:len(docSignature)-2], want: ErrMalformedSignature},
		{name: "prefix only", secret: docSecret, body: docPayload, header: "sha256=", want: ErrMalformedSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := VerifySignature([]byte(tc.secret), []byte(tc.body), tc.header)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("VerifySignature: %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("VerifySignature: %v, want %v", err, tc.want)
			}
		})
	}
}

func TestSignatureValueMatchesDocVector(t *testing.T) {
	if got := SignatureValue([]byte(docSecret), []byte(docPayload)); got != docSignature {
		t.Fatalf("SignatureValue = %s, want %s", got, docSignature)
	}
}

func TestSignatureValueRoundTrip(t *testing.T) {
	secret := []byte("s3cr3t")
	body := []byte(`{"action":"opened","number":7}`)
	if err := VerifySignature(secret, body, SignatureValue(secret, body)); err != nil {
		t.Fatalf("round trip: %v", err)
	}
}
