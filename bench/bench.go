// Package bench is what Vigie's benchmark harness (cmd/vigie-bench) and its
// facet correctness test share: a data directory (store and index) filled
// with a generated corpus (package gen) through the real ingest pipeline —
// normalisation, enrichment, store, index — as a polling round would.
package bench

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"vigie/bench/gen"
	"vigie/indexer/enrich"
	"vigie/indexer/feed"
	"vigie/indexer/index"
	"vigie/indexer/ingest"
	"vigie/indexer/store"
)

// Corpus is an open data directory and the generator that fills it.
type Corpus struct {
	Dir      string
	Gen      *gen.Generator
	Store    *store.Store
	Index    *index.Index
	Pipeline *ingest.Pipeline
}

// Open opens (or creates) the store and index in dir, laid out like
// `vigie --data dir`.
func Open(dir string, g *gen.Generator, log *slog.Logger, opts ...store.Option) (*Corpus, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	st, err := store.Open(filepath.Join(dir, "vigie.db"), opts...)
	if err != nil {
		return nil, fmt.Errorf("bench: open store: %w", err)
	}
	idx, err := index.Open(IndexDir(dir))
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("bench: open index: %w", err)
	}
	return &Corpus{Dir: dir, Gen: g, Store: st, Index: idx,
		Pipeline: ingest.New(st, idx, enrich.New(nil, nil), log)}, nil
}

// IndexDir is the index directory inside a data directory.
func IndexDir(dataDir string) string { return filepath.Join(dataDir, "index") }

// Close closes the index and the store.
func (c *Corpus) Close() error {
	return errors.Join(c.Index.Close(), c.Store.Close())
}

// IngestStats describes one bulk ingest.
type IngestStats struct {
	Articles int
	Elapsed  time.Duration
	// Generate is the generator's CPU time for the articles, estimated
	// from generating a sample alone before the ingest; it is part of CPU
	// (the generator runs inside the workers), reported so readers can
	// discount it.
	Generate time.Duration
	// CPU is the process's user and system CPU time during the ingest
	// (the generator's included).
	CPU time.Duration
}

// generatorCost is the generator's CPU time per article, from a sample
// generated alone.
func generatorCost(g *gen.Generator, from, to int) time.Duration {
	if to <= from {
		return 0
	}
	t0 := cpuTime()
	g.Range(from, to)
	return (cpuTime() - t0) / time.Duration(to-from)
}

// cpuTime is the process's user + system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// PerSecond is the ingest rate.
func (s IngestStats) PerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Articles) / s.Elapsed.Seconds()
}

// Ingest generates articles [from, to) and ingests them as `vigie import`
// does a bulk load: workers generate and store rounds of batch articles
// (see StoreArticles) while a background indexer brings the index up to
// the store, kicked after each round; the ingest ends when the last
// article is indexed. progress, if not nil, is told the number of articles
// stored after each round; calls never overlap.
func (c *Corpus) Ingest(ctx context.Context, from, to, batch, workers int, progress func(done int)) (IngestStats, error) {
	return c.IngestNotify(ctx, from, to, batch, workers, nil, progress)
}

// IngestNotify is Ingest that calls started, if not nil, when its clock
// starts (after the generator's sample): whoever measures something
// during the ingest measures during the ingest, not the sample.
func (c *Corpus) IngestNotify(ctx context.Context, from, to, batch, workers int, started func(), progress func(done int)) (IngestStats, error) {
	if batch < 1 || workers < 1 {
		return IngestStats{}, fmt.Errorf("bench: batch %d and workers %d must be positive", batch, workers)
	}
	genCost := generatorCost(c.Gen, from, min(to, from+1000))
	if started != nil {
		started()
	}
	start, cpu0 := time.Now(), cpuTime()
	var (
		next    atomic.Int64
		done    atomic.Int64
		wg      sync.WaitGroup
		errOnce sync.Once
		first   error
		// progress is called from the workers, one call at a time.
		progressMu sync.Mutex
	)
	next.Store(int64(from))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	fail := func(err error) {
		errOnce.Do(func() { first = err })
		cancel()
	}
	wake, indexed := make(chan struct{}, 1), make(chan struct{})
	go func() {
		defer close(indexed)
		for range wake {
			if err := c.Pipeline.CatchUp(ctx); err != nil {
				fail(fmt.Errorf("bench: index: %w", err))
			}
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				lo := int(next.Add(int64(batch))) - batch
				if lo >= to {
					return
				}
				hi := min(lo+batch, to)
				arts := c.Gen.Range(lo, hi)
				if err := c.StoreArticles(arts); err != nil {
					fail(err)
					return
				}
				select {
				case wake <- struct{}{}:
				default: // a catch-up is pending; it will see these
				}
				n := done.Add(int64(hi - lo))
				if progress != nil {
					progressMu.Lock()
					progress(int(n))
					progressMu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	close(wake)
	<-indexed
	if first == nil && ctx.Err() == nil {
		if err := c.Pipeline.CatchUp(ctx); err != nil {
			fail(fmt.Errorf("bench: index: %w", err))
		}
	}
	st := IngestStats{Articles: int(done.Load()), Elapsed: time.Since(start), Generate: genCost * time.Duration(done.Load()),
		CPU: cpuTime() - cpu0}
	if first != nil {
		return st, first
	}
	return st, ctx.Err()
}

// IngestArticles ingests articles (new ones or revisions) as one polling
// round: StoreArticles, then the index catches up.
func (c *Corpus) IngestArticles(ctx context.Context, arts []gen.Article) error {
	if err := c.StoreArticles(arts); err != nil {
		return err
	}
	if err := c.Pipeline.CatchUp(ctx); err != nil {
		return fmt.Errorf("bench: index: %w", err)
	}
	return nil
}

// StoreArticles stores articles as one polling round does: the sources'
// feeds concurrently, as many at once as the poller refreshes
// (feed.DefaultConcurrency), each normalised and enriched by the pipeline.
func (c *Corpus) StoreArticles(arts []gen.Article) error {
	feeds := c.Gen.Feeds(arts)
	errs := make([]error, len(feeds))
	slots := make(chan struct{}, feed.DefaultConcurrency)
	var wg sync.WaitGroup
	for i, f := range feeds {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			if _, err := c.Pipeline.StoreFeed(context.Background(), f.Source, f.Parsed, c.Gen.FetchedAt()); err != nil {
				errs[i] = fmt.Errorf("bench: store %s: %w", f.Source.Name, err)
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// DirSize is the total size of the regular files under dir, like du.
func DirSize(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			total += info.Size()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("bench: size of %s: %w", dir, err)
	}
	return total, nil
}
