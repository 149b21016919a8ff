package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"vigie/indexer/feed"
	"vigie/search/alert"
	"vigie/search/api"
	"vigie/static"
)

func runServe(ctx context.Context, e *env, args []string) error {
	var c common
	fs := newFlagSet(e, "serve", "")
	c.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	pollInterval := fs.Duration("poll-interval", 15*time.Minute, "default interval between two polls of a feed")
	noPoll := fs.Bool("no-poll", false, "serve only: do not poll feeds")
	var pf pageFlags
	pf.register(fs)
	concurrency := fs.Int("concurrency", 4, "feeds fetched at once (at most one per host)")
	mailDir := fs.String("mail-dir", "", "write alert e-mails as .eml files in this directory instead of sending them (for trying alerts locally)")
	digestHour := fs.Int("digest-hour", 7, "hour (UTC, 0-23) at which daily and weekly digests are sent")
	silentDays := fs.Int("silent-days", 14, "days without a match after which an alert's subscriber is told, with the closest search that matches")
	hookPrivate := fs.Bool("webhook-allow-private", false, "let alert webhooks reach loopback and private addresses (an intranet receiver); off, they reach only the public internet")
	rateLimit := fs.Float64("rate-limit", 20, "API requests per second allowed per client IP (burst: 3x); 0: no limit")
	trustProxy := fs.String("trust-proxy", "", "comma-separated CIDRs of reverse proxies whose X-Forwarded-For is trusted (default: none, the peer address is the client)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *digestHour < 0 || *digestHour > 23 {
		return fmt.Errorf("--digest-hour must be between 0 and 23")
	}
	if *silentDays < 1 {
		return fmt.Errorf("--silent-days must be at least 1")
	}
	srcs, err := feed.LoadSources(c.feeds)
	if err != nil {
		return err
	}
	log := c.logger(e.stderr)
	a, err := openApp(ctx, &c, log)
	if err != nil {
		return err
	}
	defer a.Close()

	metrics := api.NewMetrics(a.index)
	a.pipeline.OnIngest(metrics.Ingested)

	alerts, err := alert.New(alert.Config{
		Store:      a.store,
		Searcher:   a.searcher,
		DataDir:    c.data,
		BaseURL:    firstNonEmpty(e.getenv("VIGIE_BASE_URL"), "http://"+*addr),
		SMTPURL:    e.getenv("VIGIE_SMTP_URL"),
		MailFrom:   firstNonEmpty(e.getenv("VIGIE_MAIL_FROM"), "Vigie <vigie@localhost>"),
		MailDir:    *mailDir,
		AdminToken: e.getenv("VIGIE_ADMIN_TOKEN"),
		DigestHour: *digestHour,
		Logger:     log,

		SilentAfter:         time.Duration(*silentDays) * 24 * time.Hour,
		WebhookAllowPrivate: *hookPrivate,
	})
	if err != nil {
		return err
	}
	a.pipeline.Listen(alerts.OnIndexed)

	handler, err := api.New(api.Config{
		Searcher:   a.searcher,
		Store:      a.store,
		Index:      a.index,
		Sources:    srcs,
		Static:     static.FS,
		Alerts:     alerts,
		Entities:   a.pipeline,
		AdminToken: e.getenv("VIGIE_ADMIN_TOKEN"),
		Metrics:    metrics,
		Logger:     log,
		RateLimit:  *rateLimit,
		TrustProxy: *trustProxy,
		BaseURL:    firstNonEmpty(e.getenv("VIGIE_BASE_URL"), "http://"+*addr),
	})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	// Background workers stop on workCtx; the HTTP server stops first so no
	// request sees a closed index.
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	var wg sync.WaitGroup
	if !*noPoll {
		p, err := feed.NewPoller(feed.PollerConfig{
			Sources: srcs, DefaultInterval: *pollInterval, Concurrency: *concurrency,
			Fetcher: feed.NewFetcher(feed.FetcherConfig{}), Gate: a.pageGate(pf), States: a.store, Sink: a.pipeline,
			Logger: log, OnFetch: metrics.FeedFetched,
		})
		if err != nil {
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := p.Run(workCtx); err != nil && !errors.Is(err, context.Canceled) {
				log.Error("poller_stopped", slog.Any("error", err))
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		alerts.Run(workCtx)
	}()
	// bleve merges segments in the background; warming periodically builds
	// the merged segments' columns before a search needs them.
	wg.Add(1)
	go func() {
		defer wg.Done()
		a.warm()
		t := time.NewTicker(10 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-workCtx.Done():
				return
			case <-t.C:
				a.warm()
			}
		}
	}()

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	log.Info("serving", slog.String("url", "http://"+ln.Addr().String()), slog.Int("feeds", len(srcs)),
		slog.Bool("polling", !*noPoll), slog.Int("articles", a.store.Count()))

	select {
	case err = <-serveErr:
	case <-ctx.Done():
		log.Info("shutting_down")
		shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = srv.Shutdown(shutCtx)
		cancel()
	}
	stopWork()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// firstNonEmpty returns the first of ss that is not empty (a setting, else
// its default).
func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
