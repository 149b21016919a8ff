package search

import (
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"vigie/indexer/index"
)

// Facets are the counts shown beside results. Each covers the whole matched
// set, computed disjunctively for facets the request filters on.
type Facets struct {
	Company   []TermCount  `json:"company"`
	Agency    []TermCount  `json:"agency"`
	Lang      []TermCount  `json:"lang"`
	Source    []TermCount  `json:"source"`
	Amount    []RangeCount `json:"amount"`
	Published []DateCount  `json:"published"`
}

// TermCount is one value of a terms facet.
type TermCount struct {
	Value    string `json:"value"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected,omitempty"`
}

// RangeCount is one amount bucket, in USD; Max is absent on the last.
type RangeCount struct {
	Label    string   `json:"label"`
	Min      float64  `json:"min"`
	Max      *float64 `json:"max,omitempty"`
	Count    int      `json:"count"`
	Selected bool     `json:"selected,omitempty"`
}

// DateCount is one bar of the timeline: a month, or a year when the matched
// range is long. From is inclusive, To exclusive.
type DateCount struct {
	Label string `json:"label"`
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

// AmountBuckets are the fixed amount ranges, chosen for defense contracts:
// from small awards to multi-year programmes.
var AmountBuckets = []struct {
	Label    string
	Min, Max float64 // Max 0 = unbounded
}{
	{"<$10M", 0, 1e7},
	{"$10M–$100M", 1e7, 1e8},
	{"$100M–$1B", 1e8, 1e9},
	{"$1B–$10B", 1e9, 1e10},
	{">$10B", 1e10, 0},
}

type bleveFacet = bsearch.FacetResult

// maxMonthBars is the longest timeline drawn month by month; longer matched
// ranges are drawn by year.
const maxMonthBars = 36

// monthFacetSize is enough months for any realistic corpus (80 years).
const monthFacetSize = 1000

type facetField struct {
	name    string
	request func(Request) *bleve.FacetRequest
	active  func(Request) bool
	filter  func(Request, func(field, value string) string) query.Query
}

func termsFacet(field string, size func(Request) int) func(Request) *bleve.FacetRequest {
	return func(r Request) *bleve.FacetRequest { return bleve.NewFacetRequest(field, size(r)) }
}

func selectedPlus(sel func(Request) []string) func(Request) int {
	return func(r Request) int { return r.FacetSize + len(sel(r)) }
}

func keywordFilter(field string, sel func(Request) []string) func(Request, func(string, string) string) query.Query {
	return func(r Request, canon func(string, string) string) query.Query {
		var any []query.Query
		for _, v := range sel(r) {
			any = append(any, keywordQuery(field, canon(field, v)))
		}
		if len(any) == 1 {
			return any[0]
		}
		return query.NewDisjunctionQuery(any)
	}
}

func companies(r Request) []string { return r.Companies }
func agencies(r Request) []string  { return r.Agencies }
func langs(r Request) []string     { return r.Langs }
func sources(r Request) []string   { return r.Sources }

// facetFields lists every facet with its request, whether the request
// filters on it, and that filter as a query.
var facetFields = []facetField{
	{index.FieldCompany, termsFacet(index.FieldCompany, selectedPlus(companies)),
		func(r Request) bool { return len(r.Companies) > 0 }, keywordFilter(index.FieldCompany, companies)},
	{index.FieldAgency, termsFacet(index.FieldAgency, selectedPlus(agencies)),
		func(r Request) bool { return len(r.Agencies) > 0 }, keywordFilter(index.FieldAgency, agencies)},
	{index.FieldLang, termsFacet(index.FieldLang, func(Request) int { return 5 }),
		func(r Request) bool { return len(r.Langs) > 0 }, keywordFilter(index.FieldLang, langs)},
	{index.FieldSource, termsFacet(index.FieldSource, selectedPlus(sources)),
		func(r Request) bool { return len(r.Sources) > 0 }, keywordFilter(index.FieldSource, sources)},
	{index.FieldAmountUSD, amountFacet,
		func(r Request) bool { return r.AmountMin > 0 || r.AmountMax > 0 }, amountFilter},
	{index.FieldMonth, termsFacet(index.FieldMonth, func(Request) int { return monthFacetSize }),
		func(r Request) bool { return !r.From.IsZero() || !r.To.IsZero() }, dateFilter},
}

func amountFacet(Request) *bleve.FacetRequest {
	fr := bleve.NewFacetRequest(index.FieldAmountUSD, len(AmountBuckets))
	for _, b := range AmountBuckets {
		min := b.Min
		var max *float64
		if b.Max > 0 {
			m := b.Max
			max = &m
		}
		fr.AddNumericRange(b.Label, &min, max)
	}
	return fr
}

func amountFilter(r Request, _ func(string, string) string) query.Query {
	var min, max *float64
	if r.AmountMin > 0 {
		min = &r.AmountMin
	}
	if r.AmountMax > 0 {
		max = &r.AmountMax
	}
	incl := true
	q := query.NewNumericRangeInclusiveQuery(min, max, &incl, &incl)
	q.SetField(index.FieldAmountUSD)
	return q
}

func dateFilter(r Request, _ func(string, string) string) query.Query {
	incl, excl := true, false
	q := query.NewDateRangeInclusiveQuery(r.From, r.To, &incl, &excl)
	q.SetField(index.FieldPublished)
	return q
}

// buildFacets shapes bleve's facet results, taking each active facet's
// counts from its disjunctive request.
func buildFacets(req Request, res *bleve.SearchResult, disjoint map[string]*bleve.SearchResult) *Facets {
	get := func(name string) *bleve.SearchResult {
		if r, ok := disjoint[name]; ok {
			return r
		}
		return res
	}
	terms := func(name string, sel []string, size int) []TermCount {
		fr := get(name).Facets[name]
		out := []TermCount{}
		if fr == nil {
			return out
		}
		for _, t := range fr.Terms.Terms() {
			out = append(out, TermCount{Value: t.Term, Count: t.Count, Selected: containsFold(sel, t.Term)})
		}
		// Keep the top `size`, but never hide a selected value.
		var top []TermCount
		for i, t := range out {
			if i < size || t.Selected {
				top = append(top, t)
			}
		}
		if top == nil {
			top = []TermCount{}
		}
		return top
	}
	f := &Facets{
		Company: terms(index.FieldCompany, req.Companies, req.FacetSize),
		Agency:  terms(index.FieldAgency, req.Agencies, req.FacetSize),
		Lang:    terms(index.FieldLang, req.Langs, 5),
		Source:  terms(index.FieldSource, req.Sources, req.FacetSize),
	}
	f.Amount = amountCounts(req, get(index.FieldAmountUSD).Facets[index.FieldAmountUSD])
	f.Published = timeline(get(index.FieldMonth).Facets[index.FieldMonth])
	return f
}

func containsFold(list []string, v string) bool {
	return slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, v) })
}

