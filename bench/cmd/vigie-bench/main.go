// Command vigie-bench is Vigie's benchmark harness (`make bench`): it
// generates a bilingual corpus (bench/gen), ingests it through the real
// pipeline into a fresh data directory, then measures ingest rate, index
// size, memory, and the latency of each kind of query — in-process with
// Vigie's fast facets and with bleve's own facets (the obvious way), over
// HTTP under concurrent load, and on a peer, SQLite FTS5 holding the same
// documents — and writes a Markdown report (bench/RESULTS.md) with the
// machine, the commit and the command, so runs can be compared over time.
//
//	go run ./bench/cmd/vigie-bench -n 100000 -out bench/RESULTS.md
//	go run ./bench/cmd/vigie-bench -n 2000 -quick -out bench/out/quick.md
//
// Nothing here asserts timings: the report states which of issue 6's
// targets the run met.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"vigie/bench"
	"vigie/bench/gen"
	"vigie/indexer/store"
	"vigie/internal/gctune"
	"vigie/search"
)

// config is the command line.
type config struct {
	n           int
	quick       bool
	out         string
	data        string
	seed        uint64
	sqlite      bool
	http        bool
	concurrency int
	duration    time.Duration
	batch       int
	workers     int
	cpuprofile  string
	profileKind string
	ingestprof  string
	alerts      bool
	stories     bool
	loadImport  int // articles imported while loadClients search over HTTP; 0 skips the phase
	loadClients int
	args        []string
}

func (c config) storeOptions() []store.Option {
	if c.stories {
		return nil
	}
	return []store.Option{store.WithoutStories()}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	gctune.Apply() // as the vigie command does: the ingest measured is the product's
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		os.Exit(2)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := run(ctx, cfg, os.Stdout, log); err != nil {
		log.Error("benchmark_failed", slog.Any("error", err))
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("vigie-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&c.n, "n", 100000, "number of generated articles")
	fs.BoolVar(&c.quick, "quick", false, "few repetitions (a smoke test; figures are rough)")
	fs.StringVar(&c.out, "out", "bench/RESULTS.md", "Markdown report file")
	fs.StringVar(&c.data, "data", "", "data directory (default: a temporary one, removed afterwards); an existing one with the corpus is reused")
	fs.Uint64Var(&c.seed, "seed", 1, "generator seed")
	fs.BoolVar(&c.sqlite, "sqlite", true, "run the SQLite FTS5 peer")
	fs.BoolVar(&c.http, "http", true, "run the HTTP load test")
	fs.IntVar(&c.concurrency, "concurrency", 4, "concurrent HTTP clients")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "time cap of the HTTP load of each query kind")
	fs.IntVar(&c.batch, "batch", 1000, "articles per ingest batch")
	fs.IntVar(&c.workers, "workers", 2, "ingest batches in flight")
	fs.StringVar(&c.cpuprofile, "cpuprofile", "", "write a CPU profile of the slowest faceted Vigie query kind (or of -profile-kind) to this file")
	fs.StringVar(&c.profileKind, "profile-kind", "", "with -cpuprofile: profile the query kind whose name contains this instead")
	fs.StringVar(&c.ingestprof, "ingestprofile", "", "write a CPU profile of the ingest phase to this file")
	fs.BoolVar(&c.stories, "stories", true, "cluster articles into stories at ingest (false measures ingest without it)")
	fs.BoolVar(&c.alerts, "alerts", true, "run search/alert's matching benchmarks (10,000 saved searches x 1,000 articles; needs the go toolchain; off by default under -quick)")
	fs.IntVar(&c.loadImport, "load-import", 20000, "articles imported while -load-clients search over HTTP, after the other phases (0 skips; 500 by default under -quick)")
	fs.IntVar(&c.loadClients, "load-clients", 64, "concurrent HTTP clients searching during -load-import")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "vigie-bench: unexpected arguments %q\n", fs.Args())
		return c, errors.New("usage")
	}
	if c.n < 100 || c.concurrency < 1 || c.batch < 1 || c.workers < 1 || c.loadImport < 0 || c.loadClients < 1 {
		fmt.Fprintln(stderr, "vigie-bench: -n must be at least 100; -concurrency, -batch, -workers and -load-clients positive; -load-import not negative")
		return c, errors.New("usage")
	}
	if c.quick && !flagSet(fs, "duration") {
		c.duration = time.Second
	}
	if c.quick && !flagSet(fs, "alerts") {
		c.alerts = false
	}
	if c.quick && !flagSet(fs, "load-import") {
		c.loadImport = 500 // CI's smoke test stays fast
	}
	c.args = args
	return c, nil
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// budgets: how long each engine's measurement of one kind may take.
type budgets struct {
	vigie, bleve, sqlite budget
	httpRequests         int
}

