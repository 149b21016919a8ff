package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"vigie/indexer"
	"vigie/indexer/enrich"
	"vigie/indexer/feed"
	"vigie/indexer/index"
	"vigie/indexer/ingest"
	"vigie/indexer/store"
	"vigie/search"
)

// item is one RSS item of a test feed.
type item struct{ guid, title, text string }

func rss(items ...item) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Veille</title><link>https://veille.example/</link>`)
	for _, it := range items {
		fmt.Fprintf(&b, "<item><title>%s</title><link>https://veille.example/%s</link><guid>%s</guid><pubDate>Tue, 04 Mar 2025 10:00:00 +0000</pubDate><description>%s</description></item>",
			it.title, it.guid, it.guid, it.text)
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

var (
	src     = feed.Source{Name: "Veille", URL: "https://veille.example/rss"}
	itOld   = item{"old", "Drones de surface", "Ocealys livre trois drones de surface à la Marine nationale pour la guerre des mines."}
	itLearn = item{"learn", "Contrat DGA", "La DGA a notifié un contrat de 12 millions d'euros à Ocealys SAS, une PME bretonne."}
	itLater = item{"later", "Essais en mer", "Les drones d'Ocealys ont terminé leurs essais à Brest. Ocealys vise l'export."}
)

// world is a data directory opened as a command opens it: store, index,
// enricher with the learned table loaded, pipeline, searcher.
type world struct {
	t        *testing.T
	dir      string
	st       *store.Store
	idx      *index.Index
	en       *enrich.Enricher
	p        *ingest.Pipeline
	searcher *search.Searcher
}

func openWorld(t *testing.T, dir string) *world {
	t.Helper()
	st, err := store.Open(filepath.Join(dir, "vigie.db"))
	if err != nil {
		t.Fatal(err)
	}
	idx, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	en := enrich.New(nil, nil)
	if _, err := ingest.LoadLearned(st, en); err != nil {
		t.Fatal(err)
	}
	s, err := search.New(idx, st, search.WithResolver(en.Resolve))
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, dir: dir, st: st, idx: idx, en: en, p: ingest.New(st, idx, en, slog.New(slog.DiscardHandler)), searcher: s}
	t.Cleanup(w.close)
	return w
}

func (w *world) close() {
	if w.st != nil {
		w.idx.Close()
		w.st.Close()
		w.st = nil
	}
}

func (w *world) ingest(items ...item) ingest.Result {
	w.t.Helper()
	parsed, err := feed.Parse([]byte(rss(items...)), "application/rss+xml", src.URL)
	if err != nil {
		w.t.Fatal(err)
	}
	res, err := w.p.IngestFeed(context.Background(), src, parsed, time.Date(2025, 3, 5, 8, 0, 0, 0, time.UTC))
	if err != nil {
		w.t.Fatal(err)
	}
	return res
}

// companies returns the stored companies of the article of guid.
func (w *world) companies(guid string) []string {
	w.t.Helper()
	for _, a := range w.all() {
		if a.GUID == guid {
			return a.Companies
		}
	}
	w.t.Fatalf("no article %s", guid)
	return nil
}

func (w *world) all() []*indexer.Article {
	w.t.Helper()
	var out []*indexer.Article
	if _, err := w.st.Since(0, 0, func(a *indexer.Article) error { out = append(out, a); return nil }); err != nil {
		w.t.Fatal(err)
	}
	return out
}

// found returns the guids (the URL's last part) of the articles a search
// filtered on company finds, and the company facet's value for it.
func (w *world) found(company string) ([]string, int) {
	w.t.Helper()
	resp, err := w.searcher.Search(context.Background(), search.Request{Companies: []string{company}, Size: 50})
	if err != nil {
		w.t.Fatal(err)
	}
	var guids []string
	for _, h := range resp.Hits {
		guids = append(guids, h.URL[strings.LastIndexByte(h.URL, '/')+1:])
	}
	slices.Sort(guids)
	count := 0
	for _, f := range resp.Facets.Company {
		if f.Value == company {
			count = f.Count
		}
	}
	return guids, count
}

