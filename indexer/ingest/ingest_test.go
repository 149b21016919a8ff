package ingest_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"vigie/indexer"
	"vigie/indexer/enrich"
	"vigie/indexer/feed"
	"vigie/indexer/index"
	"vigie/indexer/ingest"
	"vigie/indexer/store"
)

func newPipeline(t testing.TB) (*store.Store, *index.Index, *ingest.Pipeline) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "vigie.db"))
	if err != nil {
		t.Fatal(err)
	}
	idx, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close(); st.Close() })
	return st, idx, ingest.New(st, idx, enrich.New(nil, nil), slog.New(slog.DiscardHandler))
}

const frenchFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Veille</title><link>https://veille.example/</link><language>en</language>
<item><title>L&#8217;Agence de l&#8217;innovation de défense signe avec Mistral AI</title>
<link>/articles/aid-mistral?utm_source=rss&amp;utm_medium=feed</link>
<guid isPermaLink="false">aid-mistral-1</guid>
<pubDate>mardi 4 mars 2025 10:00:00 +0100</pubDate>
<description><![CDATA[<p>Le ministère des Armées a confié à <b>Mistral AI</b> un accord-cadre.
Montant&nbsp;: 1,5&nbsp;milliard d’euros selon <a href="#">la DGA</a>.</p><script>alert(1)</script>]]></description>
</item>
<item><title>Same story, other feed copy</title><link>https://veille.example/articles/aid-mistral</link>
<description>A copy with the same canonical link.</description></item>
<item><title></title><description></description></item>
</channel></rss>`

// TestIngestNormalisesEnrichesAndDedups drives one realistic French item
// through the pipeline and checks each step's result.
func TestIngestNormalisesEnrichesAndDedups(t *testing.T) {
	st, idx, p := newPipeline(t)
	parsed, err := feed.Parse([]byte(frenchFeed), "application/rss+xml", "https://veille.example/rss")
	if err != nil {
		t.Fatal(err)
	}
	src := feed.Source{Name: "Veille", URL: "https://veille.example/rss"}
	now := time.Date(2025, 3, 5, 8, 0, 0, 0, time.UTC)
	res, err := p.IngestFeed(context.Background(), src, parsed, now)
	if err != nil {
		t.Fatal(err)
	}
	// The parser drops the empty item; the copy with the same canonical
	// link is the same article, kept once.
	if res.Items != 2 || res.Skipped != 1 || res.Added != 1 || res.Updated != 0 {
		t.Fatalf("result = %+v", res)
	}
	var got []string
	st.Since(0, 0, func(a *indexer.Article) error { got = append(got, a.ID); return nil })
	if len(got) != 1 {
		t.Fatalf("stored %d articles", len(got))
	}
	a, err := st.Article(got[0])
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != "https://veille.example/articles/aid-mistral" {
		t.Errorf("url = %q (tracking parameters must go, relative link resolved)", a.URL)
	}
	if a.Title != "L’Agence de l’innovation de défense signe avec Mistral AI" {
		t.Errorf("title = %q", a.Title)
	}
	if strings.Contains(a.Text, "<") || strings.Contains(a.Text, "alert(1)") {
		t.Errorf("text keeps markup or script: %q", a.Text)
	}
	if a.Lang != "fr" {
		t.Errorf("lang = %q, want fr (the feed says en, the text is French)", a.Lang)
	}
	if want := time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC); !a.Published.Equal(want) || !a.DateKnown {
		t.Errorf("published = %v known=%v, want %v from the French date", a.Published, a.DateKnown, want)
	}
	if len(a.Companies) != 1 || a.Companies[0] != "Mistral AI" {
		t.Errorf("companies = %q", a.Companies)
	}
	for _, want := range []string{"AID", "French Ministry of Armed Forces", "DGA"} {
		if !strings.Contains(strings.Join(a.Agencies, "|"), want) {
			t.Errorf("agencies = %q, missing %s", a.Agencies, want)
		}
	}
	if a.AmountUSD < 1.5e9 {
		t.Errorf("amount_usd = %v, want the 1,5 milliard d'euros in USD", a.AmountUSD)
	}
	if n, _ := idx.DocCount(); n != 1 {
		t.Errorf("index holds %d docs, want 1", n)
	}
	// Seen again: nothing new is written or indexed.
	res, _ = p.IngestFeed(context.Background(), src, parsed, now.Add(time.Hour))
	if res.Added+res.Updated != 0 || st.LastSeq() != 1 {
		t.Fatalf("second ingest wrote: %+v, last seq %d", res, st.LastSeq())
	}
}

// FuzzIngest feeds arbitrary bytes through the whole untrusted-input path:
// parse, normalise, enrich. Nothing may panic, and every article kept must
// have an ID, valid UTF-8 text and no markup.
func FuzzIngest(f *testing.F) {
	f.Add([]byte(frenchFeed))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[{"id":"1","content_html":"<b>$5 million</b>"}]}`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&lt;script&gt;</title></entry></feed>`))
	_, _, p := newPipeline(f)
	src := feed.Source{Name: "fuzz", URL: "https://fuzz.example/feed"}
	f.Fuzz(func(t *testing.T, body []byte) {
		parsed, err := feed.Parse(body, "", src.URL)
		if err != nil {
			return
		}
		for _, a := range p.Articles(src, parsed, time.Now()) {
			if a.ID == "" || !utf8.ValidString(a.Title) || !utf8.ValidString(a.Text) {
				t.Fatalf("bad article: id %q title %q", a.ID, a.Title)
			}
			if a.AmountUSD < 0 {
				t.Fatalf("negative amount %v", a.AmountUSD)
			}
		}
	})
}

// BenchmarkIngest measures end-to-end ingest (normalise, enrich, store,
// index) in articles per second, in feeds of 500 items.
func BenchmarkIngest(b *testing.B) {
	_, _, p := newPipeline(b)
	words := strings.Fields(`le ministère des Armées a attribué un contrat de drones à Anduril pour 200 millions de dollars
	the Pentagon awarded Palantir a $480 million contract for Maven artificial intelligence targeting software
	la DGA commande des missiles à MBDA et Thales pour 1,5 milliard d'euros dans le cadre de la loi de programmation militaire`)
	n := 0
	b.ResetTimer()
	for b.Loop() {
		parsed := &feed.Parsed{Title: "bench"}
		for range 500 {
			var body strings.Builder
			for w := range 350 {
				body.WriteString(words[(n*7+w*13)%len(words)])
				body.WriteByte(' ')
			}
			parsed.Items = append(parsed.Items, feed.Item{
				Title: fmt.Sprintf("Article %d about defense AI", n), Link: fmt.Sprintf("https://bench.example/%d", n),
				Content: body.String(), Published: time.Unix(1.7e9+int64(n)*60, 0), DateKnown: true,
			})
			n++
		}
		if _, err := p.IngestFeed(context.Background(), feed.Source{Name: "bench", URL: "https://bench.example/feed"}, parsed, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// TestDatelessItemUnchanged: an item without a date, polled again later
// (the feed changed for another item), is unchanged, not rewritten with a
// new sequence because its stand-in date, the fetch time, moved.
func TestDatelessItemUnchanged(t *testing.T) {
	st, _, p := newPipeline(t)
	const rss = `<rss version="2.0"><channel><title>No Dates</title><link>https://nodates.example/</link>
<item><title>Navy orders sonar buoys</title><link>https://nodates.example/a</link><description>The Navy ordered sonar buoys for its maritime patrol aircraft.</description></item>
</channel></rss>`
	src := feed.Source{Name: "No Dates", URL: "https://nodates.example/feed"}
	parsed, err := feed.Parse([]byte(rss), "", src.URL)
	if err != nil {
		t.Fatal(err)
	}
	first := time.Date(2025, 6, 17, 8, 0, 0, 0, time.UTC)
	if res, err := p.IngestFeed(context.Background(), src, parsed, first); err != nil || res.Added != 1 {
		t.Fatalf("first poll: %+v %v", res, err)
	}
	seq := st.LastSeq()
	res, err := p.IngestFeed(context.Background(), src, parsed, first.Add(time.Hour))
	if err != nil || res.Unchanged != 1 || res.Updated != 0 {
		t.Errorf("an hour later: %+v %v, want unchanged", res, err)
	}
	if st.LastSeq() != seq {
		t.Errorf("sequence moved from %d to %d: the article was rewritten", seq, st.LastSeq())
	}
}
