package api

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"vigie/indexer/feed"
)

// Metrics are Vigie's Prometheus metrics, in a registry of their own (not
// the global one, so two servers in one test process do not collide).
// The poller and the ingest pipeline report through FeedFetched and
// Ingested; the server observes HTTP requests and searches.
type Metrics struct {
	reg            *prometheus.Registry
	httpDuration   *prometheus.HistogramVec
	searchDuration prometheus.Histogram
	feedFetches    *prometheus.CounterVec
	ingested       *prometheus.CounterVec
}

// latencyBuckets span 0.5 ms to about 8 s: a search on a warm index takes
// a few milliseconds, a cold facet build or a slow disk seconds.
var latencyBuckets = prometheus.ExponentialBuckets(0.0005, 2, 15)

// NewMetrics creates the metrics; idx (may be nil) gives the index
// document count, read at each scrape.
func NewMetrics(idx interface{ DocCount() (uint64, error) }) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "vigie_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route pattern, method and status code.",
			Buckets: latencyBuckets,
		}, []string{"route", "method", "status"}),
		searchDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "vigie_search_duration_seconds",
			Help:    "Time spent in the search engine per search (query, facets, fuzzy retry), API and Atom.",
			Buckets: latencyBuckets,
		}),
		feedFetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vigie_feed_fetches_total",
			Help: "Feed refreshes by feed and outcome (ok, not_modified, unchanged, error, canceled).",
		}, []string{"feed", "outcome"}),
		ingested: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vigie_ingested_articles_total",
			Help: "Articles seen by the ingest pipeline, by kind (added, updated, unchanged).",
		}, []string{"kind"}),
	}
	m.reg.MustRegister(m.httpDuration, m.searchDuration, m.feedFetches, m.ingested,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	if idx != nil {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "vigie_index_documents",
			Help: "Documents in the search index.",
		}, func() float64 {
			n, err := idx.DocCount()
			if err != nil {
				return math.NaN()
			}
			return float64(n)
		}))
	}
	for _, k := range []string{"added", "updated", "unchanged"} {
		m.ingested.WithLabelValues(k) // export zeros before the first ingest
	}
	return m
}

// Ingested counts the outcome of one ingest (the pipeline's OnIngest hook).
func (m *Metrics) Ingested(added, updated, unchanged int) {
	m.ingested.WithLabelValues("added").Add(float64(added))
	m.ingested.WithLabelValues("updated").Add(float64(updated))
	m.ingested.WithLabelValues("unchanged").Add(float64(unchanged))
}

// FeedFetched counts one refresh of a feed (the poller's OnFetch hook).
func (m *Metrics) FeedFetched(src feed.Source, outcome string) {
	name := src.Name
	if name == "" {
		name = src.URL
	}
	m.feedFetches.WithLabelValues(name, outcome).Inc()
}

// Registerer lets other parts of the process (alerts, mailer) add their
// own metrics to the same /metrics page.
func (m *Metrics) Registerer() prometheus.Registerer { return m.reg }

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	// The server's gzip middleware already compresses; promhttp doing it
	// too would send gzip inside gzip.
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{DisableCompression: true})
}

func (m *Metrics) observeHTTP(route, method string, status int, d time.Duration) {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete,
		http.MethodPatch, http.MethodOptions:
	default:
		method = "other" // a client must not create series at will
	}
	m.httpDuration.WithLabelValues(route, method, strconv.Itoa(status)).Observe(d.Seconds())
}

func (m *Metrics) observeSearch(d time.Duration) {
	m.searchDuration.Observe(d.Seconds())
}
