package search

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"vigie/indexer/index"
)

// MaxCountDays bounds CountByDay: one date range per day.
const MaxCountDays = 366

// CountByDay counts, for each of the days UTC days starting at from, the
// articles req matches that were published that day. It is the back-test
// of a saved alert: how much the search would have sent per day. The
// words are compiled as Search compiles them (cross-lingual expansion
// included unless req.NoXLang), without the fuzzy retry, and req's own
// date filter still applies. One bleve request counts every day at once.
func (s *Searcher) CountByDay(ctx context.Context, req Request, from time.Time, days int) ([]int, error) {
	if days < 1 || days > MaxCountDays {
		return nil, fmt.Errorf("search: count by day: %d days (want 1 to %d)", days, MaxCountDays)
	}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	tree, err := parseQuery(req.Q)
	if err != nil {
		return nil, err
	}
	c := &compiler{fr: s.fr, en: s.en, canonical: s.canon.lookup}
	if !req.NoXLang {
		c.xl, c.resolve = s.xl, s.canon.resolve
	}
	var textQ query.Query
	if tree != nil {
		textQ = c.compile(tree)
	}
	from = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	end := from.AddDate(0, 0, days)
	incl, excl := true, false
	window := query.NewDateRangeInclusiveQuery(from, end, &incl, &excl)
	window.SetField(index.FieldPublished)
	q := query.NewConjunctionQuery([]query.Query{s.buildQuery(textQ, req, ""), window})

	br := bleve.NewSearchRequestOptions(q, 0, 0, false)
	fr := bleve.NewFacetRequest(index.FieldPublished, days)
	for d := range days {
		day := from.AddDate(0, 0, d)
		next := day.AddDate(0, 0, 1)
		fr.AddDateTimeRange(strconv.Itoa(d), day, next)
	}
	br.AddFacet("days", fr)
	res, err := s.idx.SearchInContext(ctx, br)
	if err != nil {
		return nil, fmt.Errorf("search: count by day: %w", err)
	}
	counts := make([]int, days)
	if f := res.Facets["days"]; f != nil {
		for _, r := range f.DateRanges {
			if d, err := strconv.Atoi(r.Name); err == nil && d >= 0 && d < days {
				counts[d] = r.Count
			}
		}
	}
	return counts, nil
}
