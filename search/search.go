// Package search is Vigie's read side: it turns a search request (from the
// HTTP API, the page, the CLI, Atom feeds or saved alerts) into bleve
// queries with filters, disjunctive facets and highlighting, and shapes the
// answer. Article fields shown in results come from the store, the record of
// truth; the index provides matching, scoring, snippets and counts.
package search

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/query"

	"vigie/indexer"
	"vigie/indexer/amount"
	"vigie/indexer/index"
	"vigie/indexer/normalize"
	"vigie/search/xlang"
)

// ArticleSource gives the stored articles for hit ids (the store).
type ArticleSource interface {
	Articles(ids []string) ([]*indexer.Article, error)
}

// Searcher runs searches. It is safe for concurrent use.
type Searcher struct {
	idx    bleve.Index
	arts   ArticleSource
	fr, en analysis.Analyzer
	canon  *canonCache
	// cols counts facets from per-segment columns; nil means bleve's own
	// facets (the reference the fast path is tested against).
	cols        *columnCache
	now         func() time.Time
	highlighter highlight.Highlighter
	// xl translates query terms (nil: no cross-lingual expansion).
	xl *xlang.Lexicon
}

// WithClock sets the clock the recency boost measures from (tests).
func WithClock(now func() time.Time) Option { return func(s *Searcher) { s.now = now } }

// Option configures a Searcher.
type Option func(*Searcher)

// WithResolver lets company and agency filters and field:value queries use
// any alias of an entity (company:raytheon, agency:Pentagone); resolve
// returns the canonical name (entity.Gazetteer.Resolve fits).
func WithResolver(resolve func(alias string) (string, bool)) Option {
	return func(s *Searcher) { s.canon.resolve = resolve }
}

// WithLexicon sets the bilingual lexicon of the cross-lingual expansion;
// nil turns the expansion off. The default is the embedded lexicon.
func WithLexicon(l *xlang.Lexicon) Option { return func(s *Searcher) { s.xl = l } }

// WithBleveFacets makes the Searcher use bleve's own facet builders instead
// of the column cache: slower, and the reference for tests and benchmarks.
func WithBleveFacets() Option { return func(s *Searcher) { s.cols = nil } }

