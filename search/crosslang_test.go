package search

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"vigie/indexer"
	"vigie/indexer/index"
	"vigie/search/xlang"
)

// testLexicon is a small lexicon, so these tests do not move when the
// embedded one grows.
const testLexicon = `# == test ==
contrat	contract
essaim	swarm
appel d'offres	tender
frappe	strike
`

func crossLingualSearcher(t *testing.T) *Searcher {
	t.Helper()
	m, err := index.NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := xlang.Parse([]byte(testLexicon))
	if err != nil {
		t.Fatal(err)
	}
	lex := xlang.New(pairs, m.AnalyzerNamed(index.AnalyzerFR), m.AnalyzerNamed(index.AnalyzerEN))
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	art := func(id, lang, title, text string, agencies ...string) *indexer.Article {
		day = day.Add(time.Hour)
		return &indexer.Article{ID: id, Title: title, Text: text, Published: day,
			Enrichment: indexer.Enrichment{Lang: lang, Agencies: agencies}}
	}
	arts := []*indexer.Article{
		art("en-contract", "en", "Army signs drone contract", "The Army signed a contract for small drones."),
		art("fr-contrat", "fr", "Un contrat pour des drones", "L'armée de Terre signe un contrat de drones."),
		art("en-swarm", "en", "Drone swarm trial", "Engineers flew a swarm of forty drones."),
		art("en-tender", "en", "Navy opens tender for frigates", "The tender closes in June."),
		art("en-navy", "en", "French Navy tests a sea drone", "The French Navy tested a sea drone off Toulon.", "French Navy"),
	}
	resolve := func(alias string) (string, bool) {
		if strings.EqualFold(alias, "Marine nationale") {
			return "French Navy", true
		}
		return "", false
	}
	return newTestSearcher(t, arts, WithLexicon(lex), WithResolver(resolve))
}

func TestCrossLingualQuery(t *testing.T) {
	s := crossLingualSearcher(t)
	cases := []struct {
		q      string
		off    bool
		hits   []string // in order
		also   []string
		reason string
	}{
		{q: "contrat drones", hits: []string{"fr-contrat", "en-contract"}, also: []string{"contract"},
			reason: "the French query finds the English drone contract, the French article first"},
		{q: "contract", hits: []string{"en-contract", "fr-contrat"}, also: []string{"contrat"},
			reason: "and the reverse, the English article first"},
		{q: "contrat drones", off: true, hits: []string{"fr-contrat"},
			reason: "xlang=0 searches the words as typed"},
		{q: "essaims", hits: []string{"en-swarm"}, also: []string{"swarm"},
			reason: "a French plural meets its lexicon entry through stemming"},
		{q: "appel d'offres", hits: []string{"en-tender"}, also: []string{"tender"},
			reason: "a run of bare words is translated as one phrase"},
		{q: "appel d’offres", hits: []string{"en-tender"}, also: []string{"tender"},
			reason: "with a typographic apostrophe too"},
		{q: `"appel d'offres"`, hits: []string{"en-tender"}, also: []string{"tender"},
			reason: "a quoted phrase is translated as a whole"},
		{q: "drones -contrat", hits: []string{"en-swarm", "en-contract", "en-navy"},
			reason: "exclusions are not translated: a looser translation would hide results silently"},
		{q: "title:contrat", hits: []string{"fr-contrat"},
			reason: "field clauses search what they say"},
		{q: "Marine nationale", hits: []string{"en-navy"}, also: []string{"French Navy"},
			reason: "an entity alias reaches the articles naming the entity"},
	}
	for _, c := range cases {
		resp, err := s.Search(context.Background(), Request{Q: c.q, Size: 10, NoXLang: c.off})
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		var got []string
		for _, h := range resp.Hits {
			got = append(got, h.ID)
		}
		if c.q == "drones -contrat" {
			slices.Sort(got) // both match only "drones": order is not the point
			slices.Sort(c.hits)
		}
		if !slices.Equal(got, c.hits) {
			t.Errorf("%q (xlang off %v): hits %v, want %v: %s", c.q, c.off, got, c.hits, c.reason)
		}
		if !slices.Equal(resp.AlsoSearched, c.also) {
			t.Errorf("%q: also searched %q, want %q", c.q, resp.AlsoSearched, c.also)
		}
	}
}

// The translation is a lower-boosted alternative: an article with the
// words as typed outscores one that only has their translation by a
// clear margin, not by accident of length.
func TestTranslationRanksBelowTheWordAsTyped(t *testing.T) {
	s := crossLingualSearcher(t)
	resp, err := s.Search(context.Background(), Request{Q: "frappe", Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Total != 0 {
		t.Fatalf("frappe: %d hits in a corpus without strikes", resp.Total)
	}
	resp, err = s.Search(context.Background(), Request{Q: "contract", Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Hits) != 2 {
		t.Fatalf("contract: %d hits, want 2", len(resp.Hits))
	}
	if a, b := resp.Hits[0].Score, resp.Hits[1].Score; !(a > 1.5*b) {
		t.Errorf("typed %.3f vs translated %.3f: the word as typed should score well above its translation", a, b)
	}
}
