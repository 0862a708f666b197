package server

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/store/storetest"
	"github.com/migrate-bot/migrate-bot/internal/webhook"
)

// BenchmarkWebhookAck measures webhook acknowledgement latency of the real
// serve process (store, River queue with workers running, HTTP server) at
// a paced 200 requests per second: each iteration sends 600 signed
// pull_request.synchronize deliveries over 50 pull requests, each for a
// new head (so each records a delivery, inserts a job and cancels the
// superseded one), open-loop on a 5 ms ticker, and
// the benchmark reports the p50, p99 and max latency over all requests.
//
//	go test ./internal/server -run '^$' -bench WebhookAck -benchtime 1x
func post(client *http.Client, url, event, delivery string, body []byte) (int, error) {
	req, err := http.NewRequest(http.MethodPost, url+"/webhook", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(webhook.EventHeader, event)
	req.Header.Set(webhook.DeliveryHeader, delivery)
	req.Header.Set(webhook.SignatureHeader, webhook.SignatureValue([]byte(testSecret), body))
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

func BenchmarkWebhookAck(b *testing.B) {
	const (
		rate     = 200
		perRound = 3 * rate // three seconds
		// Deliveries are spread over this many open pull requests, as on a
		// busy installation; each new head supersedes that PR's queued job.
		pullRequests = 50
	)
	for _, backend := range storetest.Backends {
		b.Run(string(backend), func(b *testing.B) {
			tg := storetest.New(b, backend)
			url, stop := startServe(b, tg, io.Discard, &loggingProcessor{})
			defer stop()
			template := fixture(b, "pull_request.synchronize.json")
			const head = "a3f1c0de0b5f4e5c8d8e1e2c7b9f1d2e3c4b5a69"
			client := &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
			var (
				mu        sync.Mutex
				latencies []time.Duration
				failures  int
			)
			seq := 0
			b.ResetTimer()
			for range b.N {
				var wg sync.WaitGroup
				tick := time.NewTicker(time.Second / rate)
				for range perRound {
					<-tick.C
					seq++
					body := bytes.ReplaceAll(template, []byte(head), fmt.Appendf(nil, "%040x", seq))
					body = bytes.ReplaceAll(body, []byte(`"number": 42`), fmt.Appendf(nil, `"number": %d`, 1+seq%pullRequests))
					delivery := fmt.Sprintf("bench-%s-%d", backend, seq)
					wg.Add(1)
					go func() {
						defer wg.Done()
						start := time.Now()
						code, err := post(client, url, "pull_request", delivery, body)
						took := time.Since(start)
						mu.Lock()
						latencies = append(latencies, took)
						if err != nil || code != http.StatusAccepted {
							failures++
						}
						mu.Unlock()
					}()
				}
				tick.Stop()
				wg.Wait()
			}
			b.StopTimer()
			if failures > 0 {
				b.Fatalf("%d of %d deliveries not answered 202", failures, len(latencies))
			}
			sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
			pct := func(p float64) float64 {
				return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
			}
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
			b.ReportMetric(pct(1), "max-ms")
			b.ReportMetric(float64(len(latencies)), "requests")
		})
	}
}
