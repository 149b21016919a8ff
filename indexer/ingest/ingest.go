// Package ingest is the ingest pipeline: it turns parsed feed entries into
// articles (normalised, enriched), writes them to the store, brings the
// index up to date and tells listeners (the alert matcher) what is new. The
// poller and `vigie import` both go through Pipeline.Ingest.
package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"vigie/indexer"
	"vigie/indexer/enrich"
	"vigie/indexer/feed"
	"vigie/indexer/index"
	"vigie/indexer/normalize"
	"vigie/indexer/store"
)

// chunk bounds how many articles go into one store transaction, so a huge
// feed file neither holds one giant transaction nor one per item.
const chunk = 1000

// Listener is told, after the index caught up, the store sequence it now
// holds. The alert matcher uses it to match only what is new.
type Listener func(ctx context.Context, watermark uint64)

// Pipeline ingests feed entries. It is safe for concurrent use: the store
// serialises writes and the index one Sync at a time.
type Pipeline struct {
	store    *store.Store
	index    *index.Index
	enricher *enrich.Enricher
	log      *slog.Logger

	// learnMu serialises the rounds that change the learned entities
	// (a new name, a curation) and re-enrich the articles concerned.
	learnMu sync.Mutex
	// forms logs, in order, the names and aliases whose recognition
	// changed (learnt or curated), each appended once the recogniser knows
	// it; a batch enriched meanwhile checks its articles for them.
	formsMu   sync.Mutex
	forms     []string
	pending   []string  // learnt forms waiting for a round (learn.go)
	lastRound time.Time // when the last round ran

	mu        sync.Mutex
	listeners []Listener
	onIngest  func(added, updated, unchanged int)

	pager PageFetcher // nil: feeds' own text only
}

// PageFetcher fetches an article's page and extracts its main text
// (fulltext.Fetcher). A failure comes back as a Page with Error set.
type PageFetcher interface {
	Fetch(ctx context.Context, pageURL, feedURL, feedText string) indexer.Page
}

// FetchPages makes the pipeline fetch the full text of the articles whose
// feed carries only a summary (per feed: feeds.yaml's fulltext). Imports
// from files never fetch.
func (p *Pipeline) FetchPages(f PageFetcher) { p.pager = f }

// New returns a pipeline over an open store and index.
func New(st *store.Store, idx *index.Index, en *enrich.Enricher, log *slog.Logger) *Pipeline {
	if log == nil {
		log = slog.Default()
	}
	return &Pipeline{store: st, index: idx, enricher: en, log: log}
}

// Listen registers fn to run after each index catch-up.
func (p *Pipeline) Listen(fn Listener) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.listeners = append(p.listeners, fn)
}

// OnIngest registers a counter hook (metrics).
func (p *Pipeline) OnIngest(fn func(added, updated, unchanged int)) { p.onIngest = fn }

// Result counts what one ingest did.
type Result struct {
	Items, Added, Updated, Unchanged, Skipped int
	// Reenriched counts the articles stored before that a name learnt
	// from this feed changed (they were re-enriched, not counted above).
	Reenriched int
}

// Ingest implements feed.Sink: it stores the entries of one parsed feed and
// indexes what is new. Once the store accepted the articles they are safe:
// an indexing failure is logged and left for the next catch-up, so the
// poller can move the feed's state on.
func (p *Pipeline) Ingest(ctx context.Context, src feed.Source, parsed *feed.Parsed, fetchedAt time.Time) (int, error) {
	res, err := p.IngestFeed(ctx, src, parsed, fetchedAt)
	return res.Added + res.Updated, err
}

// IngestFeed is Ingest with the detailed counts.
func (p *Pipeline) IngestFeed(ctx context.Context, src feed.Source, parsed *feed.Parsed, fetchedAt time.Time) (Result, error) {
	res, err := p.StoreFeed(ctx, src, parsed, fetchedAt)
	if err != nil {
		return res, err
	}
	if res.Added+res.Updated+res.Reenriched > 0 {
		p.CatchUp(ctx)
	}
	return res, nil
}

// StoreFeed writes a parsed feed's articles to the store without indexing
// them; the caller calls CatchUp when it wants them searchable. Bulk
// imports use it to index in large batches rather than one per file.
//
// The organisations the written articles name with confidence go into the
// discovered-entity table; a new name is then recognised bare, here and in
// the stored articles that contain it (see learn).
func (p *Pipeline) StoreFeed(ctx context.Context, src feed.Source, parsed *feed.Parsed, fetchedAt time.Time) (Result, error) {
	return p.storeFeed(ctx, src, parsed, fetchedAt, p.pages(ctx, src, parsed))
}

