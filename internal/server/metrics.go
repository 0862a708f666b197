package server

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the process's Prometheus metrics. It implements
// webhook.Observer (deliveries), queue.Observer (job durations) and
// ghapi.Metrics (GitHub API calls and rate-limit headroom).
type Metrics struct {
	reg        *prometheus.Registry
	deliveries *prometheus.CounterVec
	ackSeconds prometheus.Histogram
	jobSeconds *prometheus.HistogramVec
	apiCalls   *prometheus.CounterVec
	rateLimit  *prometheus.GaugeVec
}

// NewMetrics registers the metrics (and Go runtime and process collectors)
// on a registry of their own.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "migrate_bot_webhook_deliveries_total",
			Help: "Webhook deliveries by event and outcome (accepted, ignored, redelivery, unauthorized, bad_request, too_large, error).",
		}, []string{"event", "outcome"}),
		ackSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "migrate_bot_webhook_ack_seconds",
			Help:    "Time from receiving a webhook request to answering it.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
		}),
		jobSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "migrate_bot_job_duration_seconds",
			Help:    "Duration of job runs by kind and outcome (completed, retry, snoozed, cancelled, interrupted).",
			Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600},
		}, []string{"kind", "outcome"}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "migrate_bot_github_api_calls_total",
			Help: "GitHub REST API calls by endpoint and HTTP status (0: no answer).",
		}, []string{"endpoint", "status"}),
		rateLimit: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "migrate_bot_github_rate_limit_remaining",
			Help: "x-ratelimit-remaining of the last GitHub API answer, by installation (0: the App itself).",
		}, []string{"installation_id"}),
	}
	m.reg.MustRegister(m.deliveries, m.ackSeconds, m.jobSeconds, m.apiCalls, m.rateLimit,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry is where the metrics live (tests gather from it).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Delivery counts one webhook delivery (webhook.Observer).
func (m *Metrics) Delivery(event, outcome string) {
	m.deliveries.WithLabelValues(event, outcome).Inc()
}

// JobDone records one job run (queue.Observer).
func (m *Metrics) JobDone(kind, outcome string, took time.Duration) {
	m.jobSeconds.WithLabelValues(kind, outcome).Observe(took.Seconds())
}

// APICall counts one GitHub API request (ghapi.Metrics).
func (m *Metrics) APICall(endpoint string, status int) {
	m.apiCalls.WithLabelValues(endpoint, strconv.Itoa(status)).Inc()
}

// RateLimitRemaining records the rate-limit headroom (ghapi.Metrics).
func (m *Metrics) RateLimitRemaining(installationID int64, remaining int) {
	m.rateLimit.WithLabelValues(strconv.FormatInt(installationID, 10)).Set(float64(remaining))
}

// queueStates are always exported, 0 when no job is in that state.
var queueStates = []string{"available", "scheduled", "running", "retryable", "pending", "completed", "cancelled", "discarded"}

// depthCollector reads the queue depth from the database at scrape time.
type depthCollector struct {
	depth func(context.Context) (map[string]int64, error)
	desc  *prometheus.Desc
	up    *prometheus.Desc
}

// WatchQueue exports migrate_bot_queue_jobs{state}, read with depth on each
// scrape (a GROUP BY over River's job table).
func (m *Metrics) WatchQueue(depth func(context.Context) (map[string]int64, error)) {
	m.reg.MustRegister(&depthCollector{
		depth: depth,
		desc:  prometheus.NewDesc("migrate_bot_queue_jobs", "Jobs in the queue by state.", []string{"state"}, nil),
		up:    prometheus.NewDesc("migrate_bot_queue_up", "1 when the last queue depth query succeeded.", nil, nil),
	})
}

// Describe implements prometheus.Collector.
func (c *depthCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc; ch <- c.up }

// Collect implements prometheus.Collector.
func (c *depthCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	counts, err := c.depth(ctx)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, 1)
	for _, s := range queueStates {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(counts[s]), s)
	}
}
