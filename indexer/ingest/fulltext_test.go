package ingest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"vigie/indexer"
	"vigie/indexer/feed"
	"vigie/indexer/fulltext"
	"vigie/indexer/ingest"
)

const teaserFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Defense Ledger</title><link>%s/</link>
<item><title>Army picks Ridgeline Systems for counter-drone interceptors</title><link>%s/story/ridgeline</link>
<description>The U.S. Army has awarded Ridgeline Systems Inc. a contract to build low-cost interceptors that destroy small drones… Read more</description></item>
<item><title>Navy tests a new sonar</title><link>%s/gone</link>
<description>The Navy tested a new sonar off San Diego…</description></item>
</channel></rss>`

// pageSite serves a teaser feed and the full page of its first item, and
// counts the requests per path.
func pageSite(t *testing.T) (*httptest.Server, func(string) int) {
	t.Helper()
	page, err := os.ReadFile("../fulltext/testdata/pages/en-army-counter-drone.html")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	hits := map[string]int{}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/story/ridgeline":
			w.Header().Set("Content-Type", "text/html")
			w.Write(page)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, func(p string) int { mu.Lock(); defer mu.Unlock(); return hits[p] }
}

func TestIngestFetchesFullText(t *testing.T) {
	st, _, p := newPipeline(t)
	p.FetchPages(fulltext.New(fulltext.Config{HostDelay: -1}))
	srv, hits := pageSite(t)
	src := feed.Source{Name: "Defense Ledger", URL: srv.URL + "/feed.xml"}
	body := strings.ReplaceAll(teaserFeed, "%s", srv.URL)
	parsed, err := feed.Parse([]byte(body), "application/rss+xml", src.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := p.IngestFeed(ctx, src, parsed, time.Now())
	if err != nil || res.Added != 2 {
		t.Fatalf("ingest: %+v %v", res, err)
	}
	var arts []*indexer.Article
	st.Since(0, 0, func(a *indexer.Article) error { arts = append(arts, a); return nil })
	byURL := map[string]*indexer.Article{}
	for _, a := range arts {
		byURL[a.URL] = a
	}
	full := byURL[srv.URL+"/story/ridgeline"]
	if full == nil || full.TextFrom != indexer.TextFromPage || !strings.Contains(full.Text, "raise its value to $1.1 billion") {
		t.Fatalf("article with a page: %+v", full)
	}
	if strings.HasPrefix(full.Text, "Army picks") || strings.Contains(full.Text, "cookies") {
		t.Errorf("page text keeps the headline or the cookie banner: %q", full.Text[:120])
	}
	// Entities and amounts come from the page, not only the teaser.
	if !slices.Contains(full.Agencies, "Army Contracting Command-Redstone") || full.AmountUSD != 1.1e9 {
		t.Errorf("enrichment of the page text: agencies %v, largest amount %v", full.Agencies, full.AmountUSD)
	}
	gone := byURL[srv.URL+"/gone"]
	if gone == nil || gone.TextFrom != "" || gone.Text != "The Navy tested a new sonar off San Diego…" {
		t.Errorf("article whose page failed keeps the feed text: %+v", gone)
	}
	stats, err := st.PageStats(src.URL)
	if err != nil || stats.Fetched != 1 || stats.Failed != 1 || !strings.Contains(stats.LastError, "404") {
		t.Errorf("page stats = %+v %v", stats, err)
	}

	// The next poll reuses the stored page and does not retry the 404.
	res, err = p.IngestFeed(ctx, src, parsed, time.Now())
	if err != nil || res.Unchanged != 2 {
		t.Errorf("second ingest: %+v %v", res, err)
	}
	if hits("/story/ridgeline") != 1 || hits("/gone") != 1 || hits("/robots.txt") != 1 {
		t.Errorf("requests: page %d, gone %d, robots %d; want 1 each", hits("/story/ridgeline"), hits("/gone"), hits("/robots.txt"))
	}

	// Reindex re-reads the stored page, never the network.
	n, err := st.Rewrite(func(a *indexer.Article, raw indexer.Raw) bool {
		_, text, from := ingest.ContentFrom(raw)
		if a.ID == full.ID && (from != indexer.TextFromPage || text != full.Text) {
			t.Errorf("reindex text from %q: %q", from, text)
		}
		return false
	})
	if err != nil || n != 0 || hits("/story/ridgeline") != 1 {
		t.Errorf("rewrite: %d %v", n, err)
	}
}

func TestIngestFullTextNever(t *testing.T) {
	_, _, p := newPipeline(t)
	p.FetchPages(fulltext.New(fulltext.Config{HostDelay: -1}))
	srv, hits := pageSite(t)
	src := feed.Source{Name: "Defense Ledger", URL: srv.URL + "/feed.xml", FullText: feed.FullTextNever}
	parsed, err := feed.Parse([]byte(strings.ReplaceAll(teaserFeed, "%s", srv.URL)), "", src.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.IngestFeed(context.Background(), src, parsed, time.Now()); err != nil {
		t.Fatal(err)
	}
	if n := hits("/story/ridgeline") + hits("/robots.txt"); n != 0 {
		t.Errorf("fulltext: never made %d requests", n)
	}
}

// BenchmarkIngestFullText ingests a feed of 20 teasers whose pages are
// served locally (no per-host pause), against the same feed ingested
// without fetching: the difference is the full-text cost per article
// (robots.txt once, HTTP on loopback, extraction, the larger text's
// enrichment and storage).
func BenchmarkIngestFullText(b *testing.B) {
	page, err := os.ReadFile("../fulltext/testdata/pages/en-army-counter-drone.html")
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/story/") {
			w.Header().Set("Content-Type", "text/html")
			w.Write(page)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	for _, fetch := range []bool{false, true} {
		name := "feed-text"
		if fetch {
			name = "full-text"
		}
		b.Run(name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				b.StopTimer()
				_, _, p := newPipeline(b)
				if fetch {
					p.FetchPages(fulltext.New(fulltext.Config{HostDelay: -1}))
				}
				var items strings.Builder
				for i := range 20 {
					n++
					fmt.Fprintf(&items, "<item><title>Army picks Ridgeline %d</title><link>%s/story/%d</link><description>The U.S. Army has awarded Ridgeline Systems Inc. a contract to build low-cost interceptors that destroy small drones…</description></item>", i, srv.URL, n)
				}
				body := fmt.Sprintf(`<rss version="2.0"><channel><title>L</title>%s</channel></rss>`, items.String())
				src := feed.Source{Name: "L", URL: srv.URL + "/feed.xml"}
				parsed, err := feed.Parse([]byte(body), "", src.URL)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := p.StoreFeed(context.Background(), src, parsed, time.Now()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*20), "µs/article")
		})
	}
}
