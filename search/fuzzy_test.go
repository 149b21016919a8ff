package search

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"vigie/indexer"
)

// The fuzzy retry is for typos. An acronym the index lacks is no typo
// ("CNES" must not find "années" through the stem "cne" ~ "ane"), and a
// typo rarely hits the first letter.
func TestFuzzyRetryIsForTypos(t *testing.T) {
	day := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	arts := []*indexer.Article{
		{ID: "f1", Title: "Il y a 1,4 milliard d'années", Text: "Les années passent et les ânes restent.", Published: day},
		{ID: "e1", Title: "Anduril raises money", Text: "Anduril Industries builds drones.", Published: day},
	}
	arts[0].Lang, arts[1].Lang = "fr", "en"
	s := newTestSearcher(t, arts)
	cases := []struct {
		q     string
		total uint64
		fuzzy bool
	}{
		{"CNES", 0, false},           // an acronym: exact or nothing
		{"OTAN", 0, false},           // idem
		{"bnnees", 0, false},         // the first letter is kept
		{"Anduryl", 1, true},         // a typo inside the word
		{`"CNES passent"`, 0, false}, // a phrase's words keep their own fuzziness
		{`"Anduril Industies"`, 1, true},
	}
	for _, c := range cases {
		resp, err := s.Search(context.Background(), Request{Q: c.q, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		if resp.Total != c.total || resp.Fuzzy != c.fuzzy {
			t.Errorf("q=%s: total %d fuzzy %v, want %d %v", c.q, resp.Total, resp.Fuzzy, c.total, c.fuzzy)
		}
	}
}

// "F-35", "F35" and "F 35" find each other; the split parts alone do not
// make a match ("F" and "35" far apart).
func TestDesignationsMatchEveryWriting(t *testing.T) {
	day := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	arts := []*indexer.Article{
		{ID: "hyphen", Title: "Lockheed delivers the F-35 to Poland", Published: day},
		{ID: "joined", Title: "Le F35 arrive en Belgique", Published: day},
		{ID: "space", Title: "Another F 35 order", Published: day},
		{ID: "drone", Title: "The MQ-9B flies again", Published: day},
		{ID: "apart", Title: "Block F of the plan costs 35 dollars", Published: day},
	}
	for _, a := range arts {
		a.Lang = "en"
	}
	arts[1].Lang = "fr"
	s := newTestSearcher(t, arts)
	for q, want := range map[string]string{
		"F-35": "hyphen joined space", "F35": "hyphen joined space", "f35": "hyphen joined space",
		`"F 35"`: "hyphen space", "MQ9B": "drone", "MQ-9B": "drone",
	} {
		if got, _ := hitIDs(t, s, q); got != want {
			t.Errorf("q=%s: hits %q, want %q", q, got, want)
		}
	}
}

// Acronyms that are stop words in lower case are searchable: "AI" must
// not become an empty query that matches everything.
func TestAcronymQueries(t *testing.T) {
	day := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	arts := []*indexer.Article{
		{ID: "fr-ai", Title: "Mistral AI signe avec l'UE", Text: "Le contrat porte sur l'IA générative.", Published: day},
		{ID: "en-ai", Title: "The AI office of the UN", Text: "It will buy AI tools.", Published: day},
		{ID: "other", Title: "Il y a un an, la marine commandait des frégates", Text: "Rien à voir.", Published: day},
	}
	arts[0].Lang, arts[1].Lang, arts[2].Lang = "fr", "en", "fr"
	s := newTestSearcher(t, arts)
	for q, want := range map[string]string{"AI": "en-ai fr-ai", "UN": "en-ai", "UE": "fr-ai", "Mistral AI": "fr-ai"} {
		if got, fuzzy := hitIDs(t, s, q); got != want || fuzzy {
			t.Errorf("q=%s: hits %q (fuzzy %v), want %q", q, got, fuzzy, want)
		}
	}
}

// "US" and "U.S." find each other.
func TestInitialismsDottedOrNot(t *testing.T) {
	day := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	arts := []*indexer.Article{
		{ID: "dotted", Title: "The U.S. Army buys drones", Published: day},
		{ID: "plain", Title: "The US Army buys drones", Published: day},
		{ID: "navy", Title: "The British Navy buys drones", Published: day},
	}
	for _, a := range arts {
		a.Lang = "en"
	}
	s := newTestSearcher(t, arts)
	for q, want := range map[string]string{"US Army": "dotted plain", "U.S. Army": "dotted plain", "U.S": "dotted plain", "UK": ""} {
		if got, _ := hitIDs(t, s, q); got != want {
			t.Errorf("q=%s: hits %q, want %q", q, got, want)
		}
	}
}

// hitIDs searches q and returns the hits' ids, sorted and space-separated,
// and whether the search fell back to fuzzy matching.
func hitIDs(t *testing.T, s *Searcher, q string) (string, bool) {
	t.Helper()
	resp, err := s.Search(context.Background(), Request{Q: q, Size: 10, Sort: SortDate})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range resp.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return strings.Join(ids, " "), resp.Fuzzy
}
