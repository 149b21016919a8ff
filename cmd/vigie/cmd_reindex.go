package main

import (
	"context"
	"fmt"
	"time"

	"vigie/indexer"
	"vigie/indexer/index"
	"vigie/indexer/ingest"
	"vigie/indexer/store"
)

func runReindex(ctx context.Context, e *env, args []string) error {
	var c common
	fs := newFlagSet(e, "reindex", "")
	c.register(fs)
	keepEnrichment := fs.Bool("keep-enrichment", false, "only rebuild the index; do not re-read the feed entries nor re-run language, entity and amount recognition")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	en, err := c.enricher()
	if err != nil {
		return err
	}
	st, err := store.Open(c.storePath())
	if err != nil {
		return err
	}
	defer st.Close()
	// Re-enrichment keeps the learnt entities and their curation.
	if _, err := ingest.LoadLearned(st, en); err != nil {
		return err
	}
	total := st.Count()
	start := time.Now()
	if !*keepEnrichment {
		bar := newBar(e.stderr, total, "re-enriching")
		changed, err := st.Rewrite(func(a *indexer.Article, raw indexer.Raw) bool {
			bar.Add(1)
			title, text, from, before := a.Title, a.Text, a.TextFrom, a.Enrichment
			// Title and text are cleaned again from the feed entry as
			// stored, and the page stored for its full text (never
			// fetched again), so improvements to HTML cleaning reach old
			// articles. The story fingerprint stays: alerts dedupe on it.
			if t, x, f := ingest.ContentFrom(raw); t != "" || x != "" {
				a.Title, a.Text, a.TextFrom = t, x, f
			}
			a.Enrichment = en.Enrich(a.Title, a.Text, a.FeedLang)
			return a.Title != title || a.Text != text || a.TextFrom != from || !ingest.SameEnrichment(before, a.Enrichment)
		})
		bar.Finish()
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "re-read and re-enriched %s: %d changed\n", plural(total, "article"), changed)
	}
	bar := newBar(e.stderr, total, "indexing")
	n, err := index.Rebuild(ctx, c.indexPath(), st, func(done int) { bar.Set(done) })
	bar.Finish()
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(e.stdout, "rebuilt the index: %s in %.1fs (%.0f articles/s)\n", plural(n, "article"), secs, float64(n)/max(secs, 1e-9))
	return nil
}
