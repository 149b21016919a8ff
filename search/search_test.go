package search

import (
	"context"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"vigie/indexer"
	"vigie/indexer/index"
)

type memArticles map[string]*indexer.Article

func (m memArticles) Articles(ids []string) ([]*indexer.Article, error) {
	var out []*indexer.Article
	for _, id := range ids {
		if a, ok := m[id]; ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// newTestSearcher indexes arts in an in-memory scorch index with the real
// mapping.
func newTestSearcher(t *testing.T, arts []*indexer.Article, opts ...Option) *Searcher {
	t.Helper()
	m, err := index.NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	store := memArticles{}
	b := idx.NewBatch()
	for _, a := range arts {
		store[a.ID] = a
		if err := b.Index(a.ID, index.Document(a)); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	s, err := New(idx, store, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRecencyIsAnOption(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	art := func(id string, published time.Time, title string) *indexer.Article {
		return &indexer.Article{ID: id, Title: title, Text: "The Army awarded a drone contract.", Published: published,
			Enrichment: indexer.Enrichment{Lang: "en"}}
	}
	// The old article matches better (the word is in its title too).
	s := newTestSearcher(t, []*indexer.Article{
		art("old", now.AddDate(-3, 0, 0), "Drone contract"),
		art("new", now.AddDate(0, 0, -3), "Army award"),
	}, WithClock(func() time.Time { return now }))
	order := func(recency bool) []string {
		resp, err := s.Search(context.Background(), Request{Q: "drone", Size: 10, Recency: recency})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range resp.Hits {
			ids = append(ids, h.ID)
		}
		return ids
	}
	if got := order(false); len(got) != 2 || got[0] != "old" {
		t.Fatalf("relevance without recency = %v, want the title match first", got)
	}
	if got := order(true); len(got) != 2 || got[0] != "new" {
		t.Fatalf("relevance with recency = %v, want the 3-day-old article first", got)
	}
}

func TestDateAndAmountSortFromColumns(t *testing.T) {
	day := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	var arts []*indexer.Article
	for i, amt := range []float64{5e6, 0, 9e9, 2e8, 0, 2e8} {
		a := &indexer.Article{ID: string(rune('a' + i)), Title: "Drone contract", Text: "drone",
			Published: day.AddDate(0, 0, i), Enrichment: indexer.Enrichment{Lang: "en", AmountUSD: amt}}
		arts = append(arts, a)
	}
	fast := newTestSearcher(t, arts)
	slow := newTestSearcher(t, arts, WithBleveFacets())
	for _, c := range []struct {
		req  Request
		want string
	}{
		{Request{Q: "drone", Sort: SortDate, Size: 10}, "fedcba"},
		{Request{Q: "drone", Sort: SortAmount, Size: 10}, "cfdaeb"}, // ties by newest; no amount last
		{Request{Sort: SortRelevance, Size: 2, Page: 2}, "dc"},      // empty query: newest first, page 2
		{Request{Q: "drone", Sort: SortAmount, Size: 2, Page: 3}, "eb"},
	} {
		for name, s := range map[string]*Searcher{"columns": fast, "bleve": slow} {
			resp, err := s.Search(context.Background(), c.req)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, h := range resp.Hits {
				got += h.ID
			}
			if got != c.want || resp.Total != 6 {
				t.Errorf("%s %+v: got %q (total %d), want %q", name, c.req, got, resp.Total, c.want)
			}
		}
	}
}

// IDsOnly drops everything but the hits' ids and scores: the same
// articles in the same order with the same scores and totals, in
// relevance, date and amount order, collapsed or not (alert matching
// relies on it).
func TestIDsOnlyKeepsHits(t *testing.T) {
	day := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	var arts []*indexer.Article
	for i, title := range []string{"Drone contract", "Army drone swarm", "Radar upgrade", "Drone drone", "Navy radar contract"} {
		arts = append(arts, &indexer.Article{ID: string(rune('a' + i)), Title: title, Text: "The drone contract was signed.",
			Published: day.AddDate(0, 0, i), Enrichment: indexer.Enrichment{Lang: "en", AmountUSD: float64(i) * 1e6}})
	}
	s := newTestSearcher(t, arts)
	for _, req := range []Request{
		{Q: "drone", Size: 3}, {Q: "drone OR radar", Size: 10}, {Q: "contract", Sort: SortDate, Size: 2},
		{Q: "drone", Sort: SortAmount, Size: 10}, {Size: 10}, {Q: `"drone contract"`, Size: 10},
		{Q: "drone", Size: 2, Collapse: CollapseStory},
	} {
		full, err := s.Search(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		req.IDsOnly = true
		bare, err := s.Search(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if full.Total != bare.Total || full.TotalStories != bare.TotalStories || len(full.Hits) != len(bare.Hits) {
			t.Fatalf("%+v: total %d/%d stories %d/%d hits %d/%d", req, full.Total, bare.Total,
				full.TotalStories, bare.TotalStories, len(full.Hits), len(bare.Hits))
		}
		for i := range full.Hits {
			f, b := full.Hits[i], bare.Hits[i]
			if f.ID != b.ID || f.Score != b.Score || b.Snippet != "" || b.Title != "" {
				t.Errorf("%+v hit %d: %s %v vs %s %v (%q, %q)", req, i, f.ID, f.Score, b.ID, b.Score, b.Title, b.Snippet)
			}
		}
		if req.Q != "" && full.Hits[0].TitleHTML == "" {
			t.Errorf("%+v: no highlighting without IDsOnly", req)
		}
	}
}
