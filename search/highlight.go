package search

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/registry"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"

	// Registers the "html" highlighter (<mark>, escaped text).
	_ "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"

	"vigie/indexer"
	"vigie/indexer/index"
)

// The index keeps term locations (phrase queries need them) but not the
// text itself: storing it made the index a third bigger and every segment
// build and merge copy it. Snippets are cut from the store's text, which is
// byte for byte what was indexed, with bleve's own html highlighter, so
// they are the fragments bleve would have made from stored fields.
func newHighlighter() (highlight.Highlighter, error) {
	h, err := registry.NewCache().HighlighterNamed("html")
	if err != nil {
		return nil, fmt.Errorf("search: highlighter: %w", err)
	}
	return h, nil
}

// fieldText is the article text indexed in field.
func fieldText(a *indexer.Article, field string) (string, bool) {
	switch field {
	case index.FieldTitleFR, index.FieldTitleEN:
		return a.Title, true
	case index.FieldBodyFR, index.FieldBodyEN:
		return a.Text, true
	}
	return "", false
}

// highlightFromStore adds to h the best fragment of each text field it
// matched in, cut from a's text. A field whose locations do not fit the
// text (the store moved on before the index caught up) gets none; the hit
// then shows the plain snippet.
func (s *Searcher) highlightFromStore(h *bsearch.DocumentMatch, a *indexer.Article) {
	if len(h.Locations) == 0 {
		return
	}
	doc := document.NewDocument(h.ID)
	var fields []string
	for field, terms := range h.Locations {
		text, ok := fieldText(a, field)
		if !ok || !fits(terms, len(text)) {
			continue
		}
		doc.AddField(document.NewTextField(field, nil, []byte(text)))
		fields = append(fields, field)
	}
	for _, field := range fields {
		s.highlighter.BestFragmentsInField(h, doc, field, 1)
	}
}

// fits reports whether every location lies within a text of n bytes.
func fits(terms bsearch.TermLocationMap, n int) bool {
	for _, locs := range terms {
		for _, l := range locs {
			if l.Start > l.End || l.End > uint64(n) {
				return false
			}
		}
	}
	return true
}
