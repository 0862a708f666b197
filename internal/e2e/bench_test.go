package e2e

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/githubfake"
	"github.com/migrate-bot/migrate-bot/internal/store/storetest"
)

// prismaModels returns a PostgreSQL Prisma schema of n models; withNote
// adds a nullable column to model i (-1: none).
func prismaModels(n, withNote int) string {
	var b strings.Builder
	b.WriteString("datasource db {\n  provider = \"postgresql\"\n}\n")
	for i := range n {
		fmt.Fprintf(&b, "\nmodel Model%03d {\n  id        Int      @id @default(autoincrement())\n  name      String\n  createdAt DateTime @default(now())\n", i)
		if i > 0 {
			fmt.Fprintf(&b, "  parentId  Int?\n  parent    Model%03d? @relation(fields: [parentId], references: [id])\n", i-1)
		}
		if i < n-1 {
			fmt.Fprintf(&b, "  children  Model%03d[]\n", i+1)
		}
		if i == withNote {
			b.WriteString("  note      String?\n")
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// BenchmarkOpenedToCheck measures, on each store, the time from the
// pull_request.opened delivery to the completed check run on the bot's
// commit (generation, commit, the synchronize it causes, the report) for a
// pull request adding a column to a 100-model Prisma schema. It reports
// the time to the first completed check (on the opened head) as well.
func BenchmarkOpenedToCheck(b *testing.B) {
	for _, backend := range storetest.Backends {
		b.Run(string(backend), func(b *testing.B) {
			w := newBenchWorld(b, backend, map[string]string{"prisma/schema.prisma": prismaModels(100, -1)})
			var first, final time.Duration
			for i := 0; b.Loop(); i++ {
				branch := fmt.Sprintf("note-%d", i)
				head, _, err := w.gh.Push(githubfake.PushSpec{Repo: repoName, Branch: branch, Author: "alice",
					Files: map[string]string{"prisma/schema.prisma": prismaModels(100, i%100)}})
				if err != nil {
					b.Fatal(err)
				}
				n, d, err := w.gh.OpenPullRequest(githubfake.PullSpec{Repo: repoName, Head: branch, Title: "Add a note", Author: "alice"})
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				w.mustDeliver(d, nil)
				w.waitFor("the check on the opened head", 300*time.Second, func() bool { return w.checkOn(head) != nil })
				first += time.Since(start)
				w.waitFor("the check on the bot's commit", 300*time.Second, func() bool {
					h := w.gh.PullHead(repoName, n)
					return h != head && w.checkOn(h) != nil
				})
				final += time.Since(start)
				if run := w.checkOn(w.gh.PullHead(repoName, n)); run.Conclusion != "success" {
					b.Fatalf("check on #%d: %s\n%s", n, run.Conclusion, run.Summary)
				}
			}
			b.ReportMetric(float64(first.Milliseconds())/float64(b.N), "ms/first-check")
			b.ReportMetric(float64(final.Milliseconds())/float64(b.N), "ms/committed-and-reported")
		})
	}
}

// BenchmarkWebhookAck measures the latency of serve's answer to signed
// deliveries sent at 200 requests per second for 5 seconds (1,000
// deliveries of pull_request.synchronize for pull requests that change
// no schema, each with its own delivery id), and reports p50 and p99.
func BenchmarkWebhookAck(b *testing.B) {
	const rate, total = 200, 1000
	for _, backend := range storetest.Backends {
		b.Run(string(backend), func(b *testing.B) {
			w := newBenchWorld(b, backend, nil)
			if _, _, err := w.gh.Push(githubfake.PushSpec{Repo: repoName, Branch: "docs", Author: "alice", Files: map[string]string{"README.md": "# shop, documented\n"}}); err != nil {
				b.Fatal(err)
			}
			n, opened, err := w.gh.OpenPullRequest(githubfake.PullSpec{Repo: repoName, Head: "docs", Title: "Docs", Author: "alice"})
			if err != nil {
				b.Fatal(err)
			}
			w.mustDeliver(opened, nil)
			var all []time.Duration
			var sent time.Duration
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
			for b.Loop() {
				b.StopTimer()
				ds := make([]*githubfake.Delivery, total)
				for i := range ds {
					if ds[i], err = w.gh.PullRequestDelivery(repoName, n, "synchronize", "alice", ""); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				lat := make([]time.Duration, total)
				statuses := make([]int, total)
				var wg sync.WaitGroup
				tick := time.NewTicker(time.Second / rate)
				began := time.Now()
				for i := range total {
					<-tick.C
					d := ds[i]
					wg.Add(1)
					go func(i int) {
						defer wg.Done()
						start := time.Now()
						statuses[i], _ = d.Post(client, "http://"+w.addr+"/webhook", webhookSecret)
						lat[i] = time.Since(start)
					}(i)
				}
				sent += time.Since(began)
				tick.Stop()
				wg.Wait()
				for i, s := range statuses {
					if s != http.StatusAccepted {
						b.Fatalf("delivery %d answered %d", i, s)
					}
				}
				all = append(all, lat...)
			}
			sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
			b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "ms-p50")
			b.ReportMetric(float64(all[len(all)*90/100].Microseconds())/1000, "ms-p90")
			b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "ms-p99")
			b.ReportMetric(float64(all[len(all)-1].Microseconds())/1000, "ms-max")
			b.ReportMetric(float64(len(all))/sent.Seconds(), "req/s")
		})
	}
}
