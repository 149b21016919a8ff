package search

import (
	"strings"
	"testing"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"vigie/indexer"
	"vigie/indexer/index"
)

func TestHighlightFromStore(t *testing.T) {
	hl, err := newHighlighter()
	if err != nil {
		t.Fatal(err)
	}
	s := &Searcher{highlighter: hl}
	a := &indexer.Article{Title: "Drones <b>armés</b>", Text: "L'armée commande des drones armés à Safran."}
	loc := func(start, end uint64) bsearch.TermLocationMap {
		return bsearch.TermLocationMap{"dron": {{Start: start, End: end, Pos: 1}}}
	}
	cases := []struct {
		name      string
		locations bsearch.FieldTermLocationMap
		field     string
		want      string
	}{
		{"body", bsearch.FieldTermLocationMap{index.FieldBodyFR: loc(22, 28)}, index.FieldBodyFR,
			"L&#39;armée commande des <mark>drones</mark> armés à Safran."},
		{"title, escaped", bsearch.FieldTermLocationMap{index.FieldTitleFR: loc(0, 6)}, index.FieldTitleFR,
			"<mark>Drones</mark> &lt;b&gt;armés&lt;/b&gt;"},
		// The store changed before the index caught up: no fragment, no panic.
		{"stale locations", bsearch.FieldTermLocationMap{index.FieldBodyFR: loc(60, 66)}, index.FieldBodyFR, ""},
		{"unknown field", bsearch.FieldTermLocationMap{"company": loc(0, 3)}, "company", ""},
	}
	for _, c := range cases {
		h := &bsearch.DocumentMatch{ID: "x", Locations: c.locations}
		s.highlightFromStore(h, a)
		if got := strings.Join(h.Fragments[c.field], "|"); got != c.want {
			t.Errorf("%s: fragments %q, want %q", c.name, got, c.want)
		}
	}
}
