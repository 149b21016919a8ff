package search

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	index_api "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"vigie/indexer/index"
)

// Fast facets. bleve computes facets by decoding every hit's doc values
// (snappy blocks, map increments): 15-60x the cost of the same query
// without facets. Scorch segments are immutable, so Vigie decodes each
// segment's facet fields once into dense in-memory columns (keyword values
// as small ordinals, amounts as float64) and counts hits from them inside
// bleve's own collector, through the exported document-match-handler hook.
// Scoring, sorting and stored fields stay bleve's. Columns of segments that
// merges removed are dropped on the next use. A test compares every facet
// with bleve's own on many queries, before and after updates and merges.

// keywordFacetFields are the keyword fields counted from columns, in column
// order; amountField is the one numeric field.
var keywordFacetFields = []string{index.FieldCompany, index.FieldAgency, index.FieldLang, index.FieldSource, index.FieldMonth}

const amountField = index.FieldAmountUSD

// publishedField is kept as a column for date and amount sorting.
const publishedField = index.FieldPublished

// storyField is kept as a column to collapse hits by story and count the
// stories that match.
const storyField = index.FieldStory

// noDate marks a document without a publication date in the column.
const noDate = math.MinInt64

// collectorHandler is bleve's own top-N hit handler, which ours wraps.
var collectorHandler = collector.MakeTopNDocumentMatchHandler

var errNotScorch = errors.New("search: fast facets need a scorch index snapshot")

// valueDict gives each keyword value a global ordinal (from 1), shared by
// all segments so counts can be summed in one array per field.
type valueDict struct {
	ord  map[string]uint32
	vals []string // vals[0] is unused
}

func newValueDict() *valueDict { return &valueDict{ord: map[string]uint32{}, vals: []string{""}} }

// add returns the ordinal of term, giving it one if it has none.
func (d *valueDict) add(term []byte) uint32 {
	o, ok := d.ord[string(term)]
	if !ok {
		o = uint32(len(d.vals))
		d.vals = append(d.vals, string(term))
		d.ord[string(term)] = o
	}
	return o
}

// segColumns are one segment's facet values, per local document number.
type segColumns struct {
	// CSR per keyword field: the values of doc d are
	// vals[f][off[f][d]:off[f][d+1]].
	off       [][]uint32
	vals      [][]uint32
	amount    []float64 // NaN when the document has no amount
	published []int64   // Unix nanoseconds; noDate when absent
	story     []uint32  // story ordinal (0: none, an index without stories)
}

// columnCache holds the columns of every live segment, keyed by segment id.
type columnCache struct {
	mu      sync.Mutex
	dicts   []*valueDict
	stories *valueDict
	segs    map[uint64]*segColumns
}

func newColumnCache() *columnCache {
	c := &columnCache{segs: map[uint64]*segColumns{}, stories: newValueDict()}
	for range keywordFacetFields {
		c.dicts = append(c.dicts, newValueDict())
	}
	return c
}

// snapshotView is what one search counts with: the columns of each segment
// of the snapshot it searches, and their global document offsets.
type snapshotView struct {
	offsets []uint64
	cols    []*segColumns
	nvals   []int // dictionary sizes when the view was taken
	nstory  int   // story dictionary size when the view was taken
}

// view returns the columns of snap's segments, building missing ones and
// dropping those of segments no longer present.
func (c *columnCache) view(snap *scorch.IndexSnapshot) (*snapshotView, error) {
	segs := snap.Segments()
	v := &snapshotView{offsets: make([]uint64, len(segs)), cols: make([]*segColumns, len(segs))}
	c.mu.Lock()
	defer c.mu.Unlock()
	live := make(map[uint64]bool, len(segs))
	var off uint64
	for i, ss := range segs {
		v.offsets[i] = off
		off += ss.Segment().Count()
		live[ss.Id()] = true
		cols, ok := c.segs[ss.Id()]
		if !ok || len(cols.amount) != int(ss.Segment().Count()) {
			var err error
			if cols, err = c.build(ss.Segment()); err != nil {
				return nil, err
			}
			c.segs[ss.Id()] = cols
		}
		v.cols[i] = cols
	}
	for id := range c.segs {
		if !live[id] {
			delete(c.segs, id)
		}
	}
	v.nstory = len(c.stories.vals)
	v.nvals = make([]int, len(c.dicts))
	for i, d := range c.dicts {
		v.nvals[i] = len(d.vals)
	}
	return v, nil
}

