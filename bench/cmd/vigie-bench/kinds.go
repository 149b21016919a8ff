package main

import (
	"context"
	"fmt"

	"vigie/bench/gen"
	"vigie/search"
)

// kind is one kind of query the benchmark times, expressed once for Vigie
// (a search.Request, in-process and over HTTP) and once for the SQLite peer
// (an FTS5 MATCH expression plus the same filters, sort and facets).
type kind struct {
	name string
	req  search.Request
	// match is the FTS5 query; "" matches every document.
	match string
}

func (k kind) facets() bool { return !k.req.NoFacets }

// kinds returns the query kinds. The filtered kind filters on the most
// mentioned company (read from the corpus) and an amount floor.
func kinds(ctx context.Context, s *search.Searcher) ([]kind, error) {
	all, err := s.Search(ctx, search.Request{Size: 0})
	if err != nil {
		return nil, fmt.Errorf("kinds: %w", err)
	}
	if len(all.Facets.Company) == 0 {
		return nil, fmt.Errorf("kinds: the corpus names no company")
	}
	company := all.Facets.Company[0].Value
	phrase := `"` + gen.Phrase + `"`
	// The words as typed (xlang=0): SQLite has no translations, and the
	// hit counts of both engines are compared.
	word := func(q string, facets bool) search.Request {
		return search.Request{Q: q, Size: 10, NoFacets: !facets, NoFuzzy: true, NoXLang: true}
	}
	withSort := func(r search.Request, sort string) search.Request { r.Sort = sort; return r }
	filtered := word(gen.RareWord, true)
	filtered.Companies = []string{company}
	filtered.AmountMin = 1e7
	return []kind{
		{name: "rare word, top 10, no facets", req: word(gen.RareWord, false), match: gen.RareWord},
		{name: "rare word + 6 facets", req: word(gen.RareWord, true), match: gen.RareWord},
		{name: "medium word, top 10, no facets", req: word(gen.MediumWord, false), match: gen.MediumWord},
		{name: "medium word + 6 facets", req: word(gen.MediumWord, true), match: gen.MediumWord},
		{name: "common word, top 10, no facets", req: word(gen.CommonWord, false), match: gen.CommonWord},
		{name: "common word + 6 facets", req: word(gen.CommonWord, true), match: gen.CommonWord},
		{name: "filtered: rare word + company + amount >= $10M, + facets", req: filtered, match: gen.RareWord},
		{name: "match-all + 6 facets (newest first)", req: search.Request{Size: 10, NoFuzzy: true}},
		{name: "3-word phrase, top 10, no facets", req: word(phrase, false), match: phrase},
		{name: "3-word phrase + 6 facets", req: word(phrase, true), match: phrase},
		{name: "medium word sorted by date + 6 facets", req: withSort(word(gen.MediumWord, true), search.SortDate), match: gen.MediumWord},
		{name: "medium word sorted by amount + 6 facets", req: withSort(word(gen.MediumWord, true), search.SortAmount), match: gen.MediumWord},
	}, nil
}