func TestLearnedEntityIsRecognisedBareEverywhere(t *testing.T) {
	w := openWorld(t, t.TempDir())
	w.ingest(itOld)
	if cs := w.companies("old"); slices.Contains(cs, "Ocealys") {
		t.Fatalf("before learning, bare Ocealys is already a company: %q", cs)
	}
	oldSeq := w.all()[0].Seq

	res := w.ingest(itLearn)
	if res.Added != 1 || res.Reenriched != 1 {
		t.Fatalf("learning ingest = %+v, want 1 added and the old article re-enriched", res)
	}
	e, err := w.st.Entity("Ocealys")
	if err != nil {
		t.Fatal(err)
	}
	if e.Kind != "company" || e.Status != store.EntityLearned || e.Articles != 1 ||
		!slices.Equal(e.Aliases, []string{"Ocealys SAS"}) || !strings.Contains(e.Example.Text, "à Ocealys SAS, une PME bretonne") {
		t.Fatalf("entity = %+v", e)
	}
	if cs := w.companies("old"); !slices.Equal(cs, []string{"Ocealys"}) {
		t.Fatalf("the article stored before was not re-enriched: companies %q", cs)
	}
	for _, a := range w.all() {
		if a.GUID == "old" && a.Seq <= oldSeq {
			t.Fatalf("re-enriched article kept seq %d (the catch-up would not re-index it)", a.Seq)
		}
	}
	if got, n := w.found("Ocealys"); !slices.Equal(got, []string{"learn", "old"}) || n != 2 {
		t.Fatalf("search company=Ocealys finds %q (facet %d), want learn and old", got, n)
	}

	w.ingest(itLater)
	if cs := w.companies("later"); !slices.Equal(cs, []string{"Ocealys"}) {
		t.Fatalf("a later article with bare Ocealys: companies %q", cs)
	}

	// The same article again, unchanged and then updated: counted once.
	w.ingest(itLearn)
	upd := itLearn
	upd.text += " Livraison en 2026."
	if res := w.ingest(upd); res.Updated != 1 {
		t.Fatalf("update = %+v", res)
	}
	if e, _ := w.st.Entity("Ocealys"); e.Articles != 1 {
		t.Fatalf("articles = %d after seeing the same article three times", e.Articles)
	}

	// A restart keeps what was learnt.
	w.close()
	w = openWorld(t, w.dir)
	w.ingest(item{"after-restart", "Export", "Ocealys signe avec la marine belge."})
	if cs := w.companies("after-restart"); !slices.Equal(cs, []string{"Ocealys"}) {
		t.Fatalf("after a restart: companies %q", cs)
	}
}