// build decodes one segment's facet doc values into columns. Called with
// c.mu held (it extends the shared dictionaries).
func (c *columnCache) build(seg segment.Segment) (*segColumns, error) {
	n := int(seg.Count())
	cols := &segColumns{
		off:       make([][]uint32, len(keywordFacetFields)),
		vals:      make([][]uint32, len(keywordFacetFields)),
		amount:    make([]float64, n),
		published: make([]int64, n),
		story:     make([]uint32, n),
	}
	for f := range keywordFacetFields {
		cols.off[f] = make([]uint32, n+1)
		cols.vals[f] = make([]uint32, 0, n)
	}
	dv, ok := seg.(segment.DocValueVisitable)
	if !ok {
		return nil, errNotScorch
	}
	// Visit only fields this segment has doc values for: zapx panics on
	// the others (an index built with a leaner mapping, e.g. the alert
	// matcher's, simply leaves those columns empty).
	have, err := dv.VisitableDocValueFields()
	if err != nil {
		return nil, err
	}
	var fields []string
	for _, f := range append(append([]string{}, keywordFacetFields...), amountField, publishedField, storyField) {
		if slices.Contains(have, f) {
			fields = append(fields, f)
		}
	}
	fieldIdx := make(map[string]int, len(keywordFacetFields))
	for i, f := range keywordFacetFields {
		fieldIdx[f] = i
	}
	var state segment.DocVisitState
	for d := 0; d < n; d++ {
		cols.amount[d] = math.NaN()
		cols.published[d] = noDate
		if len(fields) == 0 {
			continue
		}
		state, err = dv.VisitDocValues(uint64(d), fields, func(field string, term []byte) {
			if field == amountField || field == publishedField {
				pc := numeric.PrefixCoded(term)
				if shift, err := pc.Shift(); err == nil && shift == 0 {
					if i, err := pc.Int64(); err == nil {
						if field == amountField {
							cols.amount[d] = numeric.Int64ToFloat64(i)
						} else {
							cols.published[d] = i
						}
					}
				}
				return
			}
			if field == storyField {
				cols.story[d] = c.stories.add(term)
				return
			}
			f, ok := fieldIdx[field]
			if !ok {
				return
			}
			cols.vals[f] = append(cols.vals[f], c.dicts[f].add(term))
		}, state)
		if err != nil {
			return nil, err
		}
		for f := range keywordFacetFields {
			cols.off[f][d+1] = uint32(len(cols.vals[f]))
		}
	}
	return cols, nil
}

// facetCounts accumulates one search's counts, and the best hits by a
// column sort when one is asked for.
type facetCounts struct {
	view    *snapshotView
	terms   [][]int // per keyword field, by ordinal
	present []int   // per keyword field: hits with at least one value
	amount  []int   // per AmountBuckets entry
	hits    int
	noCount bool // sorting only: the request wants no facets
	top     *topHits
	seg     int // segment of the last counted hit
	// stories, when set, marks the story ordinals of the hits; nstories
	// counts them.
	stories  []uint64
	nstories int
}

func newFacetCounts(v *snapshotView) *facetCounts {
	fc := &facetCounts{view: v, terms: make([][]int, len(v.nvals)), present: make([]int, len(v.nvals)),
		amount: make([]int, len(AmountBuckets))}
	for i, n := range v.nvals {
		fc.terms[i] = make([]int, n)
	}
	return fc
}