// New returns a Searcher over an index and the store its documents came
// from.
func New(idx bleve.Index, arts ArticleSource, opts ...Option) (*Searcher, error) {
	m := idx.Mapping()
	fr := m.AnalyzerNamed(index.AnalyzerFR)
	en := m.AnalyzerNamed(index.AnalyzerEN)
	if fr == nil || en == nil {
		return nil, errors.New("search: index has no vigie analyzers; run `vigie reindex`")
	}
	s := &Searcher{idx: idx, arts: arts, fr: fr, en: en, canon: newCanonCache(idx), now: time.Now, highlighter: newHighlighter()}
	if _, err := idx.Advanced(); err == nil {
		s.cols = newColumnCache()
	}
	xl, err := lexicon()
	if err != nil {
		return nil, fmt.Errorf("search: lexicon: %w", err)
	}
	s.xl = xl
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// Warm prepares the facet columns of the index's current segments; call it
// after each ingest batch so no analyst's click pays for it.
func (s *Searcher) Warm() error {
	if s.cols == nil {
		return nil
	}
	return s.cols.warm(s.idx)
}

// Response is the answer to a search; its JSON shape is the API contract.
type Response struct {
	Query  string  `json:"query"`
	Total  uint64  `json:"total"`
	TookMS float64 `json:"took_ms"`
	Page   int     `json:"page"`
	Size   int     `json:"size"`
	Sort   string  `json:"sort"`
	// Fuzzy is true when nothing matched exactly and the hits come from a
	// retry that tolerates typos; Suggestion is the query with the words
	// that matched instead ("did you mean").
	Fuzzy      bool   `json:"fuzzy,omitempty"`
	Suggestion string `json:"suggestion,omitempty"`
	// AlsoSearched lists the translations and entity names the
	// cross-lingual expansion added to the query (none with xlang=0).
	AlsoSearched []string `json:"also_searched,omitempty"`
	// Collapse is "story" when each story appears once (collapse=story);
	// TotalStories then counts the stories that match, and pages are
	// pages of stories.
	Collapse     string  `json:"collapse,omitempty"`
	TotalStories int     `json:"total_stories,omitempty"`
	Hits         []Hit   `json:"hits"`
	Facets       *Facets `json:"facets,omitempty"`
}

// Hit is one result.
type Hit struct {
	ID        string          `json:"id"`
	Title     string          `json:"title"`
	TitleHTML string          `json:"title_html"` // escaped, matches in <mark>
	URL       string          `json:"url"`
	Source    string          `json:"source"`
	Published time.Time       `json:"published"`
	Lang      string          `json:"lang"`
	Snippet   string          `json:"snippet"` // escaped, matches in <mark>
	Companies []string        `json:"companies"`
	Agencies  []string        `json:"agencies"`
	AmountUSD float64         `json:"amount_usd"`
	Amounts   []amount.Amount `json:"amounts"`
	Score     float64         `json:"score"`
	// Story is the story the article belongs to; with collapse=story,
	// AlsoReported lists the story's other articles, oldest first,
	// whether or not they match the query.
	Story        string   `json:"story"`
	AlsoReported []Report `json:"also_reported,omitempty"`
	// FullText is true when the text searched was extracted from the
	// article's page, the feed carrying only a summary.
	FullText bool `json:"full_text,omitempty"`

	text string // full text, for the fuzzy suggestion only
}

// Report is another article of a hit's story.
type Report struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	URL       string    `json:"url"`
	Source    string    `json:"source"`
	Lang      string    `json:"lang"`
	Published time.Time `json:"published"`
}

// Search runs req. The context deadline is passed down to bleve.
func (s *Searcher) Search(ctx context.Context, req Request) (*Response, error) {
	start := time.Now()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	tree, err := parseQuery(req.Q)
	if err != nil {
		return nil, err
	}
	resp, err := s.run(ctx, req, tree, false)
	if err != nil {
		return nil, err
	}
	if resp.Total == 0 && tree != nil && !req.NoFuzzy && hasFuzzyWords(tree) {
		fz, err := s.run(ctx, req, tree, true)
		if err != nil {
			return nil, err
		}
		if fz.Total > 0 {
			resp = fz
			resp.Fuzzy = true
		}
	}
	resp.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return resp, nil
}