func TestCurationChangesFacets(t *testing.T) {
	w := openWorld(t, t.TempDir())
	w.ingest(itOld, itLearn, itLater)
	// Learnt within one feed: the article before it in the same feed is
	// re-enriched too.
	if got, n := w.found("Ocealys"); !slices.Equal(got, []string{"later", "learn", "old"}) || n != 3 {
		t.Fatalf("company=Ocealys finds %q (%d)", got, n)
	}
	ctx := context.Background()

	n, err := w.p.RejectEntity(ctx, "Ocealys")
	if err != nil || n != 3 {
		t.Fatalf("reject: %d changed, %v", n, err)
	}
	if got, _ := w.found("Ocealys"); len(got) != 0 {
		t.Fatalf("after reject, company=Ocealys finds %q", got)
	}
	for _, g := range []string{"old", "learn", "later"} {
		if cs := w.companies(g); slices.Contains(cs, "Ocealys") {
			t.Fatalf("after reject, %s names %q", g, cs)
		}
	}
	// New articles do not learn it again.
	w.ingest(item{"again", "Nouveau contrat", "La DGA a notifié un second contrat à Ocealys SAS."})
	if cs := w.companies("again"); slices.Contains(cs, "Ocealys") {
		t.Fatalf("a rejected name was found again: %q", cs)
	}

	if n, err = w.p.AcceptEntity(ctx, "Ocealys"); err != nil || n != 4 {
		t.Fatalf("accept: %d changed, %v", n, err)
	}
	if got, _ := w.found("Ocealys"); len(got) != 4 {
		t.Fatalf("after accept, company=Ocealys finds %q", got)
	}

	if n, err = w.p.RenameEntity(ctx, "Ocealys", "Ocealys Marine"); err != nil || n != 4 {
		t.Fatalf("rename: %d changed, %v", n, err)
	}
	if got, _ := w.found("Ocealys"); len(got) != 0 {
		t.Fatalf("after rename, the old name finds %q", got)
	}
	if got, n := w.found("Ocealys Marine"); len(got) != 4 || n != 4 {
		t.Fatalf("after rename, the new name finds %q (facet %d)", got, n)
	}

	if n, err = w.p.MergeEntity(ctx, "Ocealys Marine", "Thales"); err != nil || n != 4 {
		t.Fatalf("merge: %d changed, %v", n, err)
	}
	if got, _ := w.found("Ocealys Marine"); len(got) != 0 {
		t.Fatalf("after merge, the merged name finds %q", got)
	}
	// The pattern finds ("Ocealys SAS") go to Thales; bare names of a
	// curated entity cannot be learnt.
	if got, _ := w.found("Thales"); !slices.Contains(got, "learn") || !slices.Contains(got, "again") {
		t.Fatalf("after merge into Thales, company=Thales finds %q", got)
	}

	for _, tc := range []struct {
		name string
		do   func() (int, error)
		want error
	}{
		{"reject unknown", func() (int, error) { return w.p.RejectEntity(ctx, "Nope") }, store.ErrNotFound},
		{"merge into unknown", func() (int, error) { return w.p.MergeEntity(ctx, "Ocealys Marine", "Nope") }, store.ErrNotFound},
		{"rename a merged name", func() (int, error) { return w.p.RenameEntity(ctx, "Ocealys Marine", "X") }, store.ErrEntityConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.do(); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestLearningRoundsAreSpaced checks that names learnt in quick succession
// (a bulk import) wait for one round, which CatchUp runs, instead of one
// round per batch, and that nothing is missed: the articles stored in
// between get the name once the round has run.
func TestLearningRoundsAreSpaced(t *testing.T) {
	w := openWorld(t, t.TempDir())
	w.ingest(itLearn) // the first name: a round at once
	if cs := w.companies("learn"); !slices.Contains(cs, "Ocealys") {
		t.Fatalf("learn: companies %q", cs)
	}
	bare := item{"bare", "Sonars", "Les sonars de Kerlys équipent les drones."}
	teach := item{"teach", "Contrat", "La DGA a notifié un contrat à Kerlys SAS, une PME de Lorient."}
	parsed, err := feed.Parse([]byte(rss(bare)), "", src.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.p.StoreFeed(context.Background(), src, parsed, time.Now()); err != nil {
		t.Fatal(err)
	}
	parsed, err = feed.Parse([]byte(rss(teach)), "", src.URL)
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.p.StoreFeed(context.Background(), src, parsed, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if res.Reenriched != 0 {
		t.Errorf("a second name within %s re-enriched %d articles at once, want the round deferred", "2s", res.Reenriched)
	}
	if err := w.p.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	if cs := w.companies("bare"); !slices.Equal(cs, []string{"Kerlys"}) {
		t.Errorf("bare: companies %q after CatchUp, want [Kerlys]", cs)
	}
	if ids, n := w.found("Kerlys"); n != 2 {
		t.Errorf("company=Kerlys finds %d (%q), want 2", n, ids)
	}
}