func (fc *facetCounts) count(id index_api.IndexInternalID) {
	if len(id) != 8 {
		return
	}
	doc := binary.BigEndian.Uint64(id)
	offs := fc.view.offsets
	// Hits arrive in increasing document order, so the segment of the
	// previous hit is nearly always the right one.
	s := fc.seg
	if s >= len(offs) || offs[s] > doc || (s+1 < len(offs) && offs[s+1] <= doc) {
		s = sort.Search(len(offs), func(i int) bool { return offs[i] > doc }) - 1
		if s < 0 {
			return
		}
		fc.seg = s
	}
	cols := fc.view.cols[s]
	local := int(doc - offs[s])
	if local >= len(cols.amount) {
		return
	}
	if fc.top != nil {
		fc.top.offer(doc, cols.published[local], cols.amount[local], cols.story[local])
	}
	if fc.stories != nil {
		if o := cols.story[local]; int(o>>6) < len(fc.stories) && fc.stories[o>>6]&(1<<(o&63)) == 0 {
			fc.stories[o>>6] |= 1 << (o & 63)
			fc.nstories++
		}
	}
	if fc.noCount {
		return
	}
	fc.hits++
	for f := range fc.terms {
		vals := cols.vals[f][cols.off[f][local]:cols.off[f][local+1]]
		if len(vals) > 0 {
			fc.present[f]++
		}
		for _, o := range vals {
			if int(o) < len(fc.terms[f]) {
				fc.terms[f][o]++
			}
		}
	}
	if a := cols.amount[local]; !math.IsNaN(a) {
		for i, b := range AmountBuckets {
			if a >= b.Min && (b.Max == 0 || a < b.Max) {
				fc.amount[i]++
			}
		}
	}
}

// handlerMaker wraps bleve's top-N handler so each hit is counted first.
// With a column sort (top != nil) it also keeps the best hits and, when
// bleve signals the end of collection, names them while the index reader
// is still open.
func (c *columnCache) handlerMaker(out **facetCounts, top *topHits, noCount, countStories bool) bsearch.MakeDocumentMatchHandler {
	return func(sctx *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
		next, loadID, err := collectorHandler(sctx)
		if err != nil {
			return nil, false, err
		}
		snap, ok := sctx.IndexReader.(*scorch.IndexSnapshot)
		if !ok {
			return nil, false, errNotScorch
		}
		v, err := c.view(snap)
		if err != nil {
			return nil, false, err
		}
		fc := newFacetCounts(v)
		fc.top, fc.noCount = top, noCount
		if countStories {
			fc.stories = make([]uint64, (v.nstory+63)/64)
		}
		*out = fc
		reader := sctx.IndexReader
		return func(d *bsearch.DocumentMatch) error {
			if d != nil {
				fc.count(d.IndexInternalID)
			} else if top != nil {
				if err := top.resolve(reader); err != nil {
					return err
				}
			}
			return next(d)
		}, loadID, nil
	}
}

// result turns the counts of one facet into bleve's FacetResult, ordered
// like bleve's (count descending, then value) and trimmed to size.
func (c *columnCache) result(fc *facetCounts, field string, size int) *bsearch.FacetResult {
	fr := &bsearch.FacetResult{Field: field}
	if field == amountField {
		for i, b := range AmountBuckets {
			min := b.Min
			r := &bsearch.NumericRangeFacet{Name: b.Label, Min: &min, Count: fc.amount[i]}
			if b.Max > 0 {
				max := b.Max
				r.Max = &max
			}
			fr.Total += fc.amount[i]
			if fc.amount[i] > 0 {
				fr.NumericRanges = append(fr.NumericRanges, r)
			}
		}
		return fr
	}
	f := -1
	for i, name := range keywordFacetFields {
		if name == field {
			f = i
		}
	}
	if f < 0 {
		return fr
	}
	c.mu.Lock()
	vals := c.dicts[f].vals[:len(fc.terms[f])]
	c.mu.Unlock()
	tf := &bsearch.TermFacets{}
	total := 0
	for o, n := range fc.terms[f] {
		if n > 0 {
			tf.Add(&bsearch.TermFacet{Term: vals[o], Count: n})
			total += n
		}
	}
	sort.Sort(tf)
	kept := 0
	if tf.Len() > size {
		tf.TrimToTopN(size)
	}
	for _, t := range tf.Terms() {
		kept += t.Count
	}
	fr.Terms = tf
	fr.Total = total
	fr.Missing = fc.hits - fc.present[f]
	fr.Other = total - kept
	return fr
}