func (p *Pipeline) storeFeed(ctx context.Context, src feed.Source, parsed *feed.Parsed, fetchedAt time.Time, pages []*indexer.Page) (Result, error) {
	since := p.formsLearnt()
	arts, learnable := p.articles(src, parsed, fetchedAt, pages)
	res := Result{Items: len(parsed.Items), Skipped: len(parsed.Items) - len(arts)}
	var found []store.Sighting
	var written []*indexer.Article
	for start := 0; start < len(arts); start += chunk {
		end := min(start+chunk, len(arts))
		put, err := p.store.PutArticles(arts[start:end])
		if err != nil {
			return res, fmt.Errorf("ingest %s: %w", src.Name, err)
		}
		res.Added += put.Added
		res.Updated += put.Updated
		res.Unchanged += put.Unchanged
		// Only what was written is learnt from: an unchanged article
		// was learnt from when first stored.
		for _, a := range put.Written {
			found = append(found, learnable[a.ID]...)
			written = append(written, a)
		}
	}
	if p.onIngest != nil {
		p.onIngest(res.Added, res.Updated, res.Unchanged)
	}
	n, err := p.learn(ctx, found, since, written)
	if err != nil {
		// The articles are stored; what they teach waits for the
		// next article that names it.
		p.log.Error("entity_learning_failed", slog.String("feed", src.URL), slog.Any("error", err))
	}
	res.Reenriched = n
	return res, nil
}

// CatchUp brings the index up to the store and notifies listeners. Errors
// are logged and returned: the store holds the articles and the next call
// retries.
func (p *Pipeline) CatchUp(ctx context.Context) error {
	p.flushLearning(ctx)
	n, wm, err := p.index.Sync(ctx, p.store, nil)
	if err != nil {
		p.log.Error("index_sync_failed", slog.Any("error", err), slog.Int("indexed", n))
		return err
	}
	p.mu.Lock()
	ls := append([]Listener(nil), p.listeners...)
	p.mu.Unlock()
	for _, l := range ls {
		l(ctx, wm)
	}
	return nil
}

// Articles turns feed entries into enriched articles, in parallel: the
// normalisation and enrichment are CPU-bound and independent per entry.
// Entries with neither title nor text, and repeated links, are dropped.
func (p *Pipeline) Articles(src feed.Source, parsed *feed.Parsed, fetchedAt time.Time) []*indexer.Article {
	arts, _ := p.articles(src, parsed, fetchedAt, nil)
	return arts
}

// articles is Articles with the learnable mentions of each article, by id.
// pages[i], when not nil, is item i's fetched page.
func (p *Pipeline) articles(src feed.Source, parsed *feed.Parsed, fetchedAt time.Time, pages []*indexer.Page) ([]*indexer.Article, map[string][]store.Sighting) {
	out := make([]*indexer.Article, len(parsed.Items))
	found := make([][]store.Sighting, len(parsed.Items))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(parsed.Items)/16))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				var page *indexer.Page
				if pages != nil {
					page = pages[i]
				}
				out[i], found[i] = p.article(src, parsed, &parsed.Items[i], fetchedAt, page)
			}
		}()
	}
	for i := range parsed.Items {
		next <- i
	}
	close(next)
	wg.Wait()
	// A feed listing the same link twice (often an item and its "updated"
	// twin) keeps its first entry: letting both through would replace the
	// article with the second and back again on every poll.
	seen := make(map[string]bool, len(out))
	kept := out[:0]
	learnable := map[string][]store.Sighting{}
	for i, a := range out {
		if a != nil && !seen[a.ID] {
			seen[a.ID] = true
			kept = append(kept, a)
			if len(found[i]) > 0 {
				learnable[a.ID] = found[i]
			}
		}
	}
	return kept, learnable
}