func (s *Searcher) run(ctx context.Context, req Request, tree node, fuzzy bool) (*Response, error) {
	c := &compiler{fr: s.fr, en: s.en, fuzzy: fuzzy, canonical: s.canon.lookup}
	if !req.NoXLang {
		c.xl, c.resolve = s.xl, s.canon.resolve
	}
	var textQ query.Query
	if tree != nil {
		textQ = c.compile(tree)
	}
	q := s.buildQuery(textQ, req, "")
	if req.Recency && textQ != nil && req.Sort == SortRelevance {
		q = withRecency(q, s.now())
	}
	// Date and amount orders (and the newest-first listing of an empty
	// query) are selected from the columns while counting; bleve then only
	// scores, which is far cheaper than decoding each hit's sort values.
	// Collapsed, the hits of the first stories are collected from the
	// top, in a window wide enough for the page's stories (see
	// collapse.go).
	collapse := req.Collapse == CollapseStory && req.Size > 0
	skip, size := (req.Page-1)*req.Size, req.Size
	if collapse {
		skip, size = 0, firstWindow(req)
	}
	newRequest := func(skip, size int) (*bleve.SearchRequest, *topHits) {
		if key, ok := s.columnSort(req, textQ != nil); ok {
			return bleve.NewSearchRequestOptions(q, 0, 0, false), newTopHits(key == SortAmount, skip, size)
		}
		br := bleve.NewSearchRequestOptions(q, size, skip, false)
		// No highlighting here: bleve would read term locations for every
		// matching document; the page's hits are highlighted afterwards.
		br.SortBy(sortOrder(req, textQ != nil))
		return br, nil
	}
	br, top := newRequest(skip, size)
	mainFacets := make([]facetField, 0, len(facetFields))
	if !req.NoFacets {
		mainFacets = append(mainFacets, facetFields...)
	}

	var (
		res      *bleve.SearchResult
		fc       *facetCounts
		mainErr  error
		wg       sync.WaitGroup
		disjoint = map[string]*bleve.SearchResult{}
		disjMu   sync.Mutex
		disjErrs []error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		res, fc, mainErr = s.searchWithFacets(ctx, br, req, mainFacets, top, collapse)
	}()
	// Disjunctive facets: the counts of a facet the user filters on are
	// computed without that facet's own filter, so the other values stay
	// visible with their counts. One count-only request per active facet.
	if !req.NoFacets {
		for _, f := range facetFields {
			if !f.active(req) {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				dr := bleve.NewSearchRequestOptions(s.buildQuery(textQ, req, f.name), 0, 0, false)
				r, _, err := s.searchWithFacets(ctx, dr, req, []facetField{f}, nil, false)
				disjMu.Lock()
				defer disjMu.Unlock()
				if err != nil {
					disjErrs = append(disjErrs, err)
					return
				}
				disjoint[f.name] = r
			}()
		}
	}
	wg.Wait()
	if mainErr != nil {
		return nil, fmt.Errorf("search: %w", mainErr)
	}
	if len(disjErrs) > 0 {
		return nil, fmt.Errorf("search: facet counts: %w", disjErrs[0])
	}
	var groups *storyPage
	if collapse {
		var err error
		if groups, err = s.collapseStories(ctx, req, res, fc, top, newRequest); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	locate := textQ != nil && !req.IDsOnly
	if top != nil {
		page, err := s.fetchPage(ctx, q, top.IDs, locate)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		res.Hits = page
	} else if locate && len(res.Hits) > 0 {
		if err := s.locateHits(ctx, q, res.Hits); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	}

	resp := &Response{Query: req.Q, Total: res.Total, Page: req.Page, Size: req.Size, Sort: req.Sort, Hits: []Hit{},
		AlsoSearched: c.also, Collapse: req.Collapse}
	if !req.NoFacets {
		resp.Facets = buildFacets(req, res, disjoint)
	}
	if req.IDsOnly {
		resp.Hits = bareHits(res)
		if groups != nil {
			resp.TotalStories = groups.total
		}
		return resp, nil
	}
	hits, err := s.hits(res)
	if err != nil {
		return nil, err
	}
	resp.Hits = hits
	if groups != nil {
		resp.TotalStories = groups.total
		if err := s.alsoReported(ctx, resp.Hits); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	if fuzzy && len(res.Hits) > 0 && len(hits) > 0 {
		resp.Suggestion = suggest(req.Q, res.Hits[0], hits[0])
	}
	return resp, nil
}

// withRecency adds optional clauses that raise the score of articles of the
// last 30 days, and less of the last year; they never change what matches.
func withRecency(q query.Query, now time.Time) query.Query {
	recent := func(d time.Duration, boost float64) query.Query {
		incl := true
		r := query.NewDateRangeInclusiveQuery(now.Add(-d), time.Time{}, &incl, nil)
		r.SetField(index.FieldPublished)
		r.SetBoost(boost)
		return r
	}
	b := query.NewBooleanQuery([]query.Query{q}, []query.Query{recent(30*24*time.Hour, 4), recent(365*24*time.Hour, 1)}, nil)
	return b
}

// columnSort tells whether req's order can be taken from the columns, and
// by which key.
func (s *Searcher) columnSort(req Request, hasText bool) (string, bool) {
	if s.cols == nil || req.Size == 0 {
		return "", false
	}
	switch {
	case req.Sort == SortAmount:
		return SortAmount, true
	case req.Sort == SortDate || !hasText:
		return SortDate, true
	}
	return "", false
}

// fetchPage gets the bleve hits (scores, and term locations when locate)
// of the page's ids, in that order, with the same query so highlights and
// scores are the real ones.
func (s *Searcher) fetchPage(ctx context.Context, q query.Query, ids []string, locate bool) ([]*bsearch.DocumentMatch, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	br := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{q, query.NewDocIDQuery(ids)}), len(ids), 0, false)
	// hits() cuts the snippets from the store's text at these locations.
	br.IncludeLocations = locate
	res, err := s.idx.SearchInContext(ctx, br)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*bsearch.DocumentMatch, len(res.Hits))
	for _, h := range res.Hits {
		byID[h.ID] = h
	}
	out := make([]*bsearch.DocumentMatch, 0, len(ids))
	for _, id := range ids {
		if h := byID[id]; h != nil {
			out = append(out, h)
		}
	}
	return out, nil
}