func amountCounts(req Request, fr *bleveFacet) []RangeCount {
	counts := map[string]int{}
	if fr != nil {
		for _, r := range fr.NumericRanges {
			counts[r.Name] = r.Count
		}
	}
	out := make([]RangeCount, 0, len(AmountBuckets))
	for _, b := range AmountBuckets {
		rc := RangeCount{Label: b.Label, Min: b.Min, Count: counts[b.Label]}
		if b.Max > 0 {
			m := b.Max
			rc.Max = &m
		}
		lo, hi := req.AmountMin, req.AmountMax
		if hi == 0 {
			hi = math.Inf(1)
		}
		bmax := b.Max
		if bmax == 0 {
			bmax = math.Inf(1)
		}
		rc.Selected = (lo > 0 || req.AmountMax > 0) && lo <= b.Min && bmax <= hi
		out = append(out, rc)
	}
	return out
}

// timeline turns month counts into contiguous bars from the first to the
// last matched month (empty months included, so the chart's x axis is
// time), by year when that spans more than maxMonthBars months.
func timeline(fr *bleveFacet) []DateCount {
	out := []DateCount{}
	if fr == nil || fr.Terms == nil {
		return out
	}
	counts := map[string]int{}
	var months []time.Time
	for _, t := range fr.Terms.Terms() {
		m, err := time.Parse("2006-01", t.Term)
		if err != nil || t.Count == 0 {
			continue
		}
		counts[t.Term] += t.Count
		months = append(months, m)
	}
	if len(months) == 0 {
		return out
	}
	slices.SortFunc(months, func(a, b time.Time) int { return a.Compare(b) })
	first, last := months[0], months[len(months)-1]
	span := (last.Year()-first.Year())*12 + int(last.Month()-first.Month()) + 1
	if span <= maxMonthBars {
		for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
			out = append(out, DateCount{Label: m.Format("2006-01"), From: m.Format("2006-01-02"),
				To: m.AddDate(0, 1, 0).Format("2006-01-02"), Count: counts[m.Format("2006-01")]})
		}
		return out
	}
	years := map[int]int{}
	for k, c := range counts {
		m, _ := time.Parse("2006-01", k)
		years[m.Year()] += c
	}
	for y := first.Year(); y <= last.Year(); y++ {
		from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		out = append(out, DateCount{Label: from.Format("2006"), From: from.Format("2006-01-02"),
			To: from.AddDate(1, 0, 0).Format("2006-01-02"), Count: years[y]})
	}
	return out
}

// canonCache maps a filter value typed in any case ("openai") to the value
// stored in the index ("OpenAI"), from the keyword fields' dictionaries
// (rebuilt when the document count changes), then through the gazetteer's
// aliases when one is configured.
type canonCache struct {
	idx     bleve.Index
	resolve func(alias string) (string, bool)
	mu      sync.Mutex
	count   uint64
	maps    map[string]map[string]string
}

func newCanonCache(idx bleve.Index) *canonCache { return &canonCache{idx: idx} }

func (c *canonCache) lookup(field, value string) string {
	n, err := c.idx.DocCount()
	if err != nil {
		return value
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.maps == nil || n != c.count {
		c.maps = map[string]map[string]string{}
		c.count = n
	}
	m, ok := c.maps[field]
	if !ok {
		m = map[string]string{}
		if d, err := c.idx.FieldDict(field); err == nil {
			for e, err := d.Next(); err == nil && e != nil; e, err = d.Next() {
				m[strings.ToLower(e.Term)] = e.Term
			}
			d.Close()
		}
		c.maps[field] = m
	}
	if v, ok := m[strings.ToLower(value)]; ok {
		return v
	}
	// An alias ("Pentagone", "OTAN", "Raytheon") names its canonical entity.
	if c.resolve != nil && (field == index.FieldCompany || field == index.FieldAgency) {
		if name, ok := c.resolve(value); ok {
			return name
		}
	}
	return value
}
