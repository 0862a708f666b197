package notify

import (
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// The worked example from Slack's "Verifying requests from Slack" page
// (api.slack.com/authentication/verifying-requests-from-slack).
const (
	docSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	docTimestamp = "1531420618"
	docBody      = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	docSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

func headers(sig, ts string) http.Header {
	h := http.Header{}
	if sig != "" {
		h.Set(SignatureHeader, sig)
	}
	if ts != "" {
		h.Set(TimestampHeader, ts)
	}
	return h
}

func TestVerifySlackSignature(t *testing.T) {
	docTime := time.Unix(1531420618, 0)
	tests := []struct {
		name   string
		secret string
		header http.Header
		body   string
		now    time.Time
		want   error
	}{
		{name: "slack doc example", secret: docSecret, header: headers(docSignature, docTimestamp), body: docBody, now: docTime},
		{name: "clock 4m59s ahead", secret: docSecret, header: headers(docSignature, docTimestamp), body: docBody, now: docTime.Add(4*time.Minute + 59*time.Second)},
		{name: "clock 4m59s behind", secret: docSecret, header: headers(docSignature, docTimestamp), body: docBody, now: docTime.Add(-4*time.Minute - 59*time.Second)},
		{name: "replay after 5m01s", secret: docSecret, header: headers(docSignature, docTimestamp), body: docBody, now: docTime.Add(5*time.Minute + time.Second), want: ErrExpiredTimestamp},
		{name: "timestamp 6m in the future", secret: docSecret, header: headers(docSignature, docTimestamp), body: docBody, now: docTime.Add(-6 * time.Minute), want: ErrExpiredTimestamp},
		{name: "body tampered", secret: docSecret, header: headers(docSignature, docTimestamp), body: docBody + "&x=1", now: docTime, want: ErrSignatureMismatch},
		{name: "timestamp swapped within window", secret: docSecret, header: headers(docSignature, "1531420619"), body: docBody, now: docTime, want: ErrSignatureMismatch},
		{name: "wrong secret", secret: "0f742231b10e8888abcd99yyyzzz85a5", header: headers(docSignature, docTimestamp), body: docBody, now: docTime, want: ErrSignatureMismatch},
		{name: "no signing secret", secret: "", header: headers(docSignature, docTimestamp), body: docBody, now: docTime, want: ErrNoSigningSecret},
		{name: "missing signature", secret: docSecret, header: headers("", docTimestamp), body: docBody, now: docTime, want: ErrMissingHeaders},
		{name: "missing timestamp", secret: docSecret, header: headers(docSignature, ""), body: docBody, now: docTime, want: ErrMissingHeaders},
		{name: "timestamp not a number", secret: docSecret, header: headers(docSignature, "yesterday"), body: docBody, now: docTime, want: ErrBadTimestamp},
		{name: "unknown version", secret: docSecret, header: headers("v1="+docSignature[3:], docTimestamp), body: docBody, now: docTime, want: ErrMalformedSignature},
		{name: "short digest", secret: docSecret, header: headers(docSignature[:20], docTimestamp), body: docBody, now: docTime, want: ErrMalformedSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := VerifySlackSignature(tc.secret, tc.header, []byte(tc.body), tc.now)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("VerifySlackSignature: %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("VerifySlackSignature: %v, want %v", err, tc.want)
			}
		})
	}
}

func TestSlackSignatureMatchesDocExample(t *testing.T) {
	if got := SlackSignature(docSecret, docTimestamp, []byte(docBody)); got != docSignature {
		t.Fatalf("SlackSignature = %s, want %s", got, docSignature)
	}
}

func TestSlackSignatureRoundTripNow(t *testing.T) {
	now := time.Now()
	ts := strconv.FormatInt(now.Unix(), 10)
	body := []byte("payload=%7B%22type%22%3A%22block_actions%22%7D")
	h := headers(SlackSignature("secret", ts, body), ts)
	if err := VerifySlackSignature("secret", h, body, now); err != nil {
		t.Fatalf("round trip: %v", err)
	}
}
