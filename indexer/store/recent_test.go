package store

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"vigie/indexer"
)

func since(t *testing.T, s *Store) []*indexer.Article {
	t.Helper()
	var out []*indexer.Article
	if _, err := s.Since(0, 0, func(a *indexer.Article) error {
		out = append(out, a)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// Since serves the last written articles from memory: they must be the
// articles a fresh process decodes from disk, and a caller changing one
// must not change what the next reader gets.
func TestSinceFromRecentEqualsDisk(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vigie.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 6, 17, 9, 0, 0, 0, time.UTC)
	var arts []*indexer.Article
	for i := range recentMax + 50 { // the oldest 50 fall out of the cache
		a := art(fmt.Sprintf("a%d", i), "f1", fmt.Sprintf("T%d", i), day, true)
		a.Companies, a.Lang, a.AmountUSD = []string{"Thales"}, "fr", 2e6
		a.Raw = indexer.Raw{Title: "raw title", Content: "<p>raw</p>"}
		arts = append(arts, a)
	}
	if _, err := s.PutArticles(arts); err != nil {
		t.Fatal(err)
	}
	cached := since(t, s)
	cached[len(cached)-1].Title = "changed by a reader"
	cached = since(t, s)
	if got := cached[len(cached)-1].Title; got == "changed by a reader" {
		t.Fatal("a reader's change reached the cache")
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	disk := since(t, s)
	if len(disk) != len(cached) || len(disk) != len(arts) {
		t.Fatalf("since read %d articles from disk, %d from the cache, want %d", len(disk), len(cached), len(arts))
	}
	for i := range disk {
		if !reflect.DeepEqual(disk[i], cached[i]) {
			t.Fatalf("article %d:\ncache %+v\n disk %+v", i, cached[i], disk[i])
		}
	}
}

// Rewrite changes articles in place, under the same sequence: Since must
// not serve the copies cached before it.
func TestSinceAfterRewrite(t *testing.T) {
	s := open(t)
	day := time.Date(2025, 6, 17, 9, 0, 0, 0, time.UTC)
	if _, err := s.PutArticles([]*indexer.Article{art("a", "f1", "A", day, true)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Rewrite(func(a *indexer.Article, _ indexer.Raw) bool {
		a.Agencies = []string{"DGA"}
		return true
	}); err != nil {
		t.Fatal(err)
	}
	got := since(t, s)
	if len(got) != 1 || !reflect.DeepEqual(got[0].Agencies, []string{"DGA"}) {
		t.Fatalf("after rewrite, Since gave %+v", got)
	}
}
