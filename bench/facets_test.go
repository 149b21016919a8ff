package bench_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"vigie/bench"
	"vigie/bench/gen"
	"vigie/indexer"
	"vigie/search"
)

// The fast facets (per-segment columns counted inside bleve's collector)
// must give exactly what bleve's own facets give, on every kind of request,
// as segments come and go: after several batches (background merges),
// after updates and deletes (new segments, deleted documents in old ones)
// and after a forced merge into one segment.

const (
	corpusSize   = 5000 // 2000 with -short or -race
	ingestBatch  = 500
	revised      = 400 // articles re-ingested with new text
	deleted      = 150 // articles deleted from the index
	concurrentIn = 300 // articles ingested while searches run, in batches of 100
)

func TestFastFacetsEqualBleveFacets(t *testing.T) {
	ctx := context.Background()
	g, err := gen.New(gen.Config{Seed: 6})
	if err != nil {
		t.Fatal(err)
	}
	c, err := bench.Open(t.TempDir(), g, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Error(err)
		}
	})
	n, batch := corpusSize, ingestBatch
	if testing.Short() || raceEnabled {
		n, batch = 2000, 250
	}
	if _, err := c.Ingest(ctx, 0, n, batch, 2, nil); err != nil {
		t.Fatal(err)
	}
	fast, err := search.New(c.Index, c.Store)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := search.New(c.Index, c.Store, search.WithBleveFacets())
	if err != nil {
		t.Fatal(err)
	}
	reqs := requests(t, ref)
	if len(reqs) < 30 {
		t.Fatalf("only %d requests", len(reqs))
	}

	// Columns built lazily by the first searches, then warmed.
	t.Run("after ingest", func(t *testing.T) { compareAll(t, fast, ref, reqs) })
	if err := fast.Warm(); err != nil {
		t.Fatal(err)
	}
	t.Run("after warm", func(t *testing.T) { compareAll(t, fast, ref, reqs) })

	// Updates and deletes: new segments hold the new versions, old
	// segments keep the replaced and deleted documents, marked deleted.
	var revs []gen.Article
	for i := 0; len(revs) < revised; i += n / revised {
		revs = append(revs, g.Revision(i+1, 1))
	}
	if err := c.IngestArticles(ctx, revs); err != nil {
		t.Fatal(err)
	}
	b := c.Index.NewBatch()
	ids := articleIDs(t, c, n, deleted)
	for _, id := range ids {
		b.Delete(id)
	}
	if err := c.Index.Batch(b); err != nil {
		t.Fatal(err)
	}
	if dc, _ := c.Index.DocCount(); dc != uint64(n-len(ids)) {
		t.Fatalf("doc count after deletes = %d, want %d", dc, n-len(ids))
	}
	t.Run("after updates and deletes", func(t *testing.T) { compareAll(t, fast, ref, reqs) })

	sc := scorchOf(t, c)
	if err := sc.ForceMerge(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if segs := segmentCount(t, c); segs != 1 {
		t.Logf("after ForceMerge: %d segments", segs)
	}
	t.Run("after force merge", func(t *testing.T) { compareAll(t, fast, ref, reqs) })

	t.Run("concurrent with ingest", func(t *testing.T) { concurrentInvariants(t, c, fast, reqs, n) })
	// Quiet again: both paths must agree on the final index.
	t.Run("after concurrent ingest", func(t *testing.T) { compareAll(t, fast, ref, reqs) })
}

// requests builds the compared requests, with facet values taken from the
// corpus itself (the head and the tail of each facet).
func requests(t *testing.T, ref *search.Searcher) []search.Request {
	t.Helper()
	all, err := ref.Search(context.Background(), search.Request{FacetSize: search.MaxFacetSize})
	if err != nil {
		t.Fatal(err)
	}
	f := all.Facets
	if len(f.Company) < 10 || len(f.Agency) < 5 || len(f.Source) < 10 || len(f.Lang) < 2 {
		t.Fatalf("corpus facets too thin: %d companies, %d agencies, %d sources, %d langs",
			len(f.Company), len(f.Agency), len(f.Source), len(f.Lang))
	}
	c1, c2, cTail := f.Company[0].Value, f.Company[1].Value, f.Company[len(f.Company)-1].Value
	a1, a2 := f.Agency[0].Value, f.Agency[1].Value
	s1, s2 := f.Source[0].Value, f.Source[5].Value
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	medium, rare, common := gen.MediumWord, gen.RareWord, gen.CommonWord
	return []search.Request{
		{},
		{Q: medium},
		{Q: rare},
		{Q: common},
		{Q: `"` + gen.Phrase + `"`},
		{Q: "contrat"},
		{Q: "contracts"},
		{Q: medium + " " + rare},
		{Q: medium + " OR " + rare},
		{Q: medium + " -" + common},
		{Q: "title:" + medium},
		{Q: `company:"` + c1 + `"`},
		{Companies: []string{c1}},
		{Companies: []string{c1, c2}},
		{Companies: []string{cTail}},
		{Agencies: []string{a1}},
		{Agencies: []string{a1, a2}, Companies: []string{c1}},
		{Langs: []string{"fr"}},
		{Langs: []string{"en"}, Q: medium},
		{Sources: []string{s1}},
		{Sources: []string{s1, s2}, Q: common},
		{AmountMin: 1e8},
		{AmountMin: 1e7, AmountMax: 1e9},
		{AmountMax: 5e6, Q: medium},
		{Q: rare, Companies: []string{c1}, AmountMin: 1e6},
		{From: day("2024-01-01"), To: day("2025-01-01")},
		{From: day("2025-06-01"), Q: medium},
		{To: day("2020-06-01")},
		{Sort: search.SortDate, Q: medium},
		{Sort: search.SortAmount},
		{Sort: search.SortAmount, Q: common, Page: 3, Size: 20},
		{Q: medium, Page: 2, Size: 50},
		{Q: common, Size: 0},
		{FacetSize: 1},
		{FacetSize: 50, Q: medium},
		{FacetSize: search.MaxFacetSize, Q: common, Sort: search.SortDate},
		{Q: "zzyzxqw"}, // no hit: the fuzzy retry runs
		{Companies: []string{"No Such Company"}},
		{Q: common, Langs: []string{"fr"}, AmountMin: 1e9},
		{Page: 10, Size: 100, Sort: search.SortDate},
		{Q: medium, Companies: []string{c1}, Agencies: []string{a1}, Langs: []string{"en", "fr"},
			Sources: []string{s1}, AmountMin: 1e6, From: day("2020-01-01"), To: day("2026-01-01"), Sort: search.SortDate},
		{Q: "company:" + c2 + " " + common, Langs: []string{"en"}, Sort: search.SortAmount},
	}
}

