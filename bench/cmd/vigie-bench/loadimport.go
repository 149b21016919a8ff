package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"time"

	"vigie/bench"
	"vigie/search"
)

// loadImport is the figures of the phase that searches over HTTP while
// articles are imported: what a user of `vigie serve` sees while
// `vigie import` (or a big polling round) feeds the same index.
type loadImport struct {
	clients  int
	base     int // documents in the index before the import
	docs     int // documents in the index once it has caught up
	imported bench.IngestStats
	counts   loadCounts
	lat      stats // of the requests answered 2xx
	elapsed  time.Duration
}

// loadCounts are the answers the clients got, kept apart because each
// means something else: a transport error is a refused or dropped
// connection, a non-2xx an answer the server chose (5xx: it failed).
type loadCounts struct {
	requests  int
	transport int
	non2xx    int
	fivexx    int // of non2xx
	status    map[int]int
}

// errors is every request that did not get a 2xx answer.
func (c loadCounts) errors() int { return c.transport + c.non2xx }

func (c *loadCounts) add(o loadCounts) {
	c.requests += o.requests
	c.transport += o.transport
	c.non2xx += o.non2xx
	c.fivexx += o.fivexx
	if c.status == nil {
		c.status = map[int]int{}
	}
	for code, n := range o.status {
		c.status[code] += n
	}
}

// failure is why the phase fails the run (nil: it passed). Only
// correctness counts, never timings.
func (l *loadImport) failure() error {
	if l == nil {
		return nil
	}
	if e := l.counts.errors(); e > 0 {
		return fmt.Errorf("bench: searches during the import: %d errors of %d requests (%d transport, %d non-2xx of which %d 5xx)",
			e, l.counts.requests, l.counts.transport, l.counts.non2xx, l.counts.fivexx)
	}
	if want := l.base + l.imported.Articles; l.docs != want {
		return fmt.Errorf("bench: after the import under load the index holds %d documents, want %d", l.docs, want)
	}
	return nil
}

// measureLoadImport serves the corpus with the real API server, imports n
// new articles through the harness's ingest path and, until the import is
// over and the index has caught up, keeps clients searching the faceted
// kinds over keep-alive connections.
func measureLoadImport(ctx context.Context, cfg config, c *bench.Corpus, s *search.Searcher, ks []kind, log *slog.Logger) (*loadImport, error) {
	urls, err := facetedURLs(ks)
	if err != nil {
		return nil, err
	}
	base, err := c.Index.DocCount()
	if err != nil {
		return nil, err
	}
	sv, err := startServer(s, c.Store, c.Index)
	if err != nil {
		return nil, err
	}
	client := newClient(cfg.loadClients)
	defer client.CloseIdleConnections()
	for i := range urls {
		urls[i] = sv.base + urls[i]
		if err := get(ctx, client, urls[i]); err != nil { // a broken setup is not a load failure
			sv.stop()
			return nil, fmt.Errorf("bench: GET %s: %w", urls[i], err)
		}
	}
	runtime.GC()
	res := &loadImport{clients: cfg.loadClients, base: int(base)}
	if err := importUnderLoad(ctx, cfg, c, client, urls, res, log); err != nil {
		sv.stop()
		return nil, err
	}
	if err := sv.stop(); err != nil {
		return nil, err
	}
	docs, err := c.Index.DocCount()
	if err != nil {
		return nil, err
	}
	res.docs = int(docs)
	return res, nil
}

// facetedURLs are the API paths (without host) of the faceted kinds.
func facetedURLs(ks []kind) ([]string, error) {
	var urls []string
	for _, k := range ks {
		if k.facets() {
			urls = append(urls, searchURL("", k.req))
		}
	}
	if len(urls) == 0 {
		return nil, fmt.Errorf("bench: no faceted query kind")
	}
	return urls, nil
}

// importUnderLoad runs the import with the clients searching alongside,
// from the moment its clock starts until it (its final catch-up included)
// returns.
func importUnderLoad(ctx context.Context, cfg config, c *bench.Corpus, client *http.Client, urls []string, res *loadImport, log *slog.Logger) error {
	from := c.Store.Count() // new articles, also on a reused data directory
	log.Info("load_import_start", slog.Int("articles", cfg.loadImport), slog.Int("from", from), slog.Int("clients", cfg.loadClients))
	var (
		start time.Time
		wait  = func() {}
		stop  = make(chan struct{})
	)
	started := func() {
		start = time.Now()
		wait = startClients(ctx, client, urls, cfg.loadClients, stop, res)
	}
	every, last := max(cfg.loadImport/5, cfg.batch), 0
	st, err := c.IngestNotify(ctx, from, from+cfg.loadImport, cfg.batch, cfg.workers, started, func(done int) {
		if done-last >= every {
			last = done
			log.Info("load_import_progress", slog.Int("done", done))
		}
	})
	close(stop)
	wait()
	res.elapsed, res.imported = time.Since(start), st
	if err != nil {
		return err
	}
	log.Info("load_import_done", slog.Int("articles", st.Articles), slog.Float64("per_second", st.PerSecond()),
		slog.Int("requests", res.counts.requests), slog.Int("errors", res.counts.errors()), slog.Int("5xx", res.counts.fivexx),
		slog.String("p50_ms", ms(res.lat.p50)), slog.String("p99_ms", ms(res.lat.p99)))
	return nil
}

// startClients starts n clients searching until stop is closed; the
// returned function waits for them and adds up their counts and
// latencies into res.
func startClients(ctx context.Context, client *http.Client, urls []string, n int, stop <-chan struct{}, res *loadImport) func() {
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		all latencies
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts, lat := searchLoop(ctx, client, urls, i, stop)
			mu.Lock()
			defer mu.Unlock()
			res.counts.add(counts)
			all = append(all, lat...)
		}()
	}
	return func() {
		wg.Wait()
		res.lat = all.stats()
	}
}

// searchLoop is one client: it cycles through urls, starting at its own
// offset so the kinds are mixed at any moment, until stop is closed. It
// sends at least one request, so every client has searched during the
// import however short.
func searchLoop(ctx context.Context, client *http.Client, urls []string, offset int, stop <-chan struct{}) (loadCounts, latencies) {
	counts := loadCounts{status: map[int]int{}}
	var lat latencies
	for i := offset; ctx.Err() == nil; i++ {
		t0 := time.Now()
		code, err := status(ctx, client, urls[i%len(urls)])
		d := time.Since(t0)
		counts.requests++
		switch {
		case err != nil:
			counts.transport++
		case code < 200 || code > 299:
			counts.non2xx++
			if code >= 500 {
				counts.fivexx++
			}
		default:
			lat = append(lat, d)
		}
		if err == nil {
			counts.status[code]++
		}
		select {
		case <-stop:
			return counts, lat
		default:
		}
	}
	return counts, lat
}

// status sends GET url and reads the whole answer: its status code, or
// the error that kept it from arriving whole.
func status(ctx context.Context, client *http.Client, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