func budgetsFor(quick bool) budgets {
	if quick {
		b := budget{warmup: 1, reps: 8, minReps: 3, maxTime: time.Second}
		return budgets{vigie: b, bleve: b, sqlite: b, httpRequests: 40}
	}
	return budgets{
		vigie:        budget{warmup: 5, reps: 300, minReps: 30, maxTime: 15 * time.Second},
		bleve:        budget{warmup: 2, reps: 40, minReps: 10, maxTime: 12 * time.Second},
		sqlite:       budget{warmup: 2, reps: 60, minReps: 10, maxTime: 12 * time.Second},
		httpRequests: 2000,
	}
}

// run is the whole benchmark.
func run(ctx context.Context, cfg config, stdout io.Writer, log *slog.Logger) error {
	rep := &report{cfg: cfg, started: time.Now(), machine: readMachine(), loadStart: loadAverage()}
	dir := cfg.data
	if dir == "" {
		tmp, err := os.MkdirTemp("", "vigie-bench-")
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	g, err := gen.New(gen.Config{Seed: cfg.seed})
	if err != nil {
		return err
	}
	c, err := bench.Open(dir, g, nil, cfg.storeOptions()...)
	if err != nil {
		return err
	}
	if err := ingestCorpus(ctx, cfg, c, rep, log); err != nil {
		c.Close()
		return err
	}
	// Serve from a fresh open of the data directory, as `vigie serve`
	// started on it would: the pages the ingest touched (every segment
	// it merged) leave the process's RSS with the mappings.
	if err := c.Close(); err != nil {
		return err
	}
	if c, err = bench.Open(dir, g, nil, cfg.storeOptions()...); err != nil {
		return err
	}
	defer c.Close()
	rep.settle, rep.segments = settleMerges(ctx, c, log)
	debug.FreeOSMemory()
	resetPeakRSS()
	fast, err := search.New(c.Index, c.Store)
	if err != nil {
		return err
	}
	ref, err := search.New(c.Index, c.Store, search.WithBleveFacets())
	if err != nil {
		return err
	}
	t0 := time.Now()
	if err := fast.Warm(); err != nil {
		return fmt.Errorf("bench: warm: %w", err)
	}
	rep.warm = time.Since(t0)
	ks, err := kinds(ctx, ref)
	if err != nil {
		return err
	}
	b := budgetsFor(cfg.quick)
	if rep.results, err = measureVigie(ctx, ks, fast, ref, b, log); err != nil {
		return err
	}
	if cfg.cpuprofile != "" {
		if err := profileSlowest(ctx, cfg.cpuprofile, cfg.profileKind, rep.results, fast, log); err != nil {
			return err
		}
	}
	if cfg.http {
		if err := measureHTTP(ctx, cfg, c, fast, rep, b, log); err != nil {
			return err
		}
	}
	rep.rssServing, rep.rssAnon, rep.rssFile, rep.heapServing = rss("VmRSS"), rss("RssAnon"), rss("RssFile"), heapInUse()
	rep.peakRSS = rss("VmHWM")
	if cfg.sqlite {
		if err := measurePeer(ctx, c, dir, rep, b, log); err != nil {
			return err
		}
	}
	// Last of the index phases: it adds articles, which the others'
	// figures (and the SQLite peer's hit counts) must not see.
	if cfg.loadImport > 0 {
		if rep.loaded, err = measureLoadImport(ctx, cfg, c, fast, resultKinds(rep.results), log); err != nil {
			return err
		}
	}
	if cfg.alerts {
		log.Info("alerts_start")
		rep.alerts = measureAlerts(ctx)
	} else {
		rep.alerts.skipped = "not run (-alerts=false; off by default under -quick)"
	}
	rep.elapsed = time.Since(rep.started)
	rep.loadEnd = loadAverage()
	if err := writeReport(rep, cfg.out, stdout); err != nil {
		return err
	}
	// After the report, so a failing run still shows its figures.
	return rep.loaded.failure()
}

func resultKinds(results []result) []kind {
	ks := make([]kind, len(results))
	for i, r := range results {
		ks[i] = r.kind
	}
	return ks
}

func ingestCorpus(ctx context.Context, cfg config, c *bench.Corpus, rep *report, log *slog.Logger) error {
	have := c.Store.Count()
	switch {
	case have >= cfg.n:
		log.Info("corpus_reused", slog.Int("articles", have), slog.String("dir", c.Dir))
		rep.reused = true
	case have == 0:
		log.Info("ingest_start", slog.Int("articles", cfg.n), slog.Int("batch", cfg.batch), slog.Int("workers", cfg.workers))
		if cfg.ingestprof != "" {
			stopProfile, err := startCPUProfile(cfg.ingestprof)
			if err != nil {
				return err
			}
			defer stopProfile() // when ingestCorpus returns, after the ingest and the size measurements
		}
		every := max(cfg.n/10, cfg.batch)
		last := 0
		st, err := c.Ingest(ctx, 0, cfg.n, cfg.batch, cfg.workers, func(done int) {
			if done-last >= every {
				last = done
				log.Info("ingest_progress", slog.Int("done", done))
			}
		})
		if err != nil {
			return err
		}
		rep.ingest = st
		log.Info("ingest_done", slog.Int("articles", st.Articles), slog.Duration("took", st.Elapsed), slog.Duration("cpu", st.CPU),
			slog.Float64("per_second", st.PerSecond()))
	default:
		return fmt.Errorf("bench: %s holds %d articles; want an empty data directory or one with at least %d", c.Dir, have, cfg.n)
	}
	rep.peakRSSIngest = rss("VmHWM")
	docs, err := c.Index.DocCount()
	if err != nil {
		return err
	}
	rep.docs = int(docs)
	if rep.indexBytes, err = bench.DirSize(bench.IndexDir(c.Dir)); err != nil {
		return err
	}
	if fi, err := os.Stat(filepath.Join(c.Dir, "vigie.db")); err == nil {
		rep.storeBytes = fi.Size()
	}
	return nil
}

// measureVigie times every kind with fast facets, and the faceted kinds
// with bleve's own facets too.
func measureVigie(ctx context.Context, ks []kind, fast, ref *search.Searcher, b budgets, log *slog.Logger) ([]result, error) {
	var out []result
	for _, k := range ks {
		runtime.GC()
		r := result{kind: k}
		var err error
		if r.vigie, err = measure(b.vigie, searchFn(ctx, fast, k.req)); err != nil {
			return nil, fmt.Errorf("bench: %s: %w", k.name, err)
		}
		if k.facets() {
			if r.bleve, err = measure(b.bleve, searchFn(ctx, ref, k.req)); err != nil {
				return nil, fmt.Errorf("bench: %s (bleve facets): %w", k.name, err)
			}
			r.hasBleve = true
		}
		log.Info("measured", slog.String("kind", k.name), slog.Uint64("hits", r.vigie.hits),
			slog.String("p50_ms", ms(r.vigie.p50)), slog.String("p99_ms", ms(r.vigie.p99)),
			slog.String("bleve_facets_p50_ms", ms(r.bleve.p50)))
		out = append(out, r)
	}
	return out, nil
}

func searchFn(ctx context.Context, s *search.Searcher, req search.Request) func() (uint64, error) {
	return func() (uint64, error) {
		resp, err := s.Search(ctx, req)
		if err != nil {
			return 0, err
		}
		return resp.Total, nil
	}
}

// profileSlowest reruns the faceted kind with the highest Vigie p50 for a
// few seconds under the CPU profiler.
func profileSlowest(ctx context.Context, path, kind string, results []result, s *search.Searcher, log *slog.Logger) error {
	var slow *result
	for i := range results {
		if kind != "" {
			if strings.Contains(results[i].kind.name, kind) {
				slow = &results[i]
				break
			}
			continue
		}
		if results[i].kind.facets() && (slow == nil || results[i].vigie.p50 > slow.vigie.p50) {
			slow = &results[i]
		}
	}
	if slow == nil {
		return nil
	}
	stop, err := startCPUProfile(path)
	if err != nil {
		return err
	}
	defer stop()
	fn := searchFn(ctx, s, slow.kind.req)
	runs := 0
	for start := time.Now(); time.Since(start) < 10*time.Second; runs++ {
		if _, err := fn(); err != nil {
			return err
		}
	}
	log.Info("profiled", slog.String("kind", slow.kind.name), slog.Int("runs", runs), slog.String("file", path))
	return nil
}

// measureHTTP loads the real API server with each faceted kind (the API
// always counts facets).
func measureHTTP(ctx context.Context, cfg config, c *bench.Corpus, s *search.Searcher, rep *report, b budgets, log *slog.Logger) error {
	sv, err := startServer(s, c.Store, c.Index)
	if err != nil {
		return err
	}
	client := newClient(cfg.concurrency)
	defer client.CloseIdleConnections()
	for i := range rep.results {
		r := &rep.results[i]
		if !r.kind.facets() {
			continue
		}
		url := searchURL(sv.base, r.kind.req)
		// Warm the connections and the server's path.
		if err := get(ctx, client, url); err != nil {
			sv.stop()
			return fmt.Errorf("bench: GET %s: %w", url, err)
		}
		runtime.GC()
		r.http = load(ctx, client, url, cfg.concurrency, b.httpRequests, cfg.duration)
		r.hasHTTP = true
		log.Info("http_measured", slog.String("kind", r.kind.name), slog.Int("requests", r.http.n),
			slog.Int("errors", r.http.errors), slog.String("p50_ms", ms(r.http.p50)),
			slog.Float64("req_per_s", r.http.throughput))
	}
	return sv.stop()
}

// measurePeer loads SQLite with the same documents and times each kind.
func measurePeer(ctx context.Context, c *bench.Corpus, dir string, rep *report, b budgets, log *slog.Logger) error {
	p, err := openPeer(filepath.Join(dir, "peer.sqlite"))
	if err != nil {
		return err
	}
	defer p.Close()
	have, err := p.count()
	if err != nil {
		return err
	}
	switch {
	case have == rep.docs && have > 0:
		rep.peerReused = true
		rep.peerDocs = have
	case have == 0:
		log.Info("sqlite_load_start")
		if rep.peerDocs, rep.peerLoad, err = p.load(ctx, c.Store); err != nil {
			return err
		}
		log.Info("sqlite_load_done", slog.Int("docs", rep.peerDocs), slog.Duration("took", rep.peerLoad))
	default:
		return fmt.Errorf("bench: %s holds %d documents, the index %d; remove it", p.path, have, rep.docs)
	}
	rep.peerBytes = p.size()
	for i := range rep.results {
		r := &rep.results[i]
		runtime.GC()
		k := r.kind
		if r.sqlite, err = measure(b.sqlite, func() (uint64, error) { return p.search(ctx, k) }); err != nil {
			return fmt.Errorf("bench: sqlite %s: %w", k.name, err)
		}
		r.hasSQLite = true
		log.Info("sqlite_measured", slog.String("kind", k.name), slog.Uint64("hits", r.sqlite.hits),
			slog.String("p50_ms", ms(r.sqlite.p50)))
	}
	return nil
}

// rss reads a memory figure (VmHWM: peak resident set; VmRSS: current)
// from /proc/self/status, in bytes; 0 where unavailable.
func rss(field string) uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			var kb uint64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb << 10
		}
	}
	return 0
}