// locateHits adds term locations to hits (for the snippets and the fuzzy
// suggestion), keeping their order and scores: locating only the page's
// hits, in a second tiny search, is far cheaper than locating every match.
func (s *Searcher) locateHits(ctx context.Context, q query.Query, hits []*bsearch.DocumentMatch) error {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	page, err := s.fetchPage(ctx, q, ids, true)
	if err != nil {
		return err
	}
	byID := make(map[string]*bsearch.DocumentMatch, len(page))
	for _, h := range page {
		byID[h.ID] = h
	}
	for _, h := range hits {
		if p := byID[h.ID]; p != nil {
			h.Locations = p.Locations
		}
	}
	return nil
}

// searchWithFacets runs br with the given facets, counted from the column
// cache when there is one, else by bleve; top, when set, collects the
// column-sorted page.
func (s *Searcher) searchWithFacets(ctx context.Context, br *bleve.SearchRequest, req Request, facets []facetField, top *topHits, countStories bool) (*bleve.SearchResult, *facetCounts, error) {
	if s.cols == nil || (len(facets) == 0 && top == nil && !countStories) {
		for _, f := range facets {
			br.AddFacet(f.name, f.request(req))
		}
		res, err := s.idx.SearchInContext(ctx, br)
		return res, nil, err
	}
	var fc *facetCounts
	maker := s.cols.handlerMaker(&fc, top, len(facets) == 0, countStories)
	res, err := s.idx.SearchInContext(context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, maker), br)
	if err != nil {
		return nil, nil, err
	}
	res.Facets = bsearch.FacetResults{}
	if fc == nil || len(facets) == 0 { // no segment (empty index), or sorting only
		return res, fc, nil
	}
	for _, f := range facets {
		res.Facets[f.name] = s.cols.result(fc, f.name, f.request(req).Size)
	}
	return res, fc, nil
}

// buildQuery combines the text query with every filter except the one of
// facet `except` (for disjunctive facet counts).
func (s *Searcher) buildQuery(textQ query.Query, req Request, except string) query.Query {
	var parts []query.Query
	if textQ != nil {
		parts = append(parts, textQ)
	}
	for _, f := range facetFields {
		if f.name == except || !f.active(req) {
			continue
		}
		parts = append(parts, f.filter(req, s.canon.lookup))
	}
	if len(req.IDs) > 0 {
		parts = append(parts, query.NewDocIDQuery(req.IDs))
	}
	switch len(parts) {
	case 0:
		return query.NewMatchAllQuery()
	case 1:
		return parts[0]
	}
	return query.NewConjunctionQuery(parts)
}

