package store

import (
	"path/filepath"
	"testing"
	"time"

	"vigie/indexer"
	"vigie/indexer/feed"
)

func open(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "vigie.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func art(id, feedURL, title string, published time.Time, known bool) *indexer.Article {
	a := &indexer.Article{ID: id, URL: "https://x.example/" + id, FeedURL: feedURL, Source: feedURL,
		Title: title, Text: "body of " + title, Published: published, DateKnown: known, FirstSeen: published}
	a.ContentHash = indexer.HashContent(a)
	return a
}

func TestPutArticlesSequencesAndDedup(t *testing.T) {
	s := open(t)
	day := time.Date(2025, 6, 17, 9, 0, 0, 0, time.UTC)
	res, err := s.PutArticles([]*indexer.Article{art("a", "f1", "A", day, true), art("b", "f1", "B", day, true)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 2 || res.Written[0].Seq != 1 || res.Written[1].Seq != 2 {
		t.Fatalf("first put: %+v", res)
	}
	// The same articles again: nothing written, no new sequence.
	res, err = s.PutArticles([]*indexer.Article{art("a", "f1", "A", day, true), art("b", "f1", "B", day, true)})
	if err != nil || res.Unchanged != 2 || len(res.Written) != 0 || s.LastSeq() != 2 {
		t.Fatalf("second put: %+v err=%v last=%d", res, err, s.LastSeq())
	}
	// The same link from another feed: owned by the first feed, ignored.
	res, _ = s.PutArticles([]*indexer.Article{art("a", "f2", "A (copy)", day, true)})
	if res.Unchanged != 1 {
		t.Fatalf("other feed's copy: %+v", res)
	}
	// An update from its own feed replaces it with a new sequence number
	// and leaves no stale sequence entry behind.
	later := day.Add(time.Hour)
	upd := art("a", "f1", "A updated", later, false)
	res, _ = s.PutArticles([]*indexer.Article{upd})
	if res.Updated != 1 || upd.Seq != 3 {
		t.Fatalf("update: %+v seq=%d", res, upd.Seq)
	}
	got, err := s.Article("a")
	if err != nil || got.Title != "A updated" {
		t.Fatalf("article a: %+v %v", got, err)
	}
	if !got.Published.Equal(day) {
		t.Fatalf("undated update moved the date to %v; want the first one %v", got.Published, day)
	}
	var seen []string
	last, err := s.Since(0, 0, func(a *indexer.Article) error { seen = append(seen, a.ID); return nil })
	if err != nil || last != 3 || len(seen) != 2 || seen[0] != "b" || seen[1] != "a" {
		t.Fatalf("Since(0) = %v last=%d err=%v; want [b a] last 3", seen, last, err)
	}
	seen = nil
	s.Since(2, 0, func(a *indexer.Article) error { seen = append(seen, a.ID); return nil })
	if len(seen) != 1 || seen[0] != "a" {
		t.Fatalf("Since(2) = %v", seen)
	}
	if s.Count() != 2 {
		t.Fatalf("Count = %d", s.Count())
	}
}

func TestRewriteKeepsSequence(t *testing.T) {
	s := open(t)
	day := time.Date(2025, 6, 17, 9, 0, 0, 0, time.UTC)
	var arts []*indexer.Article
	for _, id := range []string{"a", "b", "c"} {
		arts = append(arts, art(id, "f", id, day, true))
	}
	if _, err := s.PutArticles(arts); err != nil {
		t.Fatal(err)
	}
	n, err := s.Rewrite(func(a *indexer.Article, _ indexer.Raw) bool {
		if a.ID == "b" {
			a.Companies = []string{"OpenAI"}
			return true
		}
		return false
	})
	if err != nil || n != 1 {
		t.Fatalf("Rewrite = %d, %v", n, err)
	}
	b, _ := s.Article("b")
	if b.Seq != 2 || len(b.Companies) != 1 || s.LastSeq() != 3 {
		t.Fatalf("after rewrite: seq %d companies %v last %d", b.Seq, b.Companies, s.LastSeq())
	}
}

func TestFeedStateRoundTrip(t *testing.T) {
	s := open(t)
	st := feed.State{URL: "https://a.example/feed", ETag: `"x"`, ErrorCount: 2, LastError: "HTTP 500"}
	if err := s.PutFeedState(st); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.FeedState(st.URL)
	if err != nil || !ok || got.ETag != `"x"` || got.ErrorCount != 2 {
		t.Fatalf("got %+v ok=%v err=%v", got, ok, err)
	}
	if _, ok, _ := s.FeedState("https://other.example/"); ok {
		t.Fatal("unknown feed reported as known")
	}
	all, err := s.FeedStates()
	if err != nil || len(all) != 1 {
		t.Fatalf("FeedStates = %v, %v", all, err)
	}
}

func TestOpenLockedGivesClearError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vigie.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Open(path); err == nil {
		t.Fatal("second Open of a locked store succeeded")
	}
}

func TestRawEntryKeptApart(t *testing.T) {
	s := open(t)
	a := art("a", "f", "A", time.Date(2025, 6, 17, 9, 0, 0, 0, time.UTC), true)
	a.Raw = indexer.Raw{Title: "<b>A</b>", Content: "<p>body</p>"}
	if _, err := s.PutArticles([]*indexer.Article{a}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Article("a")
	if err != nil || got.Raw.Content != "" {
		t.Fatalf("article carries its raw entry (%q, %v); it must be stored apart", got.Raw.Content, err)
	}
	raw, err := s.RawEntry("a")
	if err != nil || raw.Content != "<p>body</p>" || raw.Title != "<b>A</b>" {
		t.Fatalf("RawEntry = %+v, %v", raw, err)
	}
}
