package search

import (
	"html"
	"strings"
	"testing"
	"unicode/utf8"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"vigie/indexer"
	"vigie/indexer/index"
)

func TestHighlightFromStore(t *testing.T) {
	s := &Searcher{highlighter: newHighlighter()}
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
		// The mark skips the elided article the token carries.
		{"elision", bsearch.FieldTermLocationMap{index.FieldBodyFR: loc(0, 8)}, index.FieldBodyFR,
			"L&#39;<mark>armée</mark> commande des drones armés à Safran."},
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

// Long texts are cut into snippets of about snippetRunes characters that
// start and end on whole words and keep the highlighted term.
func TestSnippetsCutOnWords(t *testing.T) {
	s := &Searcher{highlighter: newHighlighter()}
	words := strings.Fields("Le ministère des Armées a notifié à Safran un contrat pour l'entretien des moteurs " +
		"M88 du Rafale tandis que l'armée de Terre commande des drones de reconnaissance à Delair " +
		"et que la DGA prépare une nouvelle génération de munitions téléopérées pour les forces spéciales")
	var b strings.Builder
	for i := range 120 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[i%len(words)])
	}
	text := b.String()
	a := &indexer.Article{Text: text}
	for start := 0; start < len(text); start += 97 {
		// The term is the word at or after start.
		ws := start
		for ws > 0 && text[ws-1] != ' ' {
			ws--
		}
		we := strings.IndexByte(text[ws:], ' ')
		if we < 0 {
			we = len(text) - ws
		}
		h := &bsearch.DocumentMatch{ID: "x", Locations: bsearch.FieldTermLocationMap{
			index.FieldBodyEN: {"t": {{Start: uint64(ws), End: uint64(ws + we), Pos: 1}}}}}
		s.highlightFromStore(h, a)
		frags := h.Fragments[index.FieldBodyEN]
		if len(frags) != 1 {
			t.Fatalf("term at %d: fragments %q", ws, frags)
		}
		frag := frags[0]
		if !strings.Contains(frag, "<mark>"+html.EscapeString(text[ws:ws+we])+"</mark>") {
			t.Errorf("term %q not highlighted in %q", text[ws:ws+we], frag)
		}
		plain := html.UnescapeString(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(frag))
		plain = strings.TrimSuffix(strings.TrimPrefix(plain, "…"), "…")
		at := strings.Index(text, plain)
		if at < 0 {
			t.Fatalf("fragment %q not in the text", plain)
		}
		if at > 0 && text[at-1] != ' ' || at+len(plain) < len(text) && text[at+len(plain)] != ' ' {
			t.Errorf("fragment cuts a word: %q", plain)
		}
		if n := utf8.RuneCountInString(plain); n < snippetRunes-maxWordBytes || n > snippetRunes+maxWordBytes {
			t.Errorf("fragment of %d characters: %q", n, plain)
		}
	}
}

// The parts of a word or phrase found whole make one mark.
func TestBestFragmentJoinsMarks(t *testing.T) {
	frags := map[string][]string{index.FieldBodyEN: {"fighters such as the <mark>F</mark>-<mark>35</mark> and <mark>autonomous</mark> <mark>weapon</mark> systems"}}
	got := bestFragment(frags, index.FieldBodyFR, index.FieldBodyEN, "en", func() string { return "" })
	if want := "fighters such as the <mark>F-35</mark> and <mark>autonomous weapon</mark> systems"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
