package search

import (
	"context"
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
		{"CNES", 0, false},   // an acronym: exact or nothing
		{"OTAN", 0, false},   // idem
		{"bnnees", 0, false}, // the first letter is kept
		{"Anduryl", 1, true}, // a typo inside the word
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
