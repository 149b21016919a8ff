// Package api serves Vigie over HTTP: the search API (JSON and Atom), single
// articles, feed health, liveness, Prometheus metrics, the OpenAPI document
// and the search page, behind one echo server with the middleware a public
// service needs (request ids, structured logs, recovery, gzip, body limit,
// per-request deadline, security headers, CORS, per-client rate limit) and
// one JSON error shape for every error.
//
// Handlers only decode the request, call one function of the search or
// store packages and encode the answer; the CLI and the alert matcher call
// the same functions.
package api

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"vigie/indexer/feed"
	"vigie/indexer/index"
	"vigie/indexer/store"
	"vigie/search"
)

// DefaultRequestTimeout bounds a request when Config.RequestTimeout is 0.
const DefaultRequestTimeout = 10 * time.Second

// bodyLimit caps request bodies: the only bodies the API takes are small
// JSON documents (alerts), so anything larger is a mistake or an attack.
const bodyLimit = 64 << 10

// Config is what the server needs. Searcher, Store and Index are required.
type Config struct {
	Searcher *search.Searcher
	Store    *store.Store
	// Index gives the document count for /healthz and the metrics gauge.
	Index *index.Index
	// Sources are the configured feeds, joined with their stored polling
	// state by /api/feeds.
	Sources []feed.Source
	// Static holds the page: index.html, feeds.html and the assets served
	// under /static/. Nil serves no page.
	Static fs.FS
	// Alerts mounts the alert routes (POST /api/alerts, ...); nil = none.
	Alerts interface{ Register(e *echo.Echo) }
	// Entities serves the discovered-entity table (GET /api/entities, ...)
	// and its curation; nil = no such routes.
	Entities EntityTable
	// AdminToken is the bearer token curation requires (VIGIE_ADMIN_TOKEN);
	// empty: curation is disabled.
	AdminToken string
	// Metrics collects Prometheus metrics; nil creates a private set.
	Metrics *Metrics
	Logger  *slog.Logger
	// RateLimit is the API requests per second allowed per client IP
	// (burst: 3x); 0 disables the limit.
	RateLimit float64
	// TrustProxy lists, comma-separated, the CIDRs (or single addresses) of
	// reverse proxies whose X-Forwarded-For is believed. Empty: the peer
	// address is the client, whatever the headers say.
	TrustProxy string
	// BaseURL is the absolute URL the server is reached at, for Atom links.
	BaseURL string
	// RequestTimeout is the per-request deadline, passed down to bleve
	// through the request context; 0 = DefaultRequestTimeout.
	RequestTimeout time.Duration
}

// withDefaults checks cfg and fills its defaults.
func (cfg Config) withDefaults() (Config, error) {
	var errs []error
	if cfg.Searcher == nil {
		errs = append(errs, errors.New("api: Config.Searcher is required"))
	}
	if cfg.Store == nil {
		errs = append(errs, errors.New("api: Config.Store is required"))
	}
	if cfg.Index == nil {
		errs = append(errs, errors.New("api: Config.Index is required"))
	}
	if cfg.RateLimit < 0 {
		errs = append(errs, fmt.Errorf("api: rate limit %v is negative", cfg.RateLimit))
	}
	if cfg.RequestTimeout < 0 {
		errs = append(errs, fmt.Errorf("api: request timeout %v is negative", cfg.RequestTimeout))
	}
	base, err := normalizeBaseURL(cfg.BaseURL)
	if err != nil {
		errs = append(errs, err)
	}
	cfg.BaseURL = base
	if len(errs) > 0 {
		return cfg, errors.Join(errs...)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Metrics == nil {
		cfg.Metrics = NewMetrics(cfg.Index)
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	return cfg, nil
}

// normalizeBaseURL accepts an absolute http(s) URL and drops its trailing
// slash, so links are built by plain concatenation.
func normalizeBaseURL(s string) (string, error) {
	if s == "" {
		return "http://localhost", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("api: base URL %q must be an absolute http(s) URL", s)
	}
	u.RawQuery, u.Fragment = "", ""
	return strings.TrimRight(u.String(), "/"), nil
}

// server holds the configured dependencies the handlers use.
type server struct {
	cfg    Config
	log    *slog.Logger
	static *staticFiles
}

// New builds the HTTP handler. The caller runs it in an http.Server and
// shuts it down (http.Server.Shutdown); New starts nothing.
func New(cfg Config) (*echo.Echo, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	ipx, err := ipExtractor(cfg.TrustProxy)
	if err != nil {
		return nil, err
	}
	s := &server{cfg: cfg, log: cfg.Logger}
	if cfg.Static != nil {
		if s.static, err = newStaticFiles(cfg.Static); err != nil {
			return nil, err
		}
	}

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = ipx
	e.HTTPErrorHandler = s.handleError
	s.use(e)
	s.routes(e)
	if cfg.Alerts != nil {
		cfg.Alerts.Register(e)
	}
	return e, nil
}

func (s *server) routes(e *echo.Echo) {
	e.GET("/api/search", s.search)
	e.GET("/api/articles/:id", s.article)
	e.GET("/search.atom", s.atom)
	e.GET("/api/feeds", s.feeds)
	e.GET("/api/openapi.json", s.openAPI)
	e.GET("/healthz", s.healthz)
	e.HEAD("/healthz", s.healthz) // load balancers often probe with HEAD
	e.GET("/metrics", echo.WrapHandler(s.cfg.Metrics.Handler()))
	if s.cfg.Entities != nil {
		s.entityRoutes(e)
	}
	if s.static != nil {
		e.GET("/", s.static.page("index.html"))
		e.GET("/feeds", s.static.page("feeds.html"))
		e.GET("/static/*", s.static.asset)
	}
}
