package ingest

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"vigie/indexer"
	"vigie/indexer/feed"
	"vigie/indexer/fulltext"
	"vigie/indexer/normalize"
)

const (
	// maxPagesPerPoll bounds the pages fetched for one feed per poll, so
	// a feed of 100 teasers on a slow site does not hold its articles
	// back for minutes; the others are fetched at the next polls.
	maxPagesPerPoll = 20
	// maxPageAttempts is how often a page that failed for a passing
	// reason (a timeout, a 503) is tried before its feed text is final.
	maxPageAttempts = 3
	// pageRetryAfter is the least time between two attempts of one page.
	pageRetryAfter = 30 * time.Minute
)

// pages returns, per item of parsed, the page to take its text from: the
// one stored from an earlier fetch, else a new fetch when the feed's mode
// and text ask for one. It returns nil when there is nothing to fetch.
func (p *Pipeline) pages(ctx context.Context, src feed.Source, parsed *feed.Parsed) []*indexer.Page {
	if p.pager == nil || src.Mode() == feed.FullTextNever || strings.HasPrefix(src.URL, "file:") {
		return nil // a feed file is an archive: read offline, like an import
	}
	out := make([]*indexer.Page, len(parsed.Items))
	fetched := 0
	for i := range parsed.Items {
		if ctx.Err() != nil {
			break
		}
		it := &parsed.Items[i]
		link := itemLink(src, parsed, it)
		if link == "" {
			continue
		}
		_, text := feedContent(indexer.Raw{Title: it.Title, Summary: it.Summary, Content: it.Content})
		if !fulltext.Needed(src.Mode(), text) {
			continue
		}
		id := normalize.ArticleID(link, it.GUID, src.URL)
		old, err := p.store.Page(id)
		if err != nil {
			p.log.Error("page_load_failed", slog.String("article", id), slog.Any("error", err))
			continue
		}
		if old != nil && (old.Text != "" || old.Permanent || old.Attempts >= maxPageAttempts ||
			time.Since(old.FetchedAt) < pageRetryAfter) {
			out[i] = old
			continue
		}
		if fetched >= maxPagesPerPoll {
			continue
		}
		fetched++
		page := p.pager.Fetch(ctx, link, src.URL, text)
		if ctx.Err() != nil {
			break // cancelled: not the page's fault, nothing recorded
		}
		if old != nil {
			page.Attempts = old.Attempts
		}
		page.Attempts++
		if err := p.store.PutPage(id, src.URL, page); err != nil {
			p.log.Error("page_store_failed", slog.String("article", id), slog.Any("error", err))
		}
		if page.Error != "" {
			p.log.Warn("fulltext_failed", slog.String("feed", src.Name), slog.String("url", link),
				slog.String("error", page.Error), slog.Bool("permanent", page.Permanent))
		}
		out[i] = &page
	}
	return out
}