func sortOrder(req Request, hasText bool) []string {
	switch req.Sort {
	case SortDate:
		return []string{"-" + index.FieldPublished, "-_score", "_id"}
	case SortAmount:
		return []string{"-" + index.FieldAmountUSD, "-" + index.FieldPublished, "_id"}
	}
	if !hasText {
		return []string{"-" + index.FieldPublished, "_id"}
	}
	// Score alone: bleve then breaks ties by index order, and skips
	// decoding sort doc values and ids for every hit (3-10x cheaper on
	// common words than adding -published,_id).
	return []string{"-_score"}
}

// hits joins bleve hits with the stored articles.
func (s *Searcher) hits(res *bleve.SearchResult) ([]Hit, error) {
	if len(res.Hits) == 0 {
		return []Hit{}, nil
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	arts, err := s.arts.Articles(ids)
	if err != nil {
		return nil, fmt.Errorf("search: load articles: %w", err)
	}
	byID := make(map[string]*indexer.Article, len(arts))
	for _, a := range arts {
		byID[a.ID] = a
	}
	out := make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		a := byID[h.ID]
		if a == nil {
			continue // deleted from the store after the index saw it
		}
		s.highlightFromStore(h, a)
		out = append(out, Hit{
			ID: a.ID, Title: a.Title, URL: a.URL, Source: a.Source, Published: a.Published,
			Lang: a.Lang, Companies: nonNil(a.Companies), Agencies: nonNil(a.Agencies),
			AmountUSD: a.AmountUSD, Amounts: nonNilAmounts(a.Amounts), Score: h.Score, text: a.Text,
			Story: a.StoryID(), FullText: a.TextFrom == indexer.TextFromPage,
			TitleHTML: bestFragment(h.Fragments, index.FieldTitleFR, index.FieldTitleEN, a.Lang,
				func() string { return html.EscapeString(a.Title) }),
			Snippet: bestFragment(h.Fragments, index.FieldBodyFR, index.FieldBodyEN, a.Lang,
				func() string { return html.EscapeString(normalize.Snippet(a.Text, 240)) }),
		})
	}
	return out, nil
}

// bareHits are the hits of an IDsOnly search: ID and score.
func bareHits(res *bleve.SearchResult) []Hit {
	out := make([]Hit, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = Hit{ID: h.ID, Score: h.Score}
	}
	return out
}

// bestFragment picks the highlighted fragment of the article's language
// field, else of the other, else the fallback (computed only then: it is a
// noticeable share of the cost of big result sets, e.g. alert matching).
func bestFragment(frags map[string][]string, frField, enField, lang string, fallback func() string) string {
	order := []string{frField, enField}
	if lang == "en" {
		order = []string{enField, frField}
	}
	for _, f := range order {
		for _, frag := range frags[f] {
			if strings.Contains(frag, "<mark>") {
				return joinMarks.Replace(frag)
			}
		}
	}
	return fallback()
}

// joinMarks makes one mark of the parts of a word or phrase found whole:
// "<mark>F-35</mark>", "<mark>autonomous weapon</mark>", not a mark per
// token.
var joinMarks = strings.NewReplacer("</mark>-<mark>", "-", "</mark> <mark>", " ")

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilAmounts(s []amount.Amount) []amount.Amount {
	if s == nil {
		return []amount.Amount{}
	}
	return s
}

// hasFuzzyWords reports whether the fuzzy retry could bend any text word
// of the query: when none gets a fuzziness (acronyms, short words), the
// retry would run the same search again.
func hasFuzzyWords(n node) bool {
	switch n := n.(type) {
	case *andNode:
		for _, m := range n.must {
			if hasFuzzyWords(m) {
				return true
			}
		}
	case *orNode:
		for _, m := range n.any {
			if hasFuzzyWords(m) {
				return true
			}
		}
	case *termNode:
		return (n.field == "" || n.field == "title") && phraseFuzziness(n.text) > 0
	}
	return false
}