func (p *Pipeline) article(src feed.Source, parsed *feed.Parsed, it *feed.Item, fetchedAt time.Time, page *indexer.Page) (*indexer.Article, []store.Sighting) {
	link := itemLink(src, parsed, it)
	raw := indexer.Raw{
		Title: it.Title, Summary: it.Summary, Content: it.Content, Link: it.Link,
		Categories: it.Categories, Page: page,
	}
	title, text, from := ContentFrom(raw)
	if title == "" && text == "" {
		return nil, nil
	}
	id := normalize.ArticleID(link, it.GUID, src.URL)
	if id == "" {
		id = normalize.ContentID(title, text)
	}
	published, known := it.Published, it.DateKnown && !it.Published.IsZero()
	// A date in the future is a feed bug; it would pin the item on top of
	// every date-sorted list for months.
	if !known || published.After(fetchedAt.Add(24*time.Hour)) {
		published, known = fetchedAt, false
	}
	hint := src.Lang
	if hint == "" {
		hint = parsed.Language
	}
	a := &indexer.Article{
		ID:        id,
		URL:       link,
		GUID:      it.GUID,
		FeedURL:   src.URL,
		Source:    sourceName(src, parsed),
		Title:     title,
		Text:      text,
		Author:    it.Author,
		Published: published.UTC(),
		DateKnown: known,
		Updated:   it.Updated.UTC(),
		FirstSeen: fetchedAt.UTC(),
		FeedLang:  parsed.Language,
		TextFrom:  from,
		Raw:       raw,
	}
	en, learnable := p.enricher.Analyse(title, text, hint)
	a.Enrichment = en
	a.Fingerprint = normalize.Fingerprint(title, text)
	a.ContentHash = indexer.HashContent(a)
	var found []store.Sighting
	if len(learnable) > 0 {
		// Mention offsets are in the text Analyse read: title, blank
		// line, text.
		full := title
		if text != "" {
			full = title + "\n\n" + text
		}
		found = sightings(a, full, learnable)
	}
	return a, found
}

// Content is the title and text of an article from its raw feed entry:
// cleaned HTML, the longer of content and summary (some feeds put the full
// text in the summary and a teaser, or nothing, in the content), and the
// text's start as title when the entry has none. `vigie reindex` calls it
// again on stored entries, so cleaning improvements reach old articles.
func Content(raw indexer.Raw) (title, text string) {
	title, text, _ = ContentFrom(raw)
	return title, text
}

// ContentFrom is Content with the page's text in place of the feed's when
// the entry's page was fetched and gave more; from is then
// indexer.TextFromPage.
func ContentFrom(raw indexer.Raw) (title, text, from string) {
	title, text = feedContent(raw)
	if raw.Page != nil && raw.Page.Text != "" {
		if page := withoutTitle(raw.Page.Text, title); len(page) > len(text) {
			text, from = page, indexer.TextFromPage
		}
	}
	return title, text, from
}

// withoutTitle drops the headline a page repeats as its text's first line.
func withoutTitle(text, title string) string {
	first, rest, ok := strings.Cut(text, "\n")
	if ok && title != "" && strings.EqualFold(strings.TrimSpace(first), strings.TrimSpace(title)) {
		return strings.TrimLeft(rest, "\n")
	}
	return text
}

func feedContent(raw indexer.Raw) (title, text string) {
	title = normalize.Title(raw.Title)
	text = normalize.Text(raw.Content)
	if len(raw.Summary) > len(text) {
		if sum := normalize.Text(raw.Summary); len(sum) > len(text) {
			text = sum
		}
	}
	if title == "" {
		title = normalize.Snippet(text, 90)
	}
	return title, text
}

func sourceName(src feed.Source, parsed *feed.Parsed) string {
	switch {
	case src.Name != "":
		return src.Name
	case parsed.Title != "":
		return normalize.Title(parsed.Title)
	default:
		return src.URL
	}
}

// ImportFile stores one feed file from disk; like StoreFeed it leaves
// indexing to CatchUp, which the caller runs every few thousand articles
// and at the end. src names the feed; when its URL is empty the file's
// absolute path (file://...) identifies it.
func (p *Pipeline) ImportFile(ctx context.Context, path string, src feed.Source) (Result, error) {
	body, err := os.ReadFile(path)
	if err != nil {
		return Result{}, fmt.Errorf("import: %w", err)
	}
	if src.URL == "" {
		abs, err := filepath.Abs(path)
		if err != nil {
			return Result{}, fmt.Errorf("import: %w", err)
		}
		src.URL = "file://" + filepath.ToSlash(abs)
	}
	parsed, err := feed.Parse(body, "", src.URL)
	if err != nil {
		return Result{}, fmt.Errorf("import %s: %w", path, err)
	}
	return p.storeFeed(ctx, src, parsed, time.Now(), nil)
}

// itemLink is an item's canonical link, "" when it has none that parses.
func itemLink(src feed.Source, parsed *feed.Parsed, it *feed.Item) string {
	base := parsed.Link
	if base == "" {
		base = src.URL
	}
	link, err := normalize.CanonicalURL(it.Link, base)
	if err != nil {
		return ""
	}
	return link
}
