package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"vigie/indexer/index"
)

// Collapsing by story (collapse=story). A story is shown by its best hit in
// the requested order, so the page of stories is cut from the top of the
// ranked hits: a window of hits wide enough to hold the page's stories is
// collected (most stories have a few reports, so three times the stories
// needed nearly always suffices) and widened fourfold while it is not. The
// story of each hit comes from the story column, as the facets do.

const (
	// maxWindow bounds the hits collected to find a page of stories; a
	// page deeper than that many hits shows the stories found so far.
	maxWindow = 20000
	// maxReports bounds the other reports listed under one hit.
	maxReports = 20
)

// firstWindow is the number of hits first collected for req's page.
func firstWindow(req Request) int {
	return min(3*req.Page*req.Size+20, maxWindow)
}

// storyPage is the outcome of collapsing.
type storyPage struct {
	total int // stories matching (0 when not counted: no column cache)
}

// collapseStories leaves in res.Hits (relevance order) or top.IDs (column
// order) the best hit of each story of the requested page.
func (s *Searcher) collapseStories(ctx context.Context, req Request, res *bleve.SearchResult, fc *facetCounts, top *topHits,
	newRequest func(skip, size int) (*bleve.SearchRequest, *topHits)) (*storyPage, error) {
	page := &storyPage{}
	if fc != nil {
		page.total = fc.nstories
	}
	skip, need := (req.Page-1)*req.Size, req.Page*req.Size
	window := firstWindow(req)
	for {
		keys, err := s.rankedStories(res, fc, top)
		if err != nil {
			return nil, err
		}
		leads := firstOfEach(keys, need)
		exhausted := len(keys) < window || window >= maxWindow
		if len(leads) >= need || exhausted {
			leads = leads[min(skip, len(leads)):]
			if top != nil {
				ids := make([]string, len(leads))
				for i, l := range leads {
					ids[i] = top.IDs[l]
				}
				top.IDs = ids
			} else {
				hits := res.Hits[:0:0]
				for _, l := range leads {
					hits = append(hits, res.Hits[l])
				}
				res.Hits = hits
			}
			return page, nil
		}
		window = min(4*window, maxWindow)
		br, wider := newRequest(0, window)
		r, f, err := s.searchWithFacets(ctx, br, req, nil, wider, true)
		if err != nil {
			return nil, err
		}
		if top != nil {
			top.IDs = wider.IDs
			top.Stories = wider.Stories
		} else {
			res.Hits = r.Hits
		}
		fc = f
	}
}

// rankedStories returns the story of each ranked hit.
func (s *Searcher) rankedStories(res *bleve.SearchResult, fc *facetCounts, top *topHits) ([]string, error) {
	if top != nil {
		keys := make([]string, len(top.IDs))
		for i, o := range top.Stories {
			keys[i] = s.cols.storyName(o)
			if keys[i] == "" {
				keys[i] = top.IDs[i]
			}
		}
		return keys, nil
	}
	keys := make([]string, len(res.Hits))
	if fc != nil {
		for i, h := range res.Hits {
			if keys[i] = s.cols.storyName(fc.view.storyOf(h.IndexInternalID)); keys[i] == "" {
				keys[i] = h.ID
			}
		}
		return keys, nil
	}
	// No column cache (bleve's own facets): the stories are read from the
	// store.
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	arts, err := s.arts.Articles(ids)
	if err != nil {
		return nil, fmt.Errorf("load articles: %w", err)
	}
	story := make(map[string]string, len(arts))
	for _, a := range arts {
		story[a.ID] = a.StoryID()
	}
	for i, id := range ids {
		if keys[i] = story[id]; keys[i] == "" {
			keys[i] = id
		}
	}
	return keys, nil
}

// firstOfEach returns the index of the first occurrence of each key, up to
// n of them.
func firstOfEach(keys []string, n int) []int {
	seen := make(map[string]bool, min(n, len(keys)))
	var out []int
	for i, k := range keys {
		if len(out) == n {
			break
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, i)
		}
	}
	return out
}

// alsoReported lists under each hit the other articles of its story.
func (s *Searcher) alsoReported(ctx context.Context, hits []Hit) error {
	if len(hits) == 0 {
		return nil
	}
	qs := make([]query.Query, 0, len(hits))
	for _, h := range hits {
		t := query.NewTermQuery(h.Story)
		t.SetField(index.FieldStory)
		qs = append(qs, t)
	}
	limit := len(hits) * (maxReports + 1)
	br := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(qs), limit, 0, false)
	br.SortBy([]string{index.FieldPublished, "_id"})
	res, err := s.idx.SearchInContext(ctx, br)
	if err != nil {
		return err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	arts, err := s.arts.Articles(ids)
	if err != nil {
		return fmt.Errorf("load articles: %w", err)
	}
	byStory := map[string][]Report{}
	for _, a := range arts {
		byStory[a.StoryID()] = append(byStory[a.StoryID()], Report{ID: a.ID, Title: a.Title, URL: a.URL,
			Source: a.Source, Lang: a.Lang, Published: a.Published})
	}
	for i := range hits {
		for _, r := range byStory[hits[i].Story] {
			if r.ID != hits[i].ID && len(hits[i].AlsoReported) < maxReports {
				hits[i].AlsoReported = append(hits[i].AlsoReported, r)
			}
		}
	}
	return nil
}