func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// settleMerges waits (up to two minutes) until scorch's merger has left
// the segment count alone for three seconds: the latency phases measure
// serving a quiet index, not a bulk load's merge backlog competing for the
// cores. It returns how long it waited and the segments left.
func settleMerges(ctx context.Context, c *bench.Corpus, log *slog.Logger) (time.Duration, int) {
	start := time.Now()
	count := func() int {
		adv, err := c.Index.Advanced()
		if err != nil {
			return -1
		}
		r, err := adv.Reader()
		if err != nil {
			return -1
		}
		defer r.Close()
		if snap, ok := r.(*scorch.IndexSnapshot); ok {
			return len(snap.Segments())
		}
		return -1
	}
	last, stable := count(), 0
	for stable < 6 && time.Since(start) < 2*time.Minute && ctx.Err() == nil {
		time.Sleep(500 * time.Millisecond)
		if n := count(); n == last {
			stable++
		} else {
			last, stable = n, 0
		}
	}
	log.Info("merges_settled", slog.Duration("waited", time.Since(start)), slog.Int("segments", last))
	return time.Since(start), last
}

// resetPeakRSS restarts the process's VmHWM from its current RSS (Linux
// 4.0+), so the serving peak does not include the ingest's.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// startCPUProfile profiles the process into path until the returned
// function is called.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("bench: profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("bench: profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
