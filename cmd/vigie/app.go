package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"vigie/indexer/amount"
	"vigie/indexer/enrich"
	"vigie/indexer/entity"
	"vigie/indexer/feed"
	"vigie/indexer/fulltext"
	"vigie/indexer/index"
	"vigie/indexer/ingest"
	"vigie/indexer/store"
	"vigie/search"
)

// common holds the flags every command shares.
type common struct {
	data      string
	feeds     string
	gazetteer string
	rates     string
	logLevel  string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.data, "data", "./data", "data directory (store and index)")
	fs.StringVar(&c.feeds, "feeds", "./feeds.yaml", "feed list")
	fs.StringVar(&c.gazetteer, "gazetteer", "", "entity gazetteer YAML replacing the embedded one")
	fs.StringVar(&c.rates, "rates", "", "currency rate table YAML replacing the embedded one (USD per unit)")
	fs.StringVar(&c.logLevel, "log-level", "info", "log level: debug, info, warn, error")
}

func newFlagSet(e *env, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: vigie %s [flags] %s\n\nFlags:\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses and turns flag errors into errUsage (the flag package
// already printed the message and usage).
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

func (c *common) logger(w io.Writer) *slog.Logger {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.logLevel)); err != nil {
		lvl = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: lvl}))
}

func (c *common) storePath() string { return filepath.Join(c.data, "vigie.db") }
func (c *common) indexPath() string { return filepath.Join(c.data, "index") }

// enricher loads the gazetteer and rate table named by the flags.
func (c *common) enricher() (*enrich.Enricher, error) {
	var gaz *entity.Gazetteer
	if c.gazetteer != "" {
		g, err := entity.LoadFile(c.gazetteer)
		if err != nil {
			return nil, fmt.Errorf("gazetteer: %w", err)
		}
		gaz = g
	}
	var rates amount.Rates
	if c.rates != "" {
		f, err := os.Open(c.rates)
		if err != nil {
			return nil, fmt.Errorf("rates: %w", err)
		}
		defer f.Close()
		if rates, err = amount.LoadRates(f); err != nil {
			return nil, fmt.Errorf("rates %s: %w", c.rates, err)
		}
	}
	return enrich.New(gaz, rates), nil
}

// app is the opened data directory: store, index, pipeline and searcher.
type app struct {
	log      *slog.Logger
	store    *store.Store
	index    *index.Index
	pipeline *ingest.Pipeline
	searcher *search.Searcher
}

// openApp opens the store and index and catches the index up with the store
// (after a crash, or after articles were written by another command).
func openApp(ctx context.Context, c *common, log *slog.Logger) (*app, error) {
	en, err := c.enricher()
	if err != nil {
		return nil, err
	}
	st, err := store.Open(c.storePath())
	if err != nil {
		return nil, err
	}
	// What was learnt from the corpus is recognised before anything is
	// ingested or searched, so a restart keeps it.
	if _, err := ingest.LoadLearned(st, en); err != nil {
		st.Close()
		return nil, err
	}
	idx, err := openIndex(ctx, c.indexPath(), st, log)
	if err != nil {
		st.Close()
		return nil, err
	}
	s, err := search.New(idx, st, search.WithResolver(en.Resolve))
	if err != nil {
		idx.Close()
		st.Close()
		return nil, err
	}
	a := &app{log: log, store: st, index: idx, pipeline: ingest.New(st, idx, en, log), searcher: s}
	// New segments get their facet columns right after each ingest, so no
	// analyst's click pays for building them.
	a.pipeline.Listen(func(context.Context, uint64) { a.warm() })
	if n, _, err := idx.Sync(ctx, st, nil); err != nil {
		log.Error("index_catch_up_failed", slog.Any("error", err))
	} else if n > 0 {
		log.Info("index_caught_up", slog.Int("articles", n))
	}
	return a, nil
}

// warm builds the facet columns of segments the searcher has not seen.
func (a *app) warm() {
	if err := a.searcher.Warm(); err != nil {
		a.log.Warn("facet_columns_warm_failed", slog.Any("error", err))
	}
}

func (a *app) Close() error {
	err := a.index.Close()
	if serr := a.store.Close(); err == nil {
		err = serr
	}
	return err
}

// newBar is a progress bar on w, silent when w is not a terminal (logs
// and CI output stay readable).
func newBar(w io.Writer, total int, desc string) *progressbar.ProgressBar {
	visible := isTerminal(w)
	return progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("articles"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionSetVisibility(visible),
		progressbar.OptionClearOnFinish(),
	)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// plural formats "1 article" / "2 articles".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// openIndex opens the index; one built by an older Vigie with another
// mapping is rebuilt from the store first (the index is derived data), so
// an upgrade needs no manual step.
func openIndex(ctx context.Context, dir string, st *store.Store, log *slog.Logger) (*index.Index, error) {
	idx, err := index.Open(dir)
	if !errors.Is(err, index.ErrMappingChanged) {
		return idx, err
	}
	log.Warn("index_rebuild", slog.String("reason", err.Error()), slog.Int("articles", st.Count()))
	start := time.Now()
	n, err := index.Rebuild(ctx, dir, st, nil)
	if err != nil {
		return nil, fmt.Errorf("rebuild the index for the new mapping: %w\n  (or run: vigie reindex)", err)
	}
	log.Info("index_rebuilt", slog.Int("articles", n), slog.Duration("took", time.Since(start)))
	return index.Open(dir)
}

// pageFlags are the full-text settings of the commands that poll.
type pageFlags struct {
	enabled bool
	delay   time.Duration
}

func (f *pageFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.enabled, "fulltext", true, "fetch the page of articles whose feed carries only a summary, as each feed's fulltext setting says (false: never)")
	fs.DurationVar(&f.delay, "page-delay", fulltext.DefaultHostDelay, "least pause between two requests to one host for full-text pages (robots.txt Crawl-delay can lengthen it)")
}

// pageGate sets the pipeline fetching full text when enabled and returns
// the host gate its fetcher shares with the poller (nil when disabled).
func (a *app) pageGate(f pageFlags) *feed.HostGate {
	if !f.enabled {
		return nil
	}
	gate := feed.NewHostGate()
	delay := f.delay
	if delay == 0 {
		delay = -1 // fulltext.Config: negative is no pause
	}
	a.pipeline.FetchPages(fulltext.New(fulltext.Config{HostDelay: delay, Gate: gate}))
	return gate
}