func compareAll(t *testing.T, fast, ref *search.Searcher, reqs []search.Request) {
	t.Helper()
	for i, req := range reqs {
		t.Run(fmt.Sprintf("%02d", i), func(t *testing.T) {
			got, err := fast.Search(context.Background(), req)
			if err != nil {
				t.Fatalf("fast %+v: %v", req, err)
			}
			want, err := ref.Search(context.Background(), req)
			if err != nil {
				t.Fatalf("bleve %+v: %v", req, err)
			}
			if msg := diff(got, want); msg != "" {
				t.Errorf("request %s: %s", describe(req), msg)
			}
		})
	}
}

// diff compares what facets may change: totals, hits (ids, in order) and
// every facet.
func diff(got, want *search.Response) string {
	if got.Total != want.Total {
		return fmt.Sprintf("total %d, bleve %d", got.Total, want.Total)
	}
	gi, wi := hitIDs(got), hitIDs(want)
	if !slices.Equal(gi, wi) {
		return fmt.Sprintf("hits %v, bleve %v", gi, wi)
	}
	gj, _ := json.Marshal(got.Facets)
	wj, _ := json.Marshal(want.Facets)
	if string(gj) != string(wj) {
		return fmt.Sprintf("facets differ:\n fast:  %s\n bleve: %s", gj, wj)
	}
	return ""
}

func hitIDs(r *search.Response) []string {
	ids := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		ids[i] = h.ID
	}
	return ids
}

func describe(r search.Request) string {
	b, _ := json.Marshal(r)
	return string(b)
}

// articleIDs returns the store ids of count articles spread over the first
// n, for deletion.
func articleIDs(t *testing.T, c *bench.Corpus, n, count int) []string {
	t.Helper()
	var ids []string
	step := n / count
	seen := 0
	_, err := c.Store.Since(0, n+revised, func(a *indexer.Article) error {
		if seen%step == step/2 && len(ids) < count {
			ids = append(ids, a.ID)
		}
		seen++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func scorchOf(t *testing.T, c *bench.Corpus) *scorch.Scorch {
	t.Helper()
	adv, err := c.Index.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		t.Fatalf("index is %T, not scorch", adv)
	}
	return sc
}

func segmentCount(t *testing.T, c *bench.Corpus) int {
	t.Helper()
	r, err := scorchOf(t, c).Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	return len(r.(*scorch.IndexSnapshot).Segments())
}

// concurrentInvariants searches with fast facets while new articles are
// ingested in small batches (segments introduced and merged under the
// searches), and checks what must hold on any snapshot: without a language
// filter every hit has exactly one language, so the language counts add up
// to the total; without an amount filter (the amount facet is disjunctive)
// the amount buckets never count more than the total.
func concurrentInvariants(t *testing.T, c *bench.Corpus, fast *search.Searcher, reqs []search.Request, n int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	// One searcher goroutine: with two, on two cores, the searches starve
	// the ingest they are meant to overlap.
	for w := range 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 1))
			for ctx.Err() == nil {
				req := reqs[r.IntN(len(reqs))]
				if len(req.Langs) > 0 {
					continue
				}
				resp, err := fast.Search(ctx, req)
				if err != nil {
					if ctx.Err() == nil {
						errs <- err
					}
					return
				}
				if err := invariants(req, resp); err != nil {
					errs <- fmt.Errorf("%s: %w", describe(req), err)
					return
				}
			}
		}()
	}
	_, err := c.Ingest(context.Background(), n, n+concurrentIn, 100, 1, nil)
	cancel()
	wg.Wait()
	close(errs)
	if err != nil {
		t.Fatal(err)
	}
	for err := range errs {
		t.Error(err)
	}
}

func invariants(req search.Request, r *search.Response) error {
	langs, amounts := 0, 0
	for _, l := range r.Facets.Lang {
		langs += l.Count
	}
	for _, a := range r.Facets.Amount {
		amounts += a.Count
	}
	if uint64(langs) != r.Total {
		return fmt.Errorf("language counts add up to %d, total %d", langs, r.Total)
	}
	if req.AmountMin == 0 && req.AmountMax == 0 && uint64(amounts) > r.Total {
		return fmt.Errorf("amount buckets count %d, total %d", amounts, r.Total)
	}
	return nil
}
