package alert

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"vigie/search"
)

// maxCandidates bounds the searches one suggestion runs.
const maxCandidates = 12

// Suggestion is the closest search to a silent alert's that matched
// something over the back-test window: one filter or word less, the
// words spelled as they are found, or any of them rather than all.
type Suggestion struct {
	Request     search.Request `json:"request"`
	Description string         `json:"description"`
	Change      string         `json:"change"` // what differs, in words
	Total       uint64         `json:"total"`  // its matches over the window
	SearchURL   string         `json:"search_url"`
}

// candidate is one loosened search.
type candidate struct {
	req    search.Request
	change string
}

// suggest finds the loosening of req that matches the fewest articles
// while matching some, over the last previewDays: the smallest change
// that would have made the alert speak. nil when none matches.
func (s *Service) suggest(ctx context.Context, req search.Request, locale string, now time.Time) (*Suggestion, error) {
	first := now.UTC().AddDate(0, 0, -previewDays)
	var best *Suggestion
	for _, c := range s.candidates(ctx, req, locale, first) {
		n, err := s.countSince(ctx, c.req, first)
		if err != nil {
			return nil, err
		}
		if n == 0 || (best != nil && n >= best.Total) {
			continue
		}
		best = &Suggestion{Request: c.req, Change: c.change, Total: n,
			Description: describe(c.req, locale), SearchURL: s.searchLink(c.req)}
	}
	return best, nil
}

// countSince counts req's matches published since first.
func (s *Service) countSince(ctx context.Context, req search.Request, first time.Time) (uint64, error) {
	req.Page, req.Size, req.NoFacets, req.NoFuzzy = 1, 1, true, true
	if req.From.Before(first) {
		req.From = first
	}
	resp, err := s.searcher.Search(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("alert: suggestion: %w", err)
	}
	return resp.Total, nil
}

// candidates lists loosenings of req, most specific first: the words as
// the typo-tolerant search reads them, each filter dropped, each word
// dropped, then any word instead of all.
func (s *Service) candidates(ctx context.Context, req search.Request, locale string, first time.Time) []candidate {
	t := texts(locale)
	var out []candidate
	if req.Q != "" {
		fz := req
		fz.Page, fz.Size, fz.NoFacets = 1, 1, true
		if fz.From.Before(first) {
			fz.From = first
		}
		if resp, err := s.searcher.Search(ctx, fz); err == nil && resp.Fuzzy && resp.Suggestion != "" {
			c := req
			c.Q = resp.Suggestion
			out = append(out, candidate{c, fmt.Sprintf(t.SuggestSpelling, resp.Suggestion)})
		}
	}
	for _, f := range []struct {
		label string
		list  func(*search.Request) *[]string
	}{
		{t.Company, func(r *search.Request) *[]string { return &r.Companies }},
		{t.Agency, func(r *search.Request) *[]string { return &r.Agencies }},
		{t.Source, func(r *search.Request) *[]string { return &r.Sources }},
		{t.Lang, func(r *search.Request) *[]string { return &r.Langs }},
	} {
		if vs := *f.list(&req); len(vs) > 0 {
			c := req
			*f.list(&c) = nil
			out = append(out, candidate{c, fmt.Sprintf(t.SuggestWithout, f.label+t.Colon+strings.Join(vs, t.Or))})
		}
	}
	if req.AmountMin > 0 {
		c := req
		c.AmountMin = 0
		out = append(out, candidate{c, fmt.Sprintf(t.SuggestWithout, t.Amount+" ≥ "+usd(req.AmountMin))})
	}
	if req.AmountMax > 0 {
		c := req
		c.AmountMax = 0
		out = append(out, candidate{c, fmt.Sprintf(t.SuggestWithout, t.Amount+" ≤ "+usd(req.AmountMax))})
	}
	terms := queryTerms(req.Q)
	if len(terms) > 1 {
		for i, term := range terms {
			c := req
			c.Q = strings.Join(slices.Delete(slices.Clone(terms), i, i+1), " ")
			out = append(out, candidate{c, fmt.Sprintf(t.SuggestWithout, term)})
		}
		c := req
		c.Q = strings.Join(terms, " OR ")
		out = append(out, candidate{c, t.SuggestAnyWord})
	}
	return out[:min(len(out), maxCandidates)]
}

// queryTerms splits a simple query into its terms (words and quoted
// phrases). Queries with operators or groups give nil: loosening them
// word by word would change their meaning, not narrow it.
func queryTerms(q string) []string {
	if strings.ContainsAny(q, "()|") {
		return nil
	}
	var terms []string
	for rest := strings.TrimSpace(q); rest != ""; rest = strings.TrimSpace(rest) {
		if rest[0] == '"' {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				return nil
			}
			terms = append(terms, rest[:end+2])
			rest = rest[end+2:]
			continue
		}
		word, after, _ := strings.Cut(rest, " ")
		if word == "OR" || word == "OU" || strings.HasPrefix(word, "-") || strings.Contains(word, ":") {
			return nil
		}
		terms = append(terms, word)
		rest = after
	}
	return terms
}
