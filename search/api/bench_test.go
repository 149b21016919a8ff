package api_test

import (
	"io"
	"net/http"
	"testing"
)

// BenchmarkSearchHTTP measures whole requests through the HTTP stack
// (middleware, parsing, bleve, facets, JSON) over the test corpus, so it
// shows the server's own overhead; bigger corpora are measured by
// `make bench` against a running server.
func BenchmarkSearchHTTP(b *testing.B) {
	srv := server(b)
	for _, bm := range []struct{ name, query string }{
		{"one-word", "q=drones"},
		{"faceted-match-all", "size=0"},
		{"filtered", "q=contract&company=OpenAI&lang=en&amount_min=100M&from=2025-01-01"},
		{"phrase-sorted", "q=%22armée+de+terre%22+OR+drones&sort=date"},
		{"fuzzy-retry", "q=Anduryl"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			url := srv.URL + "/api/search?" + bm.query
			b.ReportAllocs()
			for b.Loop() {
				res, err := http.Get(url)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					b.Fatalf("status %d", res.StatusCode)
				}
			}
		})
	}
}