// warm builds the columns of the index's current segments, so the first
// search after a batch or a merge does not pay for it.
func (c *columnCache) warm(idx interface {
	Advanced() (index_api.Index, error)
}) error {
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return errNotScorch
	}
	_, err = c.view(snap)
	return err
}

// topHits selects the first `limit` hits in date or amount order from the
// columns, so bleve never has to decode each hit's sort doc values (the
// dominant cost of date-sorted and match-all searches). Order: the key
// descending, then the publication date descending, then the newest
// document first. Documents without the key sort last, as in bleve.
type topHits struct {
	byAmount bool
	limit    int
	skip     int
	heap     []topEntry // min-heap: the worst kept entry at [0]
	// IDs are the external ids of entries [skip:limit], best first, set by
	// resolve; Stories their story ordinals.
	IDs     []string
	Stories []uint32
}

type topEntry struct {
	doc       uint64
	published int64
	amount    float64
	story     uint32
}

func newTopHits(byAmount bool, skip, size int) *topHits {
	return &topHits{byAmount: byAmount, limit: skip + size, skip: skip}
}

// better reports whether a sorts before b.
func (t *topHits) better(a, b topEntry) bool {
	if t.byAmount {
		an, bn := math.IsNaN(a.amount), math.IsNaN(b.amount)
		switch {
		case an != bn:
			return bn
		case !an && a.amount != b.amount:
			return a.amount > b.amount
		}
	}
	if a.published != b.published {
		return a.published > b.published
	}
	return a.doc > b.doc
}

func (t *topHits) offer(doc uint64, published int64, amount float64, story uint32) {
	if t.limit <= 0 {
		return
	}
	e := topEntry{doc: doc, published: published, amount: amount, story: story}
	if len(t.heap) < t.limit {
		t.heap = append(t.heap, e)
		t.up(len(t.heap) - 1)
		return
	}
	if !t.better(e, t.heap[0]) {
		return
	}
	t.heap[0] = e
	t.down(0)
}

func (t *topHits) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !t.better(t.heap[p], t.heap[i]) {
			return
		}
		t.heap[p], t.heap[i] = t.heap[i], t.heap[p]
		i = p
	}
}

func (t *topHits) down(i int) {
	n := len(t.heap)
	for {
		worst := i
		for _, c := range []int{2*i + 1, 2*i + 2} {
			if c < n && t.better(t.heap[worst], t.heap[c]) {
				worst = c
			}
		}
		if worst == i {
			return
		}
		t.heap[i], t.heap[worst] = t.heap[worst], t.heap[i]
		i = worst
	}
}

// resolve orders the kept hits and names those of the requested page.
func (t *topHits) resolve(r index_api.IndexReader) error {
	sort.Slice(t.heap, func(i, j int) bool { return t.better(t.heap[i], t.heap[j]) })
	t.IDs, t.Stories = t.IDs[:0], t.Stories[:0]
	for i := t.skip; i < len(t.heap); i++ {
		t.Stories = append(t.Stories, t.heap[i].story)
		var id [8]byte
		binary.BigEndian.PutUint64(id[:], t.heap[i].doc)
		ext, err := r.ExternalID(id[:])
		if err != nil {
			return err
		}
		t.IDs = append(t.IDs, ext)
	}
	return nil
}

// storyOf returns the story ordinal of an internal document id in view v
// (0 when unknown).
func (v *snapshotView) storyOf(id index_api.IndexInternalID) uint32 {
	if len(id) != 8 {
		return 0
	}
	doc := binary.BigEndian.Uint64(id)
	s := sort.Search(len(v.offsets), func(i int) bool { return v.offsets[i] > doc }) - 1
	if s < 0 {
		return 0
	}
	local := int(doc - v.offsets[s])
	if local >= len(v.cols[s].story) {
		return 0
	}
	return v.cols[s].story[local]
}

// storyName returns the story ID of an ordinal.
func (c *columnCache) storyName(o uint32) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if int(o) >= len(c.stories.vals) {
		return ""
	}
	return c.stories.vals[o]
}
