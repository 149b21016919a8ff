package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"vigie/indexer/index"
	"vigie/indexer/store"
	"vigie/search"
	"vigie/search/api"
)

// server is Vigie's real HTTP server (search/api) on a loopback port.
type server struct {
	srv  *http.Server
	base string
	done chan error
}

func startServer(s *search.Searcher, st *store.Store, idx *index.Index) (*server, error) {
	e, err := api.New(api.Config{Searcher: s, Store: st, Index: idx, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, fmt.Errorf("http: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("http: listen: %w", err)
	}
	sv := &server{srv: &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second},
		base: "http://" + ln.Addr().String(), done: make(chan error, 1)}
	go func() { sv.done <- sv.srv.Serve(ln) }()
	return sv, nil
}

func (sv *server) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := sv.srv.Shutdown(ctx)
	if serr := <-sv.done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// load sends GET url from workers concurrent clients until requests have
// been sent or maxTime has passed, and times each request (headers, body
// read to the end). Non-200 answers count as errors.
func load(ctx context.Context, client *http.Client, url string, workers, requests int, maxTime time.Duration) stats {
	var (
		next   atomic.Int64
		errs   atomic.Int64
		mu     sync.Mutex
		all    latencies
		wg     sync.WaitGroup
		start  = time.Now()
		doneBy = start.Add(maxTime)
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine latencies
			for ctx.Err() == nil && time.Now().Before(doneBy) && next.Add(1) <= int64(requests) {
				t0 := time.Now()
				if err := get(ctx, client, url); err != nil {
					errs.Add(1)
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	s := all.stats()
	s.errors = int(errs.Load())
	s.throughput = float64(len(all)) / elapsed.Seconds()
	return s
}

func get(ctx context.Context, client *http.Client, url string) error {
	code, err := status(ctx, client, url)
	if err != nil {
		return err
	}
	if code != http.StatusOK {
		return fmt.Errorf("http: %d %s", code, http.StatusText(code))
	}
	return nil
}

// searchURL is the API URL of a kind's request.
func searchURL(base string, req search.Request) string {
	v := req.Values()
	v.Set("size", fmt.Sprint(req.Size))
	return base + "/api/search?" + v.Encode()
}

func newClient(workers int) *http.Client {
	return &http.Client{
		Timeout: 60 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        2 * workers,
			MaxIdleConnsPerHost: 2 * workers,
			IdleConnTimeout:     time.Minute,
		},
	}
}
