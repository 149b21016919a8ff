package main

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"vigie/indexer/feed"
)

func runPoll(ctx context.Context, e *env, args []string) error {
	var c common
	fs := newFlagSet(e, "poll", "")
	c.register(fs)
	concurrency := fs.Int("concurrency", 4, "feeds fetched at once (at most one per host)")
	timeout := fs.Duration("timeout", 30*time.Second, "per-feed fetch timeout")
	var pf pageFlags
	pf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
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
	p, err := feed.NewPoller(feed.PollerConfig{
		Sources:         srcs,
		DefaultInterval: 15 * time.Minute,
		Concurrency:     *concurrency,
		Fetcher:         feed.NewFetcher(feed.FetcherConfig{Timeout: *timeout}),
		Gate:            a.pageGate(pf),
		States:          a.store,
		Sink:            a.pipeline,
		Logger:          log,
	})
	if err != nil {
		return err
	}
	reports := p.PollOnce(ctx)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FEED\tRESULT\tNEW\tTIME")
	failed := 0
	for _, r := range reports {
		result := "ok"
		if r.Err != nil {
			result = "failed: " + truncate(r.Err.Error(), 70)
			failed++
		} else if r.Status == 304 {
			result = "not modified"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", r.Source.Name, result, r.New, r.Duration.Round(time.Millisecond))
	}
	tw.Flush()
	if failed > 0 && failed == len(reports) {
		return errors.New("every feed failed")
	}
	return nil
}
