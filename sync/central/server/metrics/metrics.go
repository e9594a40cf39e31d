// Package metrics is central's Prometheus side: the series /metrics
// shows, on a registry of its own (never the global one, so two servers
// in one process, as in tests, do not share counts). docs/operations.md
// lists the alerts worth setting on them.
package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"onestop/sync/central"
)

// Metrics holds central's series.
type Metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.HistogramVec
	push       prometheus.Histogram
	pull       *prometheus.HistogramVec
	mutations  *prometheus.CounterVec
	lastBackup prometheus.Gauge
	kinds      []string // counted by name
}

// Kiosks is what the per-kiosk series are read from at each scrape: the
// store every central process shares, so any process reports the fleet.
type Kiosks func(ctx context.Context) ([]central.Kiosk, error)

// New registers every series; kinds are the mutation kinds counted by
// name (any other is "other", so a kiosk cannot grow the series).
func New(kiosks Kiosks, kinds []string, log *slog.Logger) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), kinds: kinds}
	m.requests = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "onestop_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route pattern and status code.",
		Buckets: prometheus.DefBuckets,
	}, []string{"route", "code"})
	m.push = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "onestop_push_duration_seconds",
		Help:    "Time to apply one kiosk push, from decoding to the stored results.",
		Buckets: prometheus.DefBuckets,
	})
	m.pull = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "onestop_pull_duration_seconds",
		Help: "Time to answer one pull of the change feed; long_poll is whether it asked to wait for a change.",
		// A long poll holds up to 30 s.
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 20, 30, 45},
	}, []string{"long_poll"})
	m.mutations = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "onestop_mutations_total",
		Help: "Pushed mutations by kind and outcome (applied, duplicate, rejected, conflict).",
	}, []string{"kind", "outcome"})
	m.lastBackup = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "onestop_backup_last_success_timestamp_seconds",
		Help: "When the last backup of central's database succeeded (Unix time); 0 until one has.",
	})
	m.reg.MustRegister(m.requests, m.push, m.pull, m.mutations, m.lastBackup,
		&fleet{kiosks: kiosks, log: log},
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return m
}

// Handler serves /metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Request records one answered request under its route pattern ("" for
// none: "unmatched").
func (m *Metrics) Request(route string, code int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, strconv.Itoa(code)).Observe(d.Seconds())
}

// Push records one push's time and the outcome of each of its mutations.
func (m *Metrics) Push(d time.Duration, kinds, outcomes []string) {
	m.push.Observe(d.Seconds())
	for i, k := range kinds {
		if !slices.Contains(m.kinds, k) {
			k = "other"
		}
		m.mutations.WithLabelValues(k, outcomes[i]).Inc()
	}
}

// Pull records one pull's time.
func (m *Metrics) Pull(d time.Duration, longPoll bool) {
	m.pull.WithLabelValues(strconv.FormatBool(longPoll)).Observe(d.Seconds())
}

// BackupDone records a successful backup at t.
func (m *Metrics) BackupDone(t time.Time) { m.lastBackup.Set(float64(t.UnixNano()) / 1e9) }

// fleet reports each working kiosk's last heartbeat and backlog, read
// from the store at scrape time. A kiosk never heard from reports its
// enrollment as its last heartbeat, so a silent new kiosk alerts too;
// a revoked one reports nothing.
type fleet struct {
	kiosks Kiosks
	log    *slog.Logger
}

var (
	heartbeatDesc = prometheus.NewDesc("onestop_kiosk_last_heartbeat_timestamp_seconds",
		"When the kiosk last sent a heartbeat (Unix time; its enrollment before the first).", []string{"kiosk", "hall"}, nil)
	backlogDesc = prometheus.NewDesc("onestop_kiosk_outbox_pending",
		"Outbox entries the kiosk reported waiting for central in its last heartbeat.", []string{"kiosk", "hall"}, nil)
)

func (f *fleet) Describe(ch chan<- *prometheus.Desc) {
	ch <- heartbeatDesc
	ch <- backlogDesc
}

func (f *fleet) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ks, err := f.kiosks(ctx)
	if err != nil {
		f.log.Error("metrics: kiosks", "err", err)
		ch <- prometheus.NewInvalidMetric(heartbeatDesc, err)
		return
	}
	for _, k := range ks {
		if !k.RevokedAt.IsZero() {
			continue
		}
		at := k.Health.At
		if at.IsZero() {
			at = k.EnrolledAt
		}
		ch <- prometheus.MustNewConstMetric(heartbeatDesc, prometheus.GaugeValue, float64(at.UnixNano())/1e9, k.ID, k.HallID)
		ch <- prometheus.MustNewConstMetric(backlogDesc, prometheus.GaugeValue, float64(k.Health.OutboxPending), k.ID, k.HallID)
	}
}
