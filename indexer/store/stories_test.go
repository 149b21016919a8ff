package store

import (
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"vigie/indexer"
	"vigie/indexer/enrich"
)

var storyEnricher = enrich.New(nil, nil)

// report is an enriched article as the ingest pipeline hands it over.
func report(id, feedURL, lang, title, text string, published time.Time) *indexer.Article {
	a := &indexer.Article{ID: id, URL: "https://x.example/" + id, FeedURL: feedURL, Source: feedURL,
		Title: title, Text: text, FeedLang: lang, Published: published, DateKnown: true, FirstSeen: published}
	a.Enrichment = storyEnricher.Enrich(title, text, lang)
	a.ContentHash = indexer.HashContent(a)
	return a
}

var (
	day        = time.Date(2025, 6, 17, 9, 0, 0, 0, time.UTC)
	palantirEN = func() *indexer.Article {
		return report("en1", "f-en", "en", "Army awards Palantir $480 million for Maven Smart System",
			"The U.S. Army awarded Palantir Technologies a $480 million contract to expand the Maven Smart System, its AI targeting platform.", day)
	}
	palantirFR = func() *indexer.Article {
		return report("fr1", "f-fr", "fr", "L'US Army attribue à Palantir un contrat de 480 millions de dollars pour Maven",
			"L'armée américaine a notifié à Palantir un contrat de 480 millions de dollars pour étendre le Maven Smart System, sa plateforme de ciblage par intelligence artificielle.", day.Add(5*time.Hour))
	}
	rheinmetall = func() *indexer.Article {
		return report("other", "f-en", "en", "Rheinmetall wins €8.5 billion ammunition order from the Bundeswehr",
			"Rheinmetall has won a framework agreement worth 8.5 billion euros for 155 mm artillery shells from the German armed forces.", day.Add(time.Hour))
	}
)

func TestStoriesAcrossBatchesAndLanguages(t *testing.T) {
	s := open(t)
	if _, err := s.PutArticles([]*indexer.Article{palantirEN(), rheinmetall()}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutArticles([]*indexer.Article{palantirFR()}); err != nil {
		t.Fatal(err)
	}
	stories := storiesOf(t, s, "en1", "fr1", "other")
	if stories["en1"] != "en1" || stories["fr1"] != "en1" {
		t.Errorf("Palantir reports: stories %v, want both in en1 (the first report's)", stories)
	}
	if stories["other"] != "other" {
		t.Errorf("Rheinmetall order: story %q, want its own", stories["other"])
	}

	// An update from its feed keeps the story, even reworded.
	upd := palantirFR()
	upd.Title += " (mis à jour)"
	upd.ContentHash = indexer.HashContent(upd)
	if res, err := s.PutArticles([]*indexer.Article{upd}); err != nil || res.Updated != 1 {
		t.Fatalf("update: %+v %v", res, err)
	}
	if got := storiesOf(t, s, "fr1")["fr1"]; got != "en1" {
		t.Errorf("updated report: story %q, want en1 kept", got)
	}
}

func TestStoriesSurviveRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vigie.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutArticles([]*indexer.Article{palantirEN()}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// A new process has nothing in memory: the clusterer reads the day
	// of the first report back from the store.
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.PutArticles([]*indexer.Article{palantirFR()}); err != nil {
		t.Fatal(err)
	}
	if got := storiesOf(t, s, "fr1")["fr1"]; got != "en1" {
		t.Errorf("after a restart: story %q, want en1", got)
	}
}

// A store written before stories existed gets them at Open, in
// publication order, without new sequence numbers.
func TestStoriesMigration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vigie.db")
	s, err := Open(path, WithoutStories())
	if err != nil {
		t.Fatal(err)
	}
	// Stored newest first: the migration still makes the older one lead.
	if _, err := s.PutArticles([]*indexer.Article{palantirFR(), rheinmetall(), palantirEN()}); err != nil {
		t.Fatal(err)
	}
	err = s.DB().Update(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if err := m.Delete([]byte(metaPublished)); err != nil {
			return err
		}
		return tx.DeleteBucket(bucketPublished)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := storiesOf(t, s, "en1")["en1"]; got != "" {
		t.Fatalf("without stories: en1 has story %q", got)
	}
	last := s.LastSeq()
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stories := storiesOf(t, s, "en1", "fr1", "other")
	if stories["en1"] != "en1" || stories["fr1"] != "en1" || stories["other"] != "other" {
		t.Errorf("migrated stories %v, want en1 en1 other", stories)
	}
	if s.LastSeq() != last {
		t.Errorf("migration moved the sequence from %d to %d", last, s.LastSeq())
	}
}

func storiesOf(t *testing.T, s *Store, ids ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, id := range ids {
		a, err := s.Article(id)
		if err != nil {
			t.Fatalf("article %s: %v", id, err)
		}
		out[id] = a.Story
	}
	return out
}
